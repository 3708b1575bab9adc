"""The importer measured on the whole corpus, field by field, against expected fields written by hand before
the parser was run on them (tests/import_corpus/unseen/, and the Word files built in docx_corpus.py)."""

import sys
from pathlib import Path

import pytest
from django.utils import translation

from objectives.importer import parse_decision
from objectives.importer.wordfile import docx_text

sys.path.insert(0, str(Path(__file__).parent / "import_corpus"))
import docx_corpus  # noqa: E402
import scoring  # noqa: E402

UNSEEN = [
    (name, source, expected)
    for name, source, expected in scoring.cases()
    if expected.parent in (scoring.UNSEEN, scoring.HOLDOUT)
]


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def text_of(name: str, source: Path | None) -> str:
    return docx_text(docx_corpus.DOCUMENTS[name]()) if source is None else source.read_text(encoding="utf-8")


def test_the_corpus_grew_by_at_least_twenty_documents_in_new_shapes():
    assert len(UNSEEN) >= 29
    assert sum(1 for _name, source, _expected in UNSEEN if source is None) == len(docx_corpus.DOCUMENTS) == 3


@pytest.mark.parametrize(("name", "source", "expected"), UNSEEN, ids=[case[0] for case in UNSEEN])
def test_each_new_document_gives_every_expected_field(name, source, expected):
    result = parse_decision(text_of(name, source)).to_dict()
    score = scoring.score(scoring.load_expected(expected), result)
    assert score.wrong == []
    assert score.total >= 20


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [c for c in UNSEEN if c[1] is not None],
    ids=[c[0] for c in UNSEEN if c[1] is not None],
)
def test_it_never_drops_a_line_of_the_new_documents(name, source, expected):
    text = source.read_text(encoding="utf-8")
    result = parse_decision(text)
    covered = {number for numbers in result.spans.values() for number in numbers} | set(result.unparsed_lines)
    assert [n for n, line in enumerate(text.split("\n"), start=1) if line.strip() and n not in covered] == []


def test_the_whole_corpus_is_at_least_97_percent_right_with_no_document_at_zero():
    right = total = 0
    zero = []
    for name, source, expected in scoring.cases():
        result = parse_decision(text_of(name, source)).to_dict()
        score = scoring.score(scoring.load_expected(expected), result)
        right, total = right + score.right, total + score.total
        zero += [name] if not result["objectives"] else []
    assert total > 2500
    assert right / total >= 0.97
    assert zero == []


def test_the_scorer_counts_missing_and_invented_objectives():
    expected = {"number": "5", "objectives": [{"content": "A", "targets": [{"comparator": ">=", "value": 1}]}]}
    assert scoring.score(expected, {"number": "5", "objectives": []}).right == 1  # 1 of 4 fields
    assert scoring.score(expected, {"number": "5", "objectives": []}).total == 4
    found = {
        "number": "6",
        "objectives": [
            {"content": "A ", "targets": [{"comparator": ">=", "value": 1}]},
            {"content": "B", "targets": []},
        ],
    }
    score = scoring.score(expected, found)
    assert (score.right, score.total) == (3, 5)  # the number is wrong, the invented objective costs a point
