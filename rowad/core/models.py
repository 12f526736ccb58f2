"""Shared models: geography, target categories and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import chain
from .enums import CountryCode, ProvinceKind


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class MultilingualNameModel(models.Model):
    """A name in Arabic, French and English; `name` picks the active language."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (translation.get_language() or "ar")[:2]
        preferred = {"ar": self.name_ar, "fr": self.name_fr, "en": self.name_en}.get(language)
        return preferred or self.name_fr or self.name_ar or self.name_en


class Country(MultilingualNameModel):
    code = models.CharField(_("code"), max_length=2, primary_key=True, choices=CountryCode.choices)
    phone_prefix = models.CharField(_("phone prefix"), max_length=5)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]


class Region(MultilingualNameModel):
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="regions")
    code = models.CharField(_("code"), max_length=10)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country", "code"]
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="region_unique_code")]


class Province(MultilingualNameModel):
    """An Algerian wilaya or a Moroccan prefecture/province.

    Wilayas created later (2019, law 26-06) keep a link to their mother wilaya, so a
    record registered before the split keeps the province it had.
    """

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="provinces")
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="provinces"
    )
    code = models.CharField(_("official code"), max_length=10)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=10, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ProvinceKind.choices)
    created_year = models.PositiveSmallIntegerField(_("created in"), null=True, blank=True)
    mother = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("mother"),
    )

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["country", "code"]
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="province_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}" if self.country_id == CountryCode.ALGERIA else self.name


class TargetCategory(MultilingualNameModel):
    """A group a programme targets: child of a former resistance member, member of the
    micro-credit beneficiaries' association, person with a disability…"""

    code = models.SlugField(_("code"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("target category")
        verbose_name_plural = _("target categories")
        ordering = ["code"]


class AuditChainHead(models.Model):
    """The last link of the audit chain (one row, pk 1): locked by every append so the
    chain stays linear, and compared with the last entry so a removed tail shows."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")


class AuditEntryQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Chain the entries before inserting them (one lock for the whole batch)."""
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            head = chain.locked_head(AuditChainHead, self.model, self.db)
            chain.seal(objs, head=head)
            created = super().bulk_create(objs, *args, **kwargs)
            head.save(using=self.db, update_fields=["seq", "hash"])
        return created


class AuditEntry(models.Model):
    """One business action (zulip-style), written in the same transaction as the change.

    Field-level old -> new values live in the history tables (django-simple-history);
    this log says which action happened, by whom, on what, with its context.

    Append-only: database triggers refuse UPDATE and DELETE, and each entry is chained to
    the previous one by `hash` (`rowad.core.chain`; `manage.py verify_audit_chain`).
    `data` holds identifiers, codes, dates and amounts, never a person's names or free
    texts (those go to `AuditText`, which a person's erasure scrubs).
    """

    seq = models.PositiveBigIntegerField(_("number in the chain"), unique=True, editable=False)
    hash = models.CharField(_("chain hash"), max_length=64, default="", editable=False)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    # PROTECT: an account that acted is deactivated, never deleted (the entry cannot change).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            return super().save(*args, **kwargs)  # refused by the database
        using = kwargs.get("using") or "default"
        with transaction.atomic(using=using, savepoint=False):
            head = chain.locked_head(AuditChainHead, AuditEntry, using)
            chain.seal([self], head=head)
            super().save(*args, **kwargs)
            head.save(using=using, update_fields=["seq", "hash"])

    @property
    def details(self) -> dict:
        """`data` with the free texts written beside the entry (`AuditText`)."""
        try:
            texts = self.text.texts
        except AuditText.DoesNotExist:
            texts = {}
        return {**self.data, **texts}


class AuditText(models.Model):
    """The free texts of an audit entry (a note, a reason, a comment), kept beside the
    chained entry because they may name a person: a person's erasure scrubs them, the
    entry itself never changes. Not covered by the chain's hash."""

    entry = models.OneToOneField(AuditEntry, on_delete=models.PROTECT, primary_key=True, related_name="text")
    texts = models.JSONField(_("texts"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry text")
        verbose_name_plural = _("audit entry texts")
