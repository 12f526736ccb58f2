import io

import pytest

from rowad.core.uploads import extension_of, sniffed_type

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("content", "mime"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 24, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 24, "image/jpeg"),
        (b"MZ\x90\x00" + b"\x00" * 60, "application/x-msdownload"),
        (b"just some text", ""),
    ],
)
def test_sniffed_type_reads_the_content_and_rewinds(content, mime):
    file = io.BytesIO(content)
    file.read(3)
    assert sniffed_type(file) == mime
    assert file.tell() == 0


@pytest.mark.parametrize(
    ("name", "extension"),
    [("Accord.PDF", "pdf"), ("scan.final.jpeg", "jpeg"), ("README", ""), ("", ""), (None, "")],
)
def test_extension_of(name, extension):
    assert extension_of(name) == extension
