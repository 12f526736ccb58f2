"""Matching features and the engine on small hand-made registries (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rowad.people.matching import training
from rowad.people.matching.engine import MatchEngine, probability
from rowad.people.matching.features import PersonRecord, full_name_key, national_id_key, phone_digits

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["Mohamed", "Mohammed", "Mouhamed", "Muhammad", "محمد"], "mhmd"),
        (["Abdelkader", "Abd El Kader", "Abd-El-Kader", "عبد القادر", "عبدالقادر"], "bdlkdr"),
        (["Benali", "Ben Ali", "Ben-Ali", "بن علي"], "bnl"),
        (["Ouahiba", "Wahiba", "وهيبة"], "hb"),
        (["Djamel", "Jamal", "جمال"], "jml"),
        (["Cherif", "Sherif", "Chérif", "شريف"], "srf"),
    ],
)
def test_full_name_key_same_across_scripts_and_transliterations(spellings, key):
    assert {full_name_key(s) for s in spellings} == {key}


def test_phone_digits_any_format_same():
    formats = ["0550 12 34 56", "+213550123456", "00213 550 123 456", "0550-12-34-56", "٠٥٥٠١٢٣٤٥٦"]
    assert {phone_digits(p) for p in formats} == {"550123456"}


def test_phone_digits_too_short_is_empty():
    assert phone_digits("12 34") == ""


def test_national_id_key_drops_separators():
    assert national_id_key(" ab-123 456 ") == "AB123456"


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz -", max_size=30))
def test_full_name_key_independent_of_case_and_separators(text):
    assert full_name_key(text.upper().replace("-", " ")) == full_name_key(text)


@given(st.sampled_from(["محمد", "عبد القادر", "بن علي", "يوسف", "فاطمة"]), st.sampled_from(["", " ", "ـ"]))
def test_full_name_key_ignores_tatweel_and_spaces(name, noise):
    assert full_name_key(name + noise) == full_name_key(name)


def test_probability_bounds():
    assert (probability(0), probability(100), probability(-100)) == (0.5, 1.0, 0.0)


def _registry() -> list[PersonRecord]:
    """A small registry: three duplicate pairs, two hard negatives, filler people."""
    people = [
        # 1 ~ 2: Arabic only vs Latin only, phone written two ways, no ID on one side.
        PersonRecord(
            1, "محمد", "بن علي", "", "", "", "0550 12 34 56", "", date(1995, 3, 14), "M", "31", "DZ"
        ),
        PersonRecord(
            2, "", "", "Mouhamed", "Ben Ali", "", "+213550123456", "", date(1995, 3, 14), "M", "31", "DZ"
        ),
        # 3 ~ 4: given and family swapped, day and month swapped, ID one digit off.
        PersonRecord(
            3,
            "",
            "",
            "Abdelkader",
            "Zerrouki",
            "123456789012345678",
            "",
            "",
            date(1990, 4, 7),
            "M",
            "16",
            "DZ",
        ),
        PersonRecord(
            4, "زروقي", "عبد القادر", "", "", "123456789012345679", "", "", date(1990, 7, 4), "M", "16", "DZ"
        ),
        # 5 ~ 6: presumed year only, typo in the family name.
        PersonRecord(
            5,
            "",
            "",
            "Fatima",
            "Hammouche",
            "X123456",
            "0661 11 22 33",
            "",
            date(1988, 1, 1),
            "F",
            "09",
            "MA",
        ),
        PersonRecord(6, "", "", "Fatma", "Hamouche", "X123456", "", "", date(1988, 6, 2), "F", "09", "MA"),
        # 7, 8: twins (same family, phone, birth date, province; different given names).
        PersonRecord(
            7,
            "",
            "",
            "Yacine",
            "Bouzid",
            "111111111111111111",
            "0770 00 00 01",
            "",
            date(2000, 5, 5),
            "M",
            "31",
            "DZ",
        ),
        PersonRecord(
            8,
            "",
            "",
            "Sofiane",
            "Bouzid",
            "222222222222222222",
            "0770 00 00 01",
            "",
            date(2000, 5, 5),
            "M",
            "31",
            "DZ",
        ),
    ]
    givens = ["Karim", "Nabil", "Omar", "Samir", "Tarek", "Walid", "Amina", "Leila", "Nadia", "Salma"]
    families = ["Saidi", "Haddad", "Mansouri", "Khelifi", "Belaid", "Merabet", "Kadri", "Tazi"]
    rid = 9
    for i, g in enumerate(givens):
        for j, f in enumerate(families):
            people.append(
                PersonRecord(
                    rid,
                    "",
                    "",
                    g,
                    f,
                    f"{rid:018d}",
                    f"05{rid:08d}",
                    "",
                    date(1980 + (i + j) % 20, 1 + j % 12, 1 + i),
                    "MF"[i // 6],
                    str(i),
                    "DZ",
                )
            )
            rid += 1
    return people


@pytest.fixture(scope="module")
def scored():
    engine = MatchEngine(threads=1)
    engine.load(_registry())
    engine.train()
    pairs = {(p.rid_l, p.rid_r): p for p in engine.run(threshold=1e-6, parameters=engine.parameters)}
    yield pairs
    engine.close()


@pytest.mark.parametrize("pair", [(1, 2), (3, 4), (5, 6)])
def test_engine_duplicates_score_above_likely(scored, pair):
    assert scored[pair].weight >= 10


def test_engine_twins_score_below_duplicates(scored):
    twins = scored.get((7, 8))
    weakest_duplicate = min(scored[p].weight for p in [(1, 2), (3, 4), (5, 6)])
    assert twins is None or twins.weight < weakest_duplicate - 10


def test_engine_swapped_names_detected(scored):
    assert scored[(3, 4)].swapped is True


def test_engine_explanation_names_every_field(scored):
    fields = [e["field"] for e in scored[(1, 2)].explanation]
    assert fields == ["given_name", "family_name", "birth_date", "national_id", "phone", "sex", "province"]


def test_engine_explanation_levels_cross_script(scored):
    levels = {e["field"]: e["level"] for e in scored[(1, 2)].explanation}
    assert (levels["given_name"], levels["family_name"], levels["national_id"], levels["phone"]) == (
        "same_key",
        "same_key",
        "missing",
        "shared",
    )


def test_engine_explanation_day_month_swapped(scored):
    levels = {e["field"]: e["level"] for e in scored[(3, 4)].explanation}
    assert (levels["birth_date"], levels["national_id"]) == ("day_month_swapped", "one_character_off")


def test_engine_excluded_pairs_not_returned():
    engine = MatchEngine(threads=1)
    engine.load(_registry())
    engine.train()
    pairs = engine.run(threshold=1e-6, parameters=engine.parameters, excluded=[(2, 1)])
    engine.close()
    assert (1, 2) not in {(p.rid_l, p.rid_r) for p in pairs}


def test_engine_new_vs_registry_only_cross_pairs():
    engine = MatchEngine(threads=1)
    records = _registry()
    engine.load([r for r in records if r.rid != 2], src="r")
    engine.load([r for r in records if r.rid == 2], src="i")
    engine.train()
    pairs = engine.run(pair_filter="new_vs_registry", threshold=0.5, parameters=engine.parameters)
    engine.close()
    assert [(p.rid_l, p.rid_r) for p in pairs] == [(1, 2)]


def test_sql_features_agree_with_the_python_rules():
    """sql.FEATURES computes per record what phone_digits and national_id_key say."""
    phones = [
        ("0550 12 34 56", "+213 661-00-00-01"),
        ("٠٥٥٠١٢٣٤٥٦", "0550123456"),
        ("12 34", ""),
        ("", "0661000001"),
    ]
    ids = [" ab-123 456 ", "١٢٣٤٥٦٧٨٩", "", "K 123.456"]
    records = [
        PersonRecord(rid=i, given_name_latin="Ali", national_id=nid, phone=a, phone_alt=b)
        for i, ((a, b), nid) in enumerate(zip(phones, ids, strict=True))
    ]
    engine = MatchEngine(threads=1)
    engine.load(records)
    rows = engine.con.execute("SELECT rid, national_id, phone1, phone2 FROM rec ORDER BY rid").fetchall()
    engine.close()
    expected = []
    for r in records:
        digits = [*sorted({d for d in (phone_digits(r.phone), phone_digits(r.phone_alt)) if d}), "", ""]
        expected.append((r.rid, national_id_key(r.national_id), digits[0], digits[1]))
    assert rows == expected


def test_sql_features_name_keys_and_dates():
    engine = MatchEngine(threads=1)
    engine.load(
        [PersonRecord(rid=1, given_name_ar="محمد", family_name_latin="Ben Ali", birth_date=date(1999, 1, 1))]
    )
    row = engine.con.execute(
        "SELECT given_key_ar, given_key_lat, family_key_lat, given_text, family_text, birth_year, presumed FROM rec"
    ).fetchone()
    engine.close()
    assert row == ("mhmd", "", "bnl", "محمد", "benali", 1999, 1)


def _engine_with_comparisons(counts: dict[tuple[int, int], int]) -> MatchEngine:
    """An engine whose `cmp` holds `count` pairs per (same ID?, same names and date?)."""
    engine = MatchEngine(threads=1)
    engine.con.execute("CREATE TABLE cmp (nid_l INTEGER, given_l INTEGER, family_l INTEGER, birth_l INTEGER)")
    for (same_id, same_names), count in counts.items():
        engine.con.execute(
            "INSERT INTO cmp SELECT ?, ?, ?, ? FROM range(?)",
            [
                2 if same_id else 0,
                4 if same_names else 0,
                3 if same_names else 0,
                5 if same_names else 0,
                count,
            ],
        )
    return engine


def test_prior_by_capture_recapture():
    # 100 pairs share the ID, 80 the names and date, 40 both: 100 x 80 / 40 = 200
    # duplicates among 1,000 blocked pairs.
    engine = _engine_with_comparisons({(1, 1): 40, (1, 0): 60, (0, 1): 40, (0, 0): 860})
    assert training.estimate_prior_by_capture(engine) == pytest.approx(0.2)
    engine.close()


def test_prior_by_capture_needs_an_overlap():
    engine = _engine_with_comparisons({(1, 1): 5, (1, 0): 60, (0, 1): 40, (0, 0): 860})
    assert training.estimate_prior_by_capture(engine) is None
    engine.close()
