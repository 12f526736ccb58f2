"""What in the outreach app refers to a person: registrations and ideas."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rowad.core.privacy import ANONYMISE, Declaration, register

register(
    Declaration(
        "outreach.Registration",
        ANONYMISE,
        person="person",
        export=(
            "captured_at",
            "stop",
            "event",
            "channel",
            "specialty",
            "idea",
            "consent",
            "residence_province",
        ),
        anonymise={"idea": "", "age": None},
        reason=_(
            "The registration stays counted at its stop or event (sex and age band only), "
            "so that the outreach figures remain exact."
        ),
    ),
    Declaration(
        "outreach.Idea",
        ANONYMISE,
        person="registration__person",
        export=(
            "created_at",
            "summary",
            "specialty",
            "sector",
            "legal_form",
            "outcome",
            "feedback",
            "decided_at",
        ),
        anonymise={"summary": "", "feedback": ""},
        reason=_("The idea's outcome stays counted; its text and the feedback are erased."),
    ),
)
