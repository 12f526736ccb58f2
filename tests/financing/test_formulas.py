"""Formulas as data (rowad.financing.services.formulas.save_formula)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from rowad.accounts.enums import Role
from rowad.core.concurrency import STALE_EDIT
from rowad.dossiers.enums import FinancingKind
from rowad.financing.enums import ErrorCode, InterestBearer
from rowad.financing.errors import FinancingError
from rowad.financing.models import FinancingFormula
from rowad.financing.services import formulas
from tests.dossiers.factories import oran_programme

pytestmark = pytest.mark.integration

DATA = {"code": "anade-3", "name_fr": "Formule triangulaire", "name_ar": "الصيغة الثلاثية", "currency": "DZD"}


def _parts(world, **changes):
    parts = [
        {"kind": FinancingKind.PERSONAL_CONTRIBUTION, "share": "2"},
        {
            "kind": FinancingKind.AGENCY_LOAN,
            "funder": world.oran_agency,
            "share": "28",
            "repaid": True,
            "term_months": 96,
            "grace_months": 36,
        },
        {
            "kind": FinancingKind.BANK_LOAN,
            "share": "70",
            "is_remainder": True,
            "repaid": True,
            "term_months": 60,
            "grace_months": 12,
            "interest_rate": "5.5",
            "interest_borne_by": InterestBearer.SUBSIDY,
        },
    ]
    for index, change in changes.items():
        parts[int(index[1:])].update(change)
    return parts


def _officer(world):
    return world.users[Role.AGENCY_OFFICER]


def test_save_formula_creates_the_three_part_formula(world):
    programme = oran_programme(world)

    formula = formulas.save_formula(
        None, programme=programme, data=DATA, parts=_parts(world), actor=_officer(world)
    )

    assert [(p.kind, p.share, p.is_remainder, p.position) for p in formula.parts.all()] == [
        (FinancingKind.PERSONAL_CONTRIBUTION, D("2.000"), False, 0),
        (FinancingKind.AGENCY_LOAN, D("28.000"), False, 1),
        (FinancingKind.BANK_LOAN, D("70.000"), True, 2),
    ]
    assert formula.parts.get(position=2).interest_borne_by == InterestBearer.SUBSIDY


@pytest.mark.parametrize(
    "changes",
    [
        {"p1": {"share": "120"}},
        {"p1": {"share": "-1"}},
        {"p1": {"term_months": 36}},
        {"p2": {"term_months": None}},
        {"p1": {"share": "20"}, "p2": {"share": "70"}},
        {"p0": {"share": None}},
        {"p1": {"is_remainder": True}},
    ],
)
def test_save_formula_incoherent_parts_are_refused(world, changes):
    programme = oran_programme(world)

    with pytest.raises(FinancingError) as exc:
        formulas.save_formula(
            None, programme=programme, data=DATA, parts=_parts(world, **changes), actor=_officer(world)
        )

    assert exc.value.code == ErrorCode.INVALID_FORMULA
    assert not FinancingFormula.objects.exists()


def test_save_formula_wrong_currency_is_refused(world):
    with pytest.raises(FinancingError) as exc:
        formulas.save_formula(
            None,
            programme=oran_programme(world),
            data={**DATA, "currency": "EUR"},
            parts=_parts(world),
            actor=_officer(world),
        )

    assert exc.value.field == "currency"


def test_save_formula_stale_edit_is_refused(world):
    programme = oran_programme(world)
    formula = formulas.save_formula(
        None, programme=programme, data=DATA, parts=_parts(world), actor=_officer(world)
    )
    parts = [
        {
            "id": p.pk,
            "kind": p.kind,
            "funder": p.funder,
            "share": p.share,
            "cap": p.cap,
            "is_remainder": p.is_remainder,
            "repaid": p.repaid,
            "term_months": p.term_months,
            "grace_months": p.grace_months,
        }
        for p in formula.parts.all()
    ]
    formulas.save_formula(
        formula,
        programme=programme,
        data={**DATA, "name_fr": "V2"},
        parts=parts,
        actor=_officer(world),
        expected_version=1,
    )

    with pytest.raises(FinancingError) as exc:
        formulas.save_formula(
            formula,
            programme=programme,
            data={**DATA, "name_fr": "V3"},
            parts=parts,
            actor=_officer(world),
            expected_version=1,
        )

    assert exc.value.code == STALE_EDIT
    assert FinancingFormula.objects.get(pk=formula.pk).name_fr == "V2"


def test_save_formula_by_officer_of_another_operator_is_refused(world):
    with pytest.raises(FinancingError) as exc:
        formulas.save_formula(
            None, programme=oran_programme(world), data=DATA, parts=_parts(world), actor=world.outsider
        )

    assert exc.value.status_code == 403
