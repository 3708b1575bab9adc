"""Time the decision parser on a generated 20-page decision (60 objectives, about 1,400 lines):
python bench/bench_import.py [--repeat N] from the repository root."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from objectives.importer import parse_decision  # noqa: E402

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
FILLER = ("Các phòng chuyên môn phối hợp với Văn phòng HĐND và UBND xây dựng kế hoạch chi tiết, phân công cán bộ "
          "theo dõi, đôn đốc, tổng hợp kết quả thực hiện và báo cáo định kỳ hằng quý cho Ban Chỉ đạo ISO.")


def wrap(text: str, width: int = 70) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width and not current.endswith((".", ";", ":")) \
                and not word[0].isdigit():
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + [current]


def make_long_decision(objectives: int = 60) -> tuple[str, list[tuple[str, str | None]]]:
    """A long decision in list form, its lines wrapped, and the (comparator, unit) expected per objective."""
    lines = [
        "ỦY BAN NHÂN DÂN", "XÃ PHƯỚC AN", "", "Số: 15/QĐ-UBND", "", "Phước An, ngày 09 tháng 01 năm 2026", "",
        "QUYẾT ĐỊNH", "Về việc ban hành Mục tiêu chất lượng năm 2026 của Ủy ban nhân dân xã Phước An", "",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHƯỚC AN", "",
    ]
    for index in range(12):
        lines += wrap(f"Căn cứ văn bản số {index + 1}/2025/NĐ-CP ngày 05 tháng 3 năm 2025 của Chính phủ quy định chi "
                      f"tiết về việc áp dụng Hệ thống quản lý chất lượng trong các cơ quan hành chính nhà nước;") + [""]
    lines += ["Theo đề nghị của Chánh Văn phòng HĐND và UBND xã.", "", "QUYẾT ĐỊNH:", ""]
    for number in range(1, 5):
        lines += wrap(f"Điều {number}. " + FILLER) + [""] + wrap(FILLER) + [""]
    lines += ["Nơi nhận:", "- Như Điều 4;", "- Lưu: VT, VP.", "", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "",
              "Lê Văn Minh", "", "", "MỤC TIÊU CHẤT LƯỢNG NĂM 2026",
              "(Kèm theo Quyết định số 15/QĐ-UBND ngày 09 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân xã Phước An)",
              ""]
    expected = []
    for number in range(1, objectives + 1):
        if number % 10 == 1:
            lines += [f"{'I II III IV V VI VII VIII'.split()[number // 10]}. Đối với nhóm mục tiêu {number // 10 + 1}:",
                      ""]
        phrase, comparator, unit = TARGET_PHRASES[number % len(TARGET_PHRASES)]
        text = phrase.format(a=60 + number % 40, b=number % 9 + 1, c=30 + number % 20)
        lines += wrap(f"{number}. {text}; {FILLER}")
        for label in ("Biện pháp", "Trách nhiệm", "Thời gian"):
            lines += wrap(f"- {label}: {FILLER}")
        lines += wrap(FILLER) + wrap(FILLER) + [""]
        expected.append((comparator, unit))
    lines += ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Lê Văn Minh", ""]
    return "\n".join(lines), expected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text, _expected = make_long_decision()
    parse_decision(text)  # warm the regex caches
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = parse_decision(text)
        timings.append(time.perf_counter() - start)
    print(f"{len(text.splitlines())} lines, {len(text):,} characters, {len(result.objectives)} objectives: "
          f"best {min(timings) * 1000:.1f} ms, worst {max(timings) * 1000:.1f} ms over {args.repeat} runs")


if __name__ == "__main__":
    main()
