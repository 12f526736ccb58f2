"""Registration identifiers: real-looking valid and invalid samples for each country, and
the stored (normalised) form. DZ NIF and MA ICE go through python-stdnum; the others are
checked against their format only (docs/enterprises.md)."""

from __future__ import annotations

import pytest
from stdnum.iso7064 import mod_97_10
from stdnum.ma import ice as stdnum_ice

from rowad.core.enums import CountryCode
from rowad.enterprises.enums import LegalForm
from rowad.enterprises.identifiers import IDENTIFIER_FIELDS, clean_identifiers, identifiers_for
from tests.enterprises.factories import VALID_DZ, VALID_MA

DZ, MA = CountryCode.ALGERIA, CountryCode.MOROCCO


def _ice(first13: str) -> str:
    """A valid ICE: 13 digits and two check digits making the number a multiple of 97
    (stdnum.ma.ice has no calc_check_digits; ISO 7064 aims at a remainder of 1, the
    ICE at 0: 97 minus the remainder of the number followed by 00)."""
    digits = f"{first13}{97 - mod_97_10.checksum(first13 + '00'):02d}"
    assert stdnum_ice.is_valid(digits)
    return digits


def _bad_check(number: str) -> str:
    """The same number with its last check digit changed (never valid again)."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def clean(country, field, value, legal_form=LegalForm.SARL):
    cleaned, errors = clean_identifiers(country, legal_form, {field: value})
    return cleaned.get(field), errors.get(field)


# --- valid samples, stored compact ----------------------------------------------------


@pytest.mark.parametrize(
    ("country", "field", "value", "stored"),
    [
        # Algeria: CNRC trade register, however spaced, stored as "16/00-0012345 B 08".
        (DZ, "trade_register", "16/00-0012345 B 08", "16/00-0012345 B 08"),
        (DZ, "trade_register", "31/00-0123456 A 19", "31/00-0123456 A 19"),
        (DZ, "trade_register", " 31/00-0123456b21 ", "31/00-0123456 B 21"),
        (DZ, "trade_register", "31/00-0123456   B   21", "31/00-0123456 B 21"),
        # NIF: 15 digits, or 20 for a secondary establishment (stdnum).
        (DZ, "tax_id", "000216001808337", "000216001808337"),
        (DZ, "tax_id", "408 020 000 150 039", "408020000150039"),
        (DZ, "tax_id", "000.216.001.808.337", "000216001808337"),
        (DZ, "tax_id", "000 216 001 808 337 13010", "00021600180833713010"),
        # NIS: 15 digits.
        (DZ, "statistical_id", "098731010012345", "098731010012345"),
        (DZ, "statistical_id", "0987 3101 0012 345", "098731010012345"),
        (DZ, "statistical_id", "098.731.010.012.345", "098731010012345"),
        # Morocco: RC number at its court, IF 7 or 8 digits.
        (MA, "trade_register", "4512", "4512"),
        (MA, "trade_register", "45 123", "45123"),
        (MA, "trade_register", "1234567", "1234567"),
        (MA, "tax_id", "40115543", "40115543"),
        (MA, "tax_id", "1234567", "1234567"),
        (MA, "tax_id", "401.155.43", "40115543"),
        # ICE: 15 digits with mod-97 check digits (stdnum).
        (MA, "ice", "001561191000066", "001561191000066"),
        (MA, "ice", "00 21 36 09 30 00 040", "002136093000040"),
        (MA, "ice", "001.561.191.000.066", "001561191000066"),
        (MA, "ice", _ice("0024816730001"), _ice("0024816730001")),
    ],
)
def test_valid_identifiers_are_stored_compact(country, field, value, stored):
    assert clean(country, field, value) == (stored, None)


@pytest.mark.parametrize("value", ["2017-12345", "2017 - 12345", "123", "456789"])
def test_a_moroccan_cooperative_takes_its_odco_number(value):
    stored, error = clean(MA, "odco_number", value, LegalForm.COOPERATIVE)
    assert error is None and stored == value.replace(" ", "")


def test_the_factories_samples_are_valid():
    for country, values in ((DZ, VALID_DZ), (MA, VALID_MA)):
        cleaned, errors = clean_identifiers(country, LegalForm.SARL, values)
        assert errors == {}
        assert {k: v for k, v in cleaned.items() if v} == values


# --- invalid samples ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "field", "value", "message"),
    [
        (DZ, "tax_id", "00021600180833", "wrong number of digits"),  # 14
        (DZ, "tax_id", "0002160018083371", "wrong number of digits"),  # 16
        (DZ, "tax_id", "12AB", "wrong number of digits"),
        (DZ, "tax_id", "X1600100000000V", "not in the expected format"),  # 15, letters
        (DZ, "statistical_id", "09873101001234", "not in the expected format"),  # 14 digits
        (DZ, "statistical_id", "0987310100123456", "not in the expected format"),  # 16
        (DZ, "statistical_id", "09873101001234A", "not in the expected format"),
        (DZ, "trade_register", "0123456 B 21", "not in the expected format"),  # no wilaya
        (DZ, "trade_register", "31/00-0123456 C 21", "not in the expected format"),  # A or B
        (DZ, "trade_register", "31/00-012345 B 21", "not in the expected format"),  # 6 digits
        (DZ, "trade_register", "31-00-0123456 B 21", "not in the expected format"),
        (DZ, "trade_register", "31/00-0123456 B 2021", "not in the expected format"),
        (MA, "ice", _bad_check("001561191000066"), "check digits are wrong"),
        (MA, "ice", _bad_check(_ice("0024816730001")), "check digits are wrong"),
        (MA, "ice", "00156119100006", "wrong number of digits"),  # 14
        (MA, "ice", "0015611910000660", "wrong number of digits"),  # 16
        (MA, "ice", "00156119100006A", "not in the expected format"),
        (MA, "tax_id", "401155", "not in the expected format"),  # IF of 6 digits
        (MA, "tax_id", "401155431", "not in the expected format"),  # 9
        (MA, "tax_id", "IF401155", "not in the expected format"),
        (MA, "trade_register", "RC 4512", "not in the expected format"),
        (MA, "trade_register", "12345678", "not in the expected format"),
    ],
)
def test_invalid_identifiers_are_refused_with_a_reason(country, field, value, message):
    stored, error = clean(country, field, value)
    assert stored is None
    assert message in error


def test_the_format_message_gives_an_example():
    _stored, error = clean(DZ, "trade_register", "31/00-0123456 C 21")
    assert error.startswith("Trade register number:") and "16/00-0012345 B 08" in error


@pytest.mark.parametrize("value", ["2017-ABCDE", "ODCO-123", "2017-1234567", "17-12345"])
def test_an_odco_number_with_letters_or_the_wrong_shape_is_refused(value):
    stored, error = clean(MA, "odco_number", value, LegalForm.COOPERATIVE)
    assert stored is None and "not in the expected format" in error


@pytest.mark.parametrize(
    ("country", "legal_form", "field", "value"),
    [
        (DZ, LegalForm.SARL, "ice", "001561191000066"),  # ICE is Moroccan
        (DZ, LegalForm.COOPERATIVE, "odco_number", "2017-12345"),  # ODCo is Moroccan
        (MA, LegalForm.SARL, "odco_number", "2017-12345"),  # cooperatives only
        (MA, LegalForm.MICRO_ENTERPRISE, "odco_number", "2017-12345"),
        (MA, LegalForm.SARL, "statistical_id", "098731010012345"),  # NIS is Algerian
        ("TN", LegalForm.SARL, "tax_id", "000216001808337"),  # a country not followed
    ],
)
def test_an_identifier_the_country_or_form_does_not_use_is_an_error(country, legal_form, field, value):
    stored, error = clean(country, field, value, legal_form)
    assert stored is None
    assert error == "This identifier is not used for this country or legal form."


def test_blank_identifiers_stay_blank_and_every_field_is_reported():
    cleaned, errors = clean_identifiers(MA, LegalForm.SARL, {"ice": "  ", "tax_id": None})
    assert errors == {}
    assert cleaned == dict.fromkeys(("trade_register", "tax_id", "statistical_id", "ice", "odco_number"), "")


def test_every_error_is_reported_not_only_the_first():
    cleaned, errors = clean_identifiers(
        DZ, LegalForm.SARL, {"trade_register": "31/00", "tax_id": "123", "statistical_id": "098731010012345"}
    )
    assert set(errors) == {"trade_register", "tax_id"}
    assert cleaned["statistical_id"] == "098731010012345"


def test_identifiers_per_country_and_form():
    assert [i.field for i in identifiers_for(DZ)] == ["trade_register", "tax_id", "statistical_id"]
    assert [i.field for i in identifiers_for(MA, LegalForm.SARL)] == ["trade_register", "ice", "tax_id"]
    assert [i.field for i in identifiers_for(MA, LegalForm.COOPERATIVE)][-1] == "odco_number"
    assert identifiers_for("TN") == ()
    # Only the ICE has check digits; the NIF is checked by stdnum for its length and digits.
    assert {i.field for c in (DZ, MA) for i in identifiers_for(c) if i.checksum} == {"ice"}
    assert all(f in IDENTIFIER_FIELDS for c in (DZ, MA) for f in (i.field for i in identifiers_for(c)))


def test_each_identifiers_own_example_is_valid():
    for country in (DZ, MA):
        for identifier in identifiers_for(country):
            assert identifier.clean(identifier.example)
