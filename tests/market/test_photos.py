"""Photos accepted by their content, resized, upright, without metadata."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rowad.market import photos
from rowad.market.enums import ErrorCode
from rowad.market.errors import MarketError
from tests.market.work_factories import image_file, text_as_jpg


def _gps_exif():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to show upright
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (35.0, 41.0, 49.0)
    return exif


def test_a_text_file_named_photo_jpg_is_refused():
    with pytest.raises(MarketError) as caught:
        photos.prepare_photo(text_as_jpg("photo.jpg"))
    assert caught.value.code == ErrorCode.NOT_AN_IMAGE


def test_a_truncated_jpeg_is_refused():
    data = image_file().read()[:40]
    with pytest.raises(MarketError) as caught:
        photos.prepare_photo(SimpleUploadedFile("p.jpg", data))
    assert caught.value.code == ErrorCode.NOT_AN_IMAGE


def test_a_photo_too_big_is_refused_with_a_clear_message(settings):
    settings.ROWAD_PHOTO_MAX_BYTES = 100
    with pytest.raises(MarketError) as caught:
        photos.prepare_photo(image_file())
    assert caught.value.code == ErrorCode.FILE_REFUSED
    assert "100" in caught.value.message


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_accepted_formats_become_jpeg(fmt):
    prepared = photos.prepare_photo(image_file(f"p.{fmt.lower()}", fmt=fmt))
    assert prepared.content[:3] == b"\xff\xd8\xff"
    assert (prepared.width, prepared.height) == (40, 30)


def test_a_huge_photo_is_resized_to_the_limit():
    prepared = photos.prepare_photo(image_file(size=(4000, 3000)))
    assert (prepared.width, prepared.height) == (1600, 1200)
    with Image.open(io.BytesIO(prepared.content)) as image:
        assert image.size == (1600, 1200)


def test_orientation_applied_and_gps_stripped():
    prepared = photos.prepare_photo(image_file(size=(40, 30), exif=_gps_exif()))
    assert (prepared.width, prepared.height) == (30, 40)  # turned upright
    with Image.open(io.BytesIO(prepared.content)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(0x8825)
        assert len(exif) == 0
        assert "exif" not in image.info
    assert b"PhoneMaker" not in prepared.content


@pytest.mark.django_db
def test_stored_privately_with_its_facts():
    import hashlib

    from rowad.market import services
    from tests.market.work_factories import awarded, contract_of, today

    case = awarded()
    milestone = contract_of(case).milestones.get()
    report = services.report_execution(
        milestone, quantity="10", done_on=today(), photos=[image_file(size=(2000, 1000))], actor=case.holder
    )
    photo = report.photos.get()
    assert (photo.width, photo.height) == (1600, 800)
    data = photo.image.read()
    assert photo.size == len(data) and photo.sha256 == hashlib.sha256(data).hexdigest()
    assert photo.image.name.startswith(f"market/reports/{report.pk}/")
    assert not photo.image.storage.base_url or "private" in type(photo.image.storage).__name__.lower()
