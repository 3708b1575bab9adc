"""The wording of seed_scale's synthetic decisions (reports.scale), modelled on the 2026 sample of xã Phước An
(objectives/sample_data/2026_phuoc_an_table.json): legal bases, a proposal, four articles, recipients, a
signer, an appendix in two sections whose objectives carry measures, a timeframe and targets worded as the
decision prints them ("Tối thiểu 98%"). Names, numbers, signers and the appendix form vary with the agency,
so that print benchmarks on seed_scale print real documents (2-4 pages), not nearly empty pages."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from agencies.models import Agency

SAMPLE = Path(__file__).resolve().parent.parent / "objectives" / "sample_data" / "2026_phuoc_an_table.json"
SAMPLE_AGENCY = "Ủy ban nhân dân xã Phước An"

SIGNERS = ("Lê Văn Minh", "Nguyễn Thị Hồng", "Trần Quốc Bảo", "Phạm Thị Thu Hà", "Võ Minh Tuấn", "Đặng Thị Lan")

# Objective (the key in reports.scale.TARGETS) -> the sentence, the measures and who is responsible.
OBJECTIVES = {
    "Hồ sơ TTHC giải quyết đúng hạn": (
        "Hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn.",
        (
            "Theo dõi trên Hệ thống thông tin giải quyết thủ tục hành chính tỉnh, nhắc việc hồ sơ sắp đến hạn; "
            "công khai hồ sơ trễ hạn và lý do."
        ),
    ),
    "Hồ sơ trực tuyến": (
        "Hồ sơ thủ tục hành chính được tiếp nhận trực tuyến.",
        "Hướng dẫn người dân nộp hồ sơ trên Cổng dịch vụ công quốc gia; bố trí máy tính hỗ trợ tại bộ phận một cửa.",
    ),
    "Thanh toán trực tuyến": (
        "Phí, lệ phí thủ tục hành chính được thanh toán trực tuyến.",
        "Niêm yết hướng dẫn thanh toán trực tuyến; phối hợp với ngân hàng hỗ trợ người dân.",
    ),
    "Số hóa hồ sơ": (
        "Hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa.",
        "Số hóa ngay khi tiếp nhận và khi trả kết quả; kiểm tra chất lượng bản số hóa hằng tháng.",
    ),
    "Văn bản điện tử": (
        "Văn bản đi, đến được xử lý trên môi trường mạng và ký số.",
        "Sử dụng Hệ thống quản lý văn bản và điều hành; cấp chữ ký số cho lãnh đạo và văn thư.",
    ),
    "Phản ánh, kiến nghị": (
        "Phản ánh, kiến nghị của người dân, doanh nghiệp được xử lý đúng thời hạn.",
        "Tiếp nhận qua đường dây nóng và Cổng thông tin điện tử; giao xử lý và theo dõi đến khi có kết quả.",
    ),
    "Khiếu nại, tố cáo": (
        "Đơn khiếu nại, tố cáo thuộc thẩm quyền được giải quyết trong thời hạn luật định.",
        "Phân loại đơn ngay khi nhận; lập sổ theo dõi thời hạn giải quyết từng đơn.",
    ),
    "Chỉ đạo của cấp trên": (
        "Nhiệm vụ cấp trên giao được hoàn thành đúng hạn.",
        "Cập nhật nhiệm vụ vào phần mềm theo dõi; báo cáo tiến độ tại giao ban hằng tháng.",
    ),
    "Cán bộ": (
        "Cán bộ, công chức hoàn thành tốt nhiệm vụ và được bồi dưỡng chuyên môn.",
        "Đánh giá, xếp loại hằng quý; cử cán bộ tham gia các lớp bồi dưỡng theo kế hoạch.",
    ),
    "Sáng kiến": (
        "Có sáng kiến, giải pháp cải tiến được công nhận.",
        "Phát động phong trào sáng kiến đầu năm; hỗ trợ hoàn thiện hồ sơ đề nghị công nhận.",
    ),
    "Sai sót": (
        "Giảm hồ sơ có sai sót phải bổ sung, làm lại do lỗi của cán bộ.",
        "Rà soát danh mục giấy tờ phải nộp; kiểm tra chéo trước khi trả kết quả.",
    ),
    "Hài lòng": (
        "Người dân, doanh nghiệp hài lòng với việc giải quyết thủ tục hành chính.",
        "Khảo sát qua thiết bị đánh giá tại bộ phận một cửa và qua Cổng dịch vụ công; xử lý ý kiến chưa hài lòng.",
    ),
    "Đánh giá nội bộ": (
        "Đánh giá nội bộ hệ thống quản lý chất lượng theo kế hoạch.",
        "Lập kế hoạch đánh giá; khắc phục các điểm không phù hợp trong 30 ngày.",
    ),
    "Hệ thống quản lý chất lượng": (
        "Duy trì, cải tiến Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015.",
        "Cập nhật quy trình khi thủ tục hành chính thay đổi; xem xét của lãnh đạo cuối năm.",
    ),
}
RESPONSIBLE = (
    "Bộ phận Một cửa chủ trì; các bộ phận chuyên môn phối hợp.",
    "Văn phòng chủ trì; cán bộ đầu mối ISO theo dõi.",
    "Các bộ phận chuyên môn thực hiện; Văn phòng tổng hợp.",
)
TIMEFRAME = {"quarterly": "Báo cáo hằng quý", "half_yearly": "Báo cáo 6 tháng", "yearly": "Báo cáo cuối năm"}


@cache
def _sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def _own(text: str, agency: Agency, year: int) -> str:
    return text.replace(SAMPLE_AGENCY, agency.name).replace("2026", str(year))


def decision_fields(agency: Agency, year: int, index: int) -> dict:
    """The Decision fields of an agency's synthetic decision, besides those reports.scale sets itself."""
    sample = _sample()
    form = "table" if index % 2 == 0 else "list"
    return {
        "doc_type": "QUYẾT ĐỊNH",
        "legal_bases": [_own(basis, agency, year) for basis in sample["legal_bases"]],
        "proposal": "Theo đề nghị của Chánh Văn phòng.",
        "articles": [_own(article, agency, year) for article in sample["articles"]],
        "recipients": ["Như Điều 4;", "Ủy ban nhân dân cấp trên;", "Lưu: VT."],
        "signer_prefix": "KT." if index % 3 == 0 else "",
        "signer_authority": "CHỦ TỊCH" if index % 3 == 0 else "",
        "signer_title": "PHÓ CHỦ TỊCH" if index % 3 == 0 else "CHỦ TỊCH",
        "signer_name": SIGNERS[index % len(SIGNERS)],
        "issuer": f"Chủ tịch {agency.name}",
        "appendix_title": f"MỤC TIÊU CHẤT LƯỢNG NĂM {year}",
        "appendix_form": form,
    }


def section_titles(agency: Agency) -> list[str]:
    return [f"Đối với {agency.name}", "Đối với các bộ phận chuyên môn"]


def objective_fields(key: str, order: int, frequency: str, *, targets_in_text: list[tuple[str, str]] = ()) -> dict:
    """Content, measures, responsibility and timeframe of the objective keyed `key` in reports.scale.TARGETS.
    A list appendix prints no target column, so its objectives state their targets, as the samples' do:
    `targets_in_text` is [(label, phrase)]."""
    content, measures = OBJECTIVES.get(key, (key, ""))
    if targets_in_text:
        stated = "; ".join(
            f"{label[:1].lower()}{label[1:]} {phrase[:1].lower()}{phrase[1:]}" for label, phrase in targets_in_text
        )
        content = f"{content} Chỉ tiêu: {stated}."
    return {
        "content": content,
        "measures": measures,
        "responsibility": RESPONSIBLE[order % len(RESPONSIBLE)],
        "timeframe": TIMEFRAME.get(frequency, ""),
    }


def target_phrase(comparator: str, value, upper, unit: str, unit_label: str) -> str:
    """The target as a decision words it, e.g. "Tối thiểu 98%", "Không quá 10 hồ sơ"."""
    if comparator == "done":
        return "Hoàn thành"
    suffix = {"percent": "%", "points": " điểm", "times_per_year": " lần/năm"}.get(unit, f" {unit_label}".rstrip())
    if comparator == "between":
        return f"Từ {value} đến {upper}{suffix}"
    words = {">=": "Tối thiểu", ">": "Trên", "=": "Đạt", "<=": "Không quá", "<": "Dưới"}.get(comparator, "")
    return f"{words} {value}{suffix}".strip()
