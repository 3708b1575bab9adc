"""The end of a decision: recipients ("Nơi nhận:") and the signer block (TM./KT./Q./TL./TUQ., title, name)."""

from __future__ import annotations

import re

from .lines import BULLET, DEPUTY, PLACEHOLDER, RECIPIENTS, ROLE_WORDS, SIGNER_PREFIX, Line

_PREFIXES = {"TM": "TM.", "KT": "KT.", "TL": "TL.", "TUQ": "TUQ.", "Q": "Q."}


def new_signer() -> dict:
    return {"prefix": None, "authority": None, "titles": [], "name": None, "lines": []}


class TailMixin:
    """Recipients and signer lines for the parser (see parser._Parser for the state it uses)."""

    def starts_tail(self, line: Line) -> bool:
        if RECIPIENTS.match(line.key) or self.signer_prefix(line):
            return True
        return line.is_upper and bool(ROLE_WORDS.match(line.key)) and len(line.text.split()) <= 8

    @staticmethod
    def signer_prefix(line: Line) -> re.Match | None:
        m = SIGNER_PREFIX.match(line.key)
        if m and Line(0, line.text[m.end() :], "").is_upper:
            return m
        return None

    def tail(self, line: Line) -> None:
        if self.starts_appendix(line, after_signer=self.signer["name"] is not None):
            self.goto("appendix", line)
            return
        m = RECIPIENTS.match(line.key)
        if m:
            self.plain_keyword(line, 8)
            self.recipients_open = True
            self.span("recipients", line.no)
            rest = line.text[m.end() :].strip()
            if rest:
                self.add_recipient(line, rest)
            return
        if BULLET.match(line.text) and (self.recipients_open or not self.signer["lines"]):
            self.recipients_open = True
            self.add_recipient(line, line.text)
            return
        if self.signer_line(self.signer, line):
            return
        if self.recipients_open and self.r.recipients and not self.recipient_closed:
            # a recipient wrapped onto the next line
            self.recipient_closed = line.text.endswith((";", "."))
            self.r.recipients[-1] += " " + (line.text.rstrip(" ;.") if self.recipient_closed else line.text)
            self.recipient_lines[-1].append(line.no)
            self.span("recipients", line.no)
            return
        self.unparsed(line)

    def add_recipient(self, line: Line, text: str) -> None:
        text = BULLET.sub("", text, count=1).strip()
        self.recipient_closed = text.endswith((";", "."))
        self.r.recipients.append(text.rstrip(" ;.") if self.recipient_closed else text)
        self.recipient_lines.append([line.no])
        self.span("recipients", line.no)

    def signer_line(self, signer: dict, line: Line) -> bool:
        """Take line into signer if it belongs to a signer block; False if it does not."""
        m = self.signer_prefix(line)
        if m and signer["prefix"] is None and not signer["titles"] and signer["name"] is None:
            prefix = (m.group("p") or m.group("p2")).replace("/", "").replace(".", "")
            signer["prefix"] = _PREFIXES[prefix]
            signer["authority"] = line.text[m.end() :].strip() or None
            signer["lines"].append(line.no)
            return True
        if (
            line.is_upper
            and signer["name"] is None
            and (ROLE_WORDS.match(line.key) or signer["lines"])
            and len(line.text.split()) <= 10
            and not self.looks_like_name(line, signer)
        ):
            signer["titles"].append(line.text)
            signer["lines"].append(line.no)
            return True
        if PLACEHOLDER.match(line.key) and signer["lines"]:
            signer["lines"].append(line.no)  # "(Đã ký)", "(Ký, đóng dấu)"
            return True
        if signer["name"] is None and (signer["titles"] or signer["authority"]) and self.looks_like_name(line, signer):
            signer["name"] = line.text
            signer["lines"].append(line.no)
            return True
        return False

    @staticmethod
    def looks_like_name(line: Line, signer: dict) -> bool:
        words = line.text.split()
        if not 2 <= len(words) <= 6 or any(ch.isdigit() or ch in ":;()/" for ch in line.text):
            return False
        if not all(word[:1].isupper() for word in words):
            return False
        if line.is_upper:  # "NGUYỄN VĂN A" after the titles, but not another title
            return bool(signer["titles"]) and not ROLE_WORDS.match(line.key) and not DEPUTY.match(line.key)
        return True
