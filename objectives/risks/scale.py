"""The one scale of risk levels: level = likelihood × impact, each scored 1-5 as the agencies score them.

The products 1..25 fall into four bands (17-19 cannot occur):

| level  | band                         |
| ------ | ---------------------------- |
| 1-4    | low (thấp)                   |
| 5-9    | medium (trung bình)          |
| 10-16  | high (cao)                   |
| 20-25  | very high (rất cao)          |

The screen, the PDF and the Excel file print `legend()`; nothing else decides a band.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SCORES = range(1, 6)


@dataclass(frozen=True)
class Band:
    name: str  # a stable key (CSS class suffix, tests)
    label: str
    low: int
    high: int
    css: str  # Bootstrap badge class on screen

    @property
    def range_text(self) -> str:
        return f"{self.low}-{self.high}"


BANDS = (
    Band("low", _("low"), 1, 4, "text-bg-success"),
    Band("medium", _("medium"), 5, 9, "text-bg-warning"),
    Band("high", _("high"), 10, 16, "text-bg-danger"),
    Band("very-high", _("very high"), 17, 25, "text-bg-dark"),
)


def level(likelihood: int | None, impact: int | None) -> int | None:
    """likelihood × impact, or None when either score is missing."""
    if likelihood is None or impact is None:
        return None
    return int(likelihood) * int(impact)


def band(value: int | None) -> Band | None:
    if value is None:
        return None
    for candidate in BANDS:
        if candidate.low <= value <= candidate.high:
            return candidate
    raise ValueError(f"level {value} is outside 1-25")


def legend() -> list[tuple[str, str]]:
    """[(range, label)] for the legend under the table; the very-high band reads 20-25 (17-19 cannot occur)."""
    rows = []
    for item in BANDS:
        low = 20 if item.name == "very-high" else item.low
        rows.append((f"{low}-{item.high}", str(item.label)))
    return rows
