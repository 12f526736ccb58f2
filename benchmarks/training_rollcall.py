"""A 30-trainee roll call synced from 30 phones at once: 0 lost, 0 duplicated marks.

    python -m benchmarks training_rollcall

The real server (gunicorn, as in production, on a fresh SQLite database in a temporary
folder, migrated) serves the attendance API (`POST /api/training/attendance/`). One
cohort of 30 trainees; 30 phones (threads) each take the roll call of all 30 trainees
for the last HALF_DAYS half-days — so every trainee's half-day is marked by every phone,
each mark with its own client UUID and the phone's time (`taken_at`). Each phone sends
one batch per half-day, in a shuffled order (some half-days out of order), every batch
three times (replays, in the shuffled order too), and drops one answer in DROP_RATE
(the request is sent, the connection closed before the answer: the phone retries it).

Then the database is counted against what the phones sent:
- one row per trainee and half-day (30 × HALF_DAYS), never two (duplicated = 0);
- each row holds the mark with the latest `taken_at` among the 30 phones' marks of that
  trainee and half-day — last write by device time wins (lost = rows missing or holding
  another mark);
- the history holds each accepted client UUID once (a replay writes nothing).

Environment: BENCH_PHONES (30), BENCH_TRAINEES (30), BENCH_HALF_DAYS (6), BENCH_REPLAYS
(3), BENCH_DROP_RATE (0.2), BENCH_WORKERS (gunicorn workers, 2), BENCH_THREADS (1 per
worker: SQLite has one writer at a time), BENCH_PORT (8767).
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import platform
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._server import start_server, stop_server  # noqa: E402

API = "/api/training/attendance/"
STATUSES = ["present", "present", "present", "late", "absent", "excused"]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rowad.settings")
    import django

    django.setup()


def prepare(trainees: int, half_days: int) -> tuple[int, list[int], list[tuple[str, str]], str]:
    """A running Oran cohort of `trainees`, its trainer and the trainer's API token; the
    last `half_days` half-days held (oldest first)."""
    from django.core.management import call_command
    from django.utils import timezone

    from rowad.accounts.enums import Role
    from rowad.accounts.models import ApiToken, Membership, User
    from rowad.core.models import Province
    from rowad.partners.models import Organization, Programme
    from rowad.people.models import Person
    from rowad.people.names import FAMILY, GIVEN_MALE
    from rowad.training.attendance import held_half_days
    from rowad.training.models import Cohort, Course, Enrolment

    call_command("migrate", verbosity=0)
    oran = Province.objects.get(country_id="DZ", code="31")
    operator = Organization.objects.create(kind="sponsor", country="DZ", name_fr="Opérateur (bench)")
    operator.provinces.set([oran])
    trainer = User.objects.create_user("bench-trainer", password="bench-pass-1234")
    Membership.objects.create(user=trainer, organization=operator, role=Role.TRAINER).provinces.set([oran])
    programme = Programme.objects.create(code="bench", name_fr="Programme (bench)", operator=operator)
    course = Course.objects.create(
        code="bench-fo", name_fr="Fibre optique (bench)", programme=programme, provider=operator,
        duration_days=45, duration_hours=270, absence_alert_after=4,
    )  # fmt: skip
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        reference="BENCH-01", course=course, province=oran, venue="Es Senia",
        starts_on=today - datetime.timedelta(days=half_days), ends_on=today + datetime.timedelta(days=40),
        weekdays=[1, 2, 3, 4, 5, 6, 7], morning_starts_at=datetime.time(8, 30),
        morning_ends_at=datetime.time(12), afternoon_starts_at=datetime.time(13, 30),
        afternoon_ends_at=datetime.time(16, 30), capacity=trainees,
    )  # fmt: skip
    cohort.trainers.set([trainer])
    rng = random.Random(7)
    enrolments = []
    for index in range(trainees):
        given_ar, given_latin = rng.choice(GIVEN_MALE)
        family_ar, family_latin = rng.choice(FAMILY)
        person = Person.objects.create(
            given_name_ar=given_ar, family_name_ar=family_ar, given_name_latin=given_latin,
            family_name_latin=family_latin, country="DZ", sex="M", province=oran,
            birth_date=datetime.date(1995, 1, 1) + datetime.timedelta(days=index),
        )  # fmt: skip
        enrolments.append(
            Enrolment.objects.create(
                cohort=cohort, person=person, source="registry", enrolled_at=timezone.now()
            ).pk
        )
    slots = [
        (day.isoformat(), half)
        for day, half in held_half_days(cohort, until=today - datetime.timedelta(days=1))
    ]
    return cohort.pk, enrolments, slots[-half_days:], ApiToken.objects.create(user=trainer)[1]


class Phone(threading.Thread):
    """One phone: the roll call of every trainee for every half-day, one batch per
    half-day; sends every batch `replays` times in a shuffled order, drops answers."""

    def __init__(self, index, port, token, enrolments, slots, replays, drop_rate, start_event):
        super().__init__(daemon=True)
        self.rng = random.Random(1000 + index)
        self.port, self.token, self.start_event = port, token, start_event
        self.replays, self.drop_rate = replays, drop_rate
        base = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
        self.batches = []
        for slot_index, (day, half) in enumerate(slots):
            marks = []
            for enrolment in enrolments:
                taken = base + datetime.timedelta(
                    minutes=slot_index * 300 + self.rng.randint(0, 240),
                    microseconds=self.rng.randint(0, 10**6),
                )
                status = self.rng.choice(STATUSES)
                mark = {
                    "client_uuid": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
                    "enrolment": enrolment, "day": day, "half_day": half, "status": status,
                    "taken_at": taken.isoformat(),
                }  # fmt: skip
                if status == "late":
                    mark["arrived_at"] = "09:05"
                marks.append(mark)
            self.batches.append(marks)
        self.latencies: list[float] = []
        self.requests = self.dropped = self.failures = 0
        self.answers: dict[str, str] = {}

    def post(self, body: bytes, drop: bool) -> dict | None:
        headers = {"Content-Type": "application/json", "Authorization": f"Token {self.token}"}
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request("POST", API, body, headers)
            if drop:
                # The answer is lost: the phone hangs up before reading it.
                connection.sock.shutdown(socket.SHUT_RDWR)
                self.dropped += 1
                return None
            response = connection.getresponse()
            data = response.read()
            if response.status != 200:
                self.failures += 1
                return None
            return json.loads(data)
        except (OSError, http.client.HTTPException, ValueError):
            self.failures += 1
            return None
        finally:
            connection.close()
            self.requests += 1
            self.latencies.append(time.perf_counter() - started)

    def run(self) -> None:
        sends = [index for index in range(len(self.batches)) for _ in range(self.replays)]
        self.rng.shuffle(sends)
        self.start_event.wait()
        pending = list(sends)
        while pending:
            index = pending.pop(0)
            body = json.dumps({"marks": self.batches[index]}).encode()
            answer = self.post(body, drop=self.rng.random() < self.drop_rate)
            if answer is None:
                pending.append(index)  # sent again later, as the queue does
                continue
            for result in answer["results"]:
                self.answers[result["client_uuid"]] = result["status"]


def main() -> None:
    phones_count = env_int("BENCH_PHONES", 30)
    trainees = env_int("BENCH_TRAINEES", 30)
    half_days = env_int("BENCH_HALF_DAYS", 6)
    replays = env_int("BENCH_REPLAYS", 3)
    drop_rate = float(os.environ.get("BENCH_DROP_RATE", "0.2"))
    workers = env_int("BENCH_WORKERS", 2)
    threads = env_int("BENCH_THREADS", 1)
    port = env_int("BENCH_PORT", 8767)
    folder = tempfile.mkdtemp(prefix="rowad-bench-rollcall-")
    url = f"sqlite:///{folder}/bench.sqlite3"
    setup_django(url)
    started = time.perf_counter()
    cohort_pk, enrolments, slots, token = prepare(trainees, half_days)
    print(f"prepared (migrate + cohort of {trainees}) in {time.perf_counter() - started:.1f} s", flush=True)
    from django.db import connection

    connection.close()
    server = start_server(url, port, workers, threads)
    go = threading.Event()
    phones = [Phone(i, port, token, enrolments, slots, replays, drop_rate, go) for i in range(phones_count)]
    try:
        for phone in phones:
            phone.start()
        load_before = os.getloadavg()
        started = time.perf_counter()
        go.set()
        for phone in phones:
            phone.join()
        elapsed = time.perf_counter() - started
        load_after = os.getloadavg()
    finally:
        stop_server(server)

    from rowad.training.models import AttendanceMark

    sent = {m["client_uuid"]: m for phone in phones for batch in phone.batches for m in batch}
    winners: dict[tuple[int, str, str], dict] = {}
    for mark in sent.values():
        key = (mark["enrolment"], mark["day"], mark["half_day"])
        if key not in winners or mark["taken_at"] > winners[key]["taken_at"]:
            winners[key] = mark
    rows = list(
        AttendanceMark.objects.filter(enrolment__cohort_id=cohort_pk).values_list(
            "enrolment_id", "day", "half_day", "client_uuid", "status"
        )
    )
    in_db = {(e, d.isoformat(), h): (str(u), s) for e, d, h, u, s in rows}
    lost = sum(1 for key, mark in winners.items() if in_db.get(key) != (mark["client_uuid"], mark["status"]))
    duplicated = len(rows) - len(in_db)
    history_rows = list(
        AttendanceMark.history.model.objects.filter(enrolment_id__in=enrolments).values_list(
            "client_uuid", flat=True
        )
    )
    history_duplicated = len(history_rows) - len(set(history_rows))
    answered = set().union(*(p.answers for p in phones))
    unanswered = [u for u in sent if u not in answered]
    refused = sum(1 for p in phones for s in p.answers.values() if s == "refused")
    latencies = sorted(x for p in phones for x in p.latencies)
    requests = sum(p.requests for p in phones)
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"phones={phones_count} trainees={trainees} half_days={half_days} replays={replays} drop_rate={drop_rate} "
        f"gunicorn workers={workers} threads={threads}, SQLite (WAL)"
    )
    print(
        f"marks sent: {len(sent)} distinct UUIDs in {requests} requests "
        f"({sum(p.dropped for p in phones)} answers dropped, {sum(p.failures for p in phones)} failed and retried)"
    )
    print(
        f"time: {elapsed:.1f} s, {requests / elapsed:.1f} requests/s, {requests * trainees / elapsed:.0f} marks/s "
        f"posted, p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms"
    )
    print(
        f"rows: {len(rows)} for {len(winners)} trainee half-days (expected {trainees * len(slots)}): "
        f"lost {lost}, duplicated {duplicated}, history duplicated {history_duplicated}, "
        f"unanswered {len(unanswered)}, refused {refused}"
    )
    print(f"load average before/after: {load_before} / {load_after}")
    ok = lost == 0 and duplicated == 0 and history_duplicated == 0 and len(rows) == trainees * len(slots)
    print("RESULT:", "OK" if ok else "FAILED")


if __name__ == "__main__":
    main()
