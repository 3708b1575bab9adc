"""Measurable targets in the text of a quality objective ("đạt tối thiểu 97%", "từ 01 - 02 lần/năm",
"ít nhất 07 sáng kiến"): comparator, value, unit, scope and the exact source phrase.

Domain notes: the comparator a person writes by hand for each phrasing.

- "tối thiểu", "ít nhất", "không thấp hơn", "từ X% trở lên", "đạt X%": >= (">" for "trên", "cao hơn");
  "đạt 100%" and a bare "100%" are = 100 (nothing is above 100%).
- "không quá", "tối đa", "không vượt quá": <=; "dưới", "thấp hơn", "ít hơn": <.
- "0%" (a rate that must stay at zero: "hồ sơ trễ hạn 0%") is <= 0, never >= 0 (always met).
- "giảm X% so với ...", "rút ngắn X%", "giảm ít nhất X% so với năm 2024": reduce_by X (versus the base).
- "giảm còn X", "giảm xuống còn X", "rút ngắn còn X": an upper bound, <= X, not a reduction by X.
- "tăng X% so với ...", "tăng X%": increase_by X (the portal has no such comparator: the import keeps it as
  a done/not-done target with the phrase, see importing.target_fields).
- "N lần/quý", "mỗi quý 01 lần", "mỗi tháng 02 phiên": = N per period (unit "lần/quý", "phiên/tháng").
- "4/4 quý", "12/12 tháng": = 4 (unit "quý"); a date such as "trước ngày 30/6" is a deadline, not a number:
  an objective whose only figure is a deadline is a done/not-done target.
- "trong 02 ngày làm việc", "trong vòng 30 phút": <= (a duration given as a limit).
- A count written plainly in a sentence ("tổ chức 04 cuộc kiểm tra", "tại 30 cơ sở") is >= N; alone in a
  table cell ("03 sáng kiến") it is = N.
- Baselines and past results are kept in the text but are not targets: a figure in parentheses with a year
  or "trước đây" ("(năm 2024: 52%)", "(trước đây là 10 ngày)"), a figure right after "năm trước đạt",
  "trước đây là", and "năm 2024 đạt 85%" when the objective gives another figure as its target.
- A figure without a unit next to a comparator ("dưới 1 tuổi") is not a target when the objective has a
  target with a unit.
"""

from __future__ import annotations

import re

from .textutil import NUMBER_RE, fold, parse_number

GTE, GT, LTE, LT, EQ, BETWEEN, REDUCE_BY, DONE = ">=", ">", "<=", "<", "=", "between", "reduce_by", "done"
INCREASE_BY = "increase_by"  # parsed, but not a comparator of the portal (see the domain notes)

# All patterns below run on the folded text (upper-case, no diacritics, same offsets as the input).
_NUMBER = re.compile(rf"(?<![\w.,/:\-–])(?:{NUMBER_RE})")
_RANGE_TAIL = re.compile(rf"\s*(%)?\s*(?:-|–|—|DEN|TOI)\s*({NUMBER_RE})(?![\w/])")
_PERCENT = re.compile(r"\s*%")
_TIMES = re.compile(r"\s*(LAN)\s*(?:/\s*|\s+(?:MOI|TRONG|TREN)\s+)(NAM|QUY|THANG|TUAN|KY)\b")
_COUNT_NOUNS = sorted(
    (
        "SANG KIEN",
        "NGAY LAM VIEC",
        "NGAY",
        "GIO",
        "PHUT",
        "THANG",
        "TUAN",
        "QUY",
        "DIEM",
        "CUOC",
        "HOI NGHI",
        "LOP",
        "BUOI",
        "DOT",
        "NGUOI",
        "LUOT",
        "CAN BO",
        "CONG CHUC",
        "HO SO",
        "VAN BAN",
        "THU TUC",
        "QUY TRINH",
        "DE TAI",
        "BAI VIET",
        "BAI",
        "TIN BAI",
        "TIN",
        "DON VI",
        "CO QUAN",
        "SU KIEN",
        "CHUONG TRINH",
        "KE HOACH",
        "BAO CAO",
        "MO HINH",
        "SAN PHAM",
        "Y KIEN",
        "PHAN ANH",
        "KIEN NGHI",
        "TRUONG HOP",
        "VU",
        "SAI SOT",
        "LOI",
        "KHIEU NAI",
        "CONG TRINH",
        "DU AN",
        "DOANH NGHIEP",
        "HO",
        "GIAI PHAP",
        "NHIEM VU",
        "TAI LIEU",
        "QUY CHE",
        "LAN",
        "TRIEU DONG",
        "TY DONG",
        "DONG",
        "HOC VIEN",
        "CUOC KIEM TRA",
        "CUOC DANH GIA",
        "TIET",
        "KY",
        "CO SO",
        "PHIEN",
        "CUOC THANH TRA",
        "CUOC HOP",
    ),
    key=len,
    reverse=True,
)
_COUNT = re.compile(r"\s*(" + "|".join(_COUNT_NOUNS) + r")\b")
# Explicit comparators written just before the number ("đạt" may come first).
_COMPARATORS = [
    ("KHONG THAP HON", GTE),
    ("KHONG DUOI", GTE),
    ("KHONG IT HON", GTE),
    ("TOI THIEU", GTE),
    ("IT NHAT", GTE),
    ("KHONG VUOT QUA", LTE),
    ("KHONG QUA", LTE),
    ("KHONG CAO HON", LTE),
    ("KHONG HON", LTE),
    ("TOI DA", LTE),
    ("CAO HON", GT),
    ("NHIEU HON", GT),
    ("LON HON", GT),
    ("TREN", GT),
    ("THAP HON", LT),
    ("IT HON", LT),
    ("NHO HON", LT),
    ("DUOI", LT),
    ("BANG", EQ),
    ("TU", GTE),
    ("≥", GTE),
    (">=", GTE),
    ("=>", GTE),
    ("≤", LTE),
    ("<=", LTE),
    ("=<", LTE),
    (">", GT),
    ("<", LT),
    ("=", EQ),
]
_COMPARATOR_BEFORE = re.compile(  # "đạt tối thiểu", "không thấp hơn", "tối thiểu là", "≥"
    r"(?:(?<![\w])(?:PHAI\s+)?DAT\s+)?(?<![\w])("
    + "|".join(re.escape(word) for word, _ in sorted(_COMPARATORS, key=lambda pair: -len(pair[0])))
    + r")\s*(?:(?:LA|O\s+MUC)\s+)?$"
)
_DAT_BEFORE = re.compile(r"(?<![\w])(?:PHAI\s+)?DAT\s*$")
_TRO_LEN = re.compile(r"\s*TRO\s+(LEN|XUONG)\b")
_SCOPE_LEVELS = r"(?:TINH|HUYEN|XA|PHUONG|THI TRAN|THI XA|QUAN|THANH PHO|CO SO|TRUNG UONG|BO|SO)"
_SCOPE_AFTER = re.compile(rf"\s*(?:(?:TAI|O|DOI VOI|VOI|CUA)\s+)?(CAP\s+{_SCOPE_LEVELS})\b")
_SCOPE_BEFORE = re.compile(rf"(?<![\w])(?:(?:TAI|O|DOI VOI)\s+)?(CAP\s+{_SCOPE_LEVELS})\s*,?\s*$")
_COMPARED = re.compile(r"\s*SO\s+VOI\s+(?:CUNG\s+KY\s+)?(?:NAM\s+TRUOC|NAM\s+\d{4}|CUNG\s+KY|KY\s+TRUOC)\b")
_REDUCE = re.compile(r"(?<![\w])(?:(?:CAT\s+)?GIAM|RUT\s+NGAN)(?![\w])")
_DOWN_TO = re.compile(r"(?<![\w])(?:GIAM|RUT\s+NGAN|HA)\s+(?:XUONG\s+)?CON\s*(?:(?:KHONG\s+QUA|TOI\s+DA)\s+)?$")
_PER_PERIOD_BEFORE = re.compile(r"(?<![\w])(?:MOI|HANG|HANG)\s+(NAM|QUY|THANG|TUAN)\s*$")
_FRACTION = re.compile(r"\s*/\s*(\d{1,3})(?![\d/])")
_BASELINE_BEFORE = re.compile(
    r"(?<![\w])(?P<when>NAM\s+(?P<year>\d{4})|NAM\s+TRUOC|TRUOC\s+DAY|KY\s+TRUOC|NAM\s+QUA|CUNG\s+KY)"
    r"\s*(?:DA\s+)?(?:DAT\s+|LA\s+|:\s*|CO\s+)?$"
)
_OCR_DIGITS = re.compile(r"(?<![A-Z0-9])[LI|](?=[0-9]{1,2}\s*%)")
_WITHIN = re.compile(r"(?<![\w])TRONG(?:\s+VONG|\s+THOI\s+HAN|\s+THOI\s+GIAN)?\s*$")
_TIME_UNITS = {"NGAY", "GIO", "PHUT", "THANG", "TUAN"}
_NEXT_WORD = re.compile(r"\s+([A-Z]{1,8})(?![\w/])")
_PAST = re.compile(r"\b(?:NAM\s+\d{4}|NAM\s+TRUOC|TRUOC\s+DAY|KY\s+TRUOC|NAM\s+QUA|CUNG\s+KY)\b")
_INCREASE = re.compile(r"(?<![\w])TANG(?![\w])")
# A clause ends at ; . : ! ? (not a decimal point) - the reach of "giảm ..." and "... trở lên".
_CLAUSE_END = re.compile(r"[;:!?]|\.(?!\d)")
_NOT_A_COUNT_BEFORE = re.compile(  # "Điều 4", "năm 2024", "ISO 9001", "mức độ 3": not quantities
    r"(?<![\w])(?:DIEU|KHOAN|SO|NAM|NGAY|THANG|QUY|ISO|TCVN|MUC DO|MUC|LOAI|HANG|GIAI DOAN|LAN THU|THU|KHOA|"
    r"PHONG|TO)\s*$"
)
_CONNECTOR = re.compile(r"\s*[,;]?\s*(?:VA|HOAC)?\s*[,]?\s*")
_LEADING_START = re.compile(r"^\s*(?:(?:PHAI\s+)?DAT|CO)?\s*$")


def _json_number(value: int | float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _clause_start(folded: str, pos: int, floor: int) -> int:
    start = floor
    for m in _CLAUSE_END.finditer(folded, floor, pos):
        start = m.end()
    return start


def _clause_end(folded: str, pos: int) -> int:
    m = _CLAUSE_END.search(folded, pos)
    return m.start() if m else len(folded)


def parse_targets(text: str) -> list[dict]:
    """Every measurable target in text; a text without one is a single "done" target."""
    folded = _OCR_DIGITS.sub("1", fold(text))  # "l00%" of a scan is 100%
    found: list[tuple[dict, str | None]] = []  # (target, why it may be a baseline)
    previous_end = 0
    previous_comparator: str | None = None
    for m in _NUMBER.finditer(folded):
        target = _target_at(text, folded, m, previous_end, previous_comparator if found else None)
        if target is None:
            continue
        target, end = target
        baseline = _baseline(folded, m.start())
        if baseline == "past":
            previous_end = end  # kept in the text, never a target
            continue
        found.append((target, baseline))
        previous_end = end
        previous_comparator = target["comparator"]
    # "năm 2024 đạt 85%, năm 2025 phấn đấu đạt 90%": a dated figure is the base when another figure remains
    if any(why is None for _target, why in found):
        found = [(target, why) for target, why in found if why is None]
    targets = [target for target, _why in found]
    # "đạt trên 95% trẻ em dưới 1 tuổi": a bare figure beside a comparator is not a target next to one with a unit
    if any(target["unit"] for target in targets):
        targets = [target for target in targets if target["unit"] or target["comparator"] == BETWEEN]
    if not targets:
        targets.append({"comparator": DONE, "value": None, "upper": None, "unit": None, "scope": None, "source": text})
    return targets


def _baseline(folded: str, start: int) -> str | None:
    """ "past" for a figure that is a past result (in parentheses with a year or "trước đây", or right after
    "năm trước đạt"), "dated" for one right after "năm 2024 đạt", None otherwise."""
    opening = folded.rfind("(", 0, start)
    if opening != -1 and folded.find(")", opening, start) == -1 and _PAST.search(folded, opening, start):
        return "past"
    before = _BASELINE_BEFORE.search(folded, max(0, start - 30), start)
    if before:
        return "dated" if before.group("year") else "past"
    return None


def _target_at(
    text: str, folded: str, m: re.Match, previous_end: int, previous_comparator: str | None
) -> tuple[dict, int] | None:
    """The target around the number m (with where its source ends), or None if the number is not one."""
    start, end = m.start(), m.end()
    if start < previous_end:
        return None
    fraction = _FRACTION.match(folded, end)
    if fraction and m.group().isdigit() and int(m.group()) <= int(fraction.group(1)):
        return _fraction_target(text, folded, m, fraction)  # "4/4 quý": all of them
    if re.match(r"/|[:]\d", folded[end : end + 2]):
        return None
    value = parse_number(m.group())
    upper = None
    unit = None
    percent = False

    range_match = _RANGE_TAIL.match(folded, end)
    if range_match:
        upper = parse_number(range_match.group(2))
        end = range_match.end()
    unit_match = _PERCENT.match(folded, end)
    per_period = _PER_PERIOD_BEFORE.search(folded, max(0, start - 20), start)
    if unit_match or (range_match and range_match.group(1)):
        percent, unit = True, "%"
        end = unit_match.end() if unit_match else end
    elif times := _TIMES.match(folded, end):
        times_word, period = text[times.start(1) : times.end(1)], text[times.start(2) : times.end(2)]
        unit = "lần/năm" if times.group(2) == "NAM" else f"{times_word}/{period}"
        end = times.end()
    elif count := _COUNT.match(folded, end):
        unit = text[count.start(1) : count.end(1)]
        end = count.end()
        if per_period:  # "mỗi quý 01 lần", "mỗi tháng 02 phiên"
            period = text[per_period.start(1) : per_period.end(1)].lower()
            unit = "lần/năm" if per_period.group(1) == "NAM" and count.group(1) == "LAN" else f"{unit}/{period}"
    if not percent and _NOT_A_COUNT_BEFORE.search(folded, max(0, start - 20), start) and not (per_period and unit):
        return None

    source_start = per_period.start() if per_period and unit else start
    comparator = EQ if per_period and unit else None
    explicit = None if comparator else _COMPARATOR_BEFORE.search(folded[:start], max(0, start - 40))
    down_to = _DOWN_TO.search(folded, max(0, start - 40), start)
    dat = None
    if comparator:
        pass
    elif upper is not None:
        comparator = BETWEEN
        if explicit and explicit.group(1) == "TU":
            source_start = explicit.start()
    elif down_to:  # "giảm còn 5 ngày": an upper bound
        comparator = LTE
        source_start = down_to.start()
    elif explicit:
        comparator = dict(_COMPARATORS)[explicit.group(1)]
        source_start = explicit.start()
    elif dat := _DAT_BEFORE.search(folded[:start], max(0, start - 20)):
        comparator = GTE
        source_start = dat.start()

    scope = None
    if scope_match := _SCOPE_AFTER.match(folded, end):
        scope = text[scope_match.start(1) : scope_match.end(1)]
        end = scope_match.end()
    elif scope_before := _SCOPE_BEFORE.search(folded[:source_start], max(previous_end, start - 40)):
        scope = text[scope_before.start(1) : scope_before.end(1)]

    tro = None
    if comparator in (None, GTE) and not down_to:
        next_number = _NUMBER.search(folded, end)
        reach = min(_clause_end(folded, end), next_number.start() if next_number else len(folded))
        tro = _TRO_LEN.search(folded, end, reach)
        if tro and tro.start() - end <= 60:
            comparator = GTE if tro.group(1) == "LEN" else LTE
            end = tro.end()
        else:
            tro = None

    compared = _COMPARED.match(folded, end)
    at_least = explicit is not None and dict(_COMPARATORS)[explicit.group(1)] == GTE and explicit.group(1) != "TU"
    if not down_to and (comparator is None or (comparator == GTE and not tro and (not explicit or at_least))):
        clause_from = _clause_start(folded, source_start, previous_end)
        reduce = None
        for candidate in _REDUCE.finditer(folded, clause_from, source_start):
            reduce = candidate
        increase = None
        for candidate in _INCREASE.finditer(folded, clause_from, source_start):
            increase = candidate
        if reduce and (compared or "," not in folded[reduce.end() : source_start]):
            comparator = REDUCE_BY  # "giảm ít nhất 10% so với năm 2024" is a reduction of at least 10%
            source_start = reduce.start()
        elif increase and (compared or "," not in folded[increase.end() : source_start]):
            comparator = INCREASE_BY
            source_start = increase.start()
    if comparator in (REDUCE_BY, INCREASE_BY) and compared:
        end = compared.end()

    if (
        comparator is None
        and unit
        and _WITHIN.search(folded, max(0, start - 20), start)
        and fold(unit).split()[0] in _TIME_UNITS
    ):
        comparator = LTE  # "trong 02 ngày làm việc", "trong vòng 30 phút": at most that long
        source_start = _WITHIN.search(folded, max(0, start - 20), start).start()
    if (
        comparator is None
        and previous_comparator in (GTE, GT, LTE, LT, REDUCE_BY)
        and _CONNECTOR.fullmatch(folded[previous_end:start])
    ):
        comparator = previous_comparator
    if comparator is None:
        if percent:
            comparator = LTE if value == 0 else EQ if value == 100 else GTE
        elif unit and unit.startswith("lần"):
            comparator = EQ
        elif unit and _LEADING_START.match(folded[:start]) and len(text.split()) <= 6:
            comparator = EQ  # a table cell such as "03 sáng kiến"
        elif unit:
            comparator = GTE  # "tổ chức 04 cuộc kiểm tra": at least the count it names
        else:
            return None
    elif (
        not percent
        and unit is None
        and comparator != BETWEEN
        and _NOT_A_COUNT_BEFORE.search(folded, max(0, source_start - 20), source_start)
    ):
        return None
    if percent and comparator == GTE and not explicit and not tro:
        if value == 100:
            comparator = EQ  # "đạt 100%": nothing is above it
        elif value == 0:
            comparator = LTE  # "đạt 0%" of late files: an upper bound

    target = {
        "comparator": comparator,
        "value": _json_number(value),
        "upper": _json_number(upper) if upper is not None else None,
        "unit": unit,
        "scope": scope,
        "source": text[source_start:end],
    }
    return target, end


def _fraction_target(text: str, folded: str, m: re.Match, fraction: re.Match) -> tuple[dict, int] | None:
    """ "4/4 quý", "12/12 tháng": the whole of a count, = N with the noun after it as the unit."""
    end = fraction.end()
    before = folded[max(0, m.start() - 12) : m.start()]
    if re.search(r"(?:NGAY|TRUOC|SAU|DEN|TU)\s*$", before):
        return None  # a date
    unit = None
    if count := _COUNT.match(folded, end):
        unit = text[count.start(1) : count.end(1)]
        end = count.end()
    elif noun := _NEXT_WORD.match(folded, end):  # "12/12 xã": what is counted is the word after
        unit = text[noun.start(1) : noun.end(1)]
        end = noun.end()
    value = parse_number(m.group())
    return {
        "comparator": EQ,
        "value": _json_number(value),
        "upper": None,
        "unit": unit,
        "scope": None,
        "source": text[m.start() : end],
    }, end


# --- labels -------------------------------------------------------------------------------------
_STRONG_BREAK = re.compile(r"[;:.!?](?!\d)")
_QUANTITY = re.compile(r"\d[\d.,]*\s*%?")
_LEAD_WORDS = re.compile(
    r"^(?:(?:TRONG DO|VA|HOAC|PHAN DAU|PHAN DAU CO|DAM BAO|QUYET TAM|CO|DAT|VOI|LA|NHAM|TAI|O|"
    rf"CAP {_SCOPE_LEVELS})\s+|[,;%]\s*)+"
)
_TRAIL_WORDS = re.compile(
    r"(?:\s+(?:PHAI DAT|DAT|LA|CO|TU|TREN|DUOI|TOI THIEU|IT NHAT|KHONG THAP HON|KHONG DUOI|KHONG QUA|TOI DA|"
    rf"O MUC|VA|HOAC|TAI|O|CAP {_SCOPE_LEVELS})|\s*[,;])+\s*$"
)
_TRONG_DO = re.compile(r"(?:^|,)\s*TRONG DO\s*$")
_MAX_LABEL_WORDS = 12


def _clean_label(text: str) -> str:
    text = " " + text.strip(" ,;:.-–()\t") + " "
    folded = fold(text)
    lead = _LEAD_WORDS.match(folded.lstrip())
    if lead:
        offset = len(folded) - len(folded.lstrip()) + lead.end()
        text, folded = text[offset:], folded[offset:]
    trail = _TRAIL_WORDS.search(" " + folded.rstrip())
    if trail:
        text = text[: max(0, trail.start() - 1)]
    words = text.split()[:_MAX_LABEL_WORDS]
    label = " ".join(words).strip(" ,;:.-–(")
    return label[:1].upper() + label[1:]


def _words(label: str) -> int:
    return len(label.split())


def label_for_target(objective_text: str, target: dict) -> str:
    """A short label for a target from the words around it: "Tỷ lệ giải quyết hồ sơ đúng hạn"."""
    text = objective_text or ""
    source = target.get("source") or ""
    scope = target.get("scope")
    index = text.find(source) if source and target.get("comparator") != DONE else -1
    label = ""
    if index >= 0:
        head = text[:index]
        clause_start = 0
        for m in _STRONG_BREAK.finditer(head):
            clause_start = m.end()
        clause = head[clause_start:]
        quantities = list(_QUANTITY.finditer(clause))
        after_last = clause[quantities[-1].end() :] if quantities else clause
        if not _TRONG_DO.search(fold(after_last).rstrip()):
            label = _clean_label(after_last)
            if _words(label) < 2 and quantities:
                label = _clean_label(clause[: quantities[0].start()])
        if _words(label) < 2:
            own = _QUANTITY.search(source)
            label = _clean_label(source[: own.start()]) if own else ""
        if _words(label) < 2:
            tail = text[index + len(source) :]
            stop = _STRONG_BREAK.search(tail)
            tail = tail[: stop.start()] if stop else tail
            digit = re.search(r"\d", tail)
            label = _clean_label(tail[: digit.start()] if digit else tail)
    if _words(label) < 2:
        label = scope[:1].upper() + scope[1:] if scope else _clean_label(text)
    elif scope and scope.lower() not in label.lower():
        label = f"{label} ({scope})"
    return label
