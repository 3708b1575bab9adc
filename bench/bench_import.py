"""The importer's benchmarks (python bench/bench_import.py, or make bench-import; figures go to docs/):

1. field-level accuracy over the whole import corpus (tests/import_corpus, the samples and their variants
   and the documents in unseen/ with hand-written expected fields): each expected field is one point;
2. a zip bomb (a small .docx that unpacks to 300 MB) and a text bomb are refused: time and peak memory,
   each measured in a fresh process;
3. the parser's speed on a generated 20-page decision (60 objectives, about 1,400 lines).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "import_corpus"))

import docx_corpus  # noqa: E402
import scoring  # noqa: E402

from objectives.importer import parse_decision  # noqa: E402
from objectives.importer.wordfile import docx_text  # noqa: E402

TARGET_PHRASES = [
    ("Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn đạt tối thiểu {a}%", ">=", "%"),
    ("Mức độ hài lòng của người dân, doanh nghiệp đạt ít nhất {a}%", ">=", "%"),
    ("Hồ sơ được tiếp nhận và giải quyết trực tuyến toàn trình từ {a}% trở lên", ">=", "%"),
    ("Văn bản đi, đến được xử lý trên môi trường điện tử trên {a}%", ">", "%"),
    ("Thời gian giải quyết phản ánh, kiến nghị không quá {b} ngày", "<=", "ngày"),
    ("Đánh giá nội bộ Hệ thống quản lý chất lượng từ 01 - 02 lần/năm", "between", "lần/năm"),
    ("Sáng kiến cải tiến được công nhận ít nhất {b} sáng kiến", ">=", "sáng kiến"),
    ("Giảm số hồ sơ trễ hạn {b}% so với cùng kỳ năm trước", "reduce_by", "%"),
    ("Số hóa hồ sơ đạt tối thiểu {a}% tại cấp huyện và {c}% tại cấp xã", ">=", "%"),
    ("Tiếp tục duy trì, cải tiến và hoàn thiện Hệ thống quản lý chất lượng", "done", None),
]
FILLER = (
    "Các phòng chuyên môn phối hợp với Văn phòng HĐND và UBND xây dựng kế hoạch chi tiết, phân công cán bộ "
    "theo dõi, đôn đốc, tổng hợp kết quả thực hiện và báo cáo định kỳ hằng quý cho Ban Chỉ đạo ISO."
)


def wrap(text: str, width: int = 70) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if (
            current
            and len(current) + 1 + len(word) > width
            and not current.endswith((".", ";", ":"))
            and not word[0].isdigit()
        ):
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + [current]


def make_long_decision(objectives: int = 60) -> tuple[str, list[tuple[str, str | None]]]:
    """A long decision in list form, its lines wrapped, and the (comparator, unit) expected per objective."""
    lines = [
        "ỦY BAN NHÂN DÂN",
        "XÃ PHƯỚC AN",
        "",
        "Số: 15/QĐ-UBND",
        "",
        "Phước An, ngày 09 tháng 01 năm 2026",
        "",
        "QUYẾT ĐỊNH",
        "Về việc ban hành Mục tiêu chất lượng năm 2026 của Ủy ban nhân dân xã Phước An",
        "",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHƯỚC AN",
        "",
    ]
    for index in range(12):
        lines += wrap(
            f"Căn cứ văn bản số {index + 1}/2025/NĐ-CP ngày 05 tháng 3 năm 2025 của Chính phủ quy định chi "
            f"tiết về việc áp dụng Hệ thống quản lý chất lượng trong các cơ quan hành chính nhà nước;"
        ) + [""]
    lines += ["Theo đề nghị của Chánh Văn phòng HĐND và UBND xã.", "", "QUYẾT ĐỊNH:", ""]
    for number in range(1, 5):
        lines += wrap(f"Điều {number}. " + FILLER) + [""] + wrap(FILLER) + [""]
    lines += [
        "Nơi nhận:",
        "- Như Điều 4;",
        "- Lưu: VT, VP.",
        "",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "",
        "Lê Văn Minh",
        "",
        "",
        "MỤC TIÊU CHẤT LƯỢNG NĂM 2026",
        "(Kèm theo Quyết định số 15/QĐ-UBND ngày 09 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân xã Phước An)",
        "",
    ]
    expected = []
    for number in range(1, objectives + 1):
        if number % 10 == 1:
            lines += [
                f"{['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII'][number // 10]}. Đối với nhóm mục tiêu {number // 10 + 1}:",
                "",
            ]
        phrase, comparator, unit = TARGET_PHRASES[number % len(TARGET_PHRASES)]
        text = phrase.format(a=60 + number % 40, b=number % 9 + 1, c=30 + number % 20)
        lines += wrap(f"{number}. {text}; {FILLER}")
        for label in ("Biện pháp", "Trách nhiệm", "Thời gian"):
            lines += wrap(f"- {label}: {FILLER}")
        lines += wrap(FILLER) + wrap(FILLER) + [""]
        expected.append((comparator, unit))
    lines += ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Lê Văn Minh", ""]
    return "\n".join(lines), expected


def corpus_text(source: Path | None, name: str) -> str:
    if source is None:
        return docx_text(docx_corpus.DOCUMENTS[name]())
    return source.read_text(encoding="utf-8")


def accuracy(verbose: bool = False) -> dict:
    """Field-level accuracy over the corpus, overall and on unseen/ and holdout/ alone."""
    totals = {"all": [0, 0], "unseen": [0, 0], "holdout": [0, 0]}
    zero: list[str] = []
    for name, source, expected_path in scoring.cases():
        result = parse_decision(corpus_text(source, name)).to_dict()
        score = scoring.score(scoring.load_expected(expected_path), result)
        group = {scoring.UNSEEN: "unseen", scoring.HOLDOUT: "holdout"}.get(expected_path.parent)
        for key in ("all", group) if group else ("all",):
            totals[key][0] += score.right
            totals[key][1] += score.total
        if not result["objectives"]:
            zero.append(name)
        if verbose:
            print(f"  {name:45s} {score.right:4d}/{score.total:4d} {score.ratio:7.1%}")
            for wrong in score.wrong:
                print(f"      {wrong}")
    return {
        "documents": len(scoring.cases()),
        "zero": zero,
        **{key: (right, total) for key, (right, total) in totals.items()},
    }


_CHILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from objectives.importer.wordfile import WordFileError, docx_text
data = open({path!r}, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    docx_text(data)
    outcome = "READ (not refused)"
except WordFileError as exc:
    outcome = "refused: " + str(exc)[:70]
elapsed = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{{elapsed * 1000:.0f}} ms, peak RSS {{after / 1024:.0f}} MB (+{{(after - before) / 1024:.1f}} MB while reading); {{outcome}}")
"""


def hostile(tmp: Path) -> list[str]:
    """Time and memory to refuse each hostile file, each in a fresh process."""
    cases = {
        "zip bomb (document.xml unpacks to 300 MB)": docx_corpus.zip_bomb(300),
        "text bomb (12 MB of paragraphs, under the size limit)": docx_corpus.zip_bomb(12),
        "billion laughs (DOCTYPE with nested entities)": docx_corpus.raw_docx(
            '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>' + docx_corpus.paragraphs_xml(["&c;"])[38:]
        ),
    }
    lines = []
    for label, data in cases.items():
        path = tmp / "hostile.docx"
        path.write_bytes(data)
        done = subprocess.run(
            [sys.executable, "-c", _CHILD.format(root=str(ROOT), path=str(path))],
            capture_output=True,
            text=True,
            check=True,
        )
        lines.append(f"{label}, {len(data) / 1024:.0f} KB on disk: {done.stdout.strip()}")
    return lines


def speed(repeat: int) -> str:
    text, _expected = make_long_decision()
    parse_decision(text)  # warm the regex caches
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = parse_decision(text)
        timings.append(time.perf_counter() - start)
    return (
        f"{len(text.splitlines())} lines, {len(text):,} characters, {len(result.objectives)} objectives: "
        f"best {min(timings) * 1000:.1f} ms, worst {max(timings) * 1000:.1f} ms over {repeat} runs"
    )


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("-v", "--verbose", action="store_true", help="each document's score and wrong fields")
    parser.add_argument("--json", action="store_true", help="the accuracy figures as JSON only")
    args = parser.parse_args()
    figures = accuracy(args.verbose)
    if args.json:
        print(json.dumps(figures))
        return
    right, total = figures["all"]
    unseen_right, unseen_total = figures["unseen"]
    print(f"Accuracy over the corpus ({figures['documents']} documents): {right}/{total} fields = {right / total:.2%}")
    print(
        f"  of which unseen/ (shapes written for issue 11): {unseen_right}/{unseen_total} = "
        f"{unseen_right / unseen_total:.2%}"
    )
    holdout_right, holdout_total = figures["holdout"]
    print(
        f"  of which holdout/ (written after the parser work): {holdout_right}/{holdout_total} = "
        f"{holdout_right / holdout_total:.2%}"
    )
    print(f"  documents with no objective found: {len(figures['zero'])} {figures['zero'] or ''}")
    with tempfile.TemporaryDirectory() as tmp:
        for line in hostile(Path(tmp)):
            print(line)
    print("Parser speed: " + speed(args.repeat))


if __name__ == "__main__":
    main()
