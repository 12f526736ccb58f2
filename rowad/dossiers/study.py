"""The study of a dossier against the sponsor's specifications, and the sponsor's
sign-off of that study when the programme requires it before committee.

A study cannot conclude favourably while a mandatory requirement is not met; a study
that changes after the sponsor signed it off needs a new sign-off."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.accounts.enums import Role
from rowad.accounts.scope import Grant, scope_for
from rowad.core.audit import record_action

from .enums import CheckStatus, DossierState, ErrorCode, SignoffStatus, StudyResult
from .models import Dossier, Specification, Study, StudyCheck
from .services.common import DossierError, _check_version, _lock, _save, _user

# Results that say the dossier meets the specifications.
FAVOURABLE_RESULTS = frozenset({StudyResult.FAVOURABLE, StudyResult.RESERVED})


def specification_for(dossier: Dossier) -> Specification | None:
    """The current version of the specifications a new study of this dossier uses: the
    dossier's specialty's, else the programme's general one."""
    specs = Specification.objects.filter(programme=dossier.programme, is_current=True)
    if dossier.specialty_id:
        own = specs.filter(specialty=dossier.specialty).first()
        if own is not None:
            return own
    return specs.filter(specialty__isnull=True).first()


def start_study(dossier: Dossier, *, actor: Any) -> Study:
    """The study of a dossier with one check per specification item (idempotent). A
    study keeps the version of the specifications it started with."""
    with transaction.atomic():
        study, created = Study.objects.get_or_create(
            dossier=dossier, defaults={"officer": _user(actor), "specification": specification_for(dossier)}
        )
        if study.specification_id:
            existing = set(study.checks.values_list("item_id", flat=True))
            StudyCheck.objects.bulk_create(
                [
                    StudyCheck(study=study, item=item)
                    for item in study.specification.items.all()
                    if item.pk not in existing
                ]
            )
        if created:
            record_action("dossiers.study.started", dossier, actor=actor)
    return study


def record_study(
    dossier: Dossier,
    *,
    checks: dict[int, tuple[str, str]],
    result: str,
    opinion: str,
    actor: Any,
    expected_version: int | str | None = None,
) -> Study:
    """Save the checklist (item id -> (status, evidence)), the result and the opinion."""
    if result not in StudyResult.values:
        raise DossierError(_("Choose the study's result."), code=ErrorCode.INVALID_RESULT, field="result")
    if result != StudyResult.PENDING and not opinion.strip():
        raise DossierError(
            _("Write the officer's opinion before giving a result."),
            code=ErrorCode.OPINION_REQUIRED,
            field="opinion",
        )
    with transaction.atomic():
        locked = _lock(dossier)
        _check_version(locked, expected_version)
        if locked.state != DossierState.UNDER_STUDY:
            raise DossierError(_("The dossier is not under study."), code=ErrorCode.NOT_UNDER_STUDY)
        study = start_study(locked, actor=actor)
        by_item = {c.item_id: c for c in study.checks.select_related("item")}
        changed = False
        for item_id, (status, evidence) in checks.items():
            check = by_item.get(int(item_id))
            if check is None or status not in CheckStatus.values:
                continue
            if (check.status, check.evidence) != (status, evidence):
                check.status, check.evidence = status, evidence
                check.save(update_fields=["status", "evidence"])
                changed = True
        mandatory = [c for c in by_item.values() if c.item.is_mandatory]
        pending = [c for c in mandatory if c.status == CheckStatus.PENDING]
        if result != StudyResult.PENDING and pending:
            raise DossierError(
                _("Check every mandatory requirement before giving a result (%(count)s left).")
                % {"count": len(pending)},
                code=ErrorCode.STUDY_CHECKS_PENDING,
            )
        not_met = [c for c in mandatory if c.status == CheckStatus.NOT_MET]
        if result in FAVOURABLE_RESULTS and not_met:
            raise DossierError(
                _("A mandatory requirement is not met (%(items)s): the study cannot be favourable.")
                % {"items": "; ".join(c.item.label for c in not_met)},
                code=ErrorCode.MANDATORY_NOT_MET,
                field="result",
            )
        changed = changed or (study.result, study.opinion) != (result, opinion.strip())
        study.result, study.opinion = result, opinion.strip()
        study.officer = _user(actor) or study.officer
        study.completed_at = timezone.now() if result != StudyResult.PENDING else None
        if changed and study.signoff != SignoffStatus.PENDING:
            # The sponsor signed off another study than this one: they sign again.
            study.signoff, study.signoff_by, study.signoff_organization = SignoffStatus.PENDING, None, None
            study.signoff_at, study.signoff_reason = None, ""
        study._history_user = _user(actor)
        study.save()
        _save(locked, actor, reason="study")
        record_action("dossiers.study.recorded", locked, actor=actor, result=result)
    return study


# --- The sponsor's sign-off ---------------------------------------------------------------


def signoff_grant(user: Any, dossier: Dossier) -> Grant | None:
    """The sponsor-officer membership that may sign off this dossier's study: held in a
    sponsor organization of the dossier's programme and reaching the dossier's province
    (role, organization and province from that one membership)."""
    scope = scope_for(user)
    sponsors = set(dossier.programme.sponsors.values_list("pk", flat=True))
    for grant in scope.grants_for(Role.SPONSOR_OFFICER):
        if grant.organization_id in sponsors and dossier.province_id in grant.province_ids:
            return grant
    return None


def may_sign_off(user: Any, dossier: Dossier) -> bool:
    return signoff_grant(user, dossier) is not None


def sign_off_study(
    dossier: Dossier,
    *,
    approve: bool,
    actor: Any,
    reason: str = "",
    expected_version: int | str | None = None,
) -> Study:
    """The sponsor signs off the study (or refuses it, with a reason): who, for which
    sponsor, when; in the dossier's history and the audit."""
    reason = reason.strip()
    if not approve and not reason:
        raise DossierError(
            _("Give the reason for refusing the study."), code=ErrorCode.REASON_REQUIRED, field="reason"
        )
    with transaction.atomic():
        locked = _lock(dossier)
        _check_version(locked, expected_version)
        grant = signoff_grant(actor, locked)
        if grant is None:
            raise DossierError(
                _("Only a sponsor officer of this programme, for this province, signs off the study."),
                code=ErrorCode.NOT_SPONSOR,
                status_code=403,
            )
        if locked.state != DossierState.UNDER_STUDY:
            raise DossierError(_("The dossier is not under study."), code=ErrorCode.NOT_UNDER_STUDY)
        study = Study.objects.select_for_update().filter(dossier=locked).first()
        if study is None or study.result == StudyResult.PENDING:
            raise DossierError(
                _("The agency has not finished the study yet: there is nothing to sign off."),
                code=ErrorCode.STUDY_INCOMPLETE,
            )
        study.signoff = SignoffStatus.SIGNED if approve else SignoffStatus.REFUSED
        study.signoff_by = _user(actor)
        study.signoff_organization_id = grant.organization_id
        study.signoff_at = timezone.now()
        study.signoff_reason = reason
        study._history_user = _user(actor)
        study.save()
        _save(locked, actor, reason="study signed off" if approve else "study refused by the sponsor")
        record_action(
            "dossiers.study.signed_off" if approve else "dossiers.study.signoff_refused",
            locked,
            actor=actor,
            organization=grant.organization_id,
            reason=reason,
        )
    return study


def signoff_error(dossier: Dossier) -> DossierError | None:
    """The workflow guard: when the programme requires it, the sponsor signed the study off."""
    if not dossier.programme.requires_sponsor_signoff:
        return None
    study = Study.objects.filter(dossier=dossier).first()
    status = study.signoff if study is not None else SignoffStatus.PENDING
    if status == SignoffStatus.SIGNED:
        return None
    if status == SignoffStatus.REFUSED:
        return DossierError(
            _("The sponsor refused the study: revise it and ask for a new sign-off."),
            code=ErrorCode.SIGNOFF_REFUSED,
        )
    return DossierError(
        _("The programme requires the sponsor's sign-off of the study before committee."),
        code=ErrorCode.SIGNOFF_REQUIRED,
    )


def study_signoff_context(user: Any, dossier: Dossier, study: Study | None) -> dict[str, Any]:
    """What the dossier page shows of the sign-off: whether the programme requires it, its
    state, whether this user may give it, and the study's history."""
    from rowad.core.history import history_rows

    required = dossier.programme.requires_sponsor_signoff
    return {
        "signoff_required": required,
        "can_sign_off": required
        and dossier.state == DossierState.UNDER_STUDY
        and study is not None
        and study.result != StudyResult.PENDING
        and may_sign_off(user, dossier),
        "study_history": history_rows(study, limit=10) if study is not None else [],
    }
