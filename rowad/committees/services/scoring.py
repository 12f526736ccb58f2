"""Scoring writes: the programme's grid, evaluator assignment, score submission."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.core.audit import record_action
from rowad.core.concurrency import STALE_EDIT, acting_user

from ..enums import Decision, ErrorCode, SessionStatus
from ..models import AgendaItem, Criterion, Evaluation, Score, ScoringGrid
from .errors import CommitteeConflict, CommitteeError

EVALUATOR_ROLES = (Role.AGENCY_OFFICER, Role.COMMITTEE_MEMBER)


_user = acting_user


def save_grid(
    programme: Any,
    *,
    criteria: Sequence[Mapping[str, Any]],
    actor: Any,
    scale_max: int = 20,
    show_evaluator_names: bool = False,
    version: str | None = None,
) -> ScoringGrid:
    """Create or replace a programme's grid. `criteria`: dicts with code, weight and
    name_ar/name_fr/name_en. Criteria already scored are kept (their weight and names
    updated); new ones are added. Once an evaluation was submitted against the grid, its
    scale, criteria and weights are locked (the submitted scores would change meaning):
    only the names, the order and the anonymity setting may change. `version`: the
    grid's `updated_at` the form loaded (stale-edit check)."""
    if not criteria:
        raise CommitteeError(_("A scoring grid needs at least one criterion."), code=ErrorCode.NO_CRITERIA)
    codes = [c["code"] for c in criteria]
    if len(set(codes)) != len(codes):
        raise CommitteeError(_("Two criteria have the same code."), code=ErrorCode.DUPLICATE_CRITERION)
    for spec in criteria:
        if Decimal(str(spec["weight"])) <= 0:
            raise CommitteeError(_("Every weight must be greater than zero."), code=ErrorCode.BAD_WEIGHT)
    with transaction.atomic():
        existing = ScoringGrid.objects.select_for_update().filter(programme=programme).first()
        if existing is not None:
            if version and version != existing.updated_at.isoformat():
                raise CommitteeConflict(
                    _(
                        "Someone else changed this grid while you were editing. Review their changes and try again."
                    ),
                    code=ErrorCode.STALE_EDIT,
                )
            _check_grid_unlocked(existing, criteria, scale_max)
        grid = existing or ScoringGrid(programme=programme)
        changed = existing is None or (grid.scale_max, grid.show_evaluator_names) != (
            scale_max,
            show_evaluator_names,
        )
        grid.scale_max, grid.show_evaluator_names = scale_max, show_evaluator_names
        grid._history_user = _user(actor)
        grid.save()
        current = {c.code: c for c in grid.criteria.all()}
        for position, spec in enumerate(criteria):
            values = {
                "weight": Decimal(str(spec["weight"])),
                "position": position,
                "name_ar": spec.get("name_ar", ""),
                "name_fr": spec.get("name_fr", ""),
                "name_en": spec.get("name_en", ""),
            }
            criterion = current.get(spec["code"]) or Criterion(grid=grid, code=spec["code"])
            if criterion.pk and all(getattr(criterion, k) == v for k, v in values.items()):
                continue
            for name, value in values.items():
                setattr(criterion, name, value)
            criterion._history_user = _user(actor)
            criterion.save()
            changed = True
        for criterion in grid.criteria.exclude(code__in=codes).filter(scores__isnull=True):
            criterion._history_user = _user(actor)
            criterion.delete()
            changed = True
        if changed:
            record_action("committees.grid.saved", grid, actor=actor, criteria=codes, scale_max=scale_max)
    return grid


def grid_in_use(grid: ScoringGrid) -> bool:
    """An evaluation was submitted against this grid."""
    return Score.objects.filter(criterion__grid=grid, evaluation__submitted_at__isnull=False).exists()


def _check_grid_unlocked(grid: ScoringGrid, criteria: Sequence[Mapping[str, Any]], scale_max: int) -> None:
    if not grid_in_use(grid):
        return
    weights = {c.code: c.weight for c in grid.criteria.all()}
    wanted = {c["code"]: Decimal(str(c["weight"])) for c in criteria}
    if scale_max != grid.scale_max or wanted != weights:
        raise CommitteeError(
            _(
                "Evaluations were submitted with this grid: its scale, criteria and weights can no longer "
                "change (the scores given would change meaning). You may still rename or reorder the criteria."
            ),
            code=ErrorCode.GRID_LOCKED,
        )


def grid_for(dossier: Any) -> ScoringGrid:
    grid = ScoringGrid.objects.filter(programme_id=dossier.programme_id).first()
    if grid is None or not grid.criteria.exists():
        raise CommitteeError(_("This dossier's programme has no scoring grid."), code=ErrorCode.NO_GRID)
    return grid


def scores_locked(dossier: Any) -> bool:
    """Scores may change until the committee decides: a final decision (approved or
    rejected) or any decision still waiting to be announced locks them; a deferral,
    once announced, reopens them for the next session."""
    items = AgendaItem.objects.filter(dossier=dossier).exclude(decision="")
    return (
        items.filter(decision__in=[Decision.APPROVED, Decision.REJECTED]).exists()
        or items.exclude(session__status=SessionStatus.ANNOUNCED).exists()
    )


def _check_unlocked(dossier: Any) -> None:
    if scores_locked(dossier):
        raise CommitteeError(
            _("The committee has decided on this dossier: its scores can no longer change."),
            code=ErrorCode.SCORES_LOCKED,
        )


def assign_evaluator(dossier: Any, *, evaluator: Any, actor: Any) -> Evaluation:
    """Give `evaluator` the dossier to score (once: assigning twice changes nothing)."""
    # The evaluator's own officer or committee-member membership reaches the dossier.
    if not scope_for(evaluator).reaches(
        *EVALUATOR_ROLES, province_id=dossier.province_id, organization_id=dossier.organization_id
    ):
        raise CommitteeError(
            _("Only agency officers and committee members can evaluate dossiers."),
            code=ErrorCode.NOT_EVALUATOR,
        )
    grid_for(dossier)
    with transaction.atomic():
        _check_unlocked(dossier)
        evaluation, created = Evaluation.objects.get_or_create(
            dossier=dossier, evaluator=evaluator, defaults={"assigned_by": _user(actor)}
        )
        if created:
            record_action("committees.evaluation.assigned", evaluation, actor=actor, evaluator=evaluator.pk)
    return evaluation


def _parse_value(raw: Any, scale_max: int, label: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise CommitteeError(
            _("“%(criterion)s”: enter a number.") % {"criterion": label}, code=ErrorCode.BAD_SCORE
        ) from None
    if not value.is_finite() or value < 0 or value > scale_max:
        raise CommitteeError(
            _("“%(criterion)s”: the score must be between 0 and %(max)s.")
            % {"criterion": label, "max": scale_max},
            code=ErrorCode.SCORE_OUT_OF_RANGE,
        )
    if value != value.quantize(Decimal("0.01")):
        raise CommitteeError(
            _("“%(criterion)s”: use at most two decimals.") % {"criterion": label}, code=ErrorCode.BAD_SCORE
        )
    return value


def submit_evaluation(
    evaluation: Evaluation,
    *,
    scores: Mapping[int, tuple[Any, str]],
    comment: str = "",
    actor: Any,
    expected_version: int | str | None = None,
) -> Evaluation:
    """Save the evaluator's scores (criterion id -> (value, comment)) for every criterion
    of the grid. A page loaded before someone else's save is refused (stale version);
    the same submission sent twice saves once."""
    if _user(actor) is None or actor.pk != evaluation.evaluator_id:
        raise CommitteeError(
            _("Only the assigned evaluator can score this dossier."),
            code=ErrorCode.NOT_EVALUATOR,
            status_code=403,
        )
    grid = grid_for(evaluation.dossier)
    criteria = list(grid.criteria.all())
    parsed: dict[int, tuple[Decimal, str]] = {}
    for criterion in criteria:
        if criterion.pk not in scores or str(scores[criterion.pk][0]).strip() == "":
            raise CommitteeError(
                _("“%(criterion)s”: give a score.") % {"criterion": criterion.name},
                code=ErrorCode.MISSING_SCORE,
            )
        raw, note = scores[criterion.pk]
        parsed[criterion.pk] = (_parse_value(raw, grid.scale_max, criterion.name), (note or "").strip()[:500])
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        _check_unlocked(locked.dossier)
        stored = {s.criterion_id: (s.value, s.comment) for s in locked.scores.all()}
        if expected_version not in (None, "") and str(expected_version) != str(locked.version):
            if stored == parsed and locked.comment == comment:
                return locked  # the same form sent twice: already saved
            raise CommitteeConflict(
                _("This evaluation was changed since you opened it. Review the saved scores and try again."),
                code=STALE_EDIT,
            )
        if stored == parsed and locked.comment == comment and locked.submitted_at:
            return locked
        for criterion_id, (value, note) in parsed.items():
            Score.objects.update_or_create(
                evaluation=locked, criterion_id=criterion_id, defaults={"value": value, "comment": note}
            )
        locked.comment = comment
        locked.submitted_at = timezone.now()
        locked.version += 1
        locked.save()
        record_action(
            "committees.evaluation.submitted",
            locked,
            actor=actor,
            dossier=locked.dossier_id,
            scores={str(k): str(v[0]) for k, v in parsed.items()},
        )
    return locked
