"""The one table of allowed dossier transitions. services.set_dossier_state reads it;
docs/dossier-states.md is generated from it (manage.py dossier_state_diagram).

The decisions out of READY_FOR_COMMITTEE belong to a body (`by_body=True`): a committee
session (quorum met, votes recorded, letter issued) or a delegation configured on the
programme. No one takes them from the dossier page or the API: set_dossier_state refuses
them unless it is given the body's decision record (a `BodyDecision`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rowad.accounts.enums import Role

from .enums import DossierState as S

OFFICER = frozenset({Role.AGENCY_OFFICER})
HOLDER_OR_OFFICER = frozenset({Role.AGENCY_OFFICER, Role.PROJECT_HOLDER})
COMMITTEE = frozenset({Role.AGENCY_OFFICER, Role.COMMITTEE_MEMBER})

# Guards (checked in this order; each has a code and a translated reason in services).
DETAILS = "details"  # title and idea filled in
MEMBERS = "members"  # number of holders within the programme's limits
ELIGIBLE = "eligible"  # no eligibility rule failed
DOCUMENTS = "documents"  # every required document uploaded
FINANCING = "financing"  # financing lines sum to the investment
FUNDED = "funded"  # every line of the financing plan approved by its funder (financing app)
ENTERPRISE = "enterprise"  # the enterprise is recorded (enterprises app: create_enterprise)
STUDY = "study"  # study finished with a result
SIGNOFF = "signoff"  # the sponsor signed the study off (when the programme requires it)
NOTE = "note"  # a note (reason) is required


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset[str]
    guards: tuple[str, ...] = ()
    label: str | Promise = ""
    # The danger style of the button (refusals, withdrawals).
    danger: bool = False
    # Taken only by a body (committee session or delegation), never from the dossier.
    by_body: bool = False

    @property
    def notify(self) -> bool:
        """Whether the holders are told (email/SMS): at their milestones only."""
        return tells_holder(self.source, self.target)


def T(source, target, roles, guards=(), label="", danger=False, by_body=False) -> Transition:
    return Transition(source, target, roles, tuple(guards), label, danger, by_body)


# The holder is told at these milestones of their dossier, and at no other state: it was
# received (submitted, again after a revision), sent back to revise with what to deepen,
# decided (approved, rejected, deferred), financed, its company created, or it ended
# (closed with a reason, withdrawn). Eligibility checked, study started, ready for the
# committee, sent to financing and put back on the committee's list are the agency's
# internal steps. The later milestones of training (enrolment, certificate), financing
# (instalments) and the enterprise (declarations, obligations) are told by those apps.
HOLDER_MILESTONES = frozenset(
    {
        S.SUBMITTED,
        S.TO_REVISE,
        S.APPROVED,
        S.REJECTED,
        S.DEFERRED,
        S.FINANCED,
        S.COMPANY_CREATED,
        S.CLOSED,
        S.WITHDRAWN,
    }
)
# Closing a file already settled (its company created, or rejected) only files it away:
# the holder was told at the milestone itself.
FILING_AWAY = frozenset({(S.COMPANY_CREATED, S.CLOSED), (S.REJECTED, S.CLOSED)})


def tells_holder(source: str, target: str) -> bool:
    """Whether the move from `source` to `target` is one of the holder's milestones."""
    return target in HOLDER_MILESTONES and (source, target) not in FILING_AWAY


@dataclass(frozen=True)
class BodyDecision:
    """The record of a decision taken by a body, which alone lets set_dossier_state take a
    `by_body` transition. The committees app builds it from an announced agenda item or a
    delegated decision; this app only stores it (StateChange, audit)."""

    kind: str  # enums.DecisionBody
    reference: str  # stable key of the record, e.g. "committees.agendaitem:12"
    label: str  # how the history names it, e.g. the session's title and date
    dossier_id: int
    state: str  # the dossier state the decision leads to


TRANSITIONS: tuple[Transition, ...] = (
    T(S.IDEA, S.SUBMITTED, HOLDER_OR_OFFICER, [DETAILS, MEMBERS], _("Submit")),
    T(S.IDEA, S.TO_REVISE, OFFICER, [NOTE], _("Ask to deepen the idea")),
    T(S.SUBMITTED, S.ELIGIBILITY_CHECKED, OFFICER, [MEMBERS, ELIGIBLE], _("Confirm eligibility")),
    T(S.SUBMITTED, S.TO_REVISE, OFFICER, [NOTE], _("Send back to revise")),
    T(S.ELIGIBILITY_CHECKED, S.UNDER_STUDY, OFFICER, [DOCUMENTS], _("Start the study")),
    T(S.ELIGIBILITY_CHECKED, S.TO_REVISE, OFFICER, [NOTE], _("Send back to revise")),
    T(S.UNDER_STUDY, S.TO_REVISE, OFFICER, [NOTE], _("Send back to revise")),
    T(
        S.UNDER_STUDY,
        S.READY_FOR_COMMITTEE,
        OFFICER,
        [MEMBERS, ELIGIBLE, DOCUMENTS, FINANCING, STUDY, SIGNOFF],
        _("Send to committee"),
    ),
    T(S.TO_REVISE, S.SUBMITTED, HOLDER_OR_OFFICER, [DETAILS, MEMBERS], _("Submit again")),
    T(S.READY_FOR_COMMITTEE, S.APPROVED, COMMITTEE, [ELIGIBLE], _("Approve"), by_body=True),
    T(S.READY_FOR_COMMITTEE, S.REJECTED, COMMITTEE, [NOTE], _("Reject"), danger=True, by_body=True),
    T(S.READY_FOR_COMMITTEE, S.DEFERRED, COMMITTEE, [NOTE], _("Defer"), by_body=True),
    T(S.READY_FOR_COMMITTEE, S.TO_REVISE, COMMITTEE, [NOTE], _("Send back to revise"), by_body=True),
    T(S.DEFERRED, S.READY_FOR_COMMITTEE, COMMITTEE, [], _("Put back on the committee's list")),
    T(S.DEFERRED, S.TO_REVISE, OFFICER, [NOTE], _("Send back to revise")),
    T(S.APPROVED, S.TO_FINANCING, OFFICER, [FINANCING], _("Send to financing")),
    T(S.TO_FINANCING, S.FINANCED, OFFICER, [FUNDED], _("Mark financed")),
    T(S.FINANCED, S.COMPANY_CREATED, OFFICER, [ENTERPRISE], _("Mark the company created")),
    T(S.FINANCED, S.CLOSED, OFFICER, [NOTE], _("Close"), danger=True),
    T(S.TO_FINANCING, S.CLOSED, OFFICER, [NOTE], _("Close"), danger=True),
    T(S.COMPANY_CREATED, S.CLOSED, OFFICER, [], _("Close the file")),
    T(S.REJECTED, S.CLOSED, OFFICER, [], _("Close the file")),
    *(
        T(source, S.WITHDRAWN, HOLDER_OR_OFFICER, [NOTE], _("Withdraw"), danger=True)
        for source in (
            S.IDEA,
            S.SUBMITTED,
            S.ELIGIBILITY_CHECKED,
            S.UNDER_STUDY,
            S.TO_REVISE,
            S.READY_FOR_COMMITTEE,
            S.DEFERRED,
        )
    ),
)

BY_EDGE: dict[tuple[str, str], Transition] = {(t.source, t.target): t for t in TRANSITIONS}
assert len(BY_EDGE) == len(TRANSITIONS), "duplicate transition"

# States where the holder's data may still change.
EDITABLE_STATES = frozenset({S.IDEA, S.SUBMITTED, S.ELIGIBILITY_CHECKED, S.UNDER_STUDY, S.TO_REVISE})
HOLDER_EDITABLE_STATES = frozenset({S.IDEA, S.TO_REVISE})
DECISION_STATES = frozenset({S.APPROVED, S.REJECTED, S.DEFERRED})
FINAL_STATES = frozenset({S.CLOSED, S.WITHDRAWN})


# The states a body's decision leads to from READY_FOR_COMMITTEE.
BODY_DECISION_STATES = frozenset(t.target for t in TRANSITIONS if t.by_body)


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == state]


def find(source: str, target: str) -> Transition | None:
    return BY_EDGE.get((source, target))
