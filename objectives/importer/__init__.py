"""Import of existing quality-objectives decisions from text: parser, targets and warnings (pure Python)."""

from .parser import KEYS, ParseResult, parse_decision
from .target_phrases import label_for_target, parse_targets

__all__ = ["KEYS", "ParseResult", "label_for_target", "parse_decision", "parse_targets"]
