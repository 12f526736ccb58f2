"""What the training app shows on the pages of apps below it (the dossier page, the
person page). Handed to them in TrainingConfig.ready (rowad.core.sections); each section
is scoped to the reader it is given."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from rowad.dossiers.eligibility import AID_STATES

from .. import queries

# Dossier states from which its holders may be enrolled (approved and after).
APPROVED_STATES = frozenset(AID_STATES)
# The public verification page of a certificate (certificates area).
VERIFY_URL = "training:certificate_verify"


def optional_url(name: str, *args: Any) -> str:
    """The URL, or "" while the page that serves it is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def enrolment_rows(enrolments) -> list[dict[str, Any]]:
    rows = []
    for enrolment in enrolments.select_related("cohort__course__specialty", "certificate").order_by(
        "-cohort__starts_on", "pk"
    ):
        certificate = getattr(enrolment, "certificate", None)
        rows.append(
            {
                "enrolment": enrolment,
                "certificate": certificate,
                "verify_url": optional_url(VERIFY_URL, certificate.number) if certificate else "",
            }
        )
    return rows


def dossier_section(user: Any, dossier: Any) -> dict[str, Any] | None:
    """Per holder, their enrolments (that the reader may read) in courses of the dossier's
    specialty (any course when the dossier names none); "enrol in a cohort" for a manager
    when the dossier is approved."""
    visible = queries.enrolments_visible_to(user)
    if dossier.specialty_id:
        visible = visible.filter(cohort__course__specialty_id=dossier.specialty_id)
    holders = []
    for link in dossier.holder_links.select_related("person").order_by("-is_lead", "pk"):
        holders.append(
            {"person": link.person, "rows": enrolment_rows(visible.filter(person_id=link.person_id))}
        )
    enrol_url = ""
    if (
        dossier.state in APPROVED_STATES
        and user.has_perm("training.manage_training")
        and queries.cohorts_managed_by(user).exists()
    ):
        enrol_url = optional_url("training:enrol_from_dossier", dossier.pk)
    if not (enrol_url or user.has_perm("training.view_training") or any(h["rows"] for h in holders)):
        return None
    return {"template": "training/_dossier_section.html", "holders": holders, "enrol_url": enrol_url}


def person_section(user: Any, person: Any) -> dict[str, Any] | None:
    """The person's enrolments the reader may read."""
    rows = enrolment_rows(queries.enrolments_of_person(user, person))
    if not (rows or user.has_perm("training.view_training")):
        return None
    return {"template": "training/_person_section.html", "rows": rows}
