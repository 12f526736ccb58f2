"""Photos of the work from the field: accepted by their content only (the bytes must be a
JPEG, PNG, WebP or HEIC that Pillow reads — never the name or the browser's type), turned
upright (EXIF orientation), re-encoded as a JPEG of at most ROWAD_PHOTO_MAX_SIDE px on the
longer side, quality 85, without any metadata (the phone's GPS position is dropped), and
stored privately (served by a view after the scope check).

`prepare_photo` checks and re-encodes before any write (a bad photo refuses the whole
report); `store_photos` saves the prepared ones on a report."""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from rowad.core.uploads import sniffed_type

from .enums import ErrorCode
from .errors import MarketError
from .models import ExecutionReport, ReportPhoto

ACCEPTED_TYPES = ("image/jpeg", "image/png", "image/webp", "image/heic", "image/heif")
JPEG_QUALITY = 85
MAX_PHOTOS = 10


@dataclass(frozen=True)
class PreparedPhoto:
    content: bytes
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _refused(message: str, code: str = ErrorCode.NOT_AN_IMAGE) -> MarketError:
    return MarketError(message, code=code, field="photos")


def _size_of(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(0)
    return size


def prepare_photo(file) -> PreparedPhoto:
    """The photo re-encoded, or a MarketError (not_an_image, file_refused) saying why not."""
    name = getattr(file, "name", "") or _("the photo")
    if _size_of(file) > settings.ROWAD_PHOTO_MAX_BYTES:
        raise _refused(
            _("%(name)s is too big: a photo may be at most %(limit)s.")
            % {"name": name, "limit": filesizeformat(settings.ROWAD_PHOTO_MAX_BYTES)},
            ErrorCode.FILE_REFUSED,
        )
    not_an_image = _("%(name)s is not a photo (JPEG, PNG, WebP or HEIC).") % {"name": name}
    if sniffed_type(file) not in ACCEPTED_TYPES:
        raise _refused(not_an_image)
    try:
        file.seek(0)
        with Image.open(file) as probe:
            probe.verify()
        file.seek(0)
        with Image.open(file) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            picture = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise _refused(not_an_image) from None
    finally:
        file.seek(0)
    side = settings.ROWAD_PHOTO_MAX_SIDE
    picture.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # A fresh RGB image carries no EXIF, ICC or XMP: nothing of the phone's metadata is written.
    clean = Image.new("RGB", picture.size)
    clean.paste(picture)
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return PreparedPhoto(out.getvalue(), clean.width, clean.height)


def prepare_photos(files: Iterable) -> list[PreparedPhoto]:
    files = [f for f in files or () if f]
    if len(files) > MAX_PHOTOS:
        raise _refused(
            _("Send at most %(count)s photos with one report.") % {"count": MAX_PHOTOS}, ErrorCode.INVALID
        )
    return [prepare_photo(f) for f in files]


def store_photos(report: ExecutionReport, prepared: Iterable[PreparedPhoto]) -> list[ReportPhoto]:
    photos = []
    for item in prepared:
        photo = ReportPhoto(
            report=report, width=item.width, height=item.height, size=len(item.content), sha256=item.sha256
        )
        photo.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(item.content), save=False)
        photo.save()
        photos.append(photo)
    return photos
