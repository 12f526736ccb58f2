"""QR self check-in: the trainee's portal shows a QR code holding a signed token; the
trainer's scan page reads it and records the trainee present (or late).

The token is signed with the project's secret (`django.core.signing`, its own salt): it
carries the enrolment and its cohort, cannot be forged or altered, and is valid while
the cohort runs (until the day after its end date, whatever the token's age)."""

from __future__ import annotations

import datetime

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rowad.core.errors import DomainError

from .enums import ErrorCode
from .models import Enrolment

SALT = "rowad.training.checkin"


def checkin_token(enrolment: Enrolment) -> str:
    """The text of the trainee's check-in QR code."""
    return signing.dumps({"e": enrolment.pk, "c": enrolment.cohort_id}, salt=SALT, compress=True)


def read_checkin_token(token: str) -> int:
    """The enrolment id a token stands for; a DomainError when it is forged, altered, or
    its cohort is over (or gone)."""
    try:
        data = signing.loads((token or "").strip(), salt=SALT)
        enrolment_id, cohort_id = int(data["e"]), int(data["c"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise DomainError(
            _("This code is not a Rowad check-in code (it may have been altered)."),
            code=ErrorCode.CHECKIN_FORGED,
        ) from None
    ends_on = (
        Enrolment.objects.filter(pk=enrolment_id, cohort_id=cohort_id)
        .values_list("cohort__ends_on", flat=True)
        .first()
    )
    if ends_on is None or timezone.localdate() > ends_on + datetime.timedelta(days=1):
        raise DomainError(
            _("This check-in code has expired: its training session is over."),
            code=ErrorCode.CHECKIN_EXPIRED,
        )
    return enrolment_id
