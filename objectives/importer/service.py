"""The Django side of the import of an existing decision: read a pasted text or an uploaded .txt/.docx,
parse it, map the parsed structure onto a draft decision. The rest of objectives/importer is pure Python."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Agency
from objectives import services
from objectives.importer import ParseResult, label_for_target, parse_decision, parse_targets
from objectives.importer.target_phrases import INCREASE_BY
from objectives.importer.wordfile import MAX_TEXT_CHARS, WordFileError, docx_text
from objectives.models import AppendixForm, Decision, DecisionEvent

UNIT_CODES = {"%": "percent", "lần/năm": "times_per_year", "ngày": "days", "điểm": "points"}


@dataclass
class Source:
    text: str
    filename: str = ""


def read_upload(upload) -> Source:
    """Text from an uploaded .txt or .docx, checked by content and size; a clear message otherwise.

    What a file is comes from its first bytes, not its name: a ".doc" that is really RTF gets the RTF
    message, a ".docx" that is really text is read as text."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (at most %(mb)d MB).") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    data = upload.read()
    if data.startswith(b"PK\x03\x04"):
        try:
            return Source(docx_text(data), upload.name)
        except WordFileError as exc:
            raise ValidationError(str(exc)) from None
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(_("Old Word files (.doc) cannot be read. Save the file as .docx or as text and try again."))
    if data.lstrip()[:5] == b"{\\rtf":
        raise ValidationError(_("RTF files cannot be read (a “.doc” saved by some programs is really RTF). Open it in "
                                "Word and save it as .docx, or copy the text of the decision and paste it."))
    if data.startswith(b"%PDF"):
        raise ValidationError(_("PDF files cannot be imported. Copy the text of the decision and paste it instead."))
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(_("This file is not a text or Word (.docx) file."))
    name = (upload.name or "").lower()
    if name.endswith((".doc", ".rtf", ".pdf", ".odt")):
        raise ValidationError(_("Only .docx and .txt files can be read. Save the file as .docx in Word, or copy "
                                "the text of the decision and paste it."))
    return Source(_decode_text(data), upload.name)


def _decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        return text
    # Legacy 8-bit Vietnamese (TCVN3, VNI) arrives as single bytes; the parser detects and converts it.
    return data.decode("cp1252", errors="replace")


def parse(text: str) -> ParseResult:
    if not text.strip():
        raise ValidationError(_("Paste the text of the decision or choose a file."))
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(_("The text is too long to be one decision (at most %(n)d characters).") % {"n": MAX_TEXT_CHARS})
    return parse_decision(text)


def _frequency(timeframe: str | None) -> str:
    text = (timeframe or "").lower()
    if "6 tháng" in text or "sáu tháng" in text or "tháng 6 và" in text:
        return "half_yearly"
    if "quý" in text:
        return "quarterly"
    if "năm" in text:
        return "yearly"
    return "quarterly"


def finite_decimal(value) -> Decimal | None:
    """A parsed number as a Decimal; ValueError for NaN, Infinity or anything that is not a number (a damaged
    or tampered hidden field), which the caller answers by parsing the visible text again."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValueError(f"not a number: {value!r}")
    number = Decimal(str(value))
    if not number.is_finite() or abs(number) >= Decimal(10) ** 12:
        raise ValueError(f"not a usable number: {value!r}")
    return number


def target_fields(target: dict, objective_text: str, timeframe: str | None) -> dict:
    """A parsed target as the fields of a Target."""
    unit_text = target.get("unit")
    comparator = target["comparator"]
    if comparator == INCREASE_BY:
        # "tăng 10% so với năm 2024": the portal has no "increase by"; kept as a done/not-done target whose
        # label and source phrase say the increase, for the secretariat to judge
        label = label_for_target(objective_text, target)
        target = {**target, "comparator": "done", "value": None, "upper": None}
        comparator = "done"
        return {**target_fields(target, objective_text, timeframe), "label": label[:200]}
    if comparator == "done":
        unit, unit_label = "text", ""
    elif unit_text in UNIT_CODES:
        unit, unit_label = UNIT_CODES[unit_text], ""
    elif unit_text:
        unit, unit_label = "count", unit_text
    else:
        unit, unit_label = "percent", ""
    if comparator == "done":
        measurement, aggregation = "yes_no", "last"
    elif unit == "percent":
        measurement, aggregation = "ratio", "ratio_of_sums"
    else:
        measurement, aggregation = "value", "sum"
    return {
        "label": label_for_target(objective_text, target)[:200],
        "comparator": comparator,
        "value": finite_decimal(target.get("value")),
        "upper": finite_decimal(target.get("upper")),
        "unit": unit,
        "unit_label": unit_label,
        "scope": target.get("scope") or "",
        "measurement": measurement,
        "aggregation": aggregation,
        "frequency": _frequency(timeframe),
        "source_phrase": (target.get("source") or "")[:500],
    }


def build_data(parsed: dict, *, agency: Agency, reference: str | None = None) -> dict:
    """The parsed structure as `services.decision_build` data (sections in order, objectives inside)."""
    lines = parsed.get("agency_lines") or []
    signer = parsed.get("signer") or {}
    data = {
        "header_parent": lines[0] if len(lines) > 1 else agency.header_parent,
        "header_own": lines[-1] if lines else (agency.header_own or agency.name.upper()),
        "symbol": parsed.get("symbol") or (f"QĐ-{agency.symbol}" if agency.symbol else "QĐ"),
        "place": parsed.get("place") or agency.place,
        "doc_type": parsed.get("doc_type") or "QUYẾT ĐỊNH",
        "summary": parsed.get("summary") or "",
        "authority": parsed.get("authority") or "",
        "legal_bases": parsed.get("legal_bases") or [],
        "proposal": parsed.get("proposal") or "",
        "articles": [a["text"] for a in parsed.get("articles") or []],
        "recipients": parsed.get("recipients") or [],
        "signer_prefix": signer.get("prefix") or "",
        "signer_authority": signer.get("authority") or "",
        "signer_title": signer.get("title") or "",
        "signer_name": signer.get("name") or "",
        "appendix_title": parsed.get("appendix_title") or "",
        "appendix_reference": reference or "",
    }
    objectives = parsed.get("objectives") or []
    table = any(o.get("measures") or o.get("timeframe") or o.get("section") for o in objectives)
    data["appendix_form"] = AppendixForm.TABLE if table else AppendixForm.LIST
    sections: list[dict] = []
    loose: list[dict] = []
    for objective in objectives:
        entry = {
            "content": objective.get("content") or "",
            "measures": objective.get("measures") or "",
            "responsibility": objective.get("responsibility") or "",
            "timeframe": (objective.get("timeframe") or "")[:255],
            "targets": [
                t if "measurement" in t else target_fields(t, objective.get("content") or "", objective.get("timeframe"))
                for t in objective.get("targets") or []
            ],
        }
        title = objective.get("section")
        if title:
            title = title.split(".", 1)[1].strip() if title.split(".", 1)[0].strip().isalpha() and "." in title else title
            title = title.rstrip(":").strip()
            if not sections or sections[-1]["title"] != title:
                sections.append({"title": title, "objectives": []})
            sections[-1]["objectives"].append(entry)
        else:
            loose.append(entry)
    data["objectives"] = loose
    data["sections"] = sections
    return data


def retarget(objective_text: str, phrases: str, timeframe: str | None) -> list[dict]:
    """The targets for an objective corrected in the preview: each line is parsed on its own."""
    targets = []
    for line in phrases.splitlines():
        if line.strip():
            for found in parse_targets(line.strip()) or []:
                targets.append(target_fields(found, objective_text, timeframe))
    return targets


@transaction.atomic
def import_decision(*, agency: Agency, user, data: dict, year: int, note: str = "") -> Decision:
    """Save the (corrected) import as a draft; the normal workflow takes it from there."""
    decision = services.decision_build(agency=agency, year=year, user=user, data=data)
    if note:
        DecisionEvent.objects.filter(decision=decision, action=DecisionEvent.Action.CREATE).update(comment=note)
    return decision


def import_note(parsed: dict) -> str:
    """What the imported text said about its own number and date, kept in the workflow log."""
    parts = []
    if parsed.get("number"):
        parts.append(_("number %(number)s/%(symbol)s") % {"number": parsed["number"], "symbol": parsed.get("symbol") or ""})
    if parsed.get("date"):
        parts.append(_("dated %(date)s") % {"date": parsed["date"]})
    text = _("Imported from an existing text")
    return f"{text}: {', '.join(parts)}" if parts else text
