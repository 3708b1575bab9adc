"""Text normalisation shared by every app: NFC storage, legacy encodings, diacritics-free search keys."""

import re
import unicodedata

ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def nfc(text: str) -> str:
    """NFC with zero-width characters removed and legacy TCVN3/VNI text converted to Unicode."""
    from qms_portal.legacy import to_unicode_nfc

    return to_unicode_nfc(text)[0]


def fold(text: str) -> str:
    """A search key without diacritics or case: "Nhơn Trạch" -> "nhon trach"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D").casefold().strip()


def contains_html(text: str) -> bool:
    return bool(TAG.search(text or ""))
