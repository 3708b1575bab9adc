"""Signed originals through the browser's eyes: the secretariat attaches a signed PDF to an issued decision and
reads its status and differences; others may not; bad files get a clear message and change nothing."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from test_print_pdf import build, issue, private_media  # noqa: F401

from objectives.printing import decisions_for_print
from objectives.signing import signed_original_status
from objectives.signing.demo import lower_first_rate, render_altered, replace_pages_after_signing, signed_original
from objectives.signing.models import SignedOriginal
from objectives.signing.pki import build_pki
from objectives.signing.services import read_limited, trust_anchor_add


@pytest.fixture(scope="module")
def pki():
    return build_pki()


@pytest.fixture
def signing_key(settings):
    settings.SIGNING_SECRET_KEY = Fernet.generate_key().decode()


@pytest.fixture
def anchors(db, pki):
    trust_anchor_add(data=pki.root.pem, name="Demo root")
    trust_anchor_add(data=pki.intermediate.der, name="Demo intermediate")


@pytest.fixture
def decision(tree):
    made = build(tree["commune"], signer_name="Lê Văn Minh", signer_title="CHỦ TỊCH")
    return decisions_for_print().get(pk=issue(made).pk)


def upload(client, decision, data: bytes, name: str = "ky-so.pdf"):
    return client.post(
        reverse("signing:original-upload", args=[decision.pk]),
        {"file": SimpleUploadedFile(name, data, "application/pdf")},
    )


def test_the_secretariat_attaches_a_valid_original_that_matches_the_record(client_for, decision, pki, anchors):
    data = signed_original(decision, pki, signer=pki.signer, agency=pki.agency)
    client = client_for("secretariat")
    response = upload(client, decision, data)
    original = SignedOriginal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("signing:original", args=[original.pk])
    assert (original.state, original.differences, original.text_found) == ("valid", [], True)
    assert original.size == len(data) and original.uploaded_by.username == "secretariat"

    page = client.get(reverse("signing:original", args=[original.pk])).content.decode()
    assert "Hợp lệ" in page and "Lê Văn Minh" in page and "Ủy ban nhân dân xã Phước An" in page
    assert "<code>3001</code>" in page  # the signer certificate's serial number
    assert "01/01/2025 → 01/01/2040" in page  # its validity, as clerks write dates
    assert "QMS Demo Root CA → QMS Demo Issuing CA → Lê Văn Minh" in page
    assert "Số, ngày, người ký, từng mục tiêu và từng chỉ tiêu đều khớp với dữ liệu." in page
    detail = client_for("viewer").get(reverse("objectives:decision-detail", args=[decision.pk])).content.decode()
    assert "Hợp lệ" in detail and "Nội dung khớp với dữ liệu" in detail
    assert "Đính kèm và kiểm tra bản gốc điện tử" not in detail  # the viewer may read, not attach


def test_a_copy_changed_after_signing_shows_its_differences_side_by_side(client_for, decision, pki, anchors):
    signed = signed_original(decision, pki, signer=pki.signer, agency=pki.agency)
    tampered = replace_pages_after_signing(signed, render_altered(decision, lower_first_rate))
    client = client_for("secretariat")
    upload(client, decision, tampered)
    original = SignedOriginal.objects.get()
    assert original.state == "modified"
    # Objective 1 printed "đạt tối thiểu 91%" (build() numbers its rates 91, 92, 93); the copy says 50%.
    assert [(d["kind"], d["ref"]) for d in original.differences] == [("objective", "1"), ("target", "1.1")]
    assert original.differences[1]["record"] == "Tối thiểu 91%"
    page = client.get(reverse("signing:original", args=[original.pk])).content.decode()
    assert "Văn bản bị thay đổi sau khi ký" in page and "Mục tiêu 1" in page and "Chỉ tiêu 1.1" in page
    assert original.differences[0]["document"] == (
        "Mục tiêu thứ 1: tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 50% trên tổng số hồ sơ tiếp nhận."
    )
    assert original.differences[1]["document"] == "tối thiểu 50%"
    assert "tối thiểu 50% trên tổng số hồ sơ" in page
    status = signed_original_status(decision)
    assert (status.state, status.differs, status.difference_count) == ("modified", True, 2)
    detail = client.get(reverse("objectives:decision-detail", args=[decision.pk])).content.decode()
    assert "2 khác biệt so với dữ liệu" in detail


def test_without_trust_anchors_a_good_signature_is_not_yet_trusted(client_for, decision, pki):
    upload(client_for("secretariat"), decision, signed_original(decision, pki, signer=pki.signer, agency=pki.agency))
    assert SignedOriginal.objects.get().state == "untrusted"


@pytest.mark.parametrize("persona, status", [("leader", 403), ("editor", 403), ("viewer", 403), ("outsider", 404)])
def test_only_the_secretariat_may_attach(client_for, decision, persona, status):
    assert upload(client_for(persona), decision, b"%PDF-1.7\n").status_code == status
    assert not SignedOriginal.objects.exists()


def test_a_file_that_is_not_a_pdf_is_refused_with_a_message(client_for, decision):
    response = upload(client_for("secretariat"), decision, b"PK\x03\x04 a zip file", "ky-so.pdf")
    assert response.status_code == 302
    follow = client_for("secretariat").get(response["Location"])
    assert follow.status_code == 200
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Tệp này không phải PDF. Vui lòng tải lên đúng tệp PDF do phần mềm ký số lưu ra."]
    assert not SignedOriginal.objects.exists()


def test_a_damaged_pdf_is_kept_and_shown_as_damaged(client_for, decision):
    client = client_for("secretariat")
    upload(client, decision, b"%PDF-1.7\n" + b"\x00\xffbroken" * 50)
    original = SignedOriginal.objects.get()
    assert original.state == "corrupt" and not original.text_found
    page = client.get(reverse("signing:original", args=[original.pk]))
    assert page.status_code == 200 and "Tệp PDF bị hỏng" in page.content.decode()


def test_an_unsigned_pdf_says_so(client_for, decision):
    from objectives.printing.pdf import render_decision_pdf

    client = client_for("secretariat")
    upload(client, decision, render_decision_pdf(decision))
    original = SignedOriginal.objects.get()
    assert (original.state, original.differences) == ("unsigned", [])  # the text is the record's, but unsigned
    assert "Không có chữ ký số" in client.get(reverse("signing:original", args=[original.pk])).content.decode()


def test_a_file_over_the_limit_is_refused_before_it_is_read(client_for, decision, settings):
    settings.SIGNED_PDF_MAX_BYTES = 2 * 1024 * 1024
    response = upload(client_for("secretariat"), decision, b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024))
    assert [str(m) for m in response.wsgi_request._messages] == ["Tệp quá lớn (3,0 MB); giới hạn là 2 MB."]
    assert not SignedOriginal.objects.exists()


def test_reading_stops_at_the_limit_when_the_size_is_unknown():
    class Endless:
        """A stream of unknown size that would hand out a gigabyte if asked."""

        requested: list[int] = []

        def read(self, size=-1):
            self.requested.append(size)
            return b"%" * (size if size >= 0 else 10**9)

    with pytest.raises(ValidationError) as error:
        read_limited(Endless(), 1000)
    assert Endless.requested == [1001]
    assert error.value.message_dict == {"file": ["Tệp quá lớn (0,0 MB); giới hạn là 0 MB."]}


def test_a_draft_cannot_have_a_signed_original(client_for, tree):
    draft = build(tree["commune"])
    response = upload(client_for("secretariat"), draft, b"%PDF-1.7\n")
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Chỉ đính kèm bản gốc điện tử cho quyết định đã ban hành."
    ]
    assert not SignedOriginal.objects.exists()


def test_check_again_after_the_anchors_arrive(client_for, decision, pki):
    client = client_for("secretariat")
    upload(client, decision, signed_original(decision, pki, signer=pki.signer, agency=pki.agency))
    original = SignedOriginal.objects.get()
    assert original.state == "untrusted"
    trust_anchor_add(data=pki.root.der)
    trust_anchor_add(data=pki.intermediate.der)
    assert client_for("leader").post(reverse("signing:original-recheck", args=[original.pk])).status_code == 403
    client.post(reverse("signing:original-recheck", args=[original.pk]))
    original.refresh_from_db()
    assert original.state == "valid"


def test_the_file_downloads_for_those_who_see_the_decision(client_for, decision):
    upload(client_for("secretariat"), decision, b"%PDF-1.7\nnot really")
    original = SignedOriginal.objects.get()
    response = client_for("viewer").get(reverse("signing:original-file", args=[original.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7\nnot really"
    assert client_for("outsider").get(reverse("signing:original-file", args=[original.pk])).status_code == 404
    assert client_for("outsider").get(reverse("signing:original", args=[original.pk])).status_code == 404


def test_no_original_means_no_status(decision):
    assert signed_original_status(decision) is None


def count_queries(call) -> int:
    """Queries run by `call` (counted directly: the debug query log is capped and can hide them)."""
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        call()
    return len(seen)


def test_the_decision_page_with_originals_keeps_its_query_count(client_for, decision):
    client = client_for("secretariat")
    url = reverse("objectives:decision-detail", args=[decision.pk])
    client.get(url)
    before = count_queries(lambda: client.get(url))
    for _ in range(3):
        upload(client, decision, b"%PDF-1.7\nnot really")
    after = count_queries(lambda: client.get(url))
    # the panel reads the newest original once; the form, badges and links need nothing else
    assert after == before and before < 40
