"""Saved reports: written through the engine's checks with the author's scope, shared
with the readers of the organization, refused on an outdated page, opened without a
removed indicator, and sent monthly to each subscriber with their own numbers."""

from __future__ import annotations

import datetime
import re
import subprocess

import pytest
from django.core import mail
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.figures import reports
from rowad.figures.enums import ReportSchedule
from rowad.figures.errors import FigureError
from rowad.figures.models import SavedReport
from rowad.figures.report_queries import reports_for
from rowad.figures.schedule import previous_month, send_monthly_reports

pytestmark = pytest.mark.django_db(transaction=False)


def _save(user, organization, **kwargs) -> SavedReport:
    fields = {"name": "Visiteurs", "indicators": ["visitors"], "query": "country=DZ", "breakdown": "province"}
    return reports.save_report(user, organization=organization, **{**fields, **kwargs})


def test_save_report_shared_with_readers_of_the_organization_only(world, counts):
    report = _save(counts.oran_officer, world.oran_agency)
    assert list(reports_for(counts.alger_officer)) == [report]
    assert list(reports_for(world.outsider)) == []
    assert list(reports_for(world.users[Role.TRAINER])) == []


def test_save_report_unknown_indicator_is_refused_by_name(world, counts):
    with pytest.raises(FigureError) as error:
        _save(counts.oran_officer, world.oran_agency, indicators=["visitors", "no_such_thing"])
    assert error.value.message == "No indicator is called “no_such_thing”."
    assert SavedReport.objects.count() == 0


def test_save_report_province_outside_the_author_scope_is_refused(world, counts):
    with pytest.raises(FigureError) as error:
        _save(counts.alger_officer, world.oran_agency, query=f"country=DZ&province={world.oran.pk}")
    assert error.value.status_code == 403


def test_save_report_for_another_organization_is_refused(world, counts):
    with pytest.raises(FigureError) as error:
        _save(counts.oran_officer, world.hoceima_agency)
    assert error.value.status_code == 403


def test_update_report_stale_version_is_refused_with_a_message(client, world, counts):
    report = _save(counts.oran_officer, world.oran_agency)
    reports.update_report(
        counts.alger_officer,
        report,
        version=report.version,
        name="Visiteurs (Alger)",
        indicators=["visitors"],
        query="country=DZ",
        breakdown="sex",
        schedule="",
    )
    client.force_login(counts.oran_officer)
    response = client.post(
        reverse("figures:report_edit", args=[report.pk]),
        {"name": "Autre nom", "indicators": ["visitors"], "query": "country=DZ", "version": "1"},
    )
    report.refresh_from_db()
    assert response.status_code == 409
    assert "Someone changed this report while you were editing it" in response.content.decode()
    assert (report.name, report.version) == ("Visiteurs (Alger)", 2)


def test_report_form_creates_then_opens(client, world, counts):
    client.force_login(counts.oran_officer)
    response = client.post(
        reverse("figures:report_new"),
        {
            "organization": world.oran_agency.pk,
            "name": "Chaîne",
            "indicators": ["visitors", "registered"],
            "query": "country=DZ&from=2026-11-01&to=2026-11-30",
            "breakdown": "",
            "schedule": ReportSchedule.MONTHLY,
        },
    )
    report = SavedReport.objects.get()
    assert response.url == reverse("figures:report_open", args=[report.pk])
    assert list(report.subscribers.all()) == [counts.oran_officer]
    page = client.get(response.url)
    assert page.context["built"].totals[0][1].value == counts.oran


def test_open_report_with_a_removed_indicator_shows_the_others_and_a_note(client, world, counts):
    report = _save(counts.oran_officer, world.oran_agency)
    SavedReport.objects.filter(pk=report.pk).update(indicators=["visitors", "retired_indicator"])
    client.force_login(counts.oran_officer)
    response = client.get(reverse("figures:report_open", args=[report.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert [i.code for i, _figure in response.context["built"].totals] == ["visitors"]
    assert "The indicator “retired_indicator” no longer exists" in body
    assert client.get(reverse("figures:saved_report_pdf", args=[report.pk])).content[:4] == b"%PDF"


def test_open_report_of_another_organization_is_not_found(client, world, counts):
    report = _save(counts.oran_officer, world.oran_agency)
    client.force_login(world.outsider)
    assert client.get(reverse("figures:report_open", args=[report.pk])).status_code == 404


def test_delete_and_unsubscribe(world, counts):
    report = _save(counts.oran_officer, world.oran_agency, schedule=ReportSchedule.MONTHLY)
    reports.subscribe(counts.alger_officer, report)
    reports.unsubscribe(counts.oran_officer, report)
    assert list(report.subscribers.all()) == [counts.alger_officer]
    reports.delete_report(counts.alger_officer, report)
    assert SavedReport.objects.count() == 0


def test_previous_month_of_the_first():
    assert previous_month(datetime.date(2026, 1, 1)) == (
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 31),
    )


def _pdf_text(message) -> str:
    _name, content, _mime = message.attachments[0]
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
    # Arabic text comes out with bidirectional marks around its runs.
    return re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", " ", text.decode())


def test_monthly_send_gives_each_subscriber_their_own_numbers_once(
    django_capture_on_commit_callbacks, world, counts
):
    report = _save(counts.oran_officer, world.oran_agency, schedule=ReportSchedule.MONTHLY)
    reports.subscribe(counts.alger_officer, report)
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_monthly_reports(datetime.date(2026, 12, 1))
    by_address = {m.to[0]: _pdf_text(m).split() for m in mail.outbox}
    assert sent == 2
    assert (
        str(counts.oran) in by_address["oran@example.org"],
        str(counts.alger) in by_address["oran@example.org"],
    ) == (
        True,
        False,
    )
    assert (
        str(counts.alger) in by_address["alger@example.org"],
        str(counts.oran) in by_address["alger@example.org"],
    ) == (
        True,
        False,
    )
    assert str(counts.oran + counts.october_oran) not in by_address["oran@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        again = send_monthly_reports(datetime.date(2026, 12, 2))
    report.refresh_from_db()
    assert (again, len(mail.outbox), report.last_sent_on) == (0, 2, datetime.date(2026, 12, 1))
