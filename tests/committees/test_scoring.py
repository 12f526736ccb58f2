from decimal import Decimal as D

import pytest

from rowad.accounts.enums import Role
from rowad.committees import services
from rowad.committees.models import Evaluation, Score
from rowad.committees.queries import score_summary
from rowad.committees.scoring import spread, weighted_mean
from rowad.core.errors import ConflictError, DomainError
from rowad.core.models import AuditEntry


def test_weighted_mean_weights_each_criterion():
    assert weighted_mean({"a": D(10), "b": D(16), "c": D(4)}, {"a": D(3), "b": D(2), "c": D(1)}) == D("11.00")


def test_weighted_mean_ignores_unscored_criteria():
    assert weighted_mean({"a": D(12)}, {"a": D(3), "b": D(2)}) == D("12.00")


def test_weighted_mean_of_nothing_is_none():
    assert weighted_mean({}, {"a": D(1)}) is None


def test_spread_gives_mean_min_max_and_population_stdev():
    result = spread([D(10), D(14), D(12), None])
    assert (result.count, result.mean, result.minimum, result.maximum, result.stdev) == (
        3,
        D("12.00"),
        D("10.00"),
        D("14.00"),
        D("1.63"),
    )
    assert result.range == D("4.00")


def test_spread_of_one_value_has_zero_stdev():
    assert spread([D(9)]).stdev == D("0.00")


def test_spread_of_nothing_is_empty():
    assert spread([]).mean is None


def _scores(committee, values):
    criteria = list(committee.grid.criteria.all())
    return {c.pk: (v, f"note {c.code}") for c, v in zip(criteria, values, strict=True)}


@pytest.mark.integration
def test_assign_evaluator_twice_creates_one_evaluation(committee):
    dossier, member = committee.dossiers[0], committee.members[0]
    first = services.assign_evaluator(dossier, evaluator=member, actor=committee.officer)
    second = services.assign_evaluator(dossier, evaluator=member, actor=committee.officer)
    assert first.pk == second.pk
    assert Evaluation.objects.filter(dossier=dossier).count() == 1


@pytest.mark.integration
def test_assign_evaluator_refuses_a_user_without_an_evaluator_role(committee):
    trainer = committee.world.users[Role.TRAINER]
    with pytest.raises(DomainError) as error:
        services.assign_evaluator(committee.dossiers[0], evaluator=trainer, actor=committee.officer)
    assert error.value.code == "not_evaluator"


@pytest.mark.integration
def test_submit_evaluation_saves_scores_and_audits(committee):
    evaluation = services.assign_evaluator(
        committee.dossiers[0], evaluator=committee.members[0], actor=committee.officer
    )
    saved = services.submit_evaluation(
        evaluation,
        scores=_scores(committee, ["15", "12,5", "10"]),
        comment="Solide",
        actor=committee.members[0],
        expected_version=1,
    )
    assert saved.version == 2
    assert sorted(Score.objects.filter(evaluation=evaluation).values_list("value", flat=True)) == [
        D(10),
        D("12.5"),
        D(15),
    ]
    assert AuditEntry.objects.filter(action="committees.evaluation.submitted").count() == 1


@pytest.mark.integration
def test_submit_evaluation_same_form_twice_saves_once(committee):
    member = committee.members[0]
    evaluation = services.assign_evaluator(committee.dossiers[0], evaluator=member, actor=committee.officer)
    scores = _scores(committee, ["15", "12", "10"])
    services.submit_evaluation(evaluation, scores=scores, actor=member, expected_version=1)
    again = services.submit_evaluation(evaluation, scores=scores, actor=member, expected_version=1)
    assert again.version == 2
    assert Score.objects.filter(evaluation=evaluation).count() == 3
    assert AuditEntry.objects.filter(action="committees.evaluation.submitted").count() == 1


@pytest.mark.integration
def test_submit_evaluation_from_a_stale_page_is_refused(committee):
    member = committee.members[0]
    evaluation = services.assign_evaluator(committee.dossiers[0], evaluator=member, actor=committee.officer)
    services.submit_evaluation(
        evaluation, scores=_scores(committee, ["15", "12", "10"]), actor=member, expected_version=1
    )
    with pytest.raises(ConflictError) as error:
        services.submit_evaluation(
            evaluation, scores=_scores(committee, ["5", "5", "5"]), actor=member, expected_version=1
        )
    assert error.value.code == "stale_edit"
    assert Score.objects.get(evaluation=evaluation, criterion__code="viability").value == D(15)


@pytest.mark.integration
def test_submit_evaluation_refuses_a_score_above_the_scale(committee):
    member = committee.members[0]
    evaluation = services.assign_evaluator(committee.dossiers[0], evaluator=member, actor=committee.officer)
    with pytest.raises(DomainError) as error:
        services.submit_evaluation(evaluation, scores=_scores(committee, ["21", "12", "10"]), actor=member)
    assert error.value.code == "score_out_of_range"


@pytest.mark.integration
def test_submit_evaluation_refuses_a_negative_score(committee):
    member = committee.members[0]
    evaluation = services.assign_evaluator(committee.dossiers[0], evaluator=member, actor=committee.officer)
    with pytest.raises(DomainError) as error:
        services.submit_evaluation(evaluation, scores=_scores(committee, ["-1", "12", "10"]), actor=member)
    assert error.value.code == "score_out_of_range"


@pytest.mark.integration
def test_submit_evaluation_refuses_text_as_a_score(committee):
    member = committee.members[0]
    evaluation = services.assign_evaluator(committee.dossiers[0], evaluator=member, actor=committee.officer)
    with pytest.raises(DomainError) as error:
        services.submit_evaluation(evaluation, scores=_scores(committee, ["good", "12", "10"]), actor=member)
    assert error.value.code == "bad_score"


@pytest.mark.integration
def test_submit_evaluation_refuses_a_missing_criterion(committee):
    member = committee.members[0]
    evaluation = services.assign_evaluator(committee.dossiers[0], evaluator=member, actor=committee.officer)
    with pytest.raises(DomainError) as error:
        services.submit_evaluation(evaluation, scores=_scores(committee, ["", "12", "10"]), actor=member)
    assert error.value.code == "missing_score"


@pytest.mark.integration
def test_submit_evaluation_by_someone_else_is_refused(committee):
    evaluation = services.assign_evaluator(
        committee.dossiers[0], evaluator=committee.members[0], actor=committee.officer
    )
    with pytest.raises(DomainError) as error:
        services.submit_evaluation(
            evaluation, scores=_scores(committee, ["1", "1", "1"]), actor=committee.members[1]
        )
    assert error.value.code == "not_evaluator"


@pytest.mark.integration
def test_scores_lock_once_the_committee_decided(committee):
    dossier, member = committee.dossiers[0], committee.members[0]
    evaluation = services.assign_evaluator(dossier, evaluator=member, actor=committee.officer)
    item = committee.session.items.create(dossier=dossier, position=1, decision="approved")
    assert services.scores_locked(dossier) is True
    with pytest.raises(DomainError) as error:
        services.submit_evaluation(evaluation, scores=_scores(committee, ["1", "1", "1"]), actor=member)
    assert error.value.code == "scores_locked"
    item.delete()
    assert services.scores_locked(dossier) is False


@pytest.mark.integration
def test_score_summary_averages_and_anonymises_for_committee_members(committee):
    dossier = committee.dossiers[0]
    for member, values in zip(committee.members[:2], (["16", "12", "8"], ["10", "14", "20"]), strict=True):
        evaluation = services.assign_evaluator(dossier, evaluator=member, actor=committee.officer)
        services.submit_evaluation(evaluation, scores=_scores(committee, values), actor=member)
    services.assign_evaluator(dossier, evaluator=committee.members[2], actor=committee.officer)

    summary = score_summary(dossier, user=committee.members[2])
    # (16·3 + 12·2 + 8·1) / 6 = 13.33 ; (10·3 + 14·2 + 20·1) / 6 = 13.00
    assert [row.total for row in summary.rows] == [D("13.33"), D("13.00")]
    assert (summary.overall.mean, summary.overall.minimum, summary.overall.maximum) == (
        D("13.17"),
        D("13.00"),
        D("13.33"),
    )
    assert summary.overall.stdev == D("0.17")
    assert [row.spread.mean for row in summary.criteria] == [D("13.00"), D("13.00"), D("14.00")]
    assert summary.pending == 1
    assert summary.anonymised is True
    assert [row.label for row in summary.rows] == ["Evaluator 1", "Evaluator 2"]


@pytest.mark.integration
def test_score_summary_shows_names_when_the_grid_says_so(committee):
    committee.grid.show_evaluator_names = True
    committee.grid.save()
    member = committee.members[1]
    evaluation = services.assign_evaluator(committee.dossiers[0], evaluator=member, actor=committee.officer)
    services.submit_evaluation(evaluation, scores=_scores(committee, ["10", "10", "10"]), actor=member)
    summary = score_summary(committee.dossiers[0], user=committee.members[2])
    assert [row.label for row in summary.rows] == ["Membre0"]


@pytest.mark.integration
def test_score_summary_shows_names_to_agency_officers(committee):
    member = committee.members[1]
    evaluation = services.assign_evaluator(committee.dossiers[0], evaluator=member, actor=committee.officer)
    services.submit_evaluation(evaluation, scores=_scores(committee, ["10", "10", "10"]), actor=member)
    summary = score_summary(committee.dossiers[0], user=committee.officer)
    assert summary.anonymised is False
    assert [row.label for row in summary.rows] == ["Membre0"]


@pytest.mark.integration
def test_save_grid_refuses_a_zero_weight(committee):
    with pytest.raises(DomainError) as error:
        services.save_grid(
            committee.programme, criteria=[{"code": "a", "weight": "0"}], actor=committee.officer
        )
    assert error.value.code == "bad_weight"


@pytest.mark.integration
def test_save_grid_is_idempotent(committee):
    criteria = [
        {"code": "viability", "weight": "3"},
        {"code": "skills", "weight": "2"},
        {"code": "impact", "weight": "1"},
    ]
    services.save_grid(committee.programme, criteria=criteria, actor=committee.officer)
    services.save_grid(committee.programme, criteria=criteria, actor=committee.officer)
    assert list(committee.grid.criteria.values_list("code", flat=True)) == ["viability", "skills", "impact"]
