"""Uploaded files are typed by their content: the extension they are stored and served under comes from the
detected type, never from the uploader's file name, and a file that carries HTML is refused whatever its
first bytes say (a PDF or GIF header followed by a page would otherwise be a stored XSS in some viewers)."""

import os
import re

import filetype

HTML_MARKER = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|frame|svg|object|embed|meta|form|style|base|link)[\s>/]",
    re.IGNORECASE,
)
CHUNK = 1024 * 1024


def holds_html(upload) -> bool:
    """Whether the file contains an HTML tag anywhere (read in chunks that overlap, so no tag is split)."""
    upload.seek(0)
    tail = b""
    try:
        while chunk := upload.read(CHUNK):
            if HTML_MARKER.search(tail + chunk):
                return True
            tail = chunk[-64:]
        return False
    finally:
        upload.seek(0)


def extension_for(mime: str) -> str:
    kind = filetype.get_type(mime=mime)
    return kind.extension if kind is not None else "bin"


def download_name(original: str, mime: str) -> str:
    """The user's name for the file with the extension of its real type: "bao-cao.html" holding a PDF is
    served as "bao-cao.pdf"."""
    stem = os.path.splitext(os.path.basename(original or ""))[0] or "file"
    return f"{stem}.{extension_for(mime)}"
