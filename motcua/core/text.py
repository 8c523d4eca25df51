"""Vietnamese text helpers: folding diacritics for search, normalising what people type."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text: "Đăng ký Khai sinh" -> "dang ky khai sinh".

    Used for diacritics-insensitive search and comparison. "đ" has no decomposition in
    Unicode, so it is mapped by hand before the combining marks are dropped.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", stripped).strip().lower()


def squash_spaces(text: str) -> str:
    """Trim and collapse runs of white space, as people type names with stray spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
