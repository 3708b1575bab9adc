"""Bad input on every form: a clear message and no change in the database; NFD and zero-width text is
stored as clean NFC. Each case posts one bad value into an otherwise valid form."""

import unicodedata
from datetime import date

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.permissions import SYSTEM
from objectives import services
from objectives.models import Decision, Objective, Section, Target

LONG = "Mục tiêu " * 700  # over every text limit (3,000 characters)
HTML = '<script>alert("x")</script>Hồ sơ'
NFD = unicodedata.normalize("NFD", "Hồ sơ thủ tục hành chính được giải quyết đúng hạn")
ZERO_WIDTH = "Hồ\u200b sơ\ufeff đúng\u200d hạn"


def snapshot() -> str:
    """Everything the forms can write, serialised, so "no change" means no change at all."""
    models = [
        apps.get_model(label)
        for label in (
            "agencies.Agency",
            "agencies.Membership",
            "objectives.Decision",
            "objectives.Section",
            "objectives.Objective",
            "objectives.Target",
            "objectives.PrintImage",
            "auth.User",
        )
    ]
    return "".join(serializers.serialize("json", m.objects.order_by("pk")) for m in models)


@pytest.fixture
def draft(tree):
    return services.decision_build(
        user=SYSTEM,
        agency=tree["commune"],
        year=2026,
        data={
            "sections": [
                {
                    "title": "Đối với Ủy ban nhân dân xã",
                    "objectives": [
                        {
                            "content": "Hồ sơ đúng hạn",
                            "targets": [{"comparator": ">=", "value": "97", "unit": "percent"}],
                        }
                    ],
                }
            ],
        },
    )


TARGET_OK = {
    "comparator": ">=",
    "value": "97",
    "unit": "percent",
    "measurement": "ratio",
    "aggregation": "ratio_of_sums",
    "frequency": "quarterly",
    "label": "Đúng hạn",
}


def forms(d: Decision) -> dict[str, tuple[str, dict]]:
    objective = d.objectives.get()
    target = objective.targets.get()
    section = d.sections.get()
    return {
        "section": (reverse("objectives:section-new", args=[d.pk]), {"title": "Mục mới"}),
        "objective": (
            reverse("objectives:objective-edit", args=[d.pk, objective.pk]),
            {"content": "Nội dung", "lock_version": objective.lock_version, "section": section.pk},
        ),
        "target": (
            reverse("objectives:target-edit", args=[d.pk, objective.pk, target.pk]),
            {**TARGET_OK, "lock_version": target.lock_version},
        ),
        "decision": (
            reverse("objectives:decision-edit", args=[d.pk]),
            {
                "lock_version": d.lock_version,
                "header_own": d.header_own,
                "symbol": d.symbol,
                "place": d.place,
                "doc_type": d.doc_type,
                "summary": d.summary,
                "authority": d.authority,
                "signer_title": "CHỦ TỊCH",
                "appendix_form": "table",
                "articles_text": "Điều 1. Ban hành.",
                "legal_bases_text": "Căn cứ Luật;",
                "recipients_text": "Lưu: VT.",
            },
        ),
    }


TEXT_CASES = [
    ("section", "title", LONG),
    ("section", "title", HTML),
    ("objective", "content", LONG),
    ("objective", "content", HTML),
    ("objective", "measures", HTML),
    ("target", "label", HTML),
    ("target", "label", "x" * 300),
    ("target", "scope", HTML),
    ("decision", "summary", LONG),
    ("decision", "summary", HTML),
    ("decision", "signer_name", HTML),
    ("decision", "legal_bases_text", "Căn cứ <b>Luật</b>;"),
    ("decision", "articles_text", "Điều 1. " + HTML),
]


@pytest.mark.parametrize("form, field, value", TEXT_CASES)
def test_it_refuses_bad_text_with_a_message_and_changes_nothing(client_for, draft, form, field, value):
    url, data = forms(draft)[form]
    client = client_for("editor")
    before = snapshot()
    response = client.post(url, {**data, field: value}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "invalid-feedback" in html or "alert-danger" in html
    assert "<script>alert" not in html  # echoed back escaped, never as markup
    assert snapshot() == before


@pytest.mark.parametrize("value", ["9x,5", "1,2,3", "--5", "1e5", "NaN", "Infinity", "120", "-3", "0.500"])
def test_it_refuses_malformed_or_impossible_numbers(client_for, draft, value):
    url, data = forms(draft)["target"]
    client = client_for("editor")
    before = snapshot()
    html = client.post(url, {**data, "value": value}, HTTP_HX_REQUEST="true").content.decode()
    assert "invalid-feedback" in html or "alert-danger" in html
    assert value in html  # the user's input is kept for correction
    assert snapshot() == before


def test_it_refuses_a_range_whose_bounds_are_reversed(client_for, draft):
    url, data = forms(draft)["target"]
    client = client_for("editor")
    before = snapshot()
    html = client.post(
        url,
        {**data, "comparator": "between", "value": "3", "upper": "2", "unit": "times_per_year"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "invalid-feedback" in html or "alert-danger" in html
    assert snapshot() == before


@pytest.mark.parametrize("value, stored", [(NFD, unicodedata.normalize("NFC", NFD)), (ZERO_WIDTH, "Hồ sơ đúng hạn")])
def test_it_stores_decomposed_and_zero_width_text_as_clean_nfc(client_for, draft, value, stored):
    url, data = forms(draft)["objective"]
    client_for("editor").post(url, {**data, "content": value}, HTTP_HX_REQUEST="true")
    assert Objective.objects.get().content == stored


def test_it_converts_legacy_tcvn3_text_typed_into_a_form(client_for, draft):
    url, data = forms(draft)["objective"]
    client_for("editor").post(url, {**data, "content": "Hå s¬ thñ tôc hµnh chÝnh"}, HTTP_HX_REQUEST="true")
    assert Objective.objects.get().content == "Hồ sơ thủ tục hành chính"


@pytest.mark.parametrize(
    "name, content",
    [("scan.pdf", b"\x89PNG\r\n\x1a\n not a pdf"), ("scan.pdf", b"MZ\x90\x00 an executable"), ("empty.pdf", b"")],
)
def test_it_refuses_a_scan_that_is_not_a_pdf(client_for, tree, name, content):
    decision = services.decision_build(
        user=SYSTEM,
        agency=tree["commune"],
        year=2025,
        data={
            "objectives": [{"content": "Đúng hạn", "targets": [{"comparator": ">=", "value": "95", "unit": "percent"}]}]
        },
    )
    services.decision_submit(user=SYSTEM, decision=decision)
    services.decision_approve(user=SYSTEM, decision=decision)
    services.decision_issue(user=SYSTEM, decision=decision, number=4, issued_on=date(2025, 1, 6))
    client = client_for("secretariat")
    before = snapshot()
    response = client.post(
        reverse("objectives:decision-scan-upload", args=[decision.pk]),
        {"scan": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert list(response.context["messages"])[0].level_tag == "error"
    assert snapshot() == before


def test_it_refuses_an_oversized_scan(client_for, tree, settings):
    settings.UPLOAD_MAX_BYTES = 100
    decision = services.decision_build(
        user=SYSTEM,
        agency=tree["commune"],
        year=2025,
        data={
            "objectives": [{"content": "Đúng hạn", "targets": [{"comparator": ">=", "value": "95", "unit": "percent"}]}]
        },
    )
    services.decision_submit(user=SYSTEM, decision=decision)
    services.decision_approve(user=SYSTEM, decision=decision)
    services.decision_issue(user=SYSTEM, decision=decision, number=4, issued_on=date(2025, 1, 6))
    response = client_for("secretariat").post(
        reverse("objectives:decision-scan-upload", args=[decision.pk]),
        {"scan": SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * 500)},
        follow=True,
    )
    assert list(response.context["messages"])[0].level_tag == "error"
    assert not Decision.objects.get(pk=decision.pk).scan


@pytest.mark.parametrize("field, value", [("year", "20x6"), ("year", "1999"), ("agency", "999999")])
def test_it_refuses_a_bad_new_decision(client_for, tree, field, value):
    client = client_for("editor")
    before = snapshot()
    response = client.post(
        reverse("objectives:decision-new"), {"agency": tree["commune"].pk, "year": 2026, field: value}
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert snapshot() == before


@pytest.mark.parametrize(
    "field, value", [("number", "abc"), ("number", "0"), ("issued_on", "31/02/2026"), ("issued_on", "")]
)
def test_it_refuses_a_bad_number_or_date_of_issue(client_for, draft, field, value):
    services.decision_submit(user=SYSTEM, decision=draft)
    services.decision_approve(user=SYSTEM, decision=draft)
    client = client_for("leader")
    before = snapshot()
    data = {"number": "15", "issued_on": "2026-01-09", field: value}
    response = client.post(reverse("objectives:decision-issue", args=[draft.pk]), data)
    # The error is shown beside its field, with what was typed.
    assert response.status_code == 400 and field in response.context["issue_form"].errors
    assert f'id="id_{field}"' in response.content.decode()
    assert snapshot() == before


def test_it_refuses_a_pasted_import_that_is_too_long(client_for, tree):
    client = client_for("editor")
    before = snapshot()
    response = client.post(
        reverse("objectives:decision-import"),
        {"agency": tree["commune"].pk, "step": "parse", "text": "Điều 1. " + "x" * 400_001},
    )
    assert response.context["form"].errors
    assert snapshot() == before


@pytest.mark.parametrize("data", [b"GIF89a not a png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, b"%PDF-1.4"])
def test_it_refuses_a_seal_that_is_not_a_transparent_png(client_for, tree, data):
    client = client_for("secretariat")
    before = snapshot()
    response = client.post(
        reverse("print:images", args=[tree["commune"].pk]),
        {"kind": "seal", "signer_name": "", "image": SimpleUploadedFile("seal.png", data)},
    )
    assert response.status_code in (200, 302)
    assert snapshot() == before


def test_it_refuses_html_in_the_password_reset_address(client):
    response = client.post(reverse("password_reset"), {"email": "<script>@x"})
    assert response.context["form"].errors


def test_it_counts_the_rows_the_sweep_protects(draft):
    # Guard against a vacuous snapshot: the data the sweep compares is really there.
    assert Section.objects.count() == 1 and Target.objects.count() == 1
