"""Where the signatures go: the decision rendered by WeasyPrint, with the signature positions read from the
laid-out boxes (never guessed), and the export with empty signature fields for the signer's token.

Nghị định 30/2020: the signer's signature sits in the space between the title line and the name (the
`.sign-space` box of print/_signing.html); the agency's overlaps the left third of it. An appendix in the same
file is not signed again; an appendix exported alone gets the agency's field at the top right of its first page."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from objectives.models import Decision
from objectives.printing import DEFAULT_SEAL_MM, SignImages, build_layout, with_content
from objectives.printing.pdf import PRINT_CSS, STATIC_DIR, LocalOnlyFetcher

SIGNER_FIELD = "ChuKyNguoiKy"  # the signer's signature (person)
AGENCY_FIELD = "ChuKyCoQuan"  # the agency's signature (seal)
PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px (1/96 in); PDF user space is pt (1/72 in)
MM_TO_PT = 72 / 25.4
APPENDIX_FIELD_MM = (70.0, 16.0)  # width, height of the agency's field on a separate appendix


@dataclass(frozen=True)
class Area:
    """A rectangle on one page in PDF points, origin at the bottom left (as pyHanko wants it)."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (round(self.x1), round(self.y1), round(self.x2), round(self.y2))

    @property
    def width(self) -> float:
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        return self.y2 - self.y1


@dataclass
class Rendered:
    pdf: bytes
    signer: Area | None  # the space between title and name (None for an appendix alone)
    agency: Area | None  # the agency's field
    seal_mm: float
    seal_png: bytes | None


def _find_box(page_box, css_class: str):
    """The outermost box of the first element carrying `css_class` (pre-order walk)."""
    stack = [page_box]
    while stack:
        box = stack.pop(0)
        element = getattr(box, "element", None)
        if element is not None and css_class in (element.get("class") or "").split():
            return box
        stack[0:0] = list(box.all_children()) if hasattr(box, "all_children") else []
    return None


def _area(page_index: int, page_height_px: float, x: float, y: float, width: float, height: float) -> Area:
    return Area(
        page=page_index,
        x1=x * PX_TO_PT,
        y1=(page_height_px - y - height) * PX_TO_PT,
        x2=(x + width) * PX_TO_PT,
        y2=(page_height_px - y) * PX_TO_PT,
    )


def _find_boxes(page_box, css_class: str) -> list:
    """The outermost boxes of every element carrying `css_class`, in document order."""
    found, stack = [], [page_box]
    while stack:
        box = stack.pop(0)
        element = getattr(box, "element", None)
        if element is not None and css_class in (element.get("class") or "").split():
            found.append(box)
            continue
        stack[0:0] = list(box.all_children()) if hasattr(box, "all_children") else []
    return found


def _layout(html: str):
    fetcher = LocalOnlyFetcher(allowed_protocols={"file", "data"})
    fonts = FontConfiguration()
    return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher).render(
        stylesheets=[CSS(filename=str(PRINT_CSS), url_fetcher=fetcher, font_config=fonts)],
        font_config=fonts,
    )


def render_html_with_areas(html: str, *, css_class: str = "sign-space") -> tuple[bytes, list[Area]]:
    """Lay out a printed document (a template extending print/base.html) and return its PDF with the spaces of
    every element carrying `css_class`, in document order (`signer_area` gives the signature box in one)."""
    document = _layout(html)
    areas = []
    for index, page in enumerate(document.pages):
        for box in _find_boxes(page._page_box, css_class):
            areas.append(
                _area(
                    index, page.height, box.border_box_x(), box.border_box_y(), box.border_width(), box.border_height()
                )
            )
    return document.write_pdf(), areas


def _locate(document, css_class: str):
    for index, page in enumerate(document.pages):
        box = _find_box(page._page_box, css_class)
        if box is not None:
            return index, page, box
    return None


def agency_area(signer: Area, *, seal_mm: float, text_right: float | None = None) -> Area:
    """The seal square with its right edge on the left third of the signature, centred in the height.
    With `text_right` the area runs on to that x (the signer column's edge) for the agency's name and time."""
    width_pt = SignImages.SIGNATURE_MM * MM_TO_PT
    sig_left = (signer.x1 + signer.x2) / 2 - width_pt / 2
    size = min(seal_mm * MM_TO_PT, signer.height)
    right = sig_left + width_pt / 3
    middle = (signer.y1 + signer.y2) / 2
    return Area(page=signer.page, x1=right - size, y1=middle - size / 2, x2=text_right or right, y2=middle + size / 2)


def signer_area(space: Area) -> Area:
    """The signature box: SIGNATURE_MM wide, centred in the space between title and name, full height."""
    width_pt = SignImages.SIGNATURE_MM * MM_TO_PT
    centre = (space.x1 + space.x2) / 2
    return Area(page=space.page, x1=centre - width_pt / 2, y1=space.y1, x2=centre + width_pt / 2, y2=space.y2)


def render_with_areas(
    decision: Decision,
    *,
    appendix_only: bool = False,
    with_images: bool = False,
    seal_in_signature: bool = False,
) -> Rendered:
    """Render the decision (or its appendix alone) and read where the signatures go from the layout.

    `seal_in_signature`: the seal image is left out of the page because the agency's signature appearance
    carries it (server-signed copies)."""
    decision = with_content(decision)
    with translation.override("vi"):
        layout = build_layout(decision, with_images=with_images)
        seal_png = None
        seal_mm = DEFAULT_SEAL_MM
        if layout.images is not None:
            seal_mm, seal_png = layout.images.seal_mm, layout.images.seal_png
            if seal_in_signature:
                layout.images.seal = None
                if not layout.images.signature:
                    layout.images = None
        if appendix_only and not layout.has_appendix:
            raise ValueError("This decision has its objectives in Điều 1 and no appendix.")
        html = render_to_string("print/decision.html", {"doc": layout, "appendix_only": appendix_only})
    document = _layout(html)
    signer = agency = None
    if appendix_only:
        found = _locate(document, "appendix")
        if found:
            index, page, box = found
            right = box.border_box_x() + box.border_width()
            width_px, height_px = (v * 96 / 25.4 for v in APPENDIX_FIELD_MM)
            top = box.border_box_y() - height_px - 2 * 96 / 25.4  # in the top margin, clear of the heading
            agency = _area(index, page.height, right - width_px, max(top, 0), width_px, height_px)
    else:
        found = _locate(document, "sign-space")
        if found:
            index, page, box = found
            space = _area(
                index, page.height, box.border_box_x(), box.border_box_y(), box.border_width(), box.border_height()
            )
            signer = signer_area(space)
            agency = agency_area(signer, seal_mm=seal_mm, text_right=space.x2 if seal_in_signature else None)
    return Rendered(pdf=document.write_pdf(), signer=signer, agency=agency, seal_mm=seal_mm, seal_png=seal_png)


def with_empty_fields(pdf: bytes, fields: list[tuple[str, Area]]) -> bytes:
    """`pdf` with an empty signature field (name, area) for each of `fields`, added as an incremental update."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for name, area in fields:
        append_signature_field(writer, SigFieldSpec(name, on_page=area.page, box=area.box))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def export_with_fields(decision: Decision, *, appendix_only: bool = False) -> bytes:
    """The PDF for the signing plugin: empty signature fields for the signer and the agency (decision), or
    for the agency alone at the top right of the first page (appendix alone). No images: the plugin adds them."""
    rendered = render_with_areas(decision, appendix_only=appendix_only)
    fields = [(SIGNER_FIELD, rendered.signer), (AGENCY_FIELD, rendered.agency)]
    return with_empty_fields(rendered.pdf, [(name, area) for name, area in fields if area is not None])
