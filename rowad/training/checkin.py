"""QR self check-in: the trainee's portal shows a QR code holding a signed token (and the
same token in letters, for the trainer to type when the camera fails); the trainer's
scan page reads it and records the trainee present (or late).

A token is `<cohort>-<enrolment>-<signature>`: the signature is the project's
`django.core.signing` HMAC-SHA256 (its own salt) of the two ids, shortened to 12
base-32 letters (60 bits: not guessable, short enough to type). It cannot be forged or
altered, and is valid while the cohort runs (until the day after its end date)."""

from __future__ import annotations

import base64
import datetime
import re

from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from rowad.core.errors import DomainError

from .enums import ErrorCode
from .models import Enrolment

SALT = "rowad.training.checkin"
SIGNATURE_LENGTH = 12
TOKEN = re.compile(rf"^(\d{{1,12}})-(\d{{1,12}})-([A-Z2-7]{{{SIGNATURE_LENGTH}}})$")


def _signature(cohort_id: int, enrolment_id: int, key: str | None = None) -> str:
    signer = signing.Signer(salt=SALT, algorithm="sha256")
    digest = base64.urlsafe_b64decode(signer.signature(f"{cohort_id}:{enrolment_id}", key=key) + "==")
    return base64.b32encode(digest).decode()[:SIGNATURE_LENGTH]


def checkin_token(enrolment: Enrolment) -> str:
    """The text of the trainee's check-in QR code."""
    return f"{enrolment.cohort_id}-{enrolment.pk}-{_signature(enrolment.cohort_id, enrolment.pk)}"


def _forged() -> DomainError:
    return DomainError(
        _("This code is not a Rowad check-in code (it may have been mistyped or altered)."),
        code=ErrorCode.CHECKIN_FORGED,
    )


def read_checkin_token(token: str) -> int:
    """The enrolment id a token stands for; a DomainError when it is forged, altered, or
    its cohort is over (or gone). Spaces for dashes and letter case do not matter (a typed code)."""
    text = re.sub(r"[\s\-]+", "-", str(token or "").strip()).upper()
    match = TOKEN.match(text)
    if match is None:
        raise _forged()
    cohort_id, enrolment_id, signature = int(match[1]), int(match[2]), match[3]
    keys = [None, *signing.Signer(salt=SALT).fallback_keys]
    if not any(constant_time_compare(signature, _signature(cohort_id, enrolment_id, key)) for key in keys):
        raise _forged()
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
