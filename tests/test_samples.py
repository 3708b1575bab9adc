"""The four real decisions of ../shared/samples/ entered through the service layer (objectives.samples).

Expected values are written here independently of objectives/samples.py; texts are also checked
against the sample files themselves when they are present next to the project."""

import re
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from agencies import demo
from agencies.models import Agency
from objectives import samples
from objectives.models import Decision, DecisionEvent, DecisionStatus, Target

# The samples are copied verbatim into the import corpus, so the check runs on a clean checkout too.
SAMPLE_DIR = Path(__file__).resolve().parent / "import_corpus"
KEYS = ["2019_giong_rieng_93", "2022_ubnd_tinh_muc_tieu", "2024_nhon_trach_420", "2026_phuoc_an_table"]

HEADERS = {
    "2019_giong_rieng_93": {
        "agency": "KGG-GR",
        "year": 2019,
        "status": "issued",
        "number": 93,
        "symbol": "QĐ-UBND",
        "issued_on": date(2019, 1, 2),
        "place": "Giồng Riềng",
        "header_parent": "",
        "header_own": "ỦY BAN NHÂN DÂN HUYỆN GIỒNG RIỀNG",
        "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN GIỒNG RIỀNG",
        "summary": "V/v ban hành mục tiêu chất lượng theo Hệ thống tiêu chuẩn quốc gia TCVN ISO 9001:2008 năm 2019",
        "signer_prefix": "KT.",
        "signer_authority": "CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_name": "Võ Tùng",
        "appendix_form": "list",
        "appendix_title": "",
        "legal_bases": 5,
        "articles": 3,
        "recipients": 7,
    },
    "2022_ubnd_tinh_muc_tieu": {
        "agency": "TINH-2022",
        "year": 2022,
        "status": "approved",
        "number": None,
        "symbol": "QĐ-UBND",
        "issued_on": None,
        "place": "",
        "header_parent": "",
        "header_own": "ỦY BAN NHÂN DÂN TỈNH",
        "authority": "ỦY BAN NHÂN DÂN TỈNH",
        "summary": "VỀ VIỆC PHÊ DUYỆT MỤC TIÊU CHẤT LƯỢNG NĂM 2022 ÁP DỤNG TẠI UBND TỈNH VÀ VĂN PHÒNG UBND TỈNH",
        "signer_prefix": "TM.",
        "signer_authority": "ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Nguyễn Văn Phương",
        "appendix_form": "list",
        "appendix_title": "",
        "legal_bases": 3,
        "articles": 4,
        "recipients": 4,
    },
    "2024_nhon_trach_420": {
        "agency": "DNI-NT",
        "year": 2024,
        "status": "issued",
        "number": 420,
        "symbol": "QĐ-UBND",
        "issued_on": date(2024, 2, 26),
        "place": "Nhơn Trạch",
        "header_parent": "",
        "header_own": "ỦY BAN NHÂN DÂN HUYỆN NHƠN TRẠCH",
        "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NHƠN TRẠCH",
        "summary": "V/v ban hành Mục tiêu chất lượng năm 2024 của Ủy ban nhân dân huyện Nhơn Trạch",
        "signer_prefix": "",
        "signer_authority": "CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_name": "Lương Hữu Ích",
        "appendix_form": "list",
        "appendix_title": "MỤC TIÊU CHẤT LƯỢNG NĂM 2024",
        "legal_bases": 4,
        "articles": 3,
        "recipients": 5,
    },
    "2026_phuoc_an_table": {
        "agency": "DNI-PA",
        "year": 2026,
        "status": "issued",
        "number": 15,
        "symbol": "QĐ-UBND",
        "issued_on": date(2026, 1, 9),
        "place": "Phước An",
        "header_parent": "",
        "header_own": "ỦY BAN NHÂN DÂN XÃ PHƯỚC AN",
        "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHƯỚC AN",
        "summary": "Về việc ban hành Mục tiêu chất lượng năm 2026 của Ủy ban nhân dân xã Phước An",
        "signer_prefix": "KT.",
        "signer_authority": "CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_name": "Lê Văn Minh",
        "appendix_form": "table",
        "appendix_title": "MỤC TIÊU CHẤT LƯỢNG NĂM 2026",
        "legal_bases": 3,
        "articles": 4,
        "recipients": 4,
    },
}

# Per objective, in order: its targets as (comparator, value, upper, unit, scope).
P = "percent"
TARGETS = {
    "2019_giong_rieng_93": [
        [("reduce_by", "1", None, P, "")],
        [(">=", "98", None, P, ""), (">=", "50", None, P, "")],
        [("between", "1", "2", "times_per_year", "")],
        [("=", "100", None, P, "")],
        [(">=", "97", None, P, "")],
        [("=", "100", None, P, "")],
    ],
    "2022_ubnd_tinh_muc_tieu": [
        [("done", None, None, "text", "")],
        [("=", "100", None, P, "")],
        [("=", "100", None, P, ""), (">", "90", None, P, "")],
        [("=", "100", None, P, ""), ("=", "90", None, P, "")],
        [("=", "100", None, P, ""), ("=", "98", None, P, "")],
        [(">", "80", None, P, "")],
        [("=", "100", None, P, ""), (">", "60", None, P, "")],
        [("done", None, None, "text", "")],
        [("=", "100", None, P, "")],
        [(">=", "7", None, "count", "")],
    ],
    "2024_nhon_trach_420": [
        [("done", None, None, "text", "")],
        [
            (">=", "97", None, P, ""),
            (">=", "94", None, P, ""),
            (">=", "40", None, P, "cấp huyện"),
            (">=", "35", None, P, "cấp xã"),
        ],
        [(">", "90", None, P, ""), (">=", "30", None, P, "")],
        [(">=", "97", None, P, "")],
        [("=", "100", None, P, "")],
        [("=", "100", None, P, ""), ("=", "100", None, P, "")],
        [
            (">=", "40", None, P, "cấp huyện"),
            (">=", "35", None, P, "cấp xã"),
            (">=", "30", None, P, "cấp huyện"),
            (">=", "20", None, P, "cấp xã"),
        ],
    ],
    "2026_phuoc_an_table": [
        [(">=", "98", None, P, "")],
        [(">=", "60", None, P, "")],
        [(">=", "95", None, P, "")],
        [(">=", "80", None, P, "")],
        [("between", "1", "2", "times_per_year", "")],
        [("=", "100", None, P, "")],
        [(">", "97", None, P, "")],
        [(">=", "3", None, "count", "")],
    ],
}

# The beginning of every objective, as printed.
CONTENT_STARTS = {
    "2019_giong_rieng_93": [
        "Giảm sai sót trong quá trình",
        "Xây dựng đội ngũ cán bộ, công chức, viên chức hiệu dân",
        "Thường xuyên cải tiến",
        "Tuân thủ đúng quy định của Hệ thống",
        "Thực hiện tốt cải cách thủ tục hành chính",
        "Phấn đấu 100% cán bộ",
    ],
    "2022_ubnd_tinh_muc_tieu": [
        "Tiếp tục duy trì, cải tiến",
        "100% các chương trình, đề án",
        "100% ý kiến chỉ đạo của Chính phủ",
        "100% ý kiến chỉ đạo của UBND tỉnh giao",
        "100% hồ sơ một cửa",
        "Trên 80% văn bản",
        "100% hồ sơ giải quyết thủ tục hành chính",
        "Rà soát hoàn chỉnh 100% quy chế",
        "100% đơn vị trực thuộc",
        "Nghiên cứu, triển khai áp dụng",
    ],
    "2024_nhon_trach_420": [
        "Thực hiện duy trì và cải tiến",
        "Tỷ lệ giải quyết hồ sơ đúng hạn",
        "Kết quả đánh giá cán bộ, công chức",
        "Tối thiểu 97% phản ánh",
        "100% hồ sơ, thủ tục hành chính",
        "100% hồ sơ công việc",
        "Tỷ lệ số hóa hồ sơ",
    ],
    "2026_phuoc_an_table": [
        "Hồ sơ thủ tục hành chính được giải quyết đúng hạn",
        "Hồ sơ thủ tục hành chính được tiếp nhận",
        "Mức độ hài lòng",
        "Kết quả giải quyết thủ tục hành chính được số hóa",
        "Đánh giá nội bộ",
        "Văn bản đi, đến",
        "Phản ánh, kiến nghị",
        "Sáng kiến cải tiến",
    ],
}


def _objectives(decision: Decision):
    return list(decision.objectives.order_by("order", "id").prefetch_related("targets"))


def _targets(objective):
    return sorted(objective.targets.all(), key=lambda t: (t.order, t.id))


def _dec(text):
    return None if text is None else Decimal(text)


@pytest.fixture
def loaded(db):
    return {key: samples.load_sample(key) for key in KEYS}


def test_it_builds_every_sample_with_the_right_number_of_objectives(loaded):
    counts = {key: loaded[key].objectives.count() for key in KEYS}
    assert counts == {
        "2019_giong_rieng_93": 6,
        "2022_ubnd_tinh_muc_tieu": 10,
        "2024_nhon_trach_420": 7,
        "2026_phuoc_an_table": 8,
    }
    totals = {key: Target.objects.filter(objective__decision=loaded[key]).count() for key in KEYS}
    assert totals == {
        "2019_giong_rieng_93": 7,
        "2022_ubnd_tinh_muc_tieu": 14,
        "2024_nhon_trach_420": 15,
        "2026_phuoc_an_table": 8,
    }


def test_it_groups_the_2026_table_in_two_sections(loaded):
    decision = loaded["2026_phuoc_an_table"]
    sections = list(decision.sections.order_by("order"))
    assert [s.title for s in sections] == ["Đối với Ủy ban nhân dân xã", "Đối với các phòng chuyên môn"]
    assert [o.section.title for o in _objectives(decision)] == [sections[0].title] * 5 + [sections[1].title] * 3
    for key in ("2019_giong_rieng_93", "2022_ubnd_tinh_muc_tieu", "2024_nhon_trach_420"):
        assert not loaded[key].sections.exists()
        assert not loaded[key].objectives.filter(section__isnull=False).exists()


@pytest.mark.parametrize("key", KEYS)
def test_it_stores_the_header_and_signer_as_printed(loaded, key):
    decision = Decision.objects.select_related("agency").get(pk=loaded[key].pk)
    expected = dict(HEADERS[key])
    assert decision.agency.code == expected.pop("agency")
    assert len(decision.legal_bases) == expected.pop("legal_bases")
    assert len(decision.articles) == expected.pop("articles")
    assert len(decision.recipients) == expected.pop("recipients")
    actual = {name: getattr(decision, name) for name in expected}
    assert actual == expected
    assert decision.doc_type == "QUYẾT ĐỊNH"
    assert all(b.startswith("Căn cứ") and b.endswith(";") for b in decision.legal_bases)
    assert decision.recipients[-1].startswith("Lưu: VT")
    assert not any(a.startswith("Điều") for a in decision.articles)
    assert not any(r.startswith("-") for r in decision.recipients)


@pytest.mark.parametrize("key", KEYS)
def test_it_types_every_target(loaded, key):
    actual = [
        [(t.comparator, t.value, t.upper, t.unit, t.scope) for t in _targets(o)] for o in _objectives(loaded[key])
    ]
    expected = [
        [(c, _dec(v), _dec(u), unit, scope) for c, v, u, unit, scope in objective] for objective in TARGETS[key]
    ]
    assert actual == expected


@pytest.mark.parametrize("key", KEYS)
def test_it_keeps_every_objective_in_order(loaded, key):
    contents = [o.content for o in _objectives(loaded[key])]
    assert len(contents) == len(CONTENT_STARTS[key])
    for content, start in zip(contents, CONTENT_STARTS[key]):
        assert content.startswith(start)


@pytest.mark.parametrize("key", KEYS)
def test_it_fills_every_target_consistently(loaded, key):
    for objective in _objectives(loaded[key]):
        for target in _targets(objective):
            assert target.label and target.source_phrase
            if target.comparator == "done":
                assert (target.measurement, target.value, target.upper) == ("yes_no", None, None)
            elif target.unit == "percent" and target.comparator != "reduce_by":
                assert target.measurement == "ratio"
                assert target.aggregation in ("ratio_of_sums", "last")
            elif target.unit in ("count", "times_per_year"):
                assert (target.measurement, target.aggregation) == ("value", "sum")
            # The phrase is quoted from the objective (list form) or is the "Chỉ tiêu" cell (table form).
            if loaded[key].appendix_form == "list":
                assert target.source_phrase in objective.content


def test_it_reads_the_reporting_frequency_from_the_2026_table(loaded):
    rows = [(o.timeframe, [t.frequency for t in _targets(o)]) for o in _objectives(loaded["2026_phuoc_an_table"])]
    assert rows == [
        ("Báo cáo hằng quý", ["quarterly"]),
        ("Báo cáo hằng quý", ["quarterly"]),
        ("Báo cáo 6 tháng/lần", ["half_yearly"]),
        ("Báo cáo hằng quý", ["quarterly"]),
        ("Tháng 6 và tháng 11", ["half_yearly"]),
        ("Báo cáo hằng quý", ["quarterly"]),
        ("Báo cáo hằng quý", ["quarterly"]),
        ("Cả năm", ["yearly"]),
    ]
    first = _objectives(loaded["2026_phuoc_an_table"])[0]
    assert first.measures.startswith("Trung tâm Phục vụ hành chính công xã theo dõi")
    assert [t.source_phrase for t in _targets(first)] == ["Tối thiểu 98%"]


def test_it_keeps_the_typos_of_the_real_documents(loaded):
    contents = {key: [o.content for o in _objectives(loaded[key])] for key in KEYS}
    assert "hiệu dân" in contents["2019_giong_rieng_93"][1]
    assert "chuyên, nhận" in contents["2019_giong_rieng_93"][3]
    assert "phần đầu có ít nhất 30%" in contents["2024_nhon_trach_420"][2]
    assert contents["2024_nhon_trach_420"][6].endswith("20% tại cấp xã./.")
    assert "ngày 21 năm 01 năm 2019" in loaded["2024_nhon_trach_420"].legal_bases[2]
    assert "thực hiện..\n- Thủ trưởng" in loaded["2024_nhon_trach_420"].articles[1]
    assert loaded["2019_giong_rieng_93"].proposal.endswith("huyện,")
    reference = samples.SAMPLES["2024_nhon_trach_420"]["appendix_reference"]
    assert "720 /QĐ-UBND" in reference and reference.endswith("huyện Nhon Trach)")


def test_it_keeps_the_two_paragraphs_of_nhon_trach_article_2(loaded):
    article = loaded["2024_nhon_trach_420"].articles[1]
    lines = article.split("\n")
    assert lines[0] == "Trách nhiệm triển khai Mục tiêu chất lượng:"
    assert [line[:2] for line in lines[1:]] == ["- ", "- "]
    assert "Mục tiêu chất lượng năm 2024 đến toàn thể" in lines[1]


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


@pytest.mark.parametrize("key", KEYS)
def test_it_matches_the_sample_file_word_for_word(loaded, key):
    path = SAMPLE_DIR / f"{key}.txt"
    if not path.exists():
        pytest.skip(f"{path} is not available here")
    source = _normalised(unicodedata.normalize("NFC", path.read_text(encoding="utf-8")))
    decision = loaded[key]
    pieces = [decision.summary, decision.authority, decision.proposal, decision.signer_name, decision.appendix_title]
    pieces += decision.legal_bases + decision.recipients
    pieces += [paragraph for article in decision.articles for paragraph in article.split("\n")]
    pieces += [
        f"{decision.signer_prefix} {decision.signer_authority}".strip(),
        decision.signer_title,
    ]
    pieces += [s.title for s in decision.sections.all()]
    for objective in _objectives(decision):
        pieces += [objective.content, objective.measures, objective.timeframe]
        pieces += [t.source_phrase for t in _targets(objective)]
    if decision.number:
        pieces.append(f"Số: {decision.number}/{decision.symbol}")
    if decision.place:
        pieces.append(f"{decision.place}, ngày")
    reference = samples.SAMPLES[key].get("appendix_reference")
    if reference:
        pieces.append(reference)
    missing = [p for p in pieces if p and _normalised(p) not in source]
    assert missing == []

    # Whole lines must match whole lines, trailing punctuation included.
    lines = {
        _normalised(re.sub(r"^(- |\d+\. |\d+\t)", "", line.strip()))
        for line in unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).splitlines()
    }
    whole = decision.legal_bases + decision.recipients
    if decision.appendix_form == "list":
        whole += [o.content for o in _objectives(decision)]
    assert [item for item in whole if _normalised(item) not in lines] == []


@pytest.mark.parametrize("key", KEYS)
def test_it_stores_all_text_as_nfc(loaded, key):
    decision = loaded[key]
    texts = [
        decision.summary,
        decision.authority,
        decision.proposal,
        *decision.legal_bases,
        *decision.articles,
        *decision.recipients,
        decision.signer_name,
    ]
    for objective in _objectives(decision):
        texts += [objective.content, objective.measures, objective.timeframe]
        texts += [t.label for t in _targets(objective)] + [t.source_phrase for t in _targets(objective)]
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)


def test_it_walks_each_sample_through_the_workflow(loaded):
    for key in KEYS:
        actions = list(loaded[key].events.values_list("action", flat=True))
        expected = ["create", "submit", "approve"]
        if HEADERS[key]["status"] == "issued":
            expected.append("issue")
        assert actions == expected
        assert all(user is None for user in loaded[key].events.values_list("user", flat=True))


def test_it_leaves_the_2022_sample_approved_without_number_date_or_place(loaded):
    decision = loaded["2022_ubnd_tinh_muc_tieu"]
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED
    assert (decision.number, decision.issued_on, decision.place) == (None, None, "")
    assert decision.agency.place == ""
    assert decision.agency.name == "Ủy ban nhân dân tỉnh (mẫu 2022)"


def test_it_is_idempotent(db):
    first = samples.load_all()
    agencies = Agency.objects.count()
    counts = (Decision.objects.count(), Target.objects.count(), DecisionEvent.objects.count())
    second = samples.load_all()
    assert [d.pk for d in second] == [d.pk for d in first]
    assert samples.load_sample("2026_phuoc_an_table").pk == first[-1].pk
    assert Agency.objects.count() == agencies
    assert (Decision.objects.count(), Target.objects.count(), DecisionEvent.objects.count()) == counts
    assert counts[0] == 4


def test_it_records_the_historical_agencies_as_dissolved_with_successors(loaded):
    by_code = {a.code: a for a in Agency.objects.all()}
    kien_giang, giong_rieng, nhon_trach = by_code["KGG"], by_code["KGG-GR"], by_code["DNI-NT"]
    assert kien_giang.dissolved_on == date(2025, 7, 1)
    assert kien_giang.merged_into == by_code["AGG"]
    assert by_code["AGG"].name == "Ủy ban nhân dân tỉnh An Giang" and by_code["AGG"].dissolved_on is None
    assert giong_rieng.dissolved_on == date(2025, 7, 1)
    assert giong_rieng.parent == kien_giang
    assert nhon_trach.dissolved_on == date(2025, 7, 1)
    assert set(nhon_trach.split_into.values_list("code", flat=True)) == {"DNI-PA", "DNI-NTR"}
    assert by_code["DNI-PA"].dissolved_on is None
    # Decisions of agencies that no longer exist stay issued and readable.
    assert loaded["2019_giong_rieng_93"].status == DecisionStatus.ISSUED
    assert loaded["2024_nhon_trach_420"].status == DecisionStatus.ISSUED


def test_it_reuses_the_demo_agencies(db):
    demo.load()
    before = {a.code: a.pk for a in Agency.objects.all()}
    samples.load_all()
    after = {a.code: a.pk for a in Agency.objects.all()}
    assert {code: after[code] for code in before} == before
    assert set(after) - set(before) == {"AGG", "KGG", "KGG-GR", "TINH-2022"}
    assert Decision.objects.get(year=2026).agency.code == "DNI-PA"
    assert Decision.objects.get(year=2024).agency.code == "DNI-NT"


def _target(loaded, key, objective_index, target_index):
    return _targets(_objectives(loaded[key])[objective_index])[target_index]


def test_it_renders_targets_in_english(loaded):
    with translation.override("en"):
        assert str(_target(loaded, "2024_nhon_trach_420", 1, 0)) == "At least 97%"
        assert str(_target(loaded, "2024_nhon_trach_420", 1, 2)) == "At least 40% cấp huyện"
        assert str(_target(loaded, "2024_nhon_trach_420", 1, 3)) == "At least 35% cấp xã"
        assert str(_target(loaded, "2026_phuoc_an_table", 4, 0)) == "From 01 to 02 times/year"
        assert str(_target(loaded, "2019_giong_rieng_93", 2, 0)) == "From 01 to 02 times/year"
        assert str(_target(loaded, "2022_ubnd_tinh_muc_tieu", 9, 0)) == "At least 07 sáng kiến"
        assert str(_target(loaded, "2026_phuoc_an_table", 7, 0)) == "At least 03 sáng kiến"
        assert str(_target(loaded, "2022_ubnd_tinh_muc_tieu", 2, 1)) == "More than 90%"
        assert str(_target(loaded, "2026_phuoc_an_table", 5, 0)) == "100%"
        assert str(_target(loaded, "2019_giong_rieng_93", 0, 0)) == "Reduce by 1% versus last year"
        assert str(_target(loaded, "2024_nhon_trach_420", 0, 0)) == "Done"


def test_it_judges_results_against_the_sample_targets(loaded):
    on_time = _target(loaded, "2024_nhon_trach_420", 1, 0)
    assert on_time.is_met(Decimal("97")) is True
    assert on_time.is_met(Decimal("96.9")) is False
    above = _target(loaded, "2026_phuoc_an_table", 6, 0)
    assert above.is_met(Decimal("97")) is False and above.is_met(Decimal("97.1")) is True
    audits = _target(loaded, "2026_phuoc_an_table", 4, 0)
    assert [audits.is_met(Decimal(n)) for n in (0, 1, 2, 3)] == [False, True, True, False]
    errors = _target(loaded, "2019_giong_rieng_93", 0, 0)
    assert errors.is_met(Decimal("99"), previous=Decimal("100")) is True
    assert errors.is_met(Decimal("99.5"), previous=Decimal("100")) is False
    assert errors.is_met(Decimal("99")) is None
    maintained = _target(loaded, "2022_ubnd_tinh_muc_tieu", 0, 0)
    assert maintained.is_met(True) is True and maintained.is_met(False) is False


def test_it_checks_permissions_when_loading_as_a_user(db):
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    demo.load()
    User = get_user_model()
    editor = User.objects.get(username="editor")  # may draft and submit for xã Phước An, not approve
    with pytest.raises(PermissionDenied):
        samples.load_sample("2026_phuoc_an_table", user=editor)
    assert not Decision.objects.exists()  # the whole load is one transaction

    admin = User.objects.get(username="admin")
    decision = samples.load_sample("2026_phuoc_an_table", user=admin)
    assert decision.status == DecisionStatus.ISSUED
    assert set(decision.events.values_list("user", flat=True)) == {admin.pk}
