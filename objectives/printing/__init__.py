"""Printing decisions: the format-independent layout of a decision, shared by the PDF and Word writers,
plus file names and the signature and seal images placed on electronic copies."""

from __future__ import annotations

import base64
import io
import struct
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from objectives.documents import appendix_reference, number_line, place_date_line
from objectives.models import AppendixForm, Decision, Objective, PrintImage, Section, Target
from qms_portal.vnformat import BLANK, format_doc_date, format_doc_number, roman

# Collective bodies whose header line breaks after the body's name ("ỦY BAN NHÂN DÂN" / "XÃ PHƯỚC AN").
COLLECTIVE_NAMES = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")
DEFAULT_SEAL_MM = 36.0  # a commune seal; an image carrying its physical size (PNG pHYs) prints at that size
PNG_MAX_BYTES = 2 * 1024 * 1024
PNG_MAX_SIDE = 4000


# --- reading --------------------------------------------------------------------------------------------------


def decisions_for_print() -> QuerySet[Decision]:
    """Decisions with everything a printout needs: 4 queries for any number of decisions."""
    return Decision.objects.select_related("agency").prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("order", "id")),
        Prefetch(
            "objectives",
            queryset=Objective.objects.order_by("order", "id").prefetch_related(
                Prefetch("targets", queryset=Target.objects.order_by("order", "id"))
            ),
        ),
    )


def with_content(decision: Decision) -> Decision:
    """The decision with sections, objectives and targets prefetched (reloaded if the caller did not)."""
    cache = getattr(decision, "_prefetched_objects_cache", {})
    if "objectives" in cache and "sections" in cache:
        return decision
    return decisions_for_print().get(pk=decision.pk)


# --- layout ---------------------------------------------------------------------------------------------------


@dataclass
class PrintObjective:
    number: int
    paragraphs: list[str]
    targets: list[str]
    measures: list[str]
    timeframe: str


@dataclass
class PrintSection:
    heading: str  # "I. Đối với Ủy ban nhân dân xã:"; empty for objectives outside any section
    objectives: list[PrintObjective] = field(default_factory=list)


@dataclass
class PrintArticle:
    label: str  # "Điều 1."
    paragraphs: list[str]


@dataclass
class SignImages:
    signature: str | None  # data: URI
    seal: str | None
    seal_mm: float = DEFAULT_SEAL_MM
    signature_png: bytes | None = None
    seal_png: bytes | None = None

    # The signature box is SIGNATURE_MM wide; the seal's right edge sits on its left third. The space
    # between title and name grows with a large seal so that the seal never covers the title or the name.
    SIGNATURE_MM = 45.0
    SIGNATURE_HEIGHT_MM = 24.0
    SPACE_MM = 30.0

    @property
    def space_mm(self) -> float:
        return max(self.SPACE_MM, self.seal_mm + 2 if self.seal else 0)

    @property
    def space_style(self) -> str:
        """Inline CSS for the PDF only (never served to a browser); '.' decimals whatever the locale."""
        return f"height: {self.space_mm:.2f}mm;"

    @property
    def signature_style(self) -> str:
        return f"top: {(self.space_mm - self.SIGNATURE_HEIGHT_MM) / 2:.2f}mm;"

    @property
    def seal_style(self) -> str:
        size = f"{self.seal_mm:.2f}mm"
        left = self.SIGNATURE_MM / 3 - self.seal_mm
        top = (self.space_mm - self.seal_mm) / 2
        return f"width: {size}; height: {size}; left: {left:.2f}mm; top: {top:.2f}mm;"


@dataclass
class PrintDecision:
    """Everything that appears on the paper, as plain strings, in reading order."""

    decision: Decision
    is_draft: bool
    header_parent: list[str]
    header_own: list[str]
    number_line: str
    place_date: str
    doc_type: str
    summary_lines: list[str]
    authority: str
    legal_bases: list[str]
    articles: list[PrintArticle]
    objectives_in_article: bool  # 2019/2022 style: numbered objectives right after Điều 1, no appendix
    recipients: list[str]
    signer_lines: list[str]
    signer_name: str
    images: SignImages | None
    has_appendix: bool
    appendix_title: str
    appendix_reference: str
    appendix_intro: list[str]
    appendix_table: bool
    appendix_landscape: bool
    sections: list[PrintSection]
    title: str


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def header_lines(text: str) -> list[str]:
    """Explicit line breaks win; otherwise break after a collective body's name, as agencies print it."""
    lines = paragraphs(text)
    if len(lines) != 1:
        return lines
    line = lines[0]
    for name in COLLECTIVE_NAMES:
        rest = line[len(name):].strip()
        if line.upper().startswith(name + " ") and len(rest.split()) >= 2:  # not "ỦY BAN NHÂN DÂN TỈNH"
            return [line[: len(name)], rest]
    return [line]


def target_phrase(target: Target) -> str:
    """The target as the decision words it: the original phrase when recorded, else the typed rendering."""
    phrase = (target.source_phrase or "").strip()
    if phrase:
        return phrase[:1].upper() + phrase[1:]
    return str(target)


def _signer_lines(decision: Decision) -> list[str]:
    lines = []
    first = " ".join(part for part in (decision.signer_prefix, decision.signer_authority) if part).strip()
    if first:
        lines.append(first)
    if decision.signer_title:
        lines.append(decision.signer_title)
    return lines


def _sections(decision: Decision) -> list[PrintSection]:
    """Objectives grouped by section in print order, numbered 1..n across sections."""
    objectives = list(decision.objectives.all())
    sections = list(decision.sections.all())
    by_section: dict[int | None, list[Objective]] = {}
    for objective in objectives:
        by_section.setdefault(objective.section_id, []).append(objective)
    groups: list[tuple[str, list[Objective]]] = []
    if by_section.get(None):
        groups.append(("", by_section[None]))
    for index, section in enumerate(sections, start=1):
        # Decisions write "I. Đối với cơ quan:"; the colon is added when the stored title has no end mark.
        title = section.title.strip()
        title += "" if title.endswith((":", ".", ";")) else ":"
        groups.append((f"{roman(index)}. {title}", by_section.get(section.pk, [])))
    number = 0
    result = []
    for heading, members in groups:
        printed = PrintSection(heading=heading)
        for objective in members:
            number += 1
            measures = paragraphs(objective.measures) + paragraphs(objective.responsibility)
            printed.objectives.append(
                PrintObjective(
                    number=number,
                    paragraphs=paragraphs(objective.content),
                    targets=[target_phrase(t) for t in objective.targets.all()],
                    measures=measures,
                    timeframe=objective.timeframe,
                )
            )
        result.append(printed)
    return result


def document_title(decision: Decision) -> str:
    if decision.is_issued and decision.number and decision.issued_on:
        return f"Quyết định số {decision.number:02d}/{decision.symbol} {format_doc_date(decision.issued_on)}"
    return f"Dự thảo Quyết định {decision.symbol} năm {decision.year}"


def build_layout(decision: Decision, *, with_images: bool = True) -> PrintDecision:
    """The decision as it prints. Pass a decision from `decisions_for_print()` to keep queries bounded."""
    draft = not decision.is_issued
    has_appendix = bool(decision.appendix_title.strip())
    articles = []
    for index, text in enumerate(decision.articles or [], start=1):
        articles.append(PrintArticle(label=f"Điều {index}.", paragraphs=paragraphs(text) or [""]))
    bases = list(decision.legal_bases or [])
    if decision.proposal.strip():
        bases += paragraphs(decision.proposal)
    return PrintDecision(
        decision=decision,
        is_draft=draft,
        header_parent=header_lines(decision.header_parent),
        header_own=header_lines(decision.header_own),
        number_line=number_line(decision),
        # A draft without a place still leaves room to write one in: "      , ngày ...".
        place_date=place_date_line(decision) if decision.place.strip() else BLANK + place_date_line(decision),
        doc_type=decision.doc_type or "QUYẾT ĐỊNH",
        summary_lines=paragraphs(decision.summary),
        authority=decision.authority,
        legal_bases=bases,
        articles=articles,
        objectives_in_article=not has_appendix,
        recipients=[f"- {item}" for item in decision.recipients or []],
        signer_lines=_signer_lines(decision),
        signer_name=decision.signer_name,
        images=sign_images(decision) if with_images and not draft else None,
        has_appendix=has_appendix,
        appendix_title=decision.appendix_title.strip(),
        appendix_reference=appendix_reference(decision),
        appendix_intro=paragraphs(decision.appendix_intro),
        appendix_table=decision.appendix_form == AppendixForm.TABLE,
        appendix_landscape=decision.appendix_landscape,
        sections=_sections(decision),
        title=document_title(decision),
    )


# --- file names -----------------------------------------------------------------------------------------------


def ascii_fold(text: str) -> str:
    """'QĐ-UBND Phước An' -> 'QD-UBND Phuoc An' (case kept, unlike search keys)."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").encode("ascii", "ignore").decode()


def _safe(text: str) -> str:
    kept = "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in text)
    while "--" in kept:
        kept = kept.replace("--", "-")
    return kept.strip("-.")


def decision_filename(decision: Decision, *, appendix_only: bool = False, ext: str = "pdf") -> str:
    """'2026_DNI-PA_15-QĐ-UBND.pdf' (Unicode; fold with `ascii_fold` for the plain header)."""
    number = format_doc_number(decision.number) if decision.is_issued else "du-thao"
    parts = [str(decision.year), _safe(decision.agency.code), _safe(f"{number}-{decision.symbol}")]
    if appendix_only:
        parts.append("phu-luc")
    return "_".join(parts) + f".{ext}"


def content_disposition(filename: str) -> str:
    """attachment with an ASCII name for old clients and the exact Unicode name in filename*."""
    fallback = _safe(ascii_fold(filename)) or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


# --- signature and seal images --------------------------------------------------------------------------------


@dataclass
class PngInfo:
    width: int
    height: int
    has_alpha: bool
    mm_per_pixel: float | None  # from the pHYs chunk when the image states its physical size


def read_png(data: bytes) -> PngInfo:
    """Check by content that `data` is a transparent PNG of reasonable size; raise ValidationError if not."""
    if len(data) > PNG_MAX_BYTES:
        raise ValidationError(
            _("The image is too large (%(size)d KB); the limit is %(limit)d KB.")
            % {"size": len(data) // 1024, "limit": PNG_MAX_BYTES // 1024}
        )
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValidationError(_("This file is not a PNG image. Save the signature or seal as PNG with a transparent background."))
    offset, width, height, colour, alpha, mm_per_pixel, ended = 8, 0, 0, -1, False, None, False
    try:
        while offset + 8 <= len(data):
            length, kind = struct.unpack(">I4s", data[offset: offset + 8])
            body = data[offset + 8: offset + 8 + length]
            if len(body) != length:
                break
            if kind == b"IHDR":
                width, height, _depth, colour = struct.unpack(">IIBB", body[:10])
                alpha = colour in (4, 6)
            elif kind == b"tRNS":
                alpha = True
            elif kind == b"pHYs" and length == 9:
                x_ppu, _y_ppu, unit = struct.unpack(">IIB", body)
                if unit == 1 and x_ppu:
                    mm_per_pixel = 1000.0 / x_ppu
            elif kind == b"IEND":
                ended = True
                break
            offset += 12 + length
    except struct.error:
        ended = False
    if not ended or not width or not height:
        raise ValidationError(_("The PNG file is damaged or incomplete. Export it again and retry."))
    if width > PNG_MAX_SIDE or height > PNG_MAX_SIDE:
        raise ValidationError(
            _("The image is %(width)d × %(height)d pixels; at most %(limit)d pixels per side are accepted.")
            % {"width": width, "height": height, "limit": PNG_MAX_SIDE}
        )
    if not alpha:
        raise ValidationError(
            _("The image has no transparent background. Remove the white background (save as PNG with transparency) so that the text shows through.")
        )
    try:  # the chunks looked right; make sure the pixels decode too
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Exception:
        raise ValidationError(_("The PNG file is damaged or incomplete. Export it again and retry.")) from None
    return PngInfo(width=width, height=height, has_alpha=alpha, mm_per_pixel=mm_per_pixel)


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _read_image(image: PrintImage) -> bytes | None:
    try:
        with image.image.open("rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None  # a missing file only costs the electronic copy its image, not the document


def sign_images(decision: Decision) -> SignImages | None:
    """The signer's signature and the agency's seal, when uploaded (one query)."""
    if not decision.signer_name:
        candidates = PrintImage.objects.filter(agency_id=decision.agency_id, kind=PrintImage.Kind.SEAL)
    else:
        candidates = PrintImage.objects.filter(agency_id=decision.agency_id, signer_name__in=["", decision.signer_name])
    signature = seal = None
    for image in candidates:
        if image.kind == PrintImage.Kind.SIGNATURE and image.signer_name == decision.signer_name:
            signature = image
        elif image.kind == PrintImage.Kind.SEAL:
            seal = image
    if signature is None and seal is None:
        return None
    signature_png = _read_image(signature) if signature else None
    seal_png = _read_image(seal) if seal else None
    seal_mm = DEFAULT_SEAL_MM
    if seal_png:
        try:
            info = read_png(seal_png)
            if info.mm_per_pixel and 20 <= info.width * info.mm_per_pixel <= 60:
                seal_mm = round(info.width * info.mm_per_pixel, 1)
        except ValidationError:
            seal_png = None
    if not signature_png and not seal_png:
        return None
    return SignImages(
        signature=_data_uri(signature_png) if signature_png else None,
        seal=_data_uri(seal_png) if seal_png else None,
        seal_mm=seal_mm,
        signature_png=signature_png,
        seal_png=seal_png,
    )


def print_image_save(*, agency, kind: str, signer_name: str, data: bytes, user=None) -> PrintImage:
    """Store (or replace) an agency's seal or a signer's signature after checking the PNG by content."""
    from uuid import uuid4

    from django.core.files.base import ContentFile
    from django.db import transaction

    from qms_portal.text import nfc

    read_png(data)
    signer_name = nfc(signer_name or "").strip() if kind == PrintImage.Kind.SIGNATURE else ""
    if kind == PrintImage.Kind.SIGNATURE and not signer_name:
        raise ValidationError({"signer_name": _("Enter the signer's name exactly as it is printed under the signature.")})
    with transaction.atomic():
        image = PrintImage.objects.select_for_update().filter(agency=agency, kind=kind, signer_name=signer_name).first()
        old_name = image.image.name if image else ""
        if image is None:
            image = PrintImage(agency=agency, kind=kind, signer_name=signer_name)
        image.uploaded_by = user
        image.image.save(f"{agency.pk}_{kind}_{uuid4().hex[:12]}.png", ContentFile(data), save=False)
        image.full_clean(exclude=["uploaded_by"])  # None is the system (command line, tests)
        image.save()
    if old_name and old_name != image.image.name:
        image.image.storage.delete(old_name)
    return image


def print_image_delete(*, image: PrintImage) -> None:
    name = image.image.name
    image.delete()
    if name:
        image.image.storage.delete(name)
