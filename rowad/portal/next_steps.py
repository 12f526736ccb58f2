"""What the holder must do next: one step per dossier, derived from its state and from what
the services already compute (the eligibility lines, the missing documents, the financing
plan), then the steps of their courses, their repayments and their work. The portal's home
leads with them; nothing here decides anything a service does not already say."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from rowad.dossiers import services as dossier_services
from rowad.dossiers import workflow
from rowad.dossiers.enums import DossierState as S
from rowad.dossiers.enums import RuleOutcome
from rowad.financing.services.plans import formula_for

# Rules whose "to check" the holder settles on their profile (the registry's data).
PROFILE_RULES = frozenset({"age", "target_category", "education", "employment"})
# States in which the agency works on the file: the holder waits, or sends a late document.
WAITING_STATES = frozenset(
    {S.SUBMITTED, S.ELIGIBILITY_CHECKED, S.UNDER_STUDY, S.READY_FOR_COMMITTEE, S.DEFERRED}
)
# How far ahead an instalment is announced on the home page.
INSTALMENT_HORIZON = datetime.timedelta(days=30)


@dataclass(frozen=True)
class Step:
    """One thing to do (or to know): `kind` is stable (tests, CSS), `text` translated,
    `url` the page where it is done; `waiting` when the next move is the agency's."""

    kind: str
    text: str
    url: str
    detail: str = ""
    urgent: bool = False
    waiting: bool = False


@dataclass
class DossierSteps:
    dossier: Any
    steps: list[Step] = field(default_factory=list)

    @property
    def next(self) -> Step | None:
        return self.steps[0] if self.steps else None

    @property
    def later(self) -> list[Step]:
        return self.steps[1:]


def _line(dossier: Any, rule: str) -> dict | None:
    return next((x for x in dossier.eligibility or () if x.get("rule") == rule), None)


def _is(line: dict | None, outcome: str, code: str | None = None) -> bool:
    return bool(line) and line.get("outcome") == outcome and (code is None or line.get("code") == code)


def _plan_missing(dossier: Any) -> bool:
    """A formula exists to propose from and the dossier has no balanced plan yet."""
    if dossier_services.financing_balanced(dossier):
        return False
    return formula_for(dossier) is not None


def preparation_steps(dossier: Any) -> list[Step]:
    """While the holder prepares the file (idea, to revise): what is still missing, in the
    order of the form, then "submit"."""
    pk = dossier.pk
    edit = reverse("portal:dossier_edit", args=[pk])
    detail = reverse("portal:dossier_detail", args=[pk])
    steps: list[Step] = []
    if dossier.state == S.TO_REVISE:
        reason = dossier.revision_request or _("See the note in the progress of your file.")
        steps.append(Step("revise", _("Revise your project as the agency asks"), edit, reason, urgent=True))
    if not dossier.title.strip() or not dossier.idea.strip():
        steps.append(Step("details", _("Describe your project (title and idea)"), edit))
    if _is(_line(dossier, "specialty"), RuleOutcome.UNKNOWN) or _is(
        _line(dossier, "specialty"), RuleOutcome.FAILED
    ):
        steps.append(Step("specialty", _("Choose your specialty"), edit))
    if not dossier.investment:
        steps.append(Step("investment", _("Enter the investment your project needs"), edit))
    if _is(_line(dossier, "members"), RuleOutcome.FAILED, "too_few"):
        params = _line(dossier, "members").get("params", {})
        text = _("Add your co-holders (at least %(min)s holders)") % {"min": params.get("min")}
        steps.append(Step("co_holders", text, reverse("portal:dossier_coholders", args=[pk])))
    profile = [x for x in dossier.eligibility or () if x.get("rule") in PROFILE_RULES]
    if any(_is(x, RuleOutcome.UNKNOWN) for x in profile):
        steps.append(
            Step(
                "profile",
                _("Complete your profile: the programme's rules read it"),
                reverse("portal:profile"),
            )
        )
    if dossier.investment and _plan_missing(dossier):
        steps.append(
            Step("plan", _("Propose your financing plan"), reverse("portal:dossier_plan", args=[pk]))
        )
    missing = dossier_services.missing_documents(dossier)
    if missing:
        names = ", ".join(str(d) for d in missing)
        steps.append(Step("documents", _("Send the missing documents"), f"{detail}#documents-title", names))
    again = dossier.state == S.TO_REVISE
    steps.append(
        Step(
            "submit",
            _("Submit your project file again") if again else _("Submit your project file"),
            f"{detail}#submit-title",
        )
    )
    return steps


def dossier_steps(dossier: Any) -> list[Step]:
    """Every step of one dossier, the next one first (none for a closed file)."""
    detail = reverse("portal:dossier_detail", args=[dossier.pk])
    state = dossier.state
    if state in workflow.HOLDER_EDITABLE_STATES:
        return preparation_steps(dossier)
    if state in WAITING_STATES:
        steps = []
        # Documents are still received until the committee (the portal's upload states).
        missing = dossier_services.missing_documents(dossier) if state in workflow.EDITABLE_STATES else []
        if missing:
            names = ", ".join(str(d) for d in missing)
            steps.append(
                Step("documents", _("Send the missing documents"), f"{detail}#documents-title", names)
            )
        steps.append(
            Step("wait", _("The agency is studying your file: nothing to do for now"), detail, waiting=True)
        )
        return steps
    if state == S.REJECTED:
        return [Step("letter", _("Read the committee's decision and its reasons"), detail)]
    if state in (S.APPROVED, S.TO_FINANCING):
        return [
            Step(
                "financing",
                _("Your project is approved: the agency prepares its financing"),
                detail,
                waiting=True,
            )
        ]
    if state == S.FINANCED:
        return [Step("company", _("Create your company with the agency's help"), detail, waiting=True)]
    if state == S.COMPANY_CREATED:
        return [
            Step(
                "enterprise",
                _("Follow your enterprise's steps and obligations"),
                reverse("portal:enterprise"),
            )
        ]
    return []


def holder_steps(
    *, instalments: Any, enrolments: Any, milestones_to_report: int, today: datetime.date
) -> list[Step]:
    """The steps that belong to the holder rather than one file: the instalment due soonest
    (or late), a course running or about to start, work to report."""
    steps: list[Step] = []
    due = next(
        iter(
            instalments.filter(settled_on__isnull=True, due_on__lte=today + INSTALMENT_HORIZON).order_by(
                "due_on", "pk"
            )[:1]
        ),
        None,
    )
    if due is not None:
        late = due.due_on < today
        text = _("Repay the instalment due") if not late else _("Repay the late instalment")
        steps.append(Step("repay", text, reverse("portal:repayments"), due.due_on.isoformat(), urgent=late))
    from rowad.training.enums import CohortState, EnrolmentStatus

    enrolment = (
        enrolments.filter(
            status=EnrolmentStatus.ENROLLED, cohort__state__in=(CohortState.OPEN, CohortState.RUNNING)
        )
        .filter(cohort__ends_on__gte=today)
        .order_by("cohort__starts_on", "pk")
        .first()
    )
    if enrolment is not None:
        url = reverse("portal:training_detail", args=[enrolment.pk])
        steps.append(Step("training", _("Attend your training"), url, enrolment.cohort.starts_on.isoformat()))
    if milestones_to_report:
        steps.append(
            Step("report", _("Report the work done on your contracts"), reverse("portal:market_home"))
        )
    return steps


def for_dossiers(dossiers: Any) -> list[DossierSteps]:
    """The dossiers that still have a step, the most urgent first (a send-back first)."""
    rows = [DossierSteps(d, dossier_steps(d)) for d in dossiers if d.state not in workflow.FINAL_STATES]
    rows = [row for row in rows if row.steps]
    return sorted(rows, key=lambda row: (not row.next.urgent, row.next.waiting, -row.dossier.pk))
