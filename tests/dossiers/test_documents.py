import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rowad.accounts.enums import Role
from rowad.core.errors import DomainError
from rowad.dossiers import services
from rowad.dossiers.models import DocumentVersion
from tests.dossiers.factories import PDF_BYTES, PNG_BYTES, make_dossier, pdf

pytestmark = pytest.mark.integration


@pytest.fixture
def dossier(world):
    return make_dossier(world)


@pytest.fixture
def doc_type(dossier):
    return dossier.programme.required_documents.get()


def upload(dossier, doc_type, file, world):
    return services.upload_document(
        dossier, document_type=doc_type, file=file, actor=world.users[Role.AGENCY_OFFICER]
    )


def test_upload_keeps_every_version_outside_media_root(dossier, doc_type, world, settings):
    first = upload(dossier, doc_type, pdf("cni.pdf"), world)
    second = upload(dossier, doc_type, pdf("cni-2.pdf", PDF_BYTES + b"%v2\n"), world)

    assert [v.number for v in DocumentVersion.objects.filter(document__dossier=dossier)] == [2, 1]
    assert (first.content_type, second.content_type) == ("application/pdf", "application/pdf")
    path = first.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert services.missing_documents(dossier) == []


def test_same_file_sent_twice_is_one_version(dossier, doc_type, world):
    upload(dossier, doc_type, pdf(), world)
    upload(dossier, doc_type, pdf(), world)
    assert DocumentVersion.objects.filter(document__dossier=dossier).count() == 1


def test_upload_too_large_refused(dossier, doc_type, world, settings):
    settings.ROWAD_DOCUMENT_MAX_BYTES = 100
    with pytest.raises(DomainError) as excinfo:
        upload(dossier, doc_type, pdf(content=PDF_BYTES + b"0" * 200), world)
    assert excinfo.value.code == "file_too_large"
    assert DocumentVersion.objects.count() == 0


def test_upload_forbidden_type_refused(dossier, doc_type, world):
    file = SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 60, content_type="application/pdf")
    with pytest.raises(DomainError) as excinfo:
        upload(dossier, doc_type, file, world)
    assert excinfo.value.code == "file_type_refused"


def test_upload_content_not_matching_name_refused(dossier, doc_type, world):
    file = SimpleUploadedFile("diplome.pdf", PNG_BYTES, content_type="application/pdf")
    with pytest.raises(DomainError) as excinfo:
        upload(dossier, doc_type, file, world)
    assert excinfo.value.code == "content_mismatch"


def test_upload_html_renamed_as_pdf_refused(dossier, doc_type, world):
    file = SimpleUploadedFile(
        "facture.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    with pytest.raises(DomainError) as excinfo:
        upload(dossier, doc_type, file, world)
    assert excinfo.value.code == "content_mismatch"


def test_upload_empty_file_refused(dossier, doc_type, world):
    with pytest.raises(DomainError) as excinfo:
        upload(dossier, doc_type, SimpleUploadedFile("vide.pdf", b""), world)
    assert excinfo.value.code == "empty_file"


def test_png_accepted(dossier, doc_type, world):
    version = upload(dossier, doc_type, SimpleUploadedFile("scan.png", PNG_BYTES), world)
    assert version.content_type == "image/png"


def test_holder_uploads_to_own_dossier_only(world, holder_user):
    own = make_dossier(world, holders=[holder_user.person])
    other = make_dossier(world)
    doc_type = own.programme.required_documents.get()

    version = services.upload_document(own, document_type=doc_type, file=pdf(), actor=holder_user)
    assert version.uploaded_by == holder_user

    with pytest.raises(DomainError) as excinfo:
        services.upload_document(other, document_type=doc_type, file=pdf(), actor=holder_user)
    assert excinfo.value.code == "not_allowed"
