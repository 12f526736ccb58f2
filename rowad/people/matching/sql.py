"""The matching expressed as SQL (DuckDB dialect, kept to functions Spark SQL / BigQuery /
Snowflake also have or that Splink ships UDFs for: jaro_winkler_similarity,
damerau_levenshtein, list_has_any ~ arrays_overlap). docs/deduplication.md shows how to
run the same statements on a warehouse.

Tables: `raw` (loaded rows, features.RAW_COLUMNS) + `names` (one row per distinct name,
keyed in Python) -> `rec` (one row per record, FEATURES) -> `rec2` (derived keys) ->
`bkeys` (block keys) -> `cand` (blocked candidate pairs) -> `cmp` (comparison levels).
"""

# Per-record features (Arabic-Indic and Persian digits read as digits; features.phone_digits and features.national_id_key are the same
# rules in Python): the last 9 digits of each phone (the national significant number in
# Algeria and Morocco), distinct and sorted; IDs upper-cased without separators; the
# birth date in parts, 1 January read as "only the year is known" (presumed).
FEATURES = """
SELECT r.rid, r.src,
  coalesce(ga.key, '') AS given_key_ar, coalesce(gl.key, '') AS given_key_lat,
  coalesce(fa.key, '') AS family_key_ar, coalesce(fl.key, '') AS family_key_lat,
  CASE WHEN gl.name IS NOT NULL AND NOT gl.arabic THEN gl.folded ELSE coalesce(ga.folded, '') END AS given_text,
  CASE WHEN fl.name IS NOT NULL AND NOT fl.arabic THEN fl.folded ELSE coalesce(fa.folded, '') END AS family_text,
  regexp_replace(upper(translate(r.national_id, '٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹', '01234567890123456789')), '[^0-9A-Z]', '', 'g')
    AS national_id,
  CASE WHEN p1 = '' THEN p2 WHEN p2 = '' THEN p1 ELSE least(p1, p2) END AS phone1,
  CASE WHEN p1 = '' OR p2 = '' OR p1 = p2 THEN '' ELSE greatest(p1, p2) END AS phone2,
  year(r.birth) AS birth_year, month(r.birth) AS birth_month, day(r.birth) AS birth_day,
  CASE WHEN month(r.birth) = 1 AND day(r.birth) = 1 THEN 1 ELSE 0 END AS presumed,
  upper(left(r.sex, 1)) AS sex, r.province, upper(r.country) AS country
FROM (
  SELECT *,
    CASE WHEN length(d1) >= 8 THEN right(d1, 9) ELSE '' END AS p1,
    CASE WHEN length(d2) >= 8 THEN right(d2, 9) ELSE '' END AS p2
  FROM (
    SELECT *,
      regexp_replace(translate(phone, '٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹', '01234567890123456789'), '[^0-9]', '', 'g') AS d1,
      regexp_replace(translate(phone_alt, '٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹', '01234567890123456789'), '[^0-9]', '', 'g') AS d2
    FROM raw
  )
) r
LEFT JOIN names ga ON ga.name = r.given_ar
LEFT JOIN names fa ON fa.name = r.family_ar
LEFT JOIN names gl ON gl.name = r.given_lat
LEFT JOIN names fl ON fl.name = r.family_lat
"""

# Derived per-record columns: primary keys (Latin skeleton when present, else Arabic),
# the lists of all keys, sorted name pair (order-free, so swapped names block together),
# birth month/day sorted (so day/month swaps block together).
REC2 = """
CREATE OR REPLACE TABLE rec2 AS
SELECT *,
  coalesce(nullif(given_key_lat, ''), given_key_ar) AS g,
  coalesce(nullif(family_key_lat, ''), family_key_ar) AS f,
  list_distinct(list_filter([given_key_lat, given_key_ar], lambda x: x <> '')) AS gks,
  list_distinct(list_filter([family_key_lat, family_key_ar], lambda x: x <> '')) AS fks,
  CASE WHEN birth_month IS NULL OR presumed = 1 THEN NULL
       ELSE least(birth_month, birth_day) * 100 + greatest(birth_month, birth_day) END AS md
FROM rec
"""

# Block keys: one row per (record, rule, key). A record with both scripts and keys that
# differ (a typo in one script) gets a row per variant. Half an ID (for IDs one character
# off) goes with the birth year: a Moroccan CIN's half is 4 characters, which ten
# thousand people share.
BLOCK_KEYS = """
CREATE OR REPLACE TABLE bkeys AS
WITH names AS (
  SELECT DISTINCT rid, src, gg, unnest(fks1) AS ff, birth_year, md
  FROM (
    SELECT rid, src, unnest(CASE WHEN len(gks) = 0 THEN [''] ELSE gks END) AS gg,
      CASE WHEN len(fks) = 0 THEN [''] ELSE fks END AS fks1, birth_year, md
    FROM rec2
  )
)
SELECT rid, src, 'nid' AS rule, national_id AS k FROM rec2 WHERE national_id <> ''
UNION ALL SELECT rid, src, 'nid_head', left(national_id, length(national_id) // 2) || '|' || birth_year
  FROM rec2 WHERE length(national_id) >= 8 AND birth_year IS NOT NULL
UNION ALL SELECT rid, src, 'nid_tail', right(national_id, length(national_id) - length(national_id) // 2)
    || '|' || birth_year
  FROM rec2 WHERE length(national_id) >= 8 AND birth_year IS NOT NULL
UNION ALL SELECT rid, src, 'phone', phone1 FROM rec2 WHERE phone1 <> ''
UNION ALL SELECT rid, src, 'phone', phone2 FROM rec2 WHERE phone2 <> ''
UNION ALL SELECT rid, src, 'names_year', least(gg, ff) || '|' || greatest(gg, ff) || '|' || birth_year
  FROM names WHERE gg <> '' AND ff <> '' AND birth_year IS NOT NULL
UNION ALL SELECT rid, src, 'names_md', least(gg, ff) || '|' || greatest(gg, ff) || '|' || md
  FROM names WHERE gg <> '' AND ff <> '' AND md IS NOT NULL
UNION ALL SELECT rid, src, 'given_date', gg || '|' || birth_year || '|' || md
  FROM names WHERE gg <> '' AND md IS NOT NULL
UNION ALL SELECT rid, src, 'family_date', ff || '|' || birth_year || '|' || md
  FROM names WHERE ff <> '' AND md IS NOT NULL
UNION ALL SELECT rid, src, 'names_only', least(gg, ff) || '|' || greatest(gg, ff)
  FROM names WHERE gg <> '' AND ff <> '' AND birth_year IS NULL
"""

# Candidate pairs: records sharing a block key, skipping oversized blocks (a partner
# office's phone typed for 500 people is no evidence and would explode the pair count).
# Common name pairs born the same year ("Mohamed Benali", 1998) make blocks of hundreds
# at national scale; their duplicates also share the day and month or one name and the
# full date, so that rule has a smaller cap (BLOCK_CAPS): at 1,000,000 people it cuts
# the pairs to compare by 30 % and keeps 99.9 % of the true pairs (docs/benchmarks.md).
# `{pair_filter}` restricts pairs for incremental and incoming runs.
BLOCK_CAPS = {"names_year": 60}
CANDIDATES = """
CREATE OR REPLACE TABLE cand AS
WITH sized AS (
  SELECT rid, src, rule, k, count(*) OVER (PARTITION BY rule, k) AS n FROM bkeys
), usable AS (SELECT rid, src, rule, k FROM sized WHERE n >= 2 AND n <= {max_block})
SELECT DISTINCT a.rid AS rid_l, b.rid AS rid_r
FROM usable a JOIN usable b ON a.rule = b.rule AND a.k = b.k AND a.rid < b.rid
WHERE {pair_filter}
"""

PAIR_FILTERS = {
    # every pair in the registry
    "all": "TRUE",
    # incremental: pairs with at least one new record
    "any_new": "(a.src = 'i' OR b.src = 'i')",
    # incoming rows against the registry only
    "new_vs_registry": "(a.src <> b.src)",
}

# Comparison levels of one pair. Names are first oriented: when the given name of one
# record matches the family name of the other and vice versa, the pair is compared
# swapped. Levels (higher = stronger agreement; NULL = a side is missing):
#   given/family: 4 same spelling, 3 same skeleton (transliteration, other script),
#                 2 typo (one edit on the skeleton, or close spelling), 1 similar, 0 other
#   birth: 5 same date, 4 day/month swapped, 3 same year with a presumed date,
#          2 one part differs, 1 within two years, 0 other
#   nid: 2 same, 1 one character off, 0 other;  phone: 1 shared, 0 none shared
#   sex, province: 1 same, 0 different
COMPARE = """
CREATE OR REPLACE TABLE cmp AS
WITH j AS (
  SELECT c.rid_l, c.rid_r,
    l.g AS lg, l.f AS lf, l.gks AS lgks, l.fks AS lfks, l.given_text AS lgt, l.family_text AS lft,
    r.gks AS rgks, r.fks AS rfks,
    (list_has_any(l.gks, r.fks) AND list_has_any(l.fks, r.gks)
      AND NOT (list_has_any(l.gks, r.gks) AND list_has_any(l.fks, r.fks))) AS swapped,
    r.g AS rg0, r.f AS rf0, r.given_text AS rgt0, r.family_text AS rft0,
    l.national_id AS lnid, r.national_id AS rnid,
    l.phone1 AS lp1, l.phone2 AS lp2, r.phone1 AS rp1, r.phone2 AS rp2,
    l.birth_year AS ly, l.birth_month AS lm, l.birth_day AS ld, l.presumed AS lpr,
    r.birth_year AS ry, r.birth_month AS rm, r.birth_day AS rd, r.presumed AS rpr,
    l.sex AS ls, r.sex AS rs, l.province AS lprov, r.province AS rprov
  FROM cand c JOIN rec2 l ON l.rid = c.rid_l JOIN rec2 r ON r.rid = c.rid_r
), o AS (
  SELECT *,
    CASE WHEN swapped THEN rf0 ELSE rg0 END AS rg,
    CASE WHEN swapped THEN rg0 ELSE rf0 END AS rf,
    CASE WHEN swapped THEN rfks ELSE rgks END AS rgk,
    CASE WHEN swapped THEN rgks ELSE rfks END AS rfk,
    CASE WHEN swapped THEN rft0 ELSE rgt0 END AS rgt,
    CASE WHEN swapped THEN rgt0 ELSE rft0 END AS rft
  FROM j
)
SELECT rid_l, rid_r, swapped,
  lg AS gkey, lf AS fkey,
  CASE WHEN lg = '' OR rg = '' THEN NULL
       WHEN lgt <> '' AND lgt = rgt THEN 4
       WHEN list_has_any(lgks, rgk) THEN 3
       WHEN (least(length(lg), length(rg)) >= 3 AND damerau_levenshtein(lg, rg) <= 1)
         OR jaro_winkler_similarity(lgt, rgt) >= 0.92 THEN 2
       WHEN jaro_winkler_similarity(lg, rg) >= 0.75 THEN 1
       ELSE 0 END AS given_l,
  CASE WHEN lf = '' OR rf = '' THEN NULL
       WHEN lft <> '' AND lft = rft THEN 4
       WHEN list_has_any(lfks, rfk) THEN 3
       WHEN (least(length(lf), length(rf)) >= 3 AND damerau_levenshtein(lf, rf) <= 1)
         OR jaro_winkler_similarity(lft, rft) >= 0.92 THEN 2
       WHEN jaro_winkler_similarity(lf, rf) >= 0.75 THEN 1
       ELSE 0 END AS family_l,
  CASE WHEN ly IS NULL OR ry IS NULL THEN NULL
       WHEN ly = ry AND lm = rm AND ld = rd AND lpr = 0 THEN 5
       WHEN ly = ry AND lm = rd AND ld = rm THEN 4
       WHEN ly = ry AND (lpr = 1 OR rpr = 1) THEN 3
       WHEN (ly = ry AND lm = rm) OR (ly = ry AND ld = rd) OR (lm = rm AND ld = rd AND abs(ly - ry) <= 10) THEN 2
       WHEN abs(ly - ry) <= 2 THEN 1
       ELSE 0 END AS birth_l,
  CASE WHEN lnid = '' OR rnid = '' THEN NULL
       WHEN lnid = rnid THEN 2
       WHEN length(lnid) = length(rnid) AND damerau_levenshtein(lnid, rnid) <= 1 THEN 1
       ELSE 0 END AS nid_l,
  CASE WHEN lp1 = '' OR rp1 = '' THEN NULL
       WHEN lp1 IN (rp1, rp2) OR (lp2 <> '' AND lp2 IN (rp1, rp2)) THEN 1
       ELSE 0 END AS phone_l,
  CASE WHEN ls = '' OR rs = '' THEN NULL WHEN ls = rs THEN 1 ELSE 0 END AS sex_l,
  CASE WHEN lprov = '' OR rprov = '' THEN NULL WHEN lprov = rprov THEN 1 ELSE 0 END AS province_l
FROM o
"""

# Random pairs for the u probabilities (how often fields agree by chance).
RANDOM_PAIRS = """
CREATE OR REPLACE TABLE cand AS
WITH a AS (SELECT rid, row_number() OVER () AS n FROM (SELECT rid FROM rec2 USING SAMPLE {n} ROWS (reservoir, 7))),
     b AS (SELECT rid, row_number() OVER () AS n FROM (SELECT rid FROM rec2 USING SAMPLE {n} ROWS (reservoir, 11)))
SELECT least(a.rid, b.rid) AS rid_l, greatest(a.rid, b.rid) AS rid_r FROM a JOIN b USING (n) WHERE a.rid <> b.rid
"""

# Term frequencies of name keys (for the exact-agreement levels: sharing "mhmd" says less
# than sharing a rare name).
TERM_FREQUENCIES = """
CREATE OR REPLACE TABLE tf AS
SELECT 'g' AS field, g AS k, count(*)::DOUBLE / (SELECT count(*) FROM rec2) AS freq FROM rec2 WHERE g <> '' GROUP BY g
UNION ALL
SELECT 'f', f, count(*)::DOUBLE / (SELECT count(*) FROM rec2) FROM rec2 WHERE f <> '' GROUP BY f
"""

LEVEL_COLUMNS = ("given_l", "family_l", "birth_l", "nid_l", "phone_l", "sex_l", "province_l")
