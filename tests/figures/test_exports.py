"""Exports of the figures: they equal the engine's numbers, keep to the reader's scope,
are typed, safe to open, and run in the background when large."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from rowad.accounts.enums import Role
from rowad.figures import engine, services
from rowad.figures.enums import ExportKind, ExportState
from rowad.figures.errors import FigureError
from rowad.figures.exports import csv as csv_export
from rowad.figures.exports import xlsx as xlsx_export
from rowad.figures.indicators import REGISTRY
from rowad.figures.models import ExportJob
from rowad.figures.queries import figures_scope
from rowad.figures.views import exports as export_views
from tests.factories import MembershipFactory, PersonFactory, UserFactory, province
from tests.outreach.factories import RegistrationFactory, StopFactory

CODES = ["registered", "visitors", "amount_approved"]


@pytest.fixture
def records(world):
    """Three registrations in Oran (two women), two in Algiers."""
    oran_stop = StopFactory(province=world.oran, venue="Place Kahina")
    algiers_stop = StopFactory(phase=oran_stop.phase, province=province("DZ", "16"), venue="Place Audin")
    for sex in ("F", "M", "F"):
        RegistrationFactory(stop=oran_stop, person=PersonFactory(sex=sex))
    for sex in ("F", "M"):
        RegistrationFactory(stop=algiers_stop, person=PersonFactory(sex=sex, province=algiers_stop.province))
    return oran_stop, algiers_stop


@pytest.fixture
def director(world, records):
    """A director reading Oran and Algiers."""
    user = UserFactory(username="director-north")
    MembershipFactory(
        user=user,
        organization=world.oran_agency,
        role=Role.DIRECTOR,
        provinces=[world.oran, records[1].province],
    )
    return user


def _filters(user, params):
    scope = figures_scope(user)
    return scope, engine.parse_filters(params, scope)


def _summary_values(content: bytes) -> dict[str, object]:
    sheet = load_workbook(io.BytesIO(content))["Figures"]
    rows = list(sheet.iter_rows(values_only=True))
    start = rows.index(tuple(["Indicator", "Number", "Unit"]))
    return {row[0]: row[1] for row in rows[start + 1 :]}


def _records_xlsx(user, params, code="registered") -> list[tuple]:
    scope, filters = _filters(user, params)
    stream = io.BytesIO()
    xlsx_export.write_records_xlsx(stream, scope, filters, REGISTRY[code])
    return list(load_workbook(io.BytesIO(stream.getvalue()))["Records"].iter_rows(values_only=True))


@pytest.mark.parametrize(
    "params",
    [{}, {"sex": ["F"]}, {"from": ["2000-01-01"], "to": ["2000-12-31"]}, {"stop": ["none"]}],
)
def test_summary_xlsx_totals_equal_the_engine_for_director_and_officer(world, director, params):
    for user in (director, world.users[Role.AGENCY_OFFICER]):
        scope, filters = _filters(user, params)
        stream = io.BytesIO()
        xlsx_export.write_summary_xlsx(stream, scope, filters, CODES, None)
        values = _summary_values(stream.getvalue())
        expected = {str(REGISTRY[c].label): engine.total(REGISTRY[c], scope, filters).value for c in CODES}
        assert values == expected


def test_summary_xlsx_totals_differ_by_scope(world, director):
    officer = world.users[Role.AGENCY_OFFICER]
    totals = []
    for user in (director, officer):
        scope, filters = _filters(user, {})
        stream = io.BytesIO()
        xlsx_export.write_summary_xlsx(stream, scope, filters, ["registered"], None)
        totals.append(_summary_values(stream.getvalue())["Registrations"])
    assert totals == [5, 3]


def test_summary_xlsx_breakdown_rows_equal_the_engine(world, director):
    scope, filters = _filters(director, {})
    stream = io.BytesIO()
    xlsx_export.write_summary_xlsx(stream, scope, filters, ["registered"], "sex")
    rows = list(load_workbook(io.BytesIO(stream.getvalue()))["Figures"].iter_rows(values_only=True))
    start = rows.index(("Indicator", "Sex", "Number", "Unit"))
    assert rows[start + 1 :] == [
        ("Registrations", None, 5, None),
        ("Registrations", "Women", 3, None),
        ("Registrations", "Men", 2, None),
    ]


def test_records_xlsx_of_province_officer_holds_only_their_province(world, director):
    officer_rows = _records_xlsx(world.users[Role.AGENCY_OFFICER], {})
    director_rows = _records_xlsx(director, {})
    assert len(officer_rows) - 1 == 3
    assert len(director_rows) - 1 == 5
    assert not any("Audin" in str(cell) for row in officer_rows for cell in row)


def test_records_xlsx_cells_are_typed(world, director):
    rows = _records_xlsx(director, {"sex": ["F"]})
    assert rows[0][0] == "Registered on"
    assert rows[0][-1] == "Link"
    assert isinstance(rows[1][0], datetime.datetime)
    assert rows[1][-1].startswith(settings.ROWAD_PUBLIC_BASE_URL)
    assert len(rows) - 1 == 3


def test_summary_xlsx_numbers_are_numbers_with_a_format(world, director):
    scope, filters = _filters(director, {})
    stream = io.BytesIO()
    xlsx_export.write_summary_xlsx(stream, scope, filters, ["registered", "amount_approved"], None)
    sheet = load_workbook(io.BytesIO(stream.getvalue()))["Figures"]
    money_label = str(REGISTRY["amount_approved"].label)
    cells = {
        row[0].value: row[1] for row in sheet.iter_rows() if row[0].value in ("Registrations", money_label)
    }
    money = cells[money_label]
    assert (cells["Registrations"].value, cells["Registrations"].number_format) == (5, "#,##0")
    assert (money.value, money.number_format) == (0, "#,##0.00")


def test_xlsx_sheet_is_right_to_left_in_arabic(world, director):
    scope, filters = _filters(director, {})
    flags = []
    for language in ("ar", "fr"):
        with translation.override(language):
            stream = io.BytesIO()
            xlsx_export.write_summary_xlsx(stream, scope, filters, ["registered"], None)
        flags.append(bool(load_workbook(io.BytesIO(stream.getvalue()))["Figures"].sheet_view.rightToLeft))
    assert flags == [True, False]


def test_csv_has_a_bom_and_neutralises_a_formula_in_a_name(world, director, records):
    RegistrationFactory(stop=records[0], person=PersonFactory(given_name_latin="=cmd|' /C calc'!A0"))
    scope, filters = _filters(director, {})
    stream = io.StringIO(newline="")
    count = csv_export.write_records_csv(stream, scope, filters, REGISTRY["registered"])
    content = stream.getvalue()
    rows = list(csv.reader(io.StringIO(content[1:])))
    names = [row[1] for row in rows[1:]]
    assert content[0] == "\ufeff"
    assert count == 6
    assert any(name.startswith("'=cmd") for name in names)
    assert not any(name.startswith("=") for name in names)
    assert rows[1][0] == timezone.localdate().isoformat()


def test_summary_csv_numbers_are_unformatted(world, director):
    scope, filters = _filters(director, {})
    stream = io.StringIO(newline="")
    csv_export.write_summary_csv(stream, scope, filters, ["registered", "amount_approved"], None)
    rows = list(csv.reader(io.StringIO(stream.getvalue()[1:])))
    money = engine.total(REGISTRY["amount_approved"], scope, filters).value
    assert rows[-2:] == [
        ["Registrations", "5", ""],
        [str(REGISTRY["amount_approved"].label), str(money), "DZD"],
    ]


def _files_under_private() -> list[Path]:
    return [p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()]


@pytest.mark.parametrize("kind", [ExportKind.XLSX, ExportKind.CSV])
def test_export_job_writes_as_many_rows_as_the_figure(
    world, director, kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_export(
            director, kind=kind, indicator_code="registered", query="sex=F", language="en"
        )
    job.refresh_from_db()
    scope, filters = _filters(director, {"sex": ["F"]})
    figure = engine.total(REGISTRY["registered"], scope, filters).value
    with job.file.open("rb") as handle:
        content = handle.read()
    if kind == ExportKind.XLSX:
        rows = len(list(load_workbook(io.BytesIO(content))["Records"].iter_rows())) - 1
    else:
        rows = len(list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))) - 1
    assert (job.state, job.total, job.done, rows) == (ExportState.DONE, figure, figure, 3)


def test_cancelled_export_stops_and_leaves_no_file(world, director, monkeypatch):
    job = services.request_export(director, kind="xlsx", indicator_code="registered", query="", language="en")
    monkeypatch.setattr(xlsx_export, "PROGRESS_EVERY", 1)
    original = services.record_progress

    def cancel_then_record(job_id, done):
        services.cancel_export(ExportJob.objects.get(pk=job_id), actor=director)
        original(job_id, done)

    monkeypatch.setattr(services, "record_progress", cancel_then_record)
    services.write_export_now(job.pk)
    job.refresh_from_db()
    assert (job.state, job.file.name or "", _files_under_private()) == (ExportState.CANCELLED, "", [])


def test_cancelled_queued_export_never_runs(world, director):
    job = services.request_export(director, kind="csv", indicator_code="registered", query="", language="en")
    services.cancel_export(job, actor=director)
    services.write_export_now(job.pk)
    job.refresh_from_db()
    assert (job.state, job.file.name or "", _files_under_private()) == (ExportState.CANCELLED, "", [])


def test_export_of_another_user_is_not_found(client, world, director, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_export(
            director, kind="csv", indicator_code="registered", query="", language="en"
        )
    client.force_login(world.users[Role.AGENCY_OFFICER])
    statuses = [
        client.get(reverse("figures:export_download", args=[job.pk])).status_code,
        client.get(reverse("figures:export_job", args=[job.pk])).status_code,
        client.post(reverse("figures:export_cancel", args=[job.pk])).status_code,
    ]
    job.refresh_from_db()
    assert (statuses, job.state) == ([404, 404, 404], ExportState.DONE)


def test_double_submit_makes_one_job(world, director):
    first = services.request_export(
        director, kind="xlsx", indicator_code="registered", query="sex=F", language="en"
    )
    second = services.request_export(
        director, kind="xlsx", indicator_code="registered", query="sex=F", language="en"
    )
    assert (second.pk, ExportJob.objects.count()) == (first.pk, 1)


def test_bad_filter_is_refused_before_any_job(world, director):
    with pytest.raises(FigureError) as refused:
        services.request_export(
            director, kind="xlsx", indicator_code="registered", query="from=2024-13-01", language="en"
        )
    assert (refused.value.message, ExportJob.objects.count()) == (
        "“2024-13-01” is not a date (expected YYYY-MM-DD).",
        0,
    )


def test_bad_filter_posted_shows_the_message_and_makes_no_job(client, world, director, monkeypatch):
    monkeypatch.setattr(export_views, "AT_ONCE_LIMIT", 1)
    client.force_login(director)
    url = reverse("figures:records_export", args=["registered", "xlsx"])
    response = client.post(url, {"query": "sex=X"}, follow=True)
    assert "“X” is not a valid value for Sex." in response.content.decode()
    assert ExportJob.objects.count() == 0


def test_small_records_export_downloads_at_once(client, world, director):
    client.force_login(director)
    response = client.post(reverse("figures:records_export", args=["registered", "csv"]), {"query": "sex=M"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Disposition"].startswith('attachment; filename="registered-')
    assert response["Cache-Control"] == "no-store"
    assert (len(rows) - 1, ExportJob.objects.count()) == (2, 0)


def test_large_records_export_runs_in_the_background(
    client, world, director, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(export_views, "AT_ONCE_LIMIT", 2)
    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("figures:records_export", args=["registered", "xlsx"]), {"query": ""})
    job = ExportJob.objects.get()
    page = client.get(response["Location"])
    download = client.get(reverse("figures:export_download", args=[job.pk]))
    assert response["Location"] == reverse("figures:export_job", args=[job.pk])
    assert 'hx-trigger="every 2s"' not in page.content.decode()
    assert reverse("figures:export_download", args=[job.pk]) in page.content.decode()
    assert download["Cache-Control"] == "no-store"
    assert (
        len(list(load_workbook(io.BytesIO(b"".join(download.streaming_content)))["Records"].iter_rows())) == 6
    )


def test_running_export_page_polls_every_two_seconds(client, world, director):
    job = services.request_export(director, kind="xlsx", indicator_code="registered", query="", language="en")
    client.force_login(director)
    page = client.get(reverse("figures:export_job", args=[job.pk]), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in page.content.decode()


def test_summary_export_view_is_a_dated_attachment(client, world, director):
    client.force_login(director)
    response = client.get(reverse("figures:summary_export", args=["xlsx"]), {"sex": "F"})
    values = _summary_values(response.content)
    assert response["Cache-Control"] == "no-store"
    assert values["Registrations"] == 3


def test_old_export_files_expire(world, director, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_export(
            director, kind="csv", indicator_code="registered", query="", language="en"
        )
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    deleted = services.expire_exports()
    job.refresh_from_db()
    assert (deleted, job.file.name or "", _files_under_private()) == (1, "", [])


def test_decimal_cells_keep_their_type(world):
    stream = io.BytesIO()
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Records")
    xlsx_export.write_rows_xlsx(workbook, sheet, stream, ["Amount"], [[Decimal("12.50")]])
    cell = load_workbook(io.BytesIO(stream.getvalue()))["Records"]["A2"]
    assert (cell.value, cell.number_format) == (12.5, "#,##0.00")


def test_a_sum_of_indicators_is_not_exported_as_one_list(client, world, director):
    client.force_login(director)
    url = reverse("figures:records_export", args=["visitors", "xlsx"])
    response = client.post(url, {"query": "country=DZ"}, follow=True)
    assert "open each one to see or export its records" in response.content.decode()
    assert ExportJob.objects.count() == 0
