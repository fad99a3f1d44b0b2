"""The exchange formats, and how a file's name, media type or first line names one."""

FORMATS = ("csv", "po")
MEDIA_TYPES = {"csv": "text/csv", "po": "text/x-gettext-translation"}
# Media types and file name endings that name a format.
FORMAT_OF_MEDIA_TYPE = {
    "text/csv": "csv",
    "application/csv": "csv",
    "text/x-gettext-translation": "po",
    "text/x-po": "po",
    "text/x-gettext": "po",
    "application/x-po": "po",
    "application/x-gettext": "po",
}
FORMAT_OF_SUFFIX = {".csv": "csv", ".po": "po"}


def detect_format(filename: str | None = None, media_type: str | None = None):
    """Return the format a file name or media type names, or None."""
    name = (filename or "").lower()
    for suffix, fmt in FORMAT_OF_SUFFIX.items():
        if name.endswith(suffix):
            return fmt
    return FORMAT_OF_MEDIA_TYPE.get((media_type or "").lower())


def sniff_format(data: bytes) -> str | None:
    """Guess the format from the file's first line, when nothing else says."""
    for line in data.removeprefix(b"\xef\xbb\xbf")[:4096].splitlines():
        line = line.strip()
        if not line or line.startswith(b"#"):
            continue  # PO files open with comments
        if line.startswith((b"msgid", b"msgctxt")):
            return "po"
        if line.lower().startswith(b"code,") or b",code," in line.lower():
            return "csv"
        return None
    return None
