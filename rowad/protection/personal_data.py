"""What in the protection app refers to a person: their requests about their data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rowad.core.privacy import ANONYMISE, Declaration, register

register(
    Declaration(
        "protection.DataSubjectRequest",
        ANONYMISE,
        person="person",
        export=("kind", "channel", "received_on", "due_on", "details", "status", "answer", "answered_at"),
        scrub=("details", "answer"),
        reason=_(
            "The request stays (kind, dates, status) as proof it was answered in time; the "
            "person's names and numbers are erased from its text."
        ),
    ),
)
