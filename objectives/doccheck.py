"""The pre-issue document check ("Kiểm tra thể thức"): everything a records clerk (Văn thư) would send back,
per Nghị định 30/2020/NĐ-CP, as blocking items and warnings, each naming the field it concerns.

One function, `check_document`, serves the decision page, the submit/approve/issue dialogs and the issue
service (which refuses while a blocking item remains). A decision already issued (or recorded as issued
from paper) cannot be corrected any more: its items are reported as warnings, "kept as issued".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _

from objectives.models import Decision, SignerPrefix
from objectives.signing import UNREAD

# Prefixes that print with a line under them: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "Q. CHỦ TỊCH", ...
PREFIXES_NEEDING_AUTHORITY = (SignerPrefix.TM, SignerPrefix.KT, SignerPrefix.Q, SignerPrefix.TL, SignerPrefix.TUQ)
_REF_NUMBER = re.compile(r"\bsố\s*(\d+)\s*/", re.IGNORECASE)
_REF_DATE = re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)
_STORAGE = re.compile(r"^\W*Lưu\s*:?\s*VT\b", re.IGNORECASE)


@dataclass(frozen=True)
class CheckItem:
    code: str  # stable identifier for callers and tests, e.g. "signer_name_missing"
    field: str  # the Decision field concerned ("" for the objectives)
    message: str
    blocking: bool

    @property
    def field_label(self) -> str:
        if self.field == "objectives":
            return str(_("objectives"))
        if self.field == "signed_original":
            return str(_("signed original"))
        try:
            return str(Decision._meta.get_field(self.field).verbose_name)
        except Exception:  # noqa: BLE001 - a label is a courtesy, never a failure
            return self.field


@dataclass
class DocumentCheck:
    items: list[CheckItem] = field(default_factory=list)
    as_issued: bool = False  # the decision is issued: nothing can be changed, items are reported only

    @property
    def blocking(self) -> list[CheckItem]:
        return [item for item in self.items if item.blocking]

    @property
    def warnings(self) -> list[CheckItem]:
        return [item for item in self.items if not item.blocking]

    @property
    def passed(self) -> bool:
        return not self.blocking

    def codes(self) -> list[str]:
        return [item.code for item in self.items]

    @property
    def dialog_text(self) -> str:
        """The check as plain text for the submit / approve / issue confirmation dialogs ("" when clean)."""
        if not self.items:
            return ""
        lines = [
            str(
                _("Document check: %(blocking)d to fix, %(warnings)d warnings.")
                % {"blocking": len(self.blocking), "warnings": len(self.warnings)}
            )
        ]
        for item in self.items:
            mark = _("must fix") if item.blocking else _("warning")
            lines.append(f"• [{mark}] {item.field_label}: {item.message}")
        return "\n".join(lines)

    def errors_by_field(self) -> dict[str, list[str]]:
        """The blocking items as a ValidationError dict (the field named beside each message)."""
        errors: dict[str, list[str]] = {}
        for item in self.blocking:
            errors.setdefault(item.field if item.field != "objectives" else "__all__", []).append(
                f"{item.field_label}: {item.message}"
            )
        return errors


def _is_deputy(title: str) -> bool:
    return title.strip().upper().startswith("PHÓ ")


def _signer_items(decision: Decision, add) -> None:
    prefix = decision.signer_prefix
    title = decision.signer_title.strip()
    authority = decision.signer_authority.strip()
    if not decision.signer_name.strip():
        add(
            "signer_name_missing",
            "signer_name",
            _("The signer's name is empty: the signer block would print without a name."),
        )
    if not title:
        add("signer_title_missing", "signer_title", _("The signer's title is empty."))
    if _is_deputy(title) and prefix != SignerPrefix.KT and "KT." not in authority.upper():
        add(
            "deputy_without_kt",
            "signer_prefix",
            _('"%(title)s" is a deputy: a deputy signs under "KT." with the head\'s title above (KT. %(head)s).')
            % {"title": title, "head": title.upper().removeprefix("PHÓ ").strip()},
        )
    if prefix == SignerPrefix.KT and title and not _is_deputy(title):
        add(
            "kt_without_deputy",
            "signer_title",
            _('"KT." is used when a deputy signs for the head, but the title "%(title)s" is not a deputy\'s.')
            % {"title": title},
            blocking=False,
        )
    if prefix in PREFIXES_NEEDING_AUTHORITY and not authority:
        add(
            "prefix_without_authority",
            "signer_authority",
            _('"%(prefix)s" needs the line it stands for (e.g. "%(example)s"); it would print alone.')
            % {
                "prefix": prefix,
                "example": "TM. ỦY BAN NHÂN DÂN" if prefix == SignerPrefix.TM else f"{prefix} CHỦ TỊCH",
            },
        )
    head = decision.agency.head_title.strip().upper()
    if head and title:
        in_person = prefix in ("", SignerPrefix.TM)
        shown = title.upper() if in_person else authority.upper()
        if (
            in_person
            and not _is_deputy(title)
            and shown != head
            or prefix == SignerPrefix.KT
            and authority
            and shown != head
        ):
            add(
                "head_title_differs",
                "signer_title" if in_person else "signer_authority",
                _('The head of %(agency)s is titled "%(head)s", the signer block says "%(shown)s".')
                % {"agency": decision.agency.name, "head": head, "shown": shown},
                blocking=False,
            )


def _appendix_items(decision: Decision, add, number: int | None, issued_on: date | None) -> None:
    if not decision.appendix_title.strip():
        return
    stored = decision.appendix_reference.strip()
    if not stored:
        return  # generated from the decision's own number and date: always consistent
    if decision.amends_id and decision.amends and decision.amends.number:
        cited = _REF_NUMBER.search(stored)
        if cited and int(cited.group(1)) == decision.amends.number:
            add(
                "appendix_cites_amended",
                "appendix_reference",
                _(
                    "The appendix still refers to the amended decision (số %(number)02d). Empty the field to generate the "
                    "line for this decision."
                )
                % {"number": decision.amends.number},
            )
            return
    if number:
        found = _REF_NUMBER.search(stored)
        if not found or int(found.group(1)) != int(number):
            add(
                "appendix_number_differs",
                "appendix_reference",
                _("The appendix states number %(stated)s, the decision is number %(number)02d.")
                % {"stated": found.group(1) if found else "…", "number": int(number)},
            )
    if issued_on:
        found = _REF_DATE.search(stored)
        stated = None
        if found:
            try:
                stated = date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
            except ValueError:
                stated = None
        if stated != issued_on:
            add(
                "appendix_date_differs",
                "appendix_reference",
                _("The appendix states the date %(stated)s, the decision is dated %(date)s.")
                % {"stated": stated.strftime("%d/%m/%Y") if stated else "…", "date": issued_on.strftime("%d/%m/%Y")},
            )


def _recipient_items(decision: Decision, add) -> None:
    recipients = [item.strip() for item in decision.recipients or [] if item.strip()]
    if not recipients:
        add("recipients_missing", "recipients", _('"Nơi nhận" is empty.'))
        return
    if not _STORAGE.match(recipients[-1]):
        add(
            "recipients_without_storage",
            "recipients",
            _('"Nơi nhận" must end with "Lưu: VT, ..." (the copy kept by the records office).'),
        )


def objective_rows(decision: Decision) -> list[tuple[bool, int]]:
    """(qualitative, number of targets) of each objective, in document order: what the objective rule reads."""
    objectives = getattr(decision, "_prefetched_objects_cache", {}).get("objectives")
    if objectives is not None and all("targets" in getattr(o, "_prefetched_objects_cache", {}) for o in objectives):
        # Read with its content already (selectors.decision_with_content, in document order): no query.
        return [(o.qualitative, len(o.targets.all())) for o in objectives]
    return list(
        decision.objectives.annotate(target_count=Count("targets"))
        .order_by("order", "id")
        .values_list("qualitative", "target_count")
    )


def _objective_items(decision: Decision, add, rows: list[tuple[bool, int]] | None) -> None:
    if rows is None:
        rows = objective_rows(decision)
    if not rows:
        add("no_objectives", "objectives", _("The decision has no objectives."))
        return
    missing = [index for index, (qualitative, count) in enumerate(rows, start=1) if not qualitative and not count]
    if missing:
        add(
            "objective_without_target",
            "objectives",
            _("Objective(s) %(numbers)s have no measurable target; add one, or mark the objective as qualitative.")
            % {"numbers": ", ".join(str(n) for n in missing)},
        )


def _amendment_items(decision: Decision, add) -> None:
    amended = decision.amends
    if amended is None:
        return
    if not amended.number:
        return
    texts = list(decision.legal_bases or []) + [decision.proposal] + list(decision.articles or [])
    pattern = re.compile(rf"\bsố\s*0*{amended.number}\s*/\s*{re.escape(amended.symbol)}", re.IGNORECASE)
    if not any(pattern.search(text or "") for text in texts):
        add(
            "amendment_without_citation",
            "legal_bases",
            _(
                "An amending decision must cite the decision it amends (số %(number)02d/%(symbol)s, its date and issuer)."
            )
            % {"number": amended.number, "symbol": amended.symbol},
        )
    if "sửa đổi" not in decision.summary.lower():
        add(
            "amendment_summary",
            "summary",
            _('The summary of an amending decision says "sửa đổi, bổ sung".'),
            blocking=False,
        )


def _signed_original_items(decision: Decision, add, original) -> None:
    """An issued decision whose attached signed original (PDF) is not valid or does not say what the record
    says: the record and the legally valid original disagree (objectives/signing)."""
    from objectives.signing import signed_original_status

    status = signed_original_status(decision, original)
    if status is None:
        return
    if not status.is_valid:
        add(
            "signed_original_invalid",
            "signed_original",
            _("The attached signed original is not valid: %(status)s.") % {"status": status.label},
        )
    if status.differs:
        add(
            "signed_original_differs",
            "signed_original",
            _(
                "The attached signed original differs from this record in %(count)d places; see the signed original's page."
            )
            % {"count": status.difference_count},
        )


def check_document(
    decision: Decision,
    *,
    number: int | None = None,
    issued_on: date | None = None,
    signed_original=UNREAD,
    objectives: list[tuple[bool, int]] | None = None,
) -> DocumentCheck:
    """Every rule, in the order a clerk reads the page. `number` and `issued_on` are those about to be given
    (the issue dialog); an issued decision is checked against its own. One query (two without select_related("agency", "amends"));
    none for a decision read with its content (selectors.decision_with_content) when the caller passes the current
    signed original it read (`signed_original`: the original or None; not passed: read here). `objectives`: the
    `objective_rows` of the decision when the caller has them (the issued decision's page keeps them with its
    document, objectives/issued_page.py)."""
    as_issued = decision.is_issued
    if as_issued:
        number, issued_on = decision.number, decision.issued_on
    result = DocumentCheck(as_issued=as_issued)

    def add(code: str, field_name: str, message: str, *, blocking: bool = True) -> None:
        result.items.append(CheckItem(code, field_name, str(message), blocking and not as_issued))

    _amendment_items(decision, add)
    _objective_items(decision, add, objectives)
    _recipient_items(decision, add)
    _signer_items(decision, add)
    _appendix_items(decision, add, number, issued_on)
    if as_issued:
        _signed_original_items(decision, add, signed_original)
    return result
