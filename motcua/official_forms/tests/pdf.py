"""Reading back what a rendered PDF says and which fonts it carries (pypdf)."""

import io
import re
from dataclasses import dataclass
from typing import cast

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class EmbeddedFont:
    name: str  # without the subset tag: "Tinos-Bold"
    embedded: bool


def pdf_text(pdf: bytes) -> str:
    """All the text of the document, white space collapsed (lines wrap where they like)."""
    reader = PdfReader(io.BytesIO(pdf))
    return _SPACES.sub(" ", " ".join(page.extract_text() for page in reader.pages)).strip()


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _descriptor(font: DictionaryObject) -> DictionaryObject | None:
    if "/FontDescriptor" in font:
        return cast(DictionaryObject, font["/FontDescriptor"].get_object())
    if "/DescendantFonts" in font:
        descendants = cast(list[DictionaryObject], font["/DescendantFonts"].get_object())
        return _descriptor(cast(DictionaryObject, descendants[0].get_object()))
    return None


def _fonts_of(resources: DictionaryObject, found: set[EmbeddedFont]) -> None:
    for ref in resources.get("/Font", DictionaryObject()).get_object().values():
        font = ref.get_object()
        descriptor = _descriptor(font)
        embedded = descriptor is not None and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        found.add(EmbeddedFont(str(font["/BaseFont"]).lstrip("/").split("+")[-1], embedded))
    for ref in resources.get("/XObject", DictionaryObject()).get_object().values():
        xobject = ref.get_object()
        if "/Resources" in xobject:
            _fonts_of(xobject["/Resources"].get_object(), found)


def pdf_fonts(pdf: bytes) -> set[EmbeddedFont]:
    """Every font the pages use, including those of nested drawings."""
    found: set[EmbeddedFont] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        _fonts_of(cast(DictionaryObject, page["/Resources"].get_object()), found)
    return found


@dataclass(frozen=True)
class PlacedText:
    text: str
    x: float  # points from the left edge of the page
    y: float  # points from the bottom edge (PDF's own direction)
    size: float  # font size in points as printed


def page_size(pdf: bytes, page: int = 0) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf)).pages[page].mediabox
    return float(box.width), float(box.height)


def placed_text(pdf: bytes, page: int = 0) -> list[PlacedText]:
    """Where each run of text starts on a page and at what size: enough to check a layout."""
    found: list[PlacedText] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append(PlacedText(text.strip(), x, y, size * tm[0] * cm[0]))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return found
