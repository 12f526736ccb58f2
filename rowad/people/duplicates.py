"""Duplicate detection over the registry: runs of the engine, the review queue, decisions,
and matching of incoming rows (imports) against the registry.

Settings (read here, all optional):
    ROWAD_DEDUP_REVIEW_SCORE      pairs at or above this match weight (bits) enter the
                                  review queue (default 10)
    ROWAD_DEDUP_AUTO_MERGE_SCORE  pairs at or above this weight are merged automatically
                                  (default None: never)
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from rowad.accounts.enums import Role
from rowad.core.audit import record_action
from rowad.core.concurrency import acting_user
from rowad.core.errors import ConflictError
from rowad.core.spreadsheets import neutralise_row

from .enums import ErrorCode
from .matching.engine import MatchEngine, Pair
from .matching.features import PersonRecord
from .merging import merge_people
from .models import DuplicateCandidate, DuplicateRun, Person, PersonMerge
from .queries import people_visible_to

DEFAULT_REVIEW_SCORE = 10.0
LIKELY_SCORE = 16.0  # benchmark's default cut for "likely the same person"


def review_score() -> float:
    return float(getattr(settings, "ROWAD_DEDUP_REVIEW_SCORE", DEFAULT_REVIEW_SCORE))


def auto_merge_score() -> float | None:
    value = getattr(settings, "ROWAD_DEDUP_AUTO_MERGE_SCORE", None)
    return None if value in (None, "") else float(value)


# -- reading the registry into the engine ----------------------------------------------------
RECORD_FIELDS = (
    "pk",
    "given_name_ar",
    "family_name_ar",
    "given_name_latin",
    "family_name_latin",
    "national_id",
    "phone",
    "phone_alt",
    "birth_date",
    "sex",
    "province_id",
    "country",
)


def active_people() -> QuerySet[Person]:
    return Person.objects.filter(merged_into__isnull=True, erased_at__isnull=True)


def registry_records(queryset: QuerySet[Person] | None = None) -> Iterator[PersonRecord]:
    rows = (queryset if queryset is not None else active_people()).order_by().values_list(*RECORD_FIELDS)
    for row in rows.iterator(chunk_size=5000):
        yield PersonRecord(
            rid=row[0],
            given_name_ar=row[1],
            family_name_ar=row[2],
            given_name_latin=row[3],
            family_name_latin=row[4],
            national_id=row[5],
            phone=row[6],
            phone_alt=row[7],
            birth_date=row[8],
            sex=row[9],
            province=str(row[10] or ""),
            country=row[11],
        )


def _decided_pairs() -> set[tuple[int, int]]:
    """Pairs never to propose again (not the same person) or already handled."""
    return set(
        DuplicateCandidate.objects.exclude(status=DuplicateCandidate.Status.OPEN).values_list(
            "person_a_id", "person_b_id"
        )
    )


# -- runs ---------------------------------------------------------------------------------------
def find_duplicates(*, incremental: bool = False, actor: Any = None) -> DuplicateRun:
    """Run the engine over the registry (or, incrementally, the people registered since the
    last run against everyone), store new candidate pairs in the review queue, update the
    score of open ones, and merge automatically above ROWAD_DEDUP_AUTO_MERGE_SCORE."""
    last = DuplicateRun.objects.filter(finished_at__isnull=False).order_by("-max_person_id").first()
    since = last.max_person_id if (incremental and last) else 0
    people = active_people()
    max_id = people.order_by("-pk").values_list("pk", flat=True).first() or 0
    if since:
        return _search(
            DuplicateRun.Kind.INCREMENTAL,
            registry=people.filter(pk__lte=since),
            new=people.filter(pk__gt=since),
            max_id=max_id,
            actor=actor,
        )
    return _search(DuplicateRun.Kind.FULL, registry=None, new=people, max_id=max_id, actor=actor)


def find_duplicates_of(selection: QuerySet[Person], *, actor: Any = None) -> DuplicateRun:
    """Search the people of `selection` (an import's people) against the whole registry and
    among themselves; their pairs enter the review queue. The run leaves the mark of the
    incremental runs where it was (max_person_id 0), so the daily run still searches
    everyone registered since its own last run."""
    people = active_people()
    chosen = selection.values("pk")
    return _search(
        DuplicateRun.Kind.INCREMENTAL,
        registry=people.exclude(pk__in=chosen),
        new=people.filter(pk__in=chosen),
        max_id=0,
        actor=actor,
    )


def _search(
    kind: str,
    *,
    registry: QuerySet[Person] | None,
    new: QuerySet[Person],
    max_id: int,
    actor: Any,
) -> DuplicateRun:
    """One run: `new` against `registry` (None: `new` among itself, the whole registry)."""
    started = time.perf_counter()
    run = DuplicateRun.objects.create(kind=kind)
    engine = MatchEngine()
    try:
        if registry is not None:
            engine.load(registry_records(registry), src="r")
            loaded = engine.load(registry_records(new), src="i")
        else:
            loaded = engine.load(registry_records(new))
        total = engine.count()
        pairs: list[Pair] = []
        if total >= 2 and loaded:
            engine.train()
            pairs = engine.run(
                pair_filter="all" if registry is None else "any_new",
                threshold=_probability_at(review_score()),
                parameters=engine.parameters,
                excluded=_decided_pairs(),
            )
        stored = store_candidates(pairs)
        run.auto_merged = auto_merge(stored, actor=actor)
        run.people = total
        run.new_people = loaded
        run.pairs = len(stored)
        run.max_person_id = max_id
        run.parameters = engine.parameters.as_dict() if engine.parameters else {}
    finally:
        engine.close()
    run.seconds = time.perf_counter() - started
    run.finished_at = timezone.now()
    run.save()
    return run


def _probability_at(bits: float) -> float:
    from .matching.engine import probability

    return probability(bits)


def store_candidates(pairs: Iterable[Pair]) -> list[DuplicateCandidate]:
    """Insert new pairs, refresh the score of pairs still open; decided pairs untouched."""
    stored = []
    with transaction.atomic():
        for pair in pairs:
            a, b = sorted((pair.rid_l, pair.rid_r))
            candidate, created = DuplicateCandidate.objects.get_or_create(
                person_a_id=a,
                person_b_id=b,
                defaults={
                    "score": round(pair.weight, 3),
                    "probability": pair.probability,
                    "explanation": pair.explanation,
                },
            )
            if not created and candidate.status == DuplicateCandidate.Status.OPEN:
                candidate.score = round(pair.weight, 3)
                candidate.probability = pair.probability
                candidate.explanation = pair.explanation
                candidate.save(update_fields=["score", "probability", "explanation", "updated_at"])
            if candidate.status == DuplicateCandidate.Status.OPEN:
                stored.append(candidate)
    return stored


def auto_merge(candidates: list[DuplicateCandidate], *, actor: Any = None) -> int:
    threshold = auto_merge_score()
    if threshold is None:
        return 0
    count = 0
    for candidate in sorted(candidates, key=lambda c: -c.score):
        if candidate.score < threshold:
            continue
        candidate.refresh_from_db()
        if candidate.status != DuplicateCandidate.Status.OPEN:
            continue
        survivor, merged = choose_survivor(candidate.person_a, candidate.person_b)
        try:
            merge_people(survivor, merged, actor=actor, candidate=candidate, automatic=True)
        except ConflictError:
            continue
        count += 1
    return count


def choose_survivor(a: Person, b: Person) -> tuple[Person, Person]:
    """The older record survives (its id is the one partners already know)."""
    return (a, b) if a.pk < b.pk else (b, a)


# -- the review queue (scoped) ---------------------------------------------------------------------
REVIEWERS = (Role.AGENCY_OFFICER,)


def candidates_visible_to(user: Any, *, status: str | None = DuplicateCandidate.Status.OPEN) -> QuerySet:
    """Pairs whose two people are both in the reviewer's scope (a merged person counts by
    the person it was merged into), best score first. status=None: decided pairs too.
    Reviewing is an officer's action: both people are reached by officer memberships."""
    visible = people_visible_to(user, roles=REVIEWERS).values("pk")
    in_scope = (Q(person_a__in=visible) | Q(person_a__merged_into__in=visible)) & (
        Q(person_b__in=visible) | Q(person_b__merged_into__in=visible)
    )
    pairs = DuplicateCandidate.objects.filter(in_scope)
    if status:
        pairs = pairs.filter(status=status)
    return pairs.select_related("person_a", "person_b", "person_a__province", "person_b__province").order_by(
        "-score", "id"
    )


def merges_visible_to(user: Any) -> QuerySet[PersonMerge]:
    visible = people_visible_to(user, roles=REVIEWERS).values("pk")
    return PersonMerge.objects.filter(survivor__in=visible).select_related("survivor", "merged", "merged_by")


def mark_distinct(candidate: DuplicateCandidate, *, actor: Any) -> DuplicateCandidate:
    """ "Not the same person": remembered, never proposed again."""
    with transaction.atomic():
        locked = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.status != DuplicateCandidate.Status.OPEN:
            raise ConflictError(_("This pair was already decided."), code=ErrorCode.ALREADY_DECIDED)
        locked.status = DuplicateCandidate.Status.DISTINCT
        locked.decided_at = timezone.now()
        locked.decided_by = acting_user(actor)
        locked.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
        record_action(
            "people.duplicate.distinct",
            locked,
            actor=actor,
            person_a=locked.person_a_id,
            person_b=locked.person_b_id,
        )
    return locked


def merge_candidate(candidate: DuplicateCandidate, *, survivor_id: int, actor: Any) -> PersonMerge:
    with transaction.atomic():
        locked = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.status != DuplicateCandidate.Status.OPEN:
            raise ConflictError(_("This pair was already decided."), code=ErrorCode.ALREADY_DECIDED)
        if survivor_id not in (locked.person_a_id, locked.person_b_id):
            raise ConflictError(_("Choose one of the two people to keep."), code=ErrorCode.BAD_SURVIVOR)
        other = locked.person_b_id if survivor_id == locked.person_a_id else locked.person_a_id
        survivor, merged = Person.objects.get(pk=survivor_id), Person.objects.get(pk=other)
        return merge_people(survivor, merged, actor=actor, candidate=locked)


# -- export -----------------------------------------------------------------------------------------
EXPORT_HEADER = [
    "person_a",
    "person_b",
    "source_a",
    "key_a",
    "source_b",
    "key_b",
    "score",
    "probability",
    "status",
    "explanation",
]


# The imports app, built on top of this one, hands over where each person came from
# (ImportsConfig.ready): this app never imports it.
_source_key_providers: list[Callable[[list[int]], Iterable[tuple[int, Any, Any]]]] = []


def provide_source_keys(provider: Callable[[list[int]], Iterable[tuple[int, Any, Any]]]) -> None:
    """Register a look-up of (person id, source name, key) rows for some person ids."""
    if provider not in _source_key_providers:
        _source_key_providers.append(provider)


def source_keys(person_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """(source name, key) each person was imported with, when an app keeps them."""
    ids = list(person_ids)
    out: dict[int, tuple[str, str]] = {}
    for provider in _source_key_providers:
        for person_id, source, key in provider(ids):
            out.setdefault(person_id, (str(source), str(key)))
    return out


def explanation_text(explanation: list[dict]) -> str:
    return "; ".join(f"{e['field']}={e['level']} ({e['weight']:+.1f})" for e in explanation)


def write_export(handle, candidates: QuerySet[DuplicateCandidate]) -> int:
    rows = list(candidates)
    keys = source_keys({c.person_a_id for c in rows} | {c.person_b_id for c in rows})
    writer = csv.writer(handle)
    writer.writerow(EXPORT_HEADER)
    for c in rows:
        sa, ka = keys.get(c.person_a_id, ("", ""))
        sb, kb = keys.get(c.person_b_id, ("", ""))
        writer.writerow(
            neutralise_row(
                [
                    c.person_a_id,
                    c.person_b_id,
                    sa,
                    ka,
                    sb,
                    kb,
                    f"{c.score:.2f}",
                    f"{c.probability:.4f}",
                    c.status,
                    explanation_text(c.explanation),
                ]
            )
        )
    return len(rows)


# -- incoming rows (imports) ------------------------------------------------------------------------
@dataclass(frozen=True)
class IncomingMatch:
    row: int  # index of the row in the list given
    person_id: int
    score: float  # match weight in bits
    probability: float
    explanation: list[dict]


INCOMING_FIELDS = (
    "given_name_ar",
    "family_name_ar",
    "given_name_latin",
    "family_name_latin",
    "national_id",
    "phone",
    "phone_alt",
    "birth_date",
    "sex",
    "province",
    "country",
)


def match_incoming(rows: list[dict], *, threshold: float | None = None) -> list[IncomingMatch]:
    """Match incoming rows (dicts with Person field names; birth_date a date or ISO text;
    province a Province, its id, or empty) against the active registry. Returns, best
    first, every (row index, person id) pair scoring at least `threshold` bits (default
    ROWAD_DEDUP_REVIEW_SCORE) with its explanation. Nothing is written."""
    threshold = review_score() if threshold is None else threshold
    if not rows:
        return []
    engine = MatchEngine()
    try:
        offset = 1 + (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
        engine.load(registry_records(), src="r")
        engine.load((_incoming_record(offset + i, row) for i, row in enumerate(rows)), src="i")
        if engine.count() < 2:
            return []
        engine.train()
        pairs = engine.run(
            pair_filter="new_vs_registry", threshold=_probability_at(threshold), parameters=engine.parameters
        )
    finally:
        engine.close()
    out = []
    for pair in pairs:
        row_rid, person_id = (pair.rid_r, pair.rid_l) if pair.rid_r >= offset else (pair.rid_l, pair.rid_r)
        out.append(
            IncomingMatch(row_rid - offset, person_id, pair.weight, pair.probability, pair.explanation)
        )
    return out


def _incoming_record(rid: int, row: dict) -> PersonRecord:
    data = {k: row.get(k) for k in INCOMING_FIELDS}
    birth = data.get("birth_date")
    if isinstance(birth, str):
        try:
            birth = date.fromisoformat(birth[:10])
        except ValueError:
            birth = None
    province = data.get("province")
    province = getattr(province, "pk", province)
    return PersonRecord(
        rid=rid,
        given_name_ar=data.get("given_name_ar") or "",
        family_name_ar=data.get("family_name_ar") or "",
        given_name_latin=data.get("given_name_latin") or "",
        family_name_latin=data.get("family_name_latin") or "",
        national_id=data.get("national_id") or "",
        phone=data.get("phone") or "",
        phone_alt=data.get("phone_alt") or "",
        birth_date=birth if isinstance(birth, date) else None,
        sex=data.get("sex") or "",
        province=str(province or ""),
        country=data.get("country") or "",
    )


__all__ = [
    "IncomingMatch",
    "candidates_visible_to",
    "find_duplicates",
    "find_duplicates_of",
    "mark_distinct",
    "match_incoming",
    "merge_candidate",
    "write_export",
]
