import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from rowad.imports.models import ImportBatch
from rowad.people.models import Person
from tests.imports.factories import BAD_ROW, GOOD_ROWS, csv_bytes

pytestmark = pytest.mark.integration


def test_cli_imports_and_prints_the_summary(db, write_file):
    path = write_file("inscriptions.csv", csv_bytes([*GOOD_ROWS, BAD_ROW]))
    out = io.StringIO()
    call_command("import_people", str(path), "--source", "Caravane", stdout=out)
    text = out.getvalue()
    assert "written:          3" in text
    assert "rejected:         1" in text
    assert Person.objects.count() == 3


def test_cli_reimport_exits_non_zero(db, write_file):
    path = write_file("inscriptions.csv", csv_bytes(GOOD_ROWS))
    call_command("import_people", str(path), "--source", "Caravane", stdout=io.StringIO())
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_people", str(path), "--source", "Caravane", stdout=out)
    assert exc.value.returncode == 2
    assert "already imported: 3" in out.getvalue()


def test_cli_all_or_nothing_and_map_option(db, write_file):
    path = write_file("inscriptions.csv", csv_bytes([*GOOD_ROWS, BAD_ROW]))
    with pytest.raises(CommandError):
        call_command(
            "import_people",
            str(path),
            "--mode",
            "all-or-nothing",
            "--map",
            "address=Wilaya",
            stdout=io.StringIO(),
        )
    assert Person.objects.count() == 0


def test_cli_bad_map_option(db, write_file):
    path = write_file("inscriptions.csv", csv_bytes(GOOD_ROWS))
    with pytest.raises(CommandError, match="--map expects FIELD=COLUMN"):
        call_command("import_people", str(path), "--map", "salary=Nom")


def test_api_upload_and_status(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["agency_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("importbatch-list"),
            {
                "file": SimpleUploadedFile("a.csv", csv_bytes(GOOD_ROWS)),
                "source": "API",
                "country": "DZ",
                "start": "true",
            },
        )
    assert response.status_code == 201
    status = client.get(reverse("importbatch-detail", args=[response.json()["id"]])).json()
    assert (status["status"], status["rows_written"]) == ("done", 3)


def test_api_upload_bad_file_is_400(client, world):
    client.force_login(world.users["agency_officer"])
    response = client.post(
        reverse("importbatch-list"),
        {"file": SimpleUploadedFile("a.csv", b"\x00\x00binary"), "source": "API", "country": "DZ"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "binary"
    assert "not a text (CSV) file" in response.json()["detail"]
    assert ImportBatch.objects.count() == 0


def test_api_list_is_scoped(client, world):
    from tests.imports.factories import ImportBatchFactory

    ImportBatchFactory(organization=world.hoceima_agency, province=world.hoceima, file_name="foreign.csv")
    client.force_login(world.users["agency_officer"])
    assert (
        client.get(reverse("importbatch-list")).json()["results"] == []
        or client.get(reverse("importbatch-list")).json().get("count") == 0
    )


def test_cli_map_given_several_times_keeps_every_pair(db, write_file):
    header = ["prenom_x", "nom_x", "tel_x"]
    path = write_file("ancien.csv", csv_bytes([["Amine", "Bouzid", "0550123456"]], header=header))
    out = io.StringIO()
    call_command(
        "import_people", str(path), "--map", "given_name_latin=prenom_x", "--map", "family_name_latin=nom_x",
        "--map", "phone=tel_x", stdout=out,
    )  # fmt: skip
    person = Person.objects.get()
    assert (person.given_name_latin, person.family_name_latin, person.phone) == (
        "Amine",
        "Bouzid",
        "+213550123456",
    )
    text = out.getvalue()
    assert "columns mapped:   given_name_latin=prenom_x, family_name_latin=nom_x, phone=tel_x" in text
    fields_line = next(line for line in text.splitlines() if "fields without a column:" in line)
    assert "national_id" in fields_line and "given_name_latin" not in fields_line


def test_cli_map_with_several_pairs_then_the_path(db, write_file):
    header = ["prenom_x", "nom_x"]
    path = write_file("ancien.csv", csv_bytes([["Amine", "Bouzid"]], header=header))
    call_command(
        "import_people", "--map", "given_name_latin=prenom_x", "family_name_latin=nom_x", str(path),
        stdout=io.StringIO(),
    )  # fmt: skip
    assert Person.objects.get().given_name_latin == "Amine"


def test_cli_same_field_mapped_twice_is_an_error(db, write_file):
    path = write_file("ancien.csv", csv_bytes([["Amine", "Bouzid"]], header=["a", "b"]))
    with pytest.raises(CommandError, match="given_name_latin is given twice"):
        call_command(
            "import_people", str(path), "--map", "given_name_latin=a", "--map", "given_name_latin=b",
            stdout=io.StringIO(),
        )  # fmt: skip


def test_cli_reads_files_over_the_upload_limit(db, write_file, monkeypatch):
    """The web upload's limit is for uploads: the command streams files of any size."""
    from rowad.imports import services

    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 10)
    path = write_file("registre.csv", csv_bytes(GOOD_ROWS))
    out = io.StringIO()
    call_command("import_people", str(path), stdout=out)
    assert "written:          3" in out.getvalue()
    big = SimpleUploadedFile("a.csv", csv_bytes(GOOD_ROWS))
    with pytest.raises(services.BatchError):
        services.create_batch(big, actor=None, source_name="web", country="DZ", max_bytes=10, read_now=True)
