"""Field registrations under load: 50 simulated devices send batches of 20 registrations
for 60 s to the batch endpoint, on loopback, against gunicorn with PostgreSQL. One batch in
ten is sent again (its answer "lost" on the way back, as on a flaky mobile network), and a
request that fails is retried until it succeeds, as the browser queue does.

    .venv/bin/python -m benchmarks outreach

Measured: requests/s, registrations/s, p50/p95 latency, and the count check — every
client UUID a device sent is in the database once (lost = 0), and no person or
registration was created twice (duplicated = 0).

Baseline in the same run: what a device does without the batch endpoint — one plain REST
create per person (POST /api/people/, the registry's create endpoint, which has no
client UUID), with the same one-in-ten resend: its throughput, and the duplicates it makes.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/rowad_outreach_bench,
dropped and recreated), BENCH_DEVICES (50), BENCH_BATCH (20), BENCH_SECONDS (60),
BENCH_BASELINE_SECONDS (30), BENCH_WORKERS (gunicorn workers, 4), BENCH_PORT (8765).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._server import start_server, stop_server  # noqa: E402
from rowad.people.names import FAMILY, GIVEN_FEMALE, GIVEN_MALE  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/rowad_outreach_bench"
RESEND_RATE = 0.10
MARK = "bench-outreach"
DZ_MOBILE = ["055", "066", "067", "069", "077", "078", "079"]  # as rowad.people.demo


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def recreate_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-d", "postgres", "-c"]
    subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
    subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True)


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rowad.settings")
    import django

    django.setup()


def prepare() -> tuple[int, str]:
    """An Oran stop on today's date, a field agent assigned to it, and their API token."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from rowad.accounts.enums import Role
    from rowad.accounts.models import ApiToken, Membership, User
    from rowad.core.models import Province
    from rowad.outreach.models import Campaign, Phase, Stop
    from rowad.partners.models import Organization

    call_command("migrate", verbosity=0)
    oran = Province.objects.get(country_id="DZ", code="31")
    agency = Organization.objects.create(kind="agency", country="DZ", name_fr="ANSEJ Oran (bench)")
    agency.provinces.set([oran])
    agent = User.objects.create_user("bench-agent", password="bench-pass-1234")
    membership = Membership.objects.create(user=agent, organization=agency, role=Role.FIELD_AGENT)
    membership.provinces.set([oran])
    # Also allowed to create people through the registry API (the baseline).
    Membership.objects.create(user=agent, organization=agency, role=Role.AGENCY_OFFICER).provinces.set([oran])
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        code="bench", name_fr="Caravane (bench)", country="DZ", lead_organization=agency, starts_on=today
    )
    phase = Phase.objects.create(
        campaign=campaign, number=1, name_fr="Phase 1", starts_on=today, ends_on=today + timedelta(days=3)
    )
    stop = Stop.objects.create(
        campaign=campaign, phase=phase, province=oran, venue="Place Kahina", starts_on=today, ends_on=today
    )
    stop.field_agents.set([agent])
    return stop.pk, ApiToken.objects.create(user=agent)[1]


def person(rng: random.Random, client_uuid: str) -> dict:
    sex = rng.choice("MF")
    given_ar, given_latin = rng.choice(GIVEN_MALE if sex == "M" else GIVEN_FEMALE)
    family_ar, family_latin = rng.choice(FAMILY)
    return {
        "given_name_ar": given_ar,
        "family_name_ar": family_ar,
        "given_name_latin": given_latin,
        "family_name_latin": family_latin,
        "sex": sex,
        "birth_date": f"{rng.randint(1990, 2006)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "phone": f"{rng.choice(DZ_MOBILE)}{rng.randint(1_000_000, 9_999_999)}",
        "client_uuid": client_uuid,
    }


class Device(threading.Thread):
    """One phone: sends until the deadline; resends one request in ten (lost answer);
    retries a failed request until it succeeds."""

    def __init__(self, index: int, port: int, token: str, deadline: float, make_requests):
        super().__init__(daemon=True)
        self.rng = random.Random(index)
        self.port, self.token, self.deadline = port, token, deadline
        self.make_requests = make_requests
        self.latencies: list[float] = []
        self.sent_uuids: set[str] = set()
        self.failures = 0
        self.requests = 0

    def post(self, connection, path: str, body: dict) -> tuple[http.client.HTTPConnection, int]:
        while True:
            started = time.perf_counter()
            try:
                connection.request(
                    "POST", path, json.dumps(body),
                    {"Content-Type": "application/json", "Authorization": f"Token {self.token}"},
                )  # fmt: skip
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
            self.latencies.append(time.perf_counter() - started)
            self.requests += 1
            if status and status < 500 and status != 429:
                return connection, status
            self.failures += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            time.sleep(0.2)

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while time.perf_counter() < self.deadline:
            for path, body, uuids in self.make_requests(self.rng):
                connection, status = self.post(connection, path, body)
                if status in (200, 201):
                    self.sent_uuids.update(uuids)
                if self.rng.random() < RESEND_RATE:
                    connection, _status = self.post(connection, path, body)
        connection.close()


def batch_requests(stop_pk: int, size: int):
    def make(rng):
        items = []
        for _ in range(size):
            item = person(rng, str(uuid.UUID(int=rng.getrandbits(128), version=4)))
            item.update(stop=stop_pk, consent=True)
            items.append(item)
        return [("/api/outreach/registrations/batch/", {"items": items}, [i["client_uuid"] for i in items])]

    return make


def plain_requests(size: int):
    def make(rng):
        requests = []
        for _ in range(size):
            item = person(rng, str(uuid.UUID(int=rng.getrandbits(128), version=4)))
            client_uuid = item.pop("client_uuid")
            item.update(country="DZ", phone=item["phone"])
            # The registry API has no submission key: the device's UUID rides in a field
            # only so that this benchmark can count what was created twice.
            item["diploma"] = f"{MARK}:{client_uuid}"
            requests.append(("/api/people/", item, [client_uuid]))
        return requests

    return make


def run_load(port: int, token: str, devices: int, seconds: int, make_requests) -> dict:
    deadline = time.perf_counter() + seconds
    load_before = os.getloadavg()
    threads = [Device(i, port, token, deadline, make_requests) for i in range(devices)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(x for t in threads for x in t.latencies)
    sent = set().union(*(t.sent_uuids for t in threads))
    return {
        "elapsed": elapsed,
        "requests": sum(t.requests for t in threads),
        "failures": sum(t.failures for t in threads),
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "sent": sent,
        "load": (load_before, os.getloadavg()),
    }


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    devices = env_int("BENCH_DEVICES", 50)
    size = env_int("BENCH_BATCH", 20)
    seconds = env_int("BENCH_SECONDS", 60)
    baseline_seconds = env_int("BENCH_BASELINE_SECONDS", 30)
    workers = env_int("BENCH_WORKERS", 4)
    port = env_int("BENCH_PORT", 8765)
    recreate_database(url)
    setup_django(url)
    stop_pk, token = prepare()
    from django.db import connection

    from rowad.outreach.models import Registration
    from rowad.people.models import Person

    connection.close()
    server = start_server(url, port, workers)
    try:
        batch = run_load(port, token, devices, seconds, batch_requests(stop_pk, size))
        in_db = set(
            map(str, Registration.objects.filter(stop_id=stop_pk).values_list("client_uuid", flat=True))
        )
        registrations = Registration.objects.filter(stop_id=stop_pk).count()
        people = Person.objects.filter(outreach_registrations__stop_id=stop_pk).count()
        lost = len(batch["sent"] - in_db)
        duplicated = (registrations - len(in_db)) + (people - registrations) + len(in_db - batch["sent"])
        connection.close()
        plain = run_load(port, token, devices, baseline_seconds, plain_requests(size))
        marks = list(Person.objects.filter(diploma__startswith=MARK).values_list("diploma", flat=True))
        plain_lost = len(plain["sent"] - {m.split(":", 1)[1] for m in marks})
        plain_duplicated = len(marks) - len(set(marks))
    finally:
        stop_server(server)
    rate = len(in_db) / batch["elapsed"]
    plain_rate = len(set(marks)) / plain["elapsed"]
    print(f"devices={devices} batch={size} workers={workers} resend_rate={RESEND_RATE}")
    print(
        f"batch endpoint: {batch['requests'] / batch['elapsed']:.1f} requests/s, {rate:.1f} registrations/s, "
        f"p50 {batch['p50']:.0f} ms, p95 {batch['p95']:.0f} ms, {batch['elapsed']:.0f} s, "
        f"failed requests retried {batch['failures']}"
    )
    print(f"  registrations sent (distinct UUIDs) {len(batch['sent'])}, in database {len(in_db)}: "
          f"lost {lost}, duplicated {duplicated}")  # fmt: skip
    print(
        f"baseline one POST per person (/api/people/): {plain['requests'] / plain['elapsed']:.1f} requests/s, "
        f"{plain_rate:.1f} people/s, p50 {plain['p50']:.0f} ms, p95 {plain['p95']:.0f} ms, "
        f"{plain['elapsed']:.0f} s: lost {plain_lost}, duplicated {plain_duplicated}"
    )
    print(f"ratio registrations/s batch / baseline: {rate / plain_rate:.1f}x")
    print(f"load average before/after: batch {batch['load']}, baseline {plain['load']}")


if __name__ == "__main__":
    main()
