import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rowad.core.models import AuditEntry
from rowad.partners.models import Agreement, Organization, Programme

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def agreement_form(world, partners, **overrides):
    data = {
        "title": "Convention de formation",
        "reference": "CF-2025",
        "signed_on": "2025-01-10",
        "starts_on": "2025-02-01",
        "ends_on": "2026-02-01",
        "summary": "",
        "parties-TOTAL_FORMS": "3",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "30",
        "parties-0-organization": str(world.oran_agency.pk),
        "parties-0-role": "operator",
        "parties-0-commitments": "Étude des dossiers",
        "parties-1-organization": str(partners["sponsor"].pk),
        "parties-1-role": "sponsor",
        "parties-2-organization": "",
        "parties-2-role": "",
    }
    data.update(overrides)
    return data


def programme_form(world, **overrides):
    data = {
        "name_fr": "Programme jeunes Oran",
        "code": "jeunes-oran",
        "operator": str(world.oran_agency.pk),
        "min_age": "18",
        "max_age": "35",
        "min_members": "1",
        "max_members": "3",
        "benefits": ["training", "grant"],
        "provinces": [str(world.oran.pk)],
        "requires_unemployed": "on",
        "is_active": "on",
    }
    data.update(overrides)
    return data


# --- Lists and filters -------------------------------------------------------------------


def test_organization_list_shows_scope_only(officer_client, partners):
    content = officer_client.get(reverse("partners:organization_list")).content.decode()
    assert "Télécom Oran" in content
    assert "Zzforeign" not in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=sponsor", ["Télécom Oran", "Télécom national"]),
        ("?q=national", ["Télécom national"]),
        ("?country=MA", []),
    ],
)
def test_organization_list_filters(officer_client, partners, query, expected):
    response = officer_client.get(reverse("partners:organization_list") + query)
    names = sorted(o.name_fr for o in response.context["page"].object_list)
    assert names == expected


def test_organization_list_filters_by_province(officer_client, world, partners):
    response = officer_client.get(
        reverse("partners:organization_list") + f"?province={world.oran.pk}&kind=agency"
    )
    assert [o.name_fr for o in response.context["page"].object_list] == ["ANADE Oran"]


def test_organization_list_htmx_returns_rows_only(officer_client, partners):
    response = officer_client.get(reverse("partners:organization_list") + "?q=Oran", HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "Télécom Oran" in response.content.decode()


def test_agreement_and_programme_lists_show_scope_only(officer_client, partners):
    agreements = officer_client.get(reverse("partners:agreement_list")).content.decode()
    programmes = officer_client.get(reverse("partners:programme_list")).content.decode()
    assert "Convention Oran" in agreements and "Zzforeign" not in agreements
    assert "TIC Oran" in programmes and "Zzforeign" not in programmes


def test_filter_with_unknown_province_is_ignored_with_message(officer_client, partners):
    response = officer_client.get(reverse("partners:organization_list") + "?province=999999")
    assert response.status_code == 200
    assert "province" in response.context["form"].errors


# --- Organizations -----------------------------------------------------------------------


def test_organization_create_and_detail_history(officer_client, world):
    response = officer_client.post(
        reverse("partners:organization_create"),
        {
            "kind": "association",
            "country": "DZ",
            "name_ar": "جمعية وهران",
            "provinces": [world.oran.pk],
            "is_active": "on",
        },
    )
    org = Organization.objects.get(name_ar="جمعية وهران")
    assert response["Location"] == reverse("partners:organization_detail", args=[org.pk])
    detail = officer_client.get(response["Location"]).content.decode()
    assert "History" in detail


def test_organization_edit_history_shows_choice_labels(officer_client, partners):
    sponsor = partners["sponsor"]
    url = reverse("partners:organization_edit", args=[sponsor.pk])
    form = officer_client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "provinces"}
    data.update(
        {
            "kind": "funder",
            "provinces": [p.pk for p in sponsor.provinces.all()],
            "version": 1,
            "is_active": "on",
        }
    )
    data["parent"] = ""
    response = officer_client.post(url, data)
    assert response.status_code == 302
    detail = officer_client.get(reverse("partners:organization_detail", args=[sponsor.pk]))
    changes = detail.context["history"][0]["changes"]
    assert changes == [{"field": "kind", "old": "Sponsor company", "new": "Funder"}]


def test_organization_stale_edit_is_refused_with_409(officer_client, world, partners):
    sponsor = partners["sponsor"]
    Organization.objects.filter(pk=sponsor.pk).update(version=2)
    response = officer_client.post(
        reverse("partners:organization_edit", args=[sponsor.pk]),
        {
            "kind": "sponsor",
            "country": "DZ",
            "name_fr": "Autre nom",
            "provinces": [world.oran.pk],
            "version": 1,
        },
    )
    assert response.status_code == 409
    sponsor.refresh_from_db()
    assert sponsor.name_fr == "Télécom Oran"


def test_organization_edit_out_of_writer_scope_is_404(officer_client, partners):
    response = officer_client.get(reverse("partners:organization_edit", args=[partners["national"].pk]))
    assert response.status_code == 404


def test_organization_create_outside_own_provinces_shows_field_error(officer_client, world):
    from tests.factories import province

    response = officer_client.post(
        reverse("partners:organization_create"),
        {"kind": "association", "country": "DZ", "name_ar": "جمعية", "provinces": [province("DZ", "16").pk]},
    )
    assert response.status_code == 200
    assert "provinces" in response.context["form"].errors


# --- Agreements --------------------------------------------------------------------------


def test_agreement_create_with_document_then_download(officer_client, world, partners, settings):
    data = agreement_form(world, partners, document=SimpleUploadedFile("signed.pdf", PDF, "application/pdf"))
    response = officer_client.post(reverse("partners:agreement_create"), data)
    agreement = Agreement.objects.get(reference="CF-2025")
    assert response.status_code == 302
    stored = settings.PRIVATE_MEDIA_ROOT / agreement.document.name
    assert stored.read_bytes() == PDF
    download = officer_client.get(reverse("partners:agreement_document", args=[agreement.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert AuditEntry.objects.filter(action="partners.agreement.document_read").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("signed.exe", b"MZ....", "PDF, JPEG or PNG"),
        ("signed.pdf", b"hello, not a pdf", "does not match"),
        ("signed.pdf", b"", "empty"),
    ],
)
def test_agreement_bad_upload_shows_message_on_the_field(
    officer_client, world, partners, name, content, message
):
    data = agreement_form(world, partners, document=SimpleUploadedFile(name, content))
    response = officer_client.post(reverse("partners:agreement_create"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["document"])
    assert Agreement.objects.filter(reference="CF-2025").count() == 0


def test_agreement_too_large_upload_is_refused(officer_client, world, partners):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 + 1))
    response = officer_client.post(
        reverse("partners:agreement_create"), agreement_form(world, partners, document=big)
    )
    assert response.status_code == 200
    assert "too large" in " ".join(response.context["form"].errors["document"])


def test_agreement_with_one_party_shows_message(officer_client, world, partners):
    data = agreement_form(world, partners, **{"parties-1-organization": ""})
    response = officer_client.post(reverse("partners:agreement_create"), data)
    assert response.status_code == 200
    assert "at least two different organizations" in response.content.decode()


def test_agreement_document_of_foreign_agreement_is_404(officer_client, partners):
    response = officer_client.get(
        reverse("partners:agreement_document", args=[partners["foreign_agreement"].pk])
    )
    assert response.status_code == 404


def test_agreement_without_document_download_is_404(officer_client, partners):
    response = officer_client.get(reverse("partners:agreement_document", args=[partners["agreement"].pk]))
    assert response.status_code == 404


def test_agreement_document_is_not_under_media_root(officer_client, world, partners, settings):
    data = agreement_form(world, partners, document=SimpleUploadedFile("signed.pdf", PDF))
    officer_client.post(reverse("partners:agreement_create"), data)
    assert not (settings.MEDIA_ROOT / "agreements").exists()


def test_agreement_edit_stale_is_refused(officer_client, world, partners):
    agreement = partners["agreement"]
    Agreement.objects.filter(pk=agreement.pk).update(version=5)
    data = agreement_form(world, partners, title="Changé", version="1")
    response = officer_client.post(reverse("partners:agreement_edit", args=[agreement.pk]), data)
    assert response.status_code == 409
    agreement.refresh_from_db()
    assert agreement.title == "Convention Oran"


def test_agreement_edit_shows_party_change_in_history(officer_client, world, partners):
    agreement = partners["agreement"]
    data = agreement_form(world, partners, title="Convention Oran", reference="OR-1", version="1")
    data["parties-1-organization"] = str(partners["national"].pk)
    data["parties-1-role"] = "funder"
    response = officer_client.post(reverse("partners:agreement_edit", args=[agreement.pk]), data)
    assert response.status_code == 302
    history = officer_client.get(reverse("partners:agreement_detail", args=[agreement.pk])).context["history"]
    changes = [c for row in history for c in row["changes"]]
    assert {"field": "party", "old": "—", "new": "Télécom national · Funder"} in changes
    assert {"field": "party", "old": "Télécom Oran · Sponsor", "new": "—"} in changes


# --- Programmes --------------------------------------------------------------------------


def test_programme_create_and_rules_as_sentences(officer_client, world):
    response = officer_client.post(reverse("partners:programme_create"), programme_form(world))
    programme = Programme.objects.get(code="jeunes-oran")
    assert response["Location"] == reverse("partners:programme_detail", args=[programme.pk])
    detail = officer_client.get(response["Location"])
    rules = [str(s) for s in detail.context["rules"]]
    assert rules[0] == 'Applicants are aged from <bdi dir="ltr">18</bdi> to <bdi dir="ltr">35</bdi> years.'
    assert "Applicants must be unemployed." in rules


def test_programme_rules_in_french(officer_client, world, partners):
    officer_client.cookies["rowad_language"] = "fr"
    response = officer_client.get(
        reverse("partners:programme_detail", args=[partners["programme"].pk]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert "ans" in str(response.context["rules"][0])


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"min_age": "40", "max_age": "30"}, "max_age"),
        ({"min_age": "abc"}, "min_age"),
        ({"min_members": "4", "max_members": "2"}, "max_members"),
        ({"benefits": ["money"]}, "benefits"),
        ({"code": "has spaces"}, "code"),
        ({"provinces": ["999999"]}, "provinces"),
    ],
)
def test_programme_create_bad_input_shows_field_error(officer_client, world, overrides, field):
    response = officer_client.post(reverse("partners:programme_create"), programme_form(world, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Programme.objects.filter(code="jeunes-oran").count() == 0


def test_programme_stale_edit_is_refused(officer_client, world, partners):
    programme = partners["programme"]
    Programme.objects.filter(pk=programme.pk).update(version=3)
    data = programme_form(world, code="oran-ict", version="1")
    response = officer_client.post(reverse("partners:programme_edit", args=[programme.pk]), data)
    assert response.status_code == 409


def test_programme_edit_history_shows_province_names(officer_client, world, partners):
    programme = partners["programme"]
    data = programme_form(world, code="oran-ict", name_fr="TIC Oran", version="1")
    response = officer_client.post(reverse("partners:programme_edit", args=[programme.pk]), data)
    assert response.status_code == 302
    history = officer_client.get(reverse("partners:programme_detail", args=[programme.pk])).context["history"]
    changes = {c["field"]: c for c in history[0]["changes"]}
    assert changes["eligible provinces"]["new"] == str(world.oran)
    assert changes["benefits"]["new"] == "Grant, Training"


def test_double_submit_creates_one_programme(officer_client, world):
    officer_client.post(reverse("partners:programme_create"), programme_form(world))
    response = officer_client.post(reverse("partners:programme_create"), programme_form(world))
    assert response.status_code == 200
    assert Programme.objects.filter(code="jeunes-oran").count() == 1


def test_agreement_party_without_role_shows_message(officer_client, world, partners):
    data = agreement_form(world, partners, **{"parties-1-role": ""})
    response = officer_client.post(reverse("partners:agreement_create"), data)
    assert response.status_code == 200
    assert response.context["parties"].forms[1].errors["role"] == ["Give this party's role."]


def test_programme_edit_keeps_sponsor_outside_editor_scope(officer_client, world, partners):
    programme = partners["programme"]
    programme.sponsors.add(partners["foreign_partner"])
    data = programme_form(world, code="oran-ict", version="1", sponsors=[str(partners["foreign_partner"].pk)])
    response = officer_client.post(reverse("partners:programme_edit", args=[programme.pk]), data)
    assert response.status_code == 302
    assert list(programme.sponsors.all()) == [partners["foreign_partner"]]
