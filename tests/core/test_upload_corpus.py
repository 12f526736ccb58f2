"""Issue 18, item 14: the upload corpus (tests/core/upload_corpus.py, built in code) through
the check of every upload endpoint. Each entry is refused with a translated message, or
accepted only as a type that is never rendered (PDF, JPEG, PNG, WebP, DOCX, CSV/XLSX
data), under a generated name: never as HTML or SVG, never under the name it came with."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from rowad.core.errors import DomainError
from tests.core.upload_corpus import corpus

pytestmark = pytest.mark.unit

RENDERED = {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", ""}
SAFE_NAME = re.compile(r"^[a-z0-9/_-]+/[0-9a-f]{32}\.[a-z0-9]{1,10}$")
REFUSALS = (DomainError, ValidationError, ValueError)


def _dossier_document(name, content):
    """Dossier documents, and through the same check: portal uploads, disbursement
    invoices, enterprise step documents."""
    from rowad.dossiers.models import _document_path
    from rowad.dossiers.uploads import UploadRejected, check_upload

    try:
        content_type, _size, _digest = check_upload(SimpleUploadedFile(name, content))
    except UploadRejected as exc:
        return "refused", exc.message
    stored = _document_path(SimpleNamespace(document=SimpleNamespace(dossier_id=1)), name)
    return content_type, stored


def _agreement(name, content):
    from rowad.core.uploads import extension_of
    from rowad.partners.validators import DOCUMENT_TYPES, validate_agreement_document

    validate_agreement_document(SimpleUploadedFile(name, content))
    return DOCUMENT_TYPES[extension_of(name)], None


def _order_document(name, content):
    from rowad.market.services.order_documents import check_order_document

    content_type, _size, _digest = check_order_document(SimpleUploadedFile(name, content))
    return content_type, None


def _photo(name, content):
    from rowad.market.photos import prepare_photo

    prepare_photo(SimpleUploadedFile(name, content))
    return "image/jpeg", None  # re-encoded: only the pixels are kept


def _import(name, content, tmp_path):
    from rowad.imports.readers import read_file

    upload = SimpleUploadedFile(name, content)  # the name as Django keeps it
    path = tmp_path / f"stored{Path(upload.name).suffix.lower()[:10]}"  # as services.create_batch
    path.write_bytes(content)
    table = read_file(path, file_name=upload.name)
    list(table.rows)
    return f"text/{table.file_format}", None


ENDPOINTS = {
    "dossier, portal, invoice and enterprise documents": _dossier_document,
    "agreement documents": _agreement,
    "market order documents": _order_document,
    "market execution photos": _photo,
    "registry imports (web, API, command line)": _import,
}


def outcome(endpoint, name, content, tmp_path):
    check = ENDPOINTS[endpoint]
    try:
        result = check(name, content, tmp_path) if endpoint.startswith("registry") else check(name, content)
    except REFUSALS as exc:
        message = getattr(exc, "message", None) or " ".join(getattr(exc, "messages", [])) or str(exc)
        return "refused", message
    return result


def test_upload_corpus_is_refused_or_stored_safely(tmp_path, settings, capsys):
    failures, cases = [], 0
    for endpoint in ENDPOINTS:
        for label, name, content in corpus():
            cases += 1
            kind, detail = outcome(endpoint, name, content, tmp_path)
            if kind == "refused":
                if not detail:
                    failures.append((endpoint, label, "refused without a message"))
                continue
            if kind in RENDERED:
                failures.append((endpoint, label, f"accepted as {kind}"))
            if detail is not None and not SAFE_NAME.match(detail):
                failures.append((endpoint, label, f"stored as {detail!r}"))
    with capsys.disabled():
        print(
            f"\nupload corpus: {len(corpus())} files x {len(ENDPOINTS)} checks = {cases} cases, {len(failures)} failures"
        )
    assert failures == []


@pytest.mark.parametrize("label", ["zip bomb as docx"])
def test_a_docx_bomb_is_refused_by_the_document_checks(label):
    name, content = next((n, c) for lab, n, c in corpus() if lab == label)
    kind, message = outcome("dossier, portal, invoice and enterprise documents", name, content, None)
    assert kind == "refused" and "does not match its name" in message
