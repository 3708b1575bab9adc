"""The management review's input report and minutes signed like decisions: empty signature fields where the
signers sign (read back from the PDF and placed against the printed title and name), and a copy signed on the
server with the agency's certificate, stored as the review's signed document, validated by pyHanko and by the
project's validator, with history; refusals in Vietnamese with nothing stored."""

from __future__ import annotations

import pytest
from django.urls import reverse
from test_management_review import TODAY, ready, review, targets  # noqa: F401
from test_print_pdf import png, private_media  # noqa: F401
from test_signing_exports import MM, fields_of, ink_in, pki, pyhanko_status, signing_key, words_on  # noqa: F401

from agencies.permissions import SYSTEM
from objectives.models import PrintImage
from objectives.printing import print_image_save
from objectives.signing.server_sign import signing_certificate_save_pkcs12
from objectives.signing.services import trust_anchor_add
from reports.review import services
from reports.review.models import ReviewSignedDocument
from reports.review.printing import review_pdf
from reports.review.signing import review_server_sign

pytestmark = pytest.mark.usefixtures("complete_history", "private_media")
RED = (220, 0, 0, 255)


@pytest.fixture
def held(review, personas):  # noqa: F811
    services.review_compile(review=review, user=SYSTEM, today=TODAY)
    ready(review, personas)
    return services.review_step(review=review, user=SYSTEM, step="hold")


@pytest.fixture
def certified(held, pki, signing_key):  # noqa: F811
    signing_certificate_save_pkcs12(agency=held.agency, data=pki.agency.pkcs12(pki.chain), password="demo-2026")
    trust_anchor_add(data=pki.root.der)
    trust_anchor_add(data=pki.intermediate.der)
    return held


def word(words, text):
    return [w for w in words if w["text"] == text][-1]


def between(title, name, rect):
    x1, y1, x2, y2 = rect
    return title["y_bottom"] >= y2 - 1 and y1 >= name["y_top"] - 1 and x1 < (title["x0"] + title["x1"]) / 2 < x2


def test_the_report_gets_the_heads_field_between_title_and_name_and_the_agencys_over_its_left_third(held, client_for):
    response = client_for("viewer").get(reverse("reports:review-fields-pdf", args=[held.pk, "inputs"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "bao-cao-dau-vao-xem-xet-lanh-dao_de-ky.pdf" in response["Content-Disposition"]
    pdf = response.content
    fields = fields_of(pdf)
    assert sorted(fields) == ["ChuKyCoQuan", "ChuKyNguoiKy"]
    page, head = fields["ChuKyNguoiKy"]
    words = words_on(pdf, page)
    assert between(word(words, "TỊCH"), word(words, "Minh"), head)  # "CHỦ TỊCH" ... "Lê Văn Minh"
    assert round(head[2] - head[0]) == round(45 * MM)
    agency_page, (ax1, ay1, ax2, ay2) = fields["ChuKyCoQuan"]
    assert agency_page == page and abs(ax2 - (head[0] + 15 * MM)) <= 1 and head[1] <= ay1 and ay2 <= head[3]


def test_the_minutes_get_the_secretarys_field_at_the_left_and_the_chairs_at_the_right(held, client_for):
    pdf = client_for("secretariat").get(reverse("reports:review-fields-pdf", args=[held.pk, "minutes"])).content
    fields = fields_of(pdf)
    assert sorted(fields) == ["ChuKyChuTri", "ChuKyThuKy"]
    (page, secretary), (chair_page, chair) = fields["ChuKyThuKy"], fields["ChuKyChuTri"]
    assert page == chair_page
    words = words_on(pdf, page)
    width = 210 * MM
    assert secretary[2] < width / 2 < chair[0]
    assert between(word(words, "KÝ"), word(words, "secretariat"), secretary)  # THƯ KÝ ... Người secretariat
    assert between(word(words, "TRÌ"), word(words, "leader"), chair)  # CHỦ TRÌ ... Người leader


def test_the_minutes_are_not_exported_for_signing_before_the_meeting(review, client_for, settings):  # noqa: F811
    client = client_for("secretariat")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = client.get(reverse("reports:review-fields-pdf", args=[review.pk, "minutes"]), follow=True)
    assert "Chỉ ký số biên bản sau khi cuộc họp đã diễn ra." in response.content.decode()
    assert client.get(reverse("reports:review-fields-pdf", args=[review.pk, "other"])).status_code == 404


def test_the_server_signed_minutes_are_stored_validated_and_signed_over_the_chair(certified, client_for, pki):  # noqa: F811
    client = client_for("secretariat")
    page_html = client.get(reverse("reports:review-detail", args=[certified.pk])).content.decode()
    assert reverse("reports:review-server-sign", args=[certified.pk, "minutes"]) in page_html
    response = client.post(reverse("reports:review-server-sign", args=[certified.pk, "minutes"]))
    assert response.status_code == 302
    document = ReviewSignedDocument.objects.get()
    assert document.kind == "minutes" and document.is_valid and document.matches_record, document.missing
    assert document.filename.endswith("bien-ban-xem-xet-lanh-dao_ky-so.pdf")
    assert document.history.count() == 1 and document.history.get().history_user.username == "secretariat"
    pdf = document.file.open("rb").read()
    status = pyhanko_status(pdf, pki)
    assert status.bottom_line and status.intact and status.valid and status.trusted
    page, rect = fields_of(pdf)["ChuKyCoQuan"]
    assert rect[0] > 210 * MM / 2  # over the chair's signature, in the right column
    assert ink_in(pdf, page, rect) > 200 and ink_in(review_pdf(certified, "minutes"), page, rect) == 0


def test_the_server_signed_report_validates_and_carries_the_seal(certified, pki):  # noqa: F811
    print_image_save(
        user=SYSTEM, agency=certified.agency, kind=PrintImage.Kind.SEAL, signer_name="", data=png(400, 400, RED)
    )
    document = review_server_sign(review=certified, kind="inputs", user=SYSTEM)
    assert document.kind == "inputs" and document.is_valid and document.matches_record, document.missing
    pdf = document.file.open("rb").read()
    assert pyhanko_status(pdf, pki).bottom_line
    page, rect = fields_of(pdf)["ChuKyCoQuan"]
    assert ink_in(pdf, page, rect, red=True) > 500  # the seal, drawn by the signature's appearance
    assert ink_in(review_pdf(certified, "inputs"), page, rect, red=True) == 0


def test_without_a_certificate_nothing_is_signed_or_stored(held, client_for, settings):
    client = client_for("secretariat")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    page_html = client.get(reverse("reports:review-detail", args=[held.pk])).content.decode()
    assert reverse("reports:review-server-sign", args=[held.pk, "minutes"]) not in page_html
    response = client.post(reverse("reports:review-server-sign", args=[held.pk, "minutes"]), follow=True)
    assert "UBND xã Phước An chưa có chứng thư ký số." in response.content.decode()
    assert not ReviewSignedDocument.objects.exists()


def test_only_who_may_sign_signs(certified, client_for):
    for persona in ("leader", "viewer", "editor"):
        response = client_for(persona).post(reverse("reports:review-server-sign", args=[certified.pk, "minutes"]))
        assert response.status_code in (403, 404)
    assert not ReviewSignedDocument.objects.exists()
