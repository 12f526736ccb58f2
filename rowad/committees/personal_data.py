"""What in the committees app refers to a person: the evaluations, agenda items, votes,
delegated decisions and decision letters of their dossiers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rowad.core.privacy import ANONYMISE, KEEP, Declaration, register

DELIBERATION = _(
    "A committee's deliberation on a request for public aid (scores, decisions, reasons) "
    "stays on record for the agency's accountability and audits; the person's names and "
    "numbers are removed from its texts."
)

register(
    Declaration(
        "committees.Evaluation",
        ANONYMISE,
        person="dossier__holders",
        export=("dossier", "comment", "submitted_at"),
        scrub=("comment",),
        reason=DELIBERATION,
    ),
    Declaration(
        "committees.Score",
        ANONYMISE,
        person="evaluation__dossier__holders",
        export=("criterion", "value", "comment"),
        scrub=("comment",),
        reason=DELIBERATION,
    ),
    Declaration(
        "committees.AgendaItem",
        ANONYMISE,
        person="dossier__holders",
        export=("session", "dossier", "decision", "reasons", "decided_at"),
        scrub=("reasons",),
        reason=DELIBERATION,
    ),
    Declaration(
        "committees.DelegatedDecision",
        ANONYMISE,
        person="dossier__holders",
        export=("dossier", "decision", "reasons", "decided_at"),
        scrub=("reasons",),
        reason=DELIBERATION,
    ),
    Declaration(
        "committees.Vote",
        KEEP,
        person="item__dossier__holders",
        note=_("Each member's vote is the committee's record, not given to the holder (the decision is)."),
        reason=DELIBERATION,
    ),
    Declaration(
        "committees.DecisionLetter",
        KEEP,
        person="holder",
        export=("reference", "issued_at"),
        reason=_(
            "A decision letter is an administrative act the agency must be able to show; it "
            "is rendered from the anonymous record, so it no longer names the person."
        ),
    ),
)
