"""Field-level accuracy of the importer on the corpus: each hand-written expected field is one point.

An expected file may hold only some keys (the documents in unseen/ check what an official would
correct by hand: header fields, signer, and each objective's number, section, content and targets);
the full expected files of the corpus are scored on the same fields. Every objective the parser
found beyond the expected ones costs one point, so inventing objectives is not free."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
UNSEEN = HERE / "unseen"
HOLDOUT = HERE / "holdout"  # written after the parser work, measured once before any change (docs/import-accuracy.md)
SCALARS = (
    "agency_lines",
    "number",
    "symbol",
    "place",
    "date",
    "year",
    "doc_type",
    "summary",
    "authority",
    "legal_bases",
    "proposal",
    "recipients",
    "appendix_title",
)
OBJECTIVE_FIELDS = ("number", "section", "content", "measures", "responsibility", "timeframe")
TARGET_FIELDS = ("comparator", "value", "upper", "unit")


def _norm(value):
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_norm(item) for item in value]
    return value


@dataclass
class Score:
    right: int = 0
    total: int = 0
    wrong: list[str] = field(default_factory=list)

    def check(self, name: str, expected, actual) -> None:
        self.total += 1
        if _norm(expected) == _norm(actual):
            self.right += 1
        else:
            self.wrong.append(f"{name}: expected {expected!r}, got {actual!r}")

    @property
    def ratio(self) -> float:
        return self.right / self.total if self.total else 1.0


def score(expected: dict, actual: dict) -> Score:
    s = Score()
    for key in SCALARS:
        if key in expected:
            s.check(key, expected[key], actual.get(key))
    for key, value in (expected.get("signer") or {}).items():
        s.check(f"signer.{key}", value, (actual.get("signer") or {}).get(key))
    for index, article in enumerate(expected.get("articles") or []):
        got = (actual.get("articles") or [])[index] if index < len(actual.get("articles") or []) else {}
        s.check(f"articles.{index}", article, {"number": got.get("number"), "text": got.get("text")})
    found = actual.get("objectives") or []
    for index, objective in enumerate(expected.get("objectives") or []):
        got = found[index] if index < len(found) else {}
        for key in OBJECTIVE_FIELDS:
            if key in objective:
                s.check(f"objectives.{index}.{key}", objective[key], got.get(key))
        targets = got.get("targets") or []
        for t_index, target in enumerate(objective.get("targets") or []):
            got_target = targets[t_index] if t_index < len(targets) else {}
            for key in TARGET_FIELDS:
                if key in target:
                    s.check(f"objectives.{index}.targets.{t_index}.{key}", target[key], got_target.get(key))
    for index in range(len(expected.get("objectives") or []), len(found)):
        s.check(f"objectives.{index}", None, (found[index].get("content") or "")[:60])
    return s


def cases() -> list[tuple[str, Path, Path]]:
    """(name, source, expected) for the whole corpus: the original samples and variants, unseen/, holdout/."""
    out = []
    for path in sorted(HERE.glob("*.txt")) + sorted(UNSEEN.glob("*.txt")) + sorted(HOLDOUT.glob("*.txt")):
        out.append((path.stem, path, path.with_name(f"{path.stem}.expected.json")))
    for path in sorted(UNSEEN.glob("d*.expected.json")):
        out.append((path.name.removesuffix(".expected.json"), None, path))
    return out


def load_expected(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
