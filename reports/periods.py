"""Reporting periods of a year: their dates, default due dates and which targets are reported in them."""

from calendar import monthrange
from datetime import date, timedelta
from functools import lru_cache

from objectives.models import Frequency
from reports.models import Period

DUE_AFTER_DAYS = 10
ORDER = [Period.Q1, Period.Q2, Period.H1, Period.Q3, Period.Q4, Period.H2, Period.YEAR]
RANK = {p: i for i, p in enumerate(ORDER)}
# Months (first, last) covered by each period.
MONTHS = {
    Period.Q1: (1, 3),
    Period.Q2: (4, 6),
    Period.Q3: (7, 9),
    Period.Q4: (10, 12),
    Period.H1: (1, 6),
    Period.H2: (7, 12),
    Period.YEAR: (1, 12),
}
BY_FREQUENCY = {
    Frequency.QUARTERLY: (Period.Q1, Period.Q2, Period.Q3, Period.Q4),
    Frequency.HALF_YEARLY: (Period.H1, Period.H2),
    Frequency.YEARLY: (Period.YEAR,),
}
# As printed documents write them (they are Vietnamese whatever the interface language).
VIETNAMESE = {
    Period.Q1: "Quý I",
    Period.Q2: "Quý II",
    Period.Q3: "Quý III",
    Period.Q4: "Quý IV",
    Period.H1: "6 tháng đầu năm",
    Period.H2: "6 tháng cuối năm",
    Period.YEAR: "Cả năm",
}
FINAL = frozenset({Period.Q4, Period.H2, Period.YEAR})


@lru_cache(maxsize=512)
def start(year: int, period: str) -> date:
    return date(year, MONTHS[period][0], 1)


@lru_cache(maxsize=512)
def end(year: int, period: str) -> date:
    month = MONTHS[period][1]
    return date(year, month, monthrange(year, month)[1])


def default_due(year: int, period: str) -> date:
    """The 10th day after the period ends: Q3 (ends 30/9) is due 10/10."""
    return end(year, period) + timedelta(days=DUE_AFTER_DAYS)


def periods_for(frequency: str) -> tuple[str, ...]:
    return BY_FREQUENCY.get(frequency, ())


def frequency_of(period: str) -> str:
    return next(f for f, periods in BY_FREQUENCY.items() if period in periods)


def up_to(period: str) -> tuple[str, ...]:
    """The periods of the same kind from the start of the year to this one (year to date)."""
    family = BY_FREQUENCY[frequency_of(period)]
    return family[: family.index(period) + 1]


def is_final(period: str) -> bool:
    return period in FINAL


def sort_key(period: str) -> int:
    return RANK[period]


def has_started(year: int, period: str, today: date) -> bool:
    return start(year, period) <= today


def label(period: str) -> str:
    return str(Period(period).label)
