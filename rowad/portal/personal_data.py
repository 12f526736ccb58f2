"""What in the portal refers to a person: their log-in (account and user), their
one-time codes and failed log-in records, and their erasure requests."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from rowad.core.privacy import ANONYMISE, DELETE, Declaration, register

from .models import HolderAccount, OneTimeCode


def contacts_of(person) -> set[str]:
    """Every phone and email the person used: registry record, portal account, user."""
    values = {person.phone, person.phone_alt, person.email.lower() if person.email else ""}
    if person.user_id:
        for account in HolderAccount.objects.filter(user_id=person.user_id):
            values |= {account.phone, account.email}
        user = apps.get_model("accounts", "User").objects.filter(pk=person.user_id).first()
        if user is not None:
            values |= {user.phone, user.email}
    return {v for v in values if v}


def _close_login(rows, person, needles) -> None:
    """The holder's log-in goes too: contacts blanked, user deactivated (its sessions and
    tokens end), so nobody can sign in as the erased person."""
    rows.update(phone="", email="", consents=[], phone_verified_at=None, email_verified_at=None)
    if person.user_id:
        apps.get_model("accounts", "User").objects.filter(pk=person.user_id).update(
            is_active=False, phone="", email="", first_name="", last_name=""
        )
        apps.get_model("accounts", "ApiToken").objects.filter(user_id=person.user_id).delete()


def _axes_rows(model_name):
    def rows(person, found):
        model = apps.get_model("axes", model_name)
        return model.objects.filter(username__in=contacts_of(person))

    return rows


register(
    Declaration(
        "portal.HolderAccount",
        ANONYMISE,
        rows=lambda person, found: HolderAccount.objects.filter(user_id=person.user_id or 0),
        export=("phone", "email", "country", "consents", "created_at"),
        erase_with=_close_login,
    ),
    Declaration(
        "portal.OneTimeCode",
        DELETE,
        rows=lambda person, found: OneTimeCode.objects.filter(destination__in=contacts_of(person)),
        note=_("Log-in codes (not exported: only a hash of each code is stored)."),
    ),
    Declaration(
        "portal.ErasureRequest",
        ANONYMISE,
        person="person",
        export=("created_at", "reason", "status", "handled_at", "note"),
        scrub=("reason", "note"),
        reason=_("The request and how it was handled stay, as proof that it was answered."),
    ),
    *(
        Declaration(
            f"axes.{name}",
            DELETE,
            rows=_axes_rows(name),
            note=_("Records of failed log-ins under the person's phone or email (security)."),
        )
        for name in ("AccessAttempt", "AccessLog", "AccessFailureLog")
    ),
    Declaration(
        "axes.AccessAttemptExpiration",
        DELETE,
        rows=lambda person, found: apps.get_model("axes", "AccessAttemptExpiration").objects.filter(
            access_attempt__username__in=contacts_of(person)
        ),
        note=_("Records of failed log-ins under the person's phone or email (security)."),
        order=40,
    ),
)
