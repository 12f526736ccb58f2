"""The QR self check-in: the trainee shows a signed token from the portal, the trainer's
phone scans it. The token names the enrolment and its cohort, signed with the project's
key (it cannot be made up nor moved to another cohort)."""

from __future__ import annotations

from django.core import signing
from django.utils.translation import gettext_lazy as _

from rowad.core.errors import DomainError

from .enums import ErrorCode

SALT = "rowad.training.checkin"


def checkin_token(enrolment) -> str:
    return signing.dumps({"e": enrolment.pk, "c": enrolment.cohort_id}, salt=SALT)


def read_checkin_token(token: str) -> int:
    """The enrolment id a token names; a DomainError when it was not signed here."""
    try:
        data = signing.loads((token or "").strip(), salt=SALT)
        return int(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise DomainError(
            _("This check-in code is not valid: show the QR code of your space again."),
            code=ErrorCode.CHECKIN_INVALID,
        ) from exc
