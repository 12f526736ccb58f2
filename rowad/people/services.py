"""Every write to the people registry: validate, lock, save, keys, history, audit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import update_change_reason

from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version
from rowad.core.errors import DomainError
from rowad.core.text import name_keys, normalize_text
from rowad.core.validators import normalize_phone, validate_national_id

from .enums import ErrorCode
from .models import ConsentRecord, ConsentSource, Person, PersonErasure, PersonNameKey

PERSON_FIELDS = (
    "given_name_ar",
    "family_name_ar",
    "given_name_latin",
    "family_name_latin",
    "country",
    "national_id",
    "birth_date",
    "sex",
    "phone",
    "phone_alt",
    "email",
    "province",
    "address",
    "education_level",
    "diploma",
    "employment_status",
    "first_met",
    "organization",
    "preferred_language",
)


NAME_FIELDS = ("given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin")


class PersonError(DomainError):
    pass


def clean_person_data(
    data: dict[str, Any], *, instance: Person | None = None, today: date | None = None
) -> dict[str, Any]:
    """Normalize IDs and phones and check the cross-field rules. Raises ValidationError
    keyed by field. Messages stay lazy (translated when shown), so a bulk import can store
    them untranslated and show each reader their own language. `today` lets a bulk caller read the clock once."""
    cleaned = dict(data)
    country = cleaned.get("country") or (instance.country if instance else "")
    errors: dict[str, list[Any]] = {}
    # Partial updates: cross-field rules look at the stored value of fields not sent.
    current = {f: getattr(instance, f) for f in PERSON_FIELDS} if instance else {}
    current.update(cleaned)
    if not any(current.get(f) for f in NAME_FIELDS):
        errors.setdefault("given_name_ar", []).append(
            gettext_lazy("Give at least one name, in Arabic or Latin script.")
        )
    if cleaned.get("national_id"):
        try:
            cleaned["national_id"] = validate_national_id(cleaned["national_id"], country)
        except ValidationError as exc:
            errors.setdefault("national_id", []).extend(exc.error_list)
    for field in ("phone", "phone_alt"):
        if cleaned.get(field):
            try:
                cleaned[field] = normalize_phone(cleaned[field], country)
            except ValidationError as exc:
                errors.setdefault(field, []).extend(exc.error_list)
    province = current.get("province")
    if province is not None and country and province.country_id != country:
        errors.setdefault("province", []).append(
            gettext_lazy("This province is not in the selected country.")
        )
    birth_date = cleaned.get("birth_date")
    if birth_date and (birth_date > (today or timezone.localdate()) or birth_date < date(1900, 1, 1)):
        errors.setdefault("birth_date", []).append(gettext_lazy("This birth date is not plausible."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def ensure_national_id_free(country: str, national_id: str, *, exclude_pk: int | None = None) -> None:
    if not national_id:
        return
    clash = Person.objects.filter(country=country, national_id=national_id)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        # Say that the ID is taken, never whose it is: the other person may be out of scope.
        raise ValidationError(
            {
                "national_id": [
                    _("A person with this national ID is already registered. Search for them instead.")
                ]
            }
        )


def refresh_search_fields(person: Person) -> None:
    """Recompute sort name and cross-script name keys (inside the caller's transaction)."""
    names = (person.given_name_ar, person.family_name_ar, person.given_name_latin, person.family_name_latin)
    sort_name = normalize_text(" ".join(filter(None, (person.family_name_latin, person.given_name_latin))))
    sort_name = sort_name or normalize_text(
        " ".join(filter(None, (person.family_name_ar, person.given_name_ar)))
    )
    if sort_name != person.sort_name:
        Person.objects.filter(pk=person.pk).update(sort_name=sort_name[:250])
        person.sort_name = sort_name[:250]
    keys = {k[:60] for k in name_keys(*names)}
    PersonNameKey.objects.filter(person=person).exclude(key__in=keys).delete()
    existing = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
    PersonNameKey.objects.bulk_create([PersonNameKey(person=person, key=k) for k in keys - existing])


def create_person(
    *,
    data: dict[str, Any],
    actor: Any,
    target_categories: Iterable[Any] = (),
    consents: Iterable[str] = (),
    reason: str = "",
    consent_source: str = "",
) -> Person:
    cleaned = clean_person_data(data)
    with transaction.atomic():
        ensure_national_id_free(cleaned["country"], cleaned.get("national_id", ""))
        person = Person(**{k: v for k, v in cleaned.items() if k in PERSON_FIELDS})
        person._history_user = acting_user(actor)
        person.save()
        if target_categories:
            person.target_categories.set(target_categories)
        refresh_search_fields(person)
        for purpose in consents:
            record_consent(
                person, purpose=purpose, actor=actor, method=reason or "form", source=consent_source
            )
        record_action("people.person.created", person, actor=actor, reason=reason)
    return person


def update_person(
    person: Person,
    *,
    data: dict[str, Any],
    actor: Any,
    version: str | None = None,
    target_categories: Iterable[Any] | None = None,
) -> Person:
    """Save changed fields. `version` is the `updated_at` the editor loaded: if someone
    saved in between, nothing is written and ConflictError says so."""
    cleaned = clean_person_data(data, instance=person)
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        check_version(
            locked.updated_at,
            version,
            _("Someone else changed this person while you were editing. Review their changes and try again."),
        )
        country = cleaned.get("country", locked.country)
        ensure_national_id_free(country, cleaned.get("national_id", locked.national_id), exclude_pk=locked.pk)
        changed = [f for f in PERSON_FIELDS if f in cleaned and getattr(locked, f) != cleaned[f]]
        for field in changed:
            setattr(locked, field, cleaned[field])
        locked._history_user = acting_user(actor)
        if changed:
            locked.save()
        if target_categories is not None:
            before = set(locked.target_categories.values_list("pk", flat=True))
            after = {c.pk for c in target_categories}
            if before != after:
                locked.target_categories.set(target_categories)
                changed.append("target_categories")
        refresh_search_fields(locked)
        if changed:
            record_action("people.person.updated", locked, actor=actor, fields=changed)
            announce_people_changed([locked.pk])
    return locked


def announce_people_changed(person_ids: Iterable[int]) -> None:
    """Let the areas that derive data from a person's record (a dossier's eligibility reads
    the holder's age, education, employment and categories) recompute it, inside the same
    transaction. The handlers are listed in settings.ROWAD_PERSON_CHANGE_HANDLERS, so
    people/ never imports the apps built on top of it."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    ids = list(person_ids)
    for path in getattr(settings, "ROWAD_PERSON_CHANGE_HANDLERS", ()):
        import_string(path)(ids)


def record_consent(
    person: Person,
    *,
    purpose: str,
    actor: Any,
    given: bool = True,
    method: str = "",
    channel: str = "",
    source: str = "",
    partner: Any = None,
    notice_version: str | None = None,
) -> ConsentRecord:
    """Record a consent given or withdrawn: always a new record (the history is kept; the
    newest record that applies decides, people.queries). `channel` narrows a contact
    consent to one channel ("sms", "email"); empty covers them all. `source`: where it was
    collected (ConsentSource). `partner`: for sharing, the one organization it is about
    (empty: every partner). `notice_version`: the notice shown (people.notices; default
    the current one, for a withdrawal none)."""
    from .notices import current_notice, notice_for

    if purpose not in ConsentRecord.Purpose.values:
        raise PersonError(_("Unknown consent purpose."), code=ErrorCode.BAD_CONSENT)
    if partner is not None and purpose != ConsentRecord.Purpose.SHARING:
        raise PersonError(
            _("Only a consent to share names a partner organization."), code=ErrorCode.BAD_CONSENT
        )
    if source and source not in ConsentSource.values:
        raise PersonError(_("Unknown collection channel."), code=ErrorCode.BAD_CONSENT)
    if notice_version is None:
        notice_version = current_notice(purpose).version if given else ""
    elif notice_version and notice_for(purpose, notice_version) is None:
        raise PersonError(_("Unknown notice version."), code=ErrorCode.BAD_CONSENT)
    with transaction.atomic():
        consent = ConsentRecord.objects.create(
            person=person,
            purpose=purpose,
            given=given,
            channel=channel,
            recorded_on=timezone.localdate(),
            recorded_by=acting_user(actor),
            method=method[:100],
            notice_version=notice_version,
            source=source,
            partner=partner,
        )
        record_action(
            "people.consent.recorded" if given else "people.consent.withdrawn",
            person,
            actor=actor,
            purpose=purpose,
            given=given,
            channel=channel,
            source=source,
            partner=getattr(partner, "pk", partner),
            notice_version=notice_version,
        )
    return consent


def withdraw_consent(
    person: Person,
    *,
    purpose: str,
    actor: Any,
    source: str = "",
    partner: Any = None,
    channel: str = "",
    method: str = "",
) -> ConsentRecord:
    """Withdraw a consent: a new record given=False, which takes effect at once everywhere
    the consent is read — the next message is not sent (messaging checks at send time,
    queued messages included), a partner stops seeing the person (queries.sharing_withdrawn)."""
    return record_consent(
        person,
        purpose=purpose,
        actor=actor,
        given=False,
        source=source,
        partner=partner,
        channel=channel,
        method=method,
    )


def export_person_data(person: Person) -> dict[str, Any]:
    """Everything the platform holds about a person (right of access): every declared
    model's rows (rowad.core.privacy), labelled in the person's language."""
    from rowad.core import privacy

    return privacy.export(person)


ERASED_FIELDS = {
    "given_name_ar": "",
    "family_name_ar": "",
    "given_name_latin": "",
    "family_name_latin": "",
    "national_id": "",
    "birth_date": None,
    "phone": "",
    "phone_alt": "",
    "email": "",
    "address": "",
    "diploma": "",
    "first_met": "",
}


def anonymise_person_row(person: Person) -> None:
    """Blank the personal fields of `person` (locked by the caller) and purge their past
    values from its history; the record stays, anonymous, so figures remain exact."""
    for field, empty in ERASED_FIELDS.items():
        setattr(person, field, empty)
    person.erased_at = timezone.now()
    person.sort_name = ""
    person.save()
    latest = person.history.first()
    person.history.exclude(pk=latest.pk).delete()
    update_change_reason(person, "erased")
    PersonNameKey.objects.filter(person=person).delete()


# What an erasure may be asked to keep on the anonymous row (retention keeps the birth
# date: the figures compute each step's age band from it; rowad/protection, docs/protection.md).
KEEPABLE_FIELDS = frozenset({"birth_date"})


def erase_person(person: Person, *, actor: Any, reason: str, keep: Iterable[str] = ()) -> Person:
    """Right to erasure, in one transaction: every declaration of what refers to a person
    (rowad.core.privacy) deletes, anonymises or keeps its rows; uploaded files go after
    commit. The erasure record lists what was done and what was kept, and why. `keep`
    names fields of KEEPABLE_FIELDS left on the anonymous row (and its last history row)."""
    from rowad.core import privacy

    keep = tuple(keep)
    if set(keep) - KEEPABLE_FIELDS:
        raise ValueError(f"erase_person cannot keep {sorted(set(keep) - KEEPABLE_FIELDS)}")
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.erased_at:
            raise PersonError(_("This person's data was already erased."), code=ErrorCode.ALREADY_ERASED)
        kept_values = {name: getattr(locked, name) for name in keep}
        locked._history_user = acting_user(actor)
        report = privacy.erase(locked)
        if kept_values:
            Person.objects.filter(pk=locked.pk).update(**kept_values)
            Person.history.model.objects.filter(id=locked.pk).update(**kept_values)
        locked.refresh_from_db()
        erasure = PersonErasure.objects.create(
            person=locked,
            erased_by=acting_user(actor),
            reason=reason[:500],
            done=report["done"],
            kept=report["kept"],
        )
        record_action("people.person.erased", locked, actor=actor, erasure=erasure.pk)
    return locked


# --- People written in bulk by another app (imports) and taken back ------------------------

# A person's own records, which go with them (anything else pointing at them is a use).
OWN_RELATIONS = frozenset({"name_keys", "consents"})


def people_in_use(person_ids: Iterable[int], *, also_own: Iterable[str] = ()) -> set[int]:
    """The people among `person_ids` who are used elsewhere (a record of another kind
    points at them), merged, or edited since they were created. `also_own` names further
    relations the caller owns (e.g. the imports' records of where they came from)."""
    ids = list(person_ids)
    own = OWN_RELATIONS | set(also_own)
    used: set[int] = set()
    for relation in Person._meta.related_objects:
        if relation.get_accessor_name() in own:
            continue
        used.update(
            relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": ids}).values_list(
                relation.field.attname, flat=True
            )
        )
    used.update(Person.objects.filter(pk__in=ids).exclude(merged_into=None).values_list("pk", flat=True))
    used.update(
        Person.history.model.objects.filter(id__in=ids)
        .values("id")
        .annotate(n=Count("history_id"))
        .filter(n__gt=1)
        .values_list("id", flat=True)
    )
    return used


def delete_unused_people(person_ids: Iterable[int], *, actor: Any, reason: str) -> int:
    """Delete people nobody uses yet (an import taken back); their history records the
    deletion with `reason`. The caller checks people_in_use first, inside its transaction."""
    people = list(Person.objects.select_for_update().filter(pk__in=list(person_ids)))
    for person in people:
        person._history_user = acting_user(actor)
        person._change_reason = reason[:100]
        person.delete()
    return len(people)
