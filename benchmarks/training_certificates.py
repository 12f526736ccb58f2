"""Training certificates: issuing a 500-person cohort's certificates as one background run
(PDF + credential per certificate), and the public verification page.

    .venv/bin/python -m benchmarks training_certificates

(a) One run (`issue_cohort_certificates`, its task run at once by the immediate task
backend): certificates per second, PDF rendered, stored in the private storage,
credential built, audit entry and the holder's message recorded — for each number of
rendering processes in BENCH_WORKERS. Baseline in the same run: what a user would do
without Rowad, a mail-merge — each certificate rendered as a standalone document by a
fresh WeasyPrint call (fresh HTML parse, user-agent stylesheet, font configuration), as
the decision letters are; timed on BENCH_BASELINE certificates, the ratio reported.

(b) The verification page: BENCH_REQUESTS GETs through Django's test client (the whole
middleware stack, no network), random certificate numbers (one in ten unknown: the 404),
each from its own address (the rate limit is per address): median and p95.

Environment: BENCH_CERTS (500), BENCH_WORKERS ("1,2"), BENCH_BASELINE (30),
BENCH_REQUESTS (1000). The database is a fresh SQLite file in a temporary directory.
"""

from __future__ import annotations

import logging
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def setup(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["ROWAD_TASK_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rowad.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.PRIVATE_MEDIA_ROOT = folder / "private"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ROWAD_SMS_BACKEND = "rowad.core.sms.MemorySMSBackend"
    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the unknown numbers' 404s


def make_cohort(officer, agency, province, size: int, tag: str):
    """A finished cohort of `size` trainees who all passed (results written directly:
    computing them is not what is measured)."""
    import datetime

    from django.utils import timezone

    from rowad.partners.models import Programme
    from rowad.people.models import Person
    from rowad.people.names import FAMILY, GIVEN_FEMALE, GIVEN_MALE
    from rowad.training.enums import EnrolmentSource, TrainingResult
    from rowad.training.models import Cohort, Course, Enrolment

    programme = Programme.objects.filter(operator=agency).first() or Programme.objects.create(
        operator=agency, name_fr="Caravane (bench)", name_ar="القافلة", code="bench-caravan"
    )
    course = Course.objects.create(
        code=f"fibre-{tag}",
        programme=programme,
        provider=agency,
        name_fr="Pose de fibre optique",
        name_ar="تركيب الألياف البصرية",
        duration_days=45,
        duration_hours=270,
        certificate_text_fr="Attestation de formation qualifiante",
        certificate_text_ar="شهادة تكوين تأهيلي",
    )
    end = timezone.localdate() - datetime.timedelta(days=3)
    cohort = Cohort.objects.create(
        reference=f"BENCH-{tag}",
        course=course,
        province=province,
        venue="Es Senia",
        starts_on=end - datetime.timedelta(days=63),
        ends_on=end,
        capacity=size,
    )
    rng = random.Random(tag)
    people = []
    for i in range(size):
        given = rng.choice(GIVEN_MALE + GIVEN_FEMALE)
        family = rng.choice(FAMILY)
        people.append(
            Person(
                given_name_ar=given[0] if isinstance(given, tuple) else given,
                family_name_ar=family[0] if isinstance(family, tuple) else family,
                given_name_latin=given[1] if isinstance(given, tuple) else given,
                family_name_latin=family[1] if isinstance(family, tuple) else family,
                email=f"trainee{tag}{i}@example.org",
                preferred_language=rng.choice(["ar", "fr"]),
                country="DZ",
                province=province,
            )
        )
    Person.objects.bulk_create(people)
    now = timezone.now()
    Enrolment.objects.bulk_create(
        Enrolment(
            cohort=cohort,
            person=p,
            source=EnrolmentSource.REGISTRY,
            enrolled_at=now,
            result=TrainingResult.PASSED,
            result_at=now,
        )
        for p in people
    )
    return cohort


def bench_run(officer, cohort, workers: int) -> dict:
    from django.conf import settings

    from rowad.training.services.certificates import issue_cohort_certificates

    settings.ROWAD_CERTIFICATE_WORKERS = workers
    started = time.perf_counter()
    cpu = time.process_time()
    run = issue_cohort_certificates(cohort, actor=officer, base_url="https://rowad.example.org/")
    elapsed = time.perf_counter() - started
    run.refresh_from_db()
    return {
        "workers": workers,
        "certificates": run.done,
        "state": run.state,
        "seconds": elapsed,
        "per_second": run.done / elapsed,
        "cpu_main_process": time.process_time() - cpu,
    }


def bench_mail_merge(cohort, count: int) -> dict:
    """Each certificate as a standalone document in a fresh WeasyPrint call."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from rowad.training.models import Certificate
    from rowad.training.pdf import STYLESHEET, TEMPLATE, CertificateRenderer

    helper = CertificateRenderer()  # only for its context; the rendering is done afresh
    css = render_to_string(STYLESHEET)
    certificates = list(
        Certificate.objects.filter(enrolment__cohort=cohort).select_related("enrolment__cohort__course")[
            :count
        ]
    )
    started = time.perf_counter()
    for certificate in certificates:
        url = certificate.credential.get("id", "")
        html = render_to_string(TEMPLATE, helper.context(certificate, verify_url=url))
        html = html.replace("</head>", f"<style>{css}</style></head>")
        HTML(string=html, base_url=str(ROOT)).write_pdf()
    elapsed = time.perf_counter() - started
    return {"certificates": len(certificates), "seconds": elapsed, "per_second": len(certificates) / elapsed}


def bench_verify(requests: int) -> dict:
    from django.test import Client
    from django.urls import reverse

    from rowad.training.models import Certificate

    numbers = list(Certificate.objects.values_list("number", flat=True))
    rng = random.Random(7)
    client = Client()
    timings, statuses = [], {}
    for i in range(requests):
        number = rng.choice(numbers) if rng.random() > 0.1 else "RWD-ZZZZ-ZZZZ-ZZZ" + str(i % 10)
        url = reverse("training:verify", kwargs={"number": number})
        started = time.perf_counter()
        response = client.get(url, REMOTE_ADDR=f"10.{i // 65536}.{(i // 256) % 256}.{i % 256}")
        timings.append((time.perf_counter() - started) * 1000)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    timings.sort()
    return {
        "requests": requests,
        "median_ms": statistics.median(timings),
        "p95_ms": timings[int(len(timings) * 0.95) - 1],
        "statuses": statuses,
    }


def main() -> None:
    size = env_int("BENCH_CERTS", 500)
    workers_list = [int(w) for w in os.environ.get("BENCH_WORKERS", "1,2").split(",") if w]
    with tempfile.TemporaryDirectory(prefix="rowad-bench-certificates-") as tmp:
        setup(Path(tmp))
        from rowad.accounts.enums import Role
        from rowad.accounts.models import Membership, User
        from rowad.core.models import Province
        from rowad.partners.models import Organization

        oran = Province.objects.get(country_id="DZ", code="31")
        agency = Organization.objects.create(
            kind="agency", country="DZ", name_fr="ANADE Oran", name_ar="أناد وهران"
        )
        agency.provinces.set([oran])
        officer = User.objects.create_user("bench-officer", password="bench-pass-1234")
        membership = Membership.objects.create(user=officer, organization=agency, role=Role.AGENCY_OFFICER)
        membership.provinces.set([oran])
        print(f"machine: {os.cpu_count()} CPUs, load average at start {os.getloadavg()}", flush=True)
        last = None
        for workers in workers_list:
            cohort = make_cohort(officer, agency, oran, size, tag=f"w{workers}")
            result = bench_run(officer, cohort, workers)
            last = cohort
            print(
                f"(a) run of {result['certificates']} certificates, {workers} rendering process(es): "
                f"{result['seconds']:.1f} s, {result['per_second']:.1f} certificates/s "
                f"(main process CPU {result['cpu_main_process']:.1f} s), state {result['state']}, "
                f"load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        baseline = bench_mail_merge(last, env_int("BENCH_BASELINE", 30))
        print(
            f"(a) mail-merge baseline (fresh WeasyPrint call per certificate, PDF only): "
            f"{baseline['certificates']} in {baseline['seconds']:.1f} s, {baseline['per_second']:.1f}/s; "
            f"ratio run/baseline with {workers_list[-1]} process(es): {result['per_second'] / baseline['per_second']:.1f}x",
            flush=True,
        )
        verify = bench_verify(env_int("BENCH_REQUESTS", 1000))
        print(
            f"(b) verification page: {verify['requests']} requests, median {verify['median_ms']:.1f} ms, "
            f"p95 {verify['p95_ms']:.1f} ms, statuses {verify['statuses']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
