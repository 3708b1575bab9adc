"""The four real decisions of ../shared/samples/, kept as data in objectives/sample_data/*.json (one file
per decision, plus agencies.json), and a loader that enters them through the service layer exactly as a
user would (build -> submit -> approve -> issue). Each file's "notes" say what was judged and why.

These are real documents: their text is kept verbatim, typos included ("hiệu dân", "chuyên, nhận",
"phần đầu", "ngày 21 năm 01 năm 2019", "Nhon Trach", "thực hiện.."). Only layout artefacts of the
conversion to text are undone (markdown "**", a title broken over two lines, a paragraph broken by a
page break); each such case is noted in the file's "notes".

How targets are typed (judgement calls, applied the same way in every sample):
- "tối thiểu X%", "đạt ít nhất X%", "từ X% trở lên", "X% ... trở lên" -> ">=";  "trên X%" -> ">";
  a bare "X%" ("100% hồ sơ ...", "trong đó 90% ...") -> "=" (domain.md §5: "100%" alone; the
  target checker reads "=" on a percentage as "at or above"); "từ 01 - 02 lần/năm" -> "between";
  "giảm ... 1% so với cùng kỳ năm trước" -> "reduce_by"; "duy trì / cải tiến hệ thống",
  "rà soát hoàn chỉnh 100% quy chế" -> "done" (domain.md §5 lists "hoàn thiện 100% quy chế" as yes/no).
- Purely qualitative clauses ("quyết tâm để các tổ chức, công dân hài lòng", "Xây dựng đội ngũ ...
  có trách nhiệm với Nhân dân") get no target: there is nothing to measure.
- Measurement/aggregation: rates of dossiers, documents, instructions, complaints, satisfaction ->
  "ratio" + "ratio_of_sums"; staff rates read once at year end (evaluation "cuối năm", staff trained)
  and the share of units using digital signatures -> "ratio" + "last"; counts over the year
  (initiatives, audits, errors) -> "value" + "sum"; yes/no -> "yes_no" + "last".
- Frequency: only the 2026 table states it ("Thời gian"). For 2019/2022/2024 dossier/document rates
  are "quarterly" (the usual reporting rhythm, domain.md §1/§6) and year-end or once-a-year items
  (staff evaluation and training, audits per year, initiatives, yes/no items) are "yearly".
"""

import json
from datetime import date
from functools import cache
from pathlib import Path

from django.db import transaction

from agencies import services as agency_services
from agencies.demo import AGENCIES as DEMO_AGENCIES
from agencies.models import Agency
from agencies.permissions import SYSTEM
from objectives import services
from objectives.models import Decision, DecisionStatus

DATA_DIR = Path(__file__).resolve().parent / "sample_data"
AGENCY_FILE = "agencies.json"
BUILD_KEYS = (*services.DECISION_FIELDS, "sections", "objectives")


def _read(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@cache
def _agency_data() -> tuple[list[tuple], list[tuple]]:
    """Agency rows in the format of agencies.demo.AGENCIES (parents before children), and successions."""
    data = _read(AGENCY_FILE)
    demo = {row[0]: row for row in DEMO_AGENCIES}
    rows = [demo[code] for code in data["from_demo"]]
    rows += [
        (
            a["code"],
            a["name"],
            a["short_name"],
            a["kind"],
            a["parent"],
            a["symbol"],
            a["place"],
            a["header_parent"],
            a["header_own"],
            _date(a["dissolved_on"]),
        )
        for a in data["agencies"]
    ]
    successors = [(s["code"], _date(s["dissolved_on"]), s["merged_into"], s["split_into"]) for s in data["successors"]]
    return rows, successors


def _load_samples() -> dict[str, dict]:
    samples = {}
    for path in sorted(DATA_DIR.glob("*.json")):
        if path.name == AGENCY_FILE:
            continue
        spec = json.loads(path.read_text(encoding="utf-8"))
        spec["issued_on"] = _date(spec["issued_on"])
        spec["status"] = DecisionStatus(spec["status"])
        samples[path.stem] = spec
    return samples


# key (the file name without .json) -> the decision as data; "notes" is commentary, never loaded.
SAMPLES: dict[str, dict] = _load_samples()


def ensure_agencies() -> dict[str, Agency]:
    """Create the sample agencies that are missing (an existing agency with the same code is reused
    as it is), and record the 2025 successions unless successors are already recorded."""
    rows, successors = _agency_data()
    by_code: dict[str, Agency] = {}
    for code, name, short, kind, parent_code, symbol, place, header_parent, header_own, dissolved in rows:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            parent = (by_code.get(parent_code) or Agency.objects.get(code=parent_code)) if parent_code else None
            agency = agency_services.agency_create(
                code=code,
                name=name,
                short_name=short,
                kind=kind,
                parent=parent,
                symbol=symbol,
                place=place,
                header_parent=header_parent,
                header_own=header_own,
                dissolved_on=dissolved,
            )
        by_code[code] = agency
    for code, dissolved_on, merged_code, split_codes in successors:
        agency = by_code[code]
        if agency.merged_into_id is None and not agency.split_into.exists():
            agency_services.agency_dissolve(
                agency=agency,
                dissolved_on=agency.dissolved_on or dissolved_on,
                merged_into=by_code[merged_code] if merged_code else None,
                split_into=[by_code[c] for c in split_codes],
            )
    return by_code


def _existing(spec: dict, agency: Agency) -> Decision | None:
    found = Decision.objects.filter(agency=agency, year=spec["year"], symbol=spec["symbol"])
    if spec["number"] is None:
        found = found.filter(number__isnull=True)
    else:
        found = found.filter(number=spec["number"])
    return found.order_by("created_at", "id").first()


@transaction.atomic
def load_sample(key: str, *, user=SYSTEM) -> Decision:
    """Enter one sample decision through the services and take it as far as its status says
    (submitted, approved, issued with its number and date). Returns the existing decision of that
    agency, year and number if there is one. Loading samples is a system job: the user is SYSTEM unless one is named."""
    spec = SAMPLES[key]
    agencies = ensure_agencies()
    agency = agencies[spec["agency"]]
    existing = _existing(spec, agency)
    if existing is not None:
        return existing

    data = {k: v for k, v in spec.items() if k in BUILD_KEYS}
    decision = services.decision_build(agency=agency, year=spec["year"], user=user, data=data)

    status = spec["status"]
    if status in (DecisionStatus.SUBMITTED, DecisionStatus.APPROVED, DecisionStatus.ISSUED):
        decision = services.decision_submit(decision=decision, user=user)
    if status in (DecisionStatus.APPROVED, DecisionStatus.ISSUED):
        decision = services.decision_approve(decision=decision, user=user)
    if status == DecisionStatus.ISSUED:
        decision = services.decision_issue(
            decision=decision,
            user=user,
            number=spec["number"],
            issued_on=spec["issued_on"],
            record_as_issued=True,
        )
    return decision


def load_all(*, user=SYSTEM) -> list[Decision]:
    """Every sample, in chronological order."""
    return [load_sample(key, user=user) for key in sorted(SAMPLES)]
