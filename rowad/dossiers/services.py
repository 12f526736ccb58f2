"""Every write to dossiers: validate, lock, stale check, save, history, audit, and
notifications after commit. `set_dossier_state` is the only code that changes a state."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user, check_version
from rowad.core.errors import ConflictError, DomainError

from . import eligibility, workflow
from .enums import DossierState, FinancingKind, RuleOutcome, StudyResult
from .models import (
    DocumentVersion,
    Dossier,
    DossierDocument,
    DossierHolder,
    FinancingLine,
    StateChange,
    Study,
)
from .rules import CREATORS, EDITORS
from .uploads import UploadRejected, check_upload
from .workflow import TRANSITIONS, BodyDecision, Transition  # noqa: F401 - the one table, re-exported

DOSSIER_FIELDS = (
    "title",
    "idea",
    "specialty",
    "sector",
    "legal_form",
    "province",
    "investment",
    "organization",
    "met_at_stop",
    "met_at_event",
    "source_idea",
)


class DossierError(DomainError):
    """A refused dossier operation; `code` is stable, the message translated."""


class DossierConflict(DossierError, ConflictError):
    status_code = 409


_user = acting_user


def _check_version(locked: Dossier, expected_version: int | str | None) -> None:
    check_version(
        locked.version,
        expected_version,
        _(
            "Someone else changed this dossier while you were looking at it. Review their changes and try again."
        ),
        error=DossierConflict,
    )


def _lock(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().select_related("programme", "province").get(pk=dossier.pk)


def _save(locked: Dossier, actor: Any, reason: str = "") -> None:
    locked.version += 1
    locked._history_user = _user(actor)
    if reason:
        locked._change_reason = reason[:100]
    locked.save()


# --- Eligibility ------------------------------------------------------------------------


def refresh_eligibility(dossier: Dossier) -> Dossier:
    """Re-evaluate and store the eligibility lines (inside the caller's transaction)."""
    lines = [line.as_dict() for line in eligibility.evaluate(dossier)]
    outcome = eligibility.overall(lines)
    now = timezone.now()
    Dossier.objects.filter(pk=dossier.pk).update(
        eligibility=lines, eligibility_outcome=outcome, eligibility_checked_at=now
    )
    dossier.eligibility, dossier.eligibility_outcome, dossier.eligibility_checked_at = lines, outcome, now
    return dossier


def refresh_eligibility_for_people(person_ids: Iterable[int]) -> int:
    """Re-evaluate the open dossiers of these people: call after their registry data
    (birth date, education, employment, categories) or their aid changed."""
    dossiers = (
        Dossier.objects.filter(holder_links__person_id__in=list(person_ids))
        .exclude(state__in=workflow.FINAL_STATES)
        .distinct()
    )
    count = 0
    for dossier in dossiers.select_related("programme", "province"):
        refresh_eligibility(dossier)
        count += 1
    return count


# --- Guards ------------------------------------------------------------------------------


def missing_documents(dossier: Dossier) -> list:
    required = list(dossier.programme.required_documents.all())
    present = set(
        DossierDocument.objects.filter(dossier=dossier, versions__isnull=False).values_list(
            "document_type_id", flat=True
        )
    )
    return [doc for doc in required if doc.pk not in present]


def financing_total(dossier: Dossier) -> Decimal:
    return dossier.financing_lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def financing_balanced(dossier: Dossier) -> bool:
    return dossier.financing_lines.exists() and financing_total(dossier) == dossier.investment


def _guard_error(guard: str, dossier: Dossier, note: str) -> DossierError | None:
    if guard == workflow.DETAILS:
        if not dossier.title.strip() or not dossier.idea.strip():
            return DossierError(
                _("Describe the project (title and idea) before submitting."), code="missing_details"
            )
    elif guard == workflow.MEMBERS:
        line = next((x for x in dossier.eligibility if x.get("rule") == "members"), None)
        if line and line.get("outcome") == RuleOutcome.FAILED:
            return DossierError(eligibility.describe(line)["reason"], code="holders_count")
    elif guard == workflow.ELIGIBLE:
        if dossier.eligibility_outcome == RuleOutcome.FAILED:
            failed = [
                eligibility.describe(x) for x in dossier.eligibility if x.get("outcome") == RuleOutcome.FAILED
            ]
            return DossierError(
                _("The dossier does not meet the programme's rules: %(reasons)s")
                % {"reasons": " ".join(f"{x['label']}: {x['reason']}" for x in failed)},
                code="not_eligible",
            )
    elif guard == workflow.DOCUMENTS:
        missing = missing_documents(dossier)
        if missing:
            return DossierError(
                _("Required documents are missing: %(documents)s.")
                % {"documents": ", ".join(str(d) for d in missing)},
                code="incomplete_documents",
            )
    elif guard == workflow.FINANCING:
        if not financing_balanced(dossier):
            return DossierError(
                _("The financing plan (%(total)s) does not add up to the investment (%(investment)s).")
                % {"total": financing_total(dossier), "investment": dossier.investment},
                code="financing_unbalanced",
            )
    elif guard == workflow.STUDY:
        study = Study.objects.filter(dossier=dossier).first()
        if study is None or study.result == StudyResult.PENDING:
            return DossierError(_("Record the study's result and opinion first."), code="study_incomplete")
        if study.result == StudyResult.UNFAVOURABLE:
            return DossierError(
                _("The study is unfavourable: send the dossier back to revise instead."),
                code="study_unfavourable",
            )
    elif guard == workflow.SIGNOFF:
        from .study import signoff_error

        return signoff_error(dossier)
    elif guard == workflow.NOTE and not note.strip():
        return DossierError(_("Give the reason in the note."), code="note_required")
    return None


def transition_problems(dossier: Dossier, transition: Transition, *, note: str = "") -> list[DossierError]:
    """Guards that would refuse this transition now (empty: allowed)."""
    return [e for g in transition.guards if (e := _guard_error(g, dossier, note)) is not None]


def actor_may(actor: Any, dossier: Dossier, transition: Transition) -> bool:
    """One membership of `actor` holding one of the transition's roles reaches the dossier
    (a committee member: a dossier of their committee membership's provinces, on their
    desk); a role held elsewhere never lends its right to another membership's dossiers."""
    scope = scope_for(actor)
    if scope.is_platform_admin:
        return True
    staff_roles = transition.roles - {Role.PROJECT_HOLDER}
    if staff_roles and scope.has_role(*staff_roles):
        from .queries import may_act_on

        if may_act_on(actor, dossier, staff_roles):
            return True
    if Role.PROJECT_HOLDER in transition.roles and scope.person_id:
        return DossierHolder.objects.filter(dossier=dossier, person_id=scope.person_id).exists()
    return False


def available_transitions(dossier: Dossier, actor: Any) -> list[Transition]:
    """What the actor may do from the dossier page or the API: never a body's decision."""
    return [
        t for t in workflow.transitions_from(dossier.state) if not t.by_body and actor_may(actor, dossier, t)
    ]


def committee_only_error() -> DossierError:
    return DossierError(
        _(
            "This decision is taken by the committee in a session (or under a delegation "
            "configured on the programme), not from the dossier."
        ),
        code="committee_only",
        status_code=403,
    )


def _check_decision(locked: Dossier, transition: Transition, decision: BodyDecision | None) -> None:
    if decision is None:
        if transition.by_body:
            raise committee_only_error()
        return
    if not transition.by_body:
        raise DossierError(_("This change is not a committee decision."), code="not_a_decision")
    if decision.dossier_id != locked.pk or decision.state != transition.target:
        raise DossierError(_("The decision record does not match this dossier."), code="decision_mismatch")


# --- The funnel --------------------------------------------------------------------------


def set_dossier_state(
    dossier: Dossier,
    new_state: str,
    *,
    actor: Any,
    note: str = "",
    expected_version: int | None = None,
    decision: BodyDecision | None = None,
) -> Dossier:
    """Move `dossier` to `new_state` if TRANSITIONS allows it for `actor`, under a row
    lock; write the history row and the audit entry; notify the holders after commit.

    A `by_body` transition (the committee's decisions) is refused (code "committee_only")
    unless `decision` is the body's record: the committees app passes it when a session
    is announced or a delegate decides, after checking who records it; the record is
    kept on the StateChange and in the audit entry."""
    note = (note or "").strip()
    if new_state not in DossierState.values:
        raise DossierError(_("Unknown state."), code="unknown_state")
    with transaction.atomic():
        locked = _lock(dossier)
        _check_version(locked, expected_version)
        transition = workflow.find(locked.state, new_state)
        if transition is None:
            raise DossierError(
                _("A dossier cannot go from “%(source)s” to “%(target)s”.")
                % {"source": DossierState(locked.state).label, "target": DossierState(new_state).label},
                code="invalid_transition",
            )
        _check_decision(locked, transition, decision)
        if decision is None and not actor_may(actor, locked, transition):
            raise DossierError(
                _("You are not allowed to move this dossier to “%(target)s”.")
                % {"target": DossierState(new_state).label},
                code="not_allowed",
                status_code=403,
            )
        if new_state == DossierState.SUBMITTED:
            locked.submitted_at = timezone.now()
        refresh_eligibility(locked)
        problems = transition_problems(locked, transition, note=note)
        if problems:
            raise problems[0]
        previous = locked.state
        locked.state = new_state
        if new_state == DossierState.TO_REVISE:
            locked.revision_request = note
        if new_state in workflow.DECISION_STATES:
            locked.decided_at = timezone.now()
        _save(locked, actor, reason=note or str(transition.label))
        change = StateChange.objects.create(
            dossier=locked,
            from_state=previous,
            to_state=new_state,
            actor=_user(actor),
            note=note,
            decided_by_body=decision.kind if decision else "",
            decision_reference=decision.reference if decision else "",
            decision_label=(decision.label if decision else "")[:300],
        )
        body = {"body": decision.kind, "decision": decision.reference} if decision else {}
        record_action(
            f"dossiers.dossier.{new_state}", locked, actor=actor, from_state=previous, note=note, **body
        )
        if new_state in eligibility.AID_STATES or previous in eligibility.AID_STATES:
            # Other dossiers of the same holders read "earlier aid".
            others = DossierHolder.objects.filter(dossier=locked).values_list("person_id", flat=True)
            for other in (
                Dossier.objects.filter(holder_links__person_id__in=list(others))
                .exclude(pk=locked.pk)
                .exclude(state__in=workflow.FINAL_STATES)
                .distinct()
            ):
                refresh_eligibility(other)
        if transition.notify:
            from . import notifications

            change_id = change.pk
            transaction.on_commit(lambda: notifications.notify_state_change(change_id))
    return locked


# --- Create and edit ---------------------------------------------------------------------


def _default_organization(actor: Any, programme, province):
    """The organization of the membership under which `actor` creates a dossier in
    `province`; the programme's operator for a holder (portal) or an administrator."""
    from rowad.partners.models import Organization

    grant = scope_for(actor).placing_grant(*CREATORS, province_id=getattr(province, "pk", None))
    if grant is not None:
        return Organization.objects.get(pk=grant.organization_id)
    return programme.operator


def check_placement(actor: Any, roles: Iterable[str], *, province: Any, organization: Any = None) -> None:
    """Refuse (403, code "out_of_scope") a staff write that puts a dossier in a province
    (or an organization) no membership of `actor` holding one of `roles` covers. Holders
    (portal) and system writes (no actor) are not staff: their own checks apply."""
    scope = scope_for(actor)
    if actor is None or not scope.is_staff_user:
        return
    if not scope.places(
        *roles,
        province_id=getattr(province, "pk", None),
        organization_id=getattr(organization, "pk", None),
    ):
        if organization is not None:
            message = _(
                "None of your memberships allowed to do this covers %(province)s for %(organization)s."
            )
        else:
            message = _("None of your memberships allowed to do this covers %(province)s.")
        raise DossierError(
            message % {"province": province, "organization": organization},
            code="out_of_scope",
            status_code=403,
        )


def _normalize_holders(holders: Sequence[Any]) -> list[tuple[Any, bool]]:
    pairs = [(h, False) if not isinstance(h, tuple) else h for h in holders]
    if pairs and not any(lead for _, lead in pairs):
        pairs[0] = (pairs[0][0], True)
    seen, result = set(), []
    for person, lead in pairs:
        if person.pk not in seen:
            seen.add(person.pk)
            result.append((person, lead))
    return result


def clean_dossier_data(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned = dict(data)
    if "title" in cleaned:
        cleaned["title"] = (cleaned["title"] or "").strip()
        if not cleaned["title"]:
            errors.setdefault("title", []).append(_("Give the project a title."))
    if "investment" in cleaned:
        try:
            cleaned["investment"] = Decimal(str(cleaned["investment"] or 0))
        except ArithmeticError:
            errors.setdefault("investment", []).append(_("Enter an amount."))
        else:
            if cleaned["investment"] < 0:
                errors.setdefault("investment", []).append(_("The amount cannot be negative."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _existing_for_retry(client_uuid: Any, actor: Any) -> Dossier | None:
    """The dossier a retried request (same client UUID) created, if the same user sent
    it; another user's UUID is refused rather than answered with their dossier."""
    existing = Dossier.objects.filter(client_uuid=client_uuid).first()
    if existing is None:
        return None
    user = _user(actor)
    if existing.created_by_id not in (None, getattr(user, "pk", None)):
        raise DossierError(_("This request was already used by someone else."), code="duplicate_request")
    return existing


def create_dossier(
    *,
    holders: Sequence[Any],
    programme: Any,
    actor: Any,
    client_uuid: uuid.UUID | str | None = None,
    financing: Sequence[dict[str, Any]] | None = None,
    **fields: Any,
) -> Dossier:
    """Create a dossier in state `idea`. `holders`: people (the first is the lead unless
    (person, True) pairs say otherwise). Re-sending the same `client_uuid` returns the
    dossier created the first time."""
    if client_uuid:
        existing = _existing_for_retry(client_uuid, actor)
        if existing is not None:
            return existing
    pairs = _normalize_holders(holders)
    if not pairs:
        raise ValidationError({"holders": [_("A dossier needs at least one holder.")]})
    unknown = set(fields) - set(DOSSIER_FIELDS)
    if unknown:
        raise TypeError(f"unknown dossier fields: {sorted(unknown)}")
    data = clean_dossier_data({"title": fields.get("title", ""), **fields})
    lead = next(p for p, is_lead in pairs if is_lead)
    data.setdefault("province", lead.province)
    if data.get("province") is None:
        raise ValidationError({"province": [_("Choose the province of the project.")]})
    if data.get("organization") is None:
        data["organization"] = _default_organization(actor, programme, data["province"])
    check_placement(actor, CREATORS, province=data["province"], organization=data["organization"])
    try:
        with transaction.atomic():
            dossier = Dossier(
                programme=programme, client_uuid=client_uuid or None, created_by=_user(actor), **data
            )
            dossier.reference = f"TMP-{uuid.uuid4().hex[:20]}"
            dossier._history_user = _user(actor)
            dossier.save()
            country = dossier.province.country_id
            dossier.reference = f"{country}-{timezone.localdate().year}-{dossier.pk:06d}"
            Dossier.objects.filter(pk=dossier.pk).update(reference=dossier.reference)
            DossierHolder.objects.bulk_create(
                [DossierHolder(dossier=dossier, person=p, is_lead=lead_flag) for p, lead_flag in pairs]
            )
            for position, line in enumerate(financing or ()):
                FinancingLine.objects.create(dossier=dossier, position=position, **line)
            StateChange.objects.create(
                dossier=dossier, from_state="", to_state=dossier.state, actor=_user(actor)
            )
            refresh_eligibility(dossier)
            record_action("dossiers.dossier.created", dossier, actor=actor, reference=dossier.reference)
    except IntegrityError:
        # A concurrent request with the same client UUID won the race.
        if client_uuid:
            existing = _existing_for_retry(client_uuid, actor)
            if existing is not None:
                return existing
        raise
    return dossier


def _check_holder(locked: Dossier, actor: Any) -> None:
    """A non-staff actor (a project holder, through the portal) may only touch the
    dossiers they hold; staff visibility is checked by the views' scoped lookups."""
    scope = scope_for(actor)
    if scope.is_staff_user or actor is None:
        return
    if not (
        scope.person_id and DossierHolder.objects.filter(dossier=locked, person_id=scope.person_id).exists()
    ):
        raise DossierError(
            _("You are not allowed to change this dossier."), code="not_allowed", status_code=403
        )


def _check_editable(locked: Dossier, actor: Any) -> None:
    _check_holder(locked, actor)
    scope = scope_for(actor)
    is_staff = scope.is_staff_user
    if is_staff and actor is not None and not scope.is_platform_admin:
        from .queries import may_act_on

        if not may_act_on(actor, locked, EDITORS):
            raise DossierError(
                _("You are not allowed to change this dossier."), code="not_allowed", status_code=403
            )
    states = workflow.EDITABLE_STATES if is_staff else workflow.HOLDER_EDITABLE_STATES
    if locked.state not in states:
        raise DossierError(
            _("A dossier in state “%(state)s” can no longer be edited.")
            % {"state": locked.get_state_display()},
            code="not_editable",
        )


def update_dossier(
    dossier: Dossier,
    *,
    data: dict[str, Any],
    actor: Any,
    expected_version: int | str | None,
    holders: Sequence[Any] | None = None,
) -> tuple[Dossier, list[str]]:
    """Save the changed fields (and holders, if given); refused (DossierConflict, code
    "stale_edit") when the editor loaded an older version. Returns the dossier and the
    changed field names."""
    cleaned = clean_dossier_data({k: v for k, v in data.items() if k in DOSSIER_FIELDS})
    pairs = _normalize_holders(holders) if holders is not None else None
    if pairs is not None and not pairs:
        raise DossierError(_("A dossier needs at least one holder."), code="no_holder")
    with transaction.atomic():
        locked = _lock(dossier)
        _check_version(locked, expected_version)
        _check_editable(locked, actor)
        changed = [f for f, v in cleaned.items() if getattr(locked, f) != v]
        if "province" in changed:
            check_placement(actor, EDITORS, province=cleaned["province"])
        for field in changed:
            setattr(locked, field, cleaned[field])
        if pairs is not None and _replace_holders(locked, pairs):
            changed.append("holders")
        if changed:
            _save(locked, actor)
            refresh_eligibility(locked)
            record_action("dossiers.dossier.updated", locked, actor=actor, fields=changed)
    return locked, changed


def _replace_holders(locked: Dossier, pairs: list[tuple[Any, bool]]) -> bool:
    before = set(locked.holder_links.values_list("person_id", "is_lead"))
    after = {(p.pk, lead) for p, lead in pairs}
    if before == after:
        return False
    locked.holder_links.all().delete()
    DossierHolder.objects.bulk_create(
        [DossierHolder(dossier=locked, person=p, is_lead=lead) for p, lead in pairs]
    )
    return True


def set_holders(
    dossier: Dossier,
    *,
    holders: Sequence[Any],
    actor: Any,
    expected_version: int | str | None = None,
) -> Dossier:
    locked, _changed = update_dossier(
        dossier, data={}, actor=actor, expected_version=expected_version, holders=holders
    )
    return locked


def set_financing(
    dossier: Dossier,
    *,
    lines: Sequence[dict[str, Any]],
    actor: Any,
    expected_version: int | str | None = None,
) -> Dossier:
    """Replace the financing plan. Lines: {"kind", "amount", "funder"}. The sum is checked
    against the investment by the guards (a plan may be incomplete while drafted)."""
    errors = []
    for index, line in enumerate(lines, start=1):
        if line.get("kind") not in FinancingKind.values:
            errors.append(_("Line %(n)s: choose the kind of financing.") % {"n": index})
        try:
            amount = Decimal(str(line.get("amount")))
        except ArithmeticError:
            amount = Decimal("-1")
        if amount < 0:
            errors.append(_("Line %(n)s: enter a positive amount.") % {"n": index})
    if errors:
        raise ValidationError({"financing": errors})
    with transaction.atomic():
        locked = _lock(dossier)
        _check_version(locked, expected_version)
        if locked.state in workflow.FINAL_STATES or locked.state == DossierState.COMPANY_CREATED:
            raise DossierError(
                _("The financing plan of this dossier can no longer change."), code="not_editable"
            )
        locked.financing_lines.all().delete()
        for position, line in enumerate(lines):
            FinancingLine.objects.create(
                dossier=locked,
                kind=line["kind"],
                amount=Decimal(str(line["amount"])),
                funder=line.get("funder"),
                position=position,
            )
        _save(locked, actor, reason="financing")
        record_action(
            "dossiers.dossier.financing_changed",
            locked,
            actor=actor,
            total=str(financing_total(locked)),
        )
    return locked


def submit_dossier(dossier: Dossier, *, actor: Any, expected_version: int | None = None) -> Dossier:
    return set_dossier_state(dossier, DossierState.SUBMITTED, actor=actor, expected_version=expected_version)


# --- Documents ---------------------------------------------------------------------------


def upload_document(dossier: Dossier, *, document_type: Any, file: Any, actor: Any) -> DocumentVersion:
    """Store a new version of one of the dossier's documents (earlier versions are kept).
    Refused with a translated DossierError when too large, of a refused type, or when the
    content does not match the file name."""
    try:
        content_type, size, sha256 = check_upload(file)
    except UploadRejected as exc:
        raise DossierError(exc.message, code=exc.code, field="file") from exc
    with transaction.atomic():
        locked = _lock(dossier)
        _check_holder(locked, actor)
        if locked.state in workflow.FINAL_STATES:
            raise DossierError(_("This dossier is closed."), code="not_editable")
        document, _created = DossierDocument.objects.get_or_create(
            dossier=locked, document_type=document_type
        )
        last = document.versions.aggregate(n=Max("number"))["n"] or 0
        if last and document.versions.filter(number=last, sha256=sha256).exists():
            # The same file sent twice (double submit): nothing new.
            return document.versions.get(number=last)
        version = DocumentVersion(
            document=document,
            number=last + 1,
            original_name=(getattr(file, "name", "") or "file")[-200:],
            content_type=content_type,
            size=size,
            sha256=sha256,
            uploaded_by=_user(actor),
        )
        version.file.save(version.original_name, file, save=False)
        try:
            version.save()
        except Exception:
            version.file.delete(save=False)
            raise
        _save(locked, actor, reason="document")
        record_action(
            "dossiers.document.uploaded",
            locked,
            actor=actor,
            document_type=getattr(document_type, "code", str(document_type)),
            version=version.number,
        )
    return version


def document_checklist(dossier: Dossier) -> list[dict[str, Any]]:
    """One row per required document (then any extra), with its versions."""
    documents = {
        d.document_type_id: d
        for d in DossierDocument.objects.filter(dossier=dossier)
        .select_related("document_type")
        .prefetch_related("versions__uploaded_by")
    }
    rows = []
    for doc_type in dossier.programme.required_documents.all():
        document = documents.pop(doc_type.pk, None)
        versions = list(document.versions.all()) if document else []
        rows.append({"type": doc_type, "required": True, "versions": versions, "present": bool(versions)})
    for document in documents.values():
        versions = list(document.versions.all())
        rows.append(
            {
                "type": document.document_type,
                "required": False,
                "versions": versions,
                "present": bool(versions),
            }
        )
    return rows


# --- Study: rowad/dossiers/study.py (re-exported here for existing callers) -------------

_STUDY_NAMES = frozenset({"specification_for", "start_study", "record_study"})


def __getattr__(name: str) -> Any:
    if name in _STUDY_NAMES:
        from . import study

        return getattr(study, name)
    raise AttributeError(name)
