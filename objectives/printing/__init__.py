"""Printing decisions: the layout shared by the PDF and Word writers (`layout`), file names
(`filenames`) and the signature and seal images on electronic copies (`images`). This module only
re-exports their public names."""

from objectives.printing.filenames import content_disposition, decision_filename
from objectives.printing.images import (
    DEFAULT_SEAL_MM,
    PNG_MAX_BYTES,
    PNG_MAX_SIDE,
    PngInfo,
    SignImages,
    print_image_delete,
    print_image_save,
    read_png,
    sign_images,
)
from objectives.printing.layout import (
    COLLECTIVE_NAMES,
    PrintArticle,
    PrintDecision,
    PrintObjective,
    PrintSection,
    build_layout,
    decisions_for_print,
    document_title,
    header_lines,
    paragraphs,
    target_phrase,
    with_content,
)
from qms_portal.text import ascii_fold

__all__ = [
    "COLLECTIVE_NAMES",
    "DEFAULT_SEAL_MM",
    "PNG_MAX_BYTES",
    "PNG_MAX_SIDE",
    "PngInfo",
    "PrintArticle",
    "PrintDecision",
    "PrintObjective",
    "PrintSection",
    "SignImages",
    "ascii_fold",
    "build_layout",
    "content_disposition",
    "decision_filename",
    "decisions_for_print",
    "document_title",
    "header_lines",
    "paragraphs",
    "print_image_delete",
    "print_image_save",
    "read_png",
    "sign_images",
    "target_phrase",
    "with_content",
]
