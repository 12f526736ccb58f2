import pytest
from django.core.exceptions import ValidationError

from rowad.core.validators import normalize_phone, validate_national_id

pytestmark = pytest.mark.unit


def test_validate_national_id_accepts_18_digit_nin_with_spaces():
    assert validate_national_id("1099 9010 1000 0000 31", "DZ") == "109990101000000031"


@pytest.mark.parametrize("value", ["12345", "1234567890123456789", "10999010100000003A"])
def test_validate_national_id_refuses_bad_nin(value):
    with pytest.raises(ValidationError) as error:
        validate_national_id(value, "DZ")
    assert error.value.code == "invalid_nin"


@pytest.mark.parametrize(("value", "expected"), [("ab123456", "AB123456"), ("R 12345", "R12345")])
def test_validate_national_id_accepts_moroccan_cin(value, expected):
    assert validate_national_id(value, "MA") == expected


@pytest.mark.parametrize("value", ["123456", "ABC12345", "AB12345678"])
def test_validate_national_id_refuses_bad_cin(value):
    with pytest.raises(ValidationError) as error:
        validate_national_id(value, "MA")
    assert error.value.code == "invalid_cin"


@pytest.mark.parametrize(
    ("value", "country", "expected"),
    [
        ("0550 12 34 56", "DZ", "+213550123456"),
        ("+213 550-12-34-56", "DZ", "+213550123456"),
        ("00213550123456", "DZ", "+213550123456"),
        ("06 61 23 45 67", "MA", "+212661234567"),
    ],
)
def test_normalize_phone_returns_e164(value, country, expected):
    assert normalize_phone(value, country) == expected


@pytest.mark.parametrize("value", ["123", "not a phone", "0550"])
def test_normalize_phone_refuses_invalid(value):
    with pytest.raises(ValidationError):
        normalize_phone(value, "DZ")
