"""What in the enterprises app refers to a person: the enterprise they own (or whose
dossier they hold), its owners, steps, obligations and life events, their mentor, the
accompaniment sessions and visits, and their own declarations of jobs and turnover."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rowad.core.privacy import ANONYMISE, KEEP, Declaration, register

REGISTER = _(
    "An enterprise created with public aid is a registered legal person: its name, legal "
    "form, identifiers, owners and life events are public register facts the agency must "
    "keep to account for the programme (survival and jobs figures)."
)
FOLLOW_UP = _(
    "The accompaniment of an aided enterprise (sessions, visits, jobs observed) is kept "
    "for the programme's accountability; the person's names and numbers are removed from "
    "its free texts."
)

register(
    Declaration(
        "enterprises.Enterprise",
        KEEP,
        person="dossier__holders",
        export=(
            "reference",
            "legal_form",
            "name_ar",
            "name_latin",
            "activity",
            "province",
            "address",
            "created_on",
            "status",
            "trade_register",
            "tax_id",
            "statistical_id",
            "ice",
            "odco_number",
        ),
        reason=REGISTER,
    ),
    Declaration(
        "enterprises.EnterpriseMember",
        KEEP,
        person="person",
        export=("enterprise", "role", "share", "joined_on", "left_on"),
        reason=REGISTER,
    ),
    Declaration(
        "enterprises.CreationStep",
        KEEP,
        person="enterprise__dossier__holders",
        export=("enterprise", "code", "due_on", "done_on", "reference"),
        reason=REGISTER,
    ),
    Declaration(
        "enterprises.Obligation",
        KEEP,
        person="enterprise__dossier__holders",
        export=("enterprise", "kind", "label", "due_on", "done_on"),
        reason=REGISTER,
    ),
    Declaration(
        "enterprises.LifeEvent",
        ANONYMISE,
        person="enterprise__dossier__holders",
        export=("enterprise", "kind", "occurred_on", "reason", "note"),
        scrub=("note",),
        reason=REGISTER,
    ),
    Declaration(
        "enterprises.MentorAssignment",
        KEEP,
        person="dossier__holders",
        export=("dossier", "mentor", "started_on", "ended_on"),
        reason=FOLLOW_UP,
    ),
    Declaration(
        "enterprises.AccompanimentSession",
        ANONYMISE,
        person="dossier__holders",
        export=("dossier", "phase", "held_on", "topic", "notes", "next_steps", "next_session_on"),
        scrub=("notes", "next_steps"),
        reason=FOLLOW_UP,
    ),
    Declaration(
        "enterprises.Visit",
        ANONYMISE,
        person="enterprise__dossier__holders",
        export=("enterprise", "visited_on", "operating", "difficulties", "needs", "notes"),
        scrub=("notes",),
        reason=FOLLOW_UP,
    ),
    Declaration(
        "enterprises.JobsDeclaration",
        KEEP,
        person="enterprise__dossier__holders",
        export=("enterprise", "declared_on", "permanent_men", "permanent_women", "turnover_band"),
        reason=FOLLOW_UP,
    ),
)
