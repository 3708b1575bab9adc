"""Import of existing quality-objectives decisions: parser, targets and warnings in pure Python (parser,
markers, target_phrases, wordfile, pdfcopy, ocr, ...); service.py is the Django side (uploads, drafts) and is not
imported here, so `import objectives.importer` loads no Django."""

from .parser import KEYS, ParseResult, parse_decision
from .target_phrases import label_for_target, parse_targets

__all__ = ["KEYS", "ParseResult", "label_for_target", "parse_decision", "parse_targets"]
