"""Text normalisation shared by every app: NFC storage, legacy encodings, diacritics-free search keys."""

import re
import unicodedata

ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def nfc(text: str) -> str:
    """NFC with zero-width characters removed and legacy TCVN3/VNI text converted to Unicode."""
    from qms_portal.legacy import to_unicode_nfc

    return to_unicode_nfc(text)[0]


def strip_diacritics(text: str) -> str:
    """The one diacritic fold: "Đồng Nai" -> "Dong Nai" (case and spacing kept; đ/Đ become d/D)."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """A search key without diacritics or case: "Nhơn Trạch" -> "nhon trach"."""
    return strip_diacritics(text).casefold().strip()


def ascii_fold(text: str) -> str:
    """'QĐ-UBND Phước An' -> 'QD-UBND Phuoc An' (case kept, unlike search keys; other non-ASCII dropped)."""
    return strip_diacritics(text).encode("ascii", "ignore").decode()


def contains_html(text: str) -> bool:
    return bool(TAG.search(text or ""))
