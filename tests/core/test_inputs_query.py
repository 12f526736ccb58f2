"""rowad.core.inputs: the one parser of ids and numbers read from query strings (issue 18,
item 3)."""

from __future__ import annotations

import pytest

from rowad.core.errors import DomainError
from rowad.core.inputs import MAX_DB_INTEGER, is_ascii_integer, parse_choice, parse_id, parse_int

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "value",
    ["9223372036854775808", "²", "١٢", "-1", "0", "1e3", "1.0", "\x00", "9" * 10_000, " 1 2", "+1", "0x10"],
)
def test_inputs_parse_id_refuses_what_is_not_a_record_id(value):
    with pytest.raises(DomainError) as caught:
        parse_id(value, "province", "Province")
    assert caught.value.code == "invalid"
    assert caught.value.field == "province"
    assert "Province" in caught.value.message


@pytest.mark.parametrize(
    ("value", "expected"), [("1", 1), (" 42 ", 42), (str(MAX_DB_INTEGER), MAX_DB_INTEGER), (7, 7)]
)
def test_inputs_parse_id_reads_ascii_digits_within_64_bits(value, expected):
    assert parse_id(value, "id", "Id") == expected


@pytest.mark.parametrize("value", [None, "", "  "])
def test_inputs_parse_id_empty_is_none(value):
    assert parse_id(value, "id", "Id") is None


def test_inputs_parse_int_bounds_and_sign():
    assert parse_int("-3", "n", "N") == -3
    assert parse_int("5", "n", "N", minimum=0, maximum=5) == 5
    with pytest.raises(DomainError):
        parse_int("6", "n", "N", minimum=0, maximum=5)
    with pytest.raises(DomainError):
        parse_int("-1", "n", "N", minimum=0)
    with pytest.raises(DomainError):
        parse_int(True, "n", "N")


def test_inputs_is_ascii_integer():
    assert is_ascii_integer("123")
    assert not is_ascii_integer("²")
    assert not is_ascii_integer("-1")
    assert is_ascii_integer("-1", signed=True)
    assert is_ascii_integer(str(MAX_DB_INTEGER))
    assert not is_ascii_integer("9223372036854775808")
    assert not is_ascii_integer(None)
    assert not is_ascii_integer("")


def test_inputs_parse_choice():
    from rowad.core.enums import Sex

    assert parse_choice(Sex.values[0], "sex", "Sex", Sex) == Sex.values[0]
    assert parse_choice("", "sex", "Sex", Sex) is None
    with pytest.raises(DomainError):
        parse_choice("other", "sex", "Sex", ["m", "f"])
