"""What a file is, read from its bytes (magic numbers), never from its name or the browser's word.

PDF, JPEG and PNG open with a fixed signature. ODT and DOCX are ZIP archives: an ODT holds a
`mimetype` member saying `application/vnd.oasis.opendocument.text`, a DOCX holds
`[Content_Types].xml` and a `word/` folder. A name whose extension names another type than the
content is refused: a file that lies about itself is not attached. Messages name types and
extensions only, never the file's name.
"""

import io
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import EXTENSIONS, ContentType

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", ContentType.PDF),
    (b"\xff\xd8\xff", ContentType.JPEG),
    (b"\x89PNG\r\n\x1a\n", ContentType.PNG),
)
ZIP_SIGNATURE = b"PK\x03\x04"
# Extensions a name of each type may end in.
NAMES: dict[str, frozenset[str]] = {
    ContentType.PDF: frozenset({"pdf"}),
    ContentType.JPEG: frozenset({"jpg", "jpeg"}),
    ContentType.PNG: frozenset({"png"}),
    ContentType.ODT: frozenset({"odt"}),
    ContentType.DOCX: frozenset({"docx"}),
}
TYPE_OF_EXTENSION = {extension: content_type for content_type, names in NAMES.items() for extension in names}


def _office_type(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        small = "mimetype" in names and archive.getinfo("mimetype").file_size <= len(ODT_MIMETYPE)
        if small and archive.read("mimetype").strip() == ODT_MIMETYPE:
            return ContentType.ODT
        if "[Content_Types].xml" in names and any(name.startswith("word/") for name in names):
            return ContentType.DOCX
    except (zipfile.BadZipFile, KeyError, ValueError, RuntimeError, NotImplementedError, OSError):
        return None
    return None


def detect(data: bytes) -> str | None:
    """The content type of `data` by its bytes, or None for a type that cannot be attached."""
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    if data.startswith(ZIP_SIGNATURE):
        return _office_type(data)
    return None


def _label(content_type: str) -> str:
    return str(ContentType(content_type).label)


def checked_type(*, data: bytes, name: str) -> str:
    """The content type of an upload, or a ValidationError when it cannot be attached or its name
    names another type (`name` is only read for its extension, and never repeated)."""
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = PurePath(name).suffix.lower().removeprefix(".")
    detected = detect(data)
    claimed = TYPE_OF_EXTENSION.get(extension)
    if detected is None:
        if claimed is not None:
            raise ValidationError(
                _(
                    "The file's name ends in .%(extension)s, but its content is not a %(type)s file. "
                    "Only PDF, JPEG, PNG, ODT and DOCX files can be attached."
                ),
                code="content_mismatch",
                params={"extension": extension, "type": _label(claimed)},
            )
        raise ValidationError(
            _("This type of file cannot be attached. Only PDF, JPEG, PNG, ODT and DOCX files can be attached."),
            code="unsupported_type",
        )
    if extension and extension not in NAMES[detected]:
        raise ValidationError(
            _(
                "The file's name ends in .%(extension)s, but its content is a %(type)s file. "
                "Save it under the right type and upload it again."
            ),
            code="content_mismatch",
            params={"extension": extension[:10], "type": _label(detected)},
        )
    return detected


__all__ = ["EXTENSIONS", "checked_type", "detect"]
