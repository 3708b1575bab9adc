"""Exports for signing: empty signature fields where Nghị định 30 puts the signatures (read back from the PDF and
checked against the printed title and name), server-signed copies that pyHanko's own validator accepts with a
visible appearance, batches that sign every document and report each failure, and the admin screens."""

from __future__ import annotations

import io

import pdfplumber
import pypdfium2
import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from test_print_pdf import build, issue, png, private_media  # noqa: F401

from agencies.permissions import SYSTEM
from objectives.models import PrintBatch, PrintImage
from objectives.printing import decisions_for_print, print_image_save
from objectives.printing.batch_services import batch_start
from objectives.printing.pdf import render_decision_pdf
from objectives.signing.models import AgencySigningCertificate, TrustAnchor
from objectives.signing.pki import build_pki
from objectives.signing.server_sign import signed_copy, signing_certificate_save_pkcs12

MM = 72 / 25.4


@pytest.fixture(scope="module")
def pki():
    return build_pki()


@pytest.fixture
def signing_key(settings):
    settings.SIGNING_SECRET_KEY = Fernet.generate_key().decode()


@pytest.fixture
def decision(tree):
    made = build(tree["commune"], signer_name="Lê Văn Minh", signer_title="CHỦ TỊCH")
    return decisions_for_print().get(pk=issue(made).pk)


@pytest.fixture
def certified(decision, pki, signing_key):
    signing_certificate_save_pkcs12(agency=decision.agency, data=pki.agency.pkcs12(pki.chain), password="demo-2026")
    return decision


def fields_of(pdf: bytes) -> dict[str, tuple[int, list[float]]]:
    """Signature field name -> (page index, [x1, y1, x2, y2])."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    found = {}
    for ref in reader.trailer["/Root"]["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field.get("/FT") == "/Sig":
            page_ref = dict.__getitem__(field, "/P")  # the indirect reference, not the resolved page
            found[str(field["/T"])] = (pages[page_ref.idnum], [float(v) for v in field["/Rect"]])
    return found


def words_on(pdf: bytes, page: int) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        height = document.pages[page].height
        return [
            {**w, "y_top": height - w["top"], "y_bottom": height - w["bottom"]}
            for w in document.pages[page].extract_words()
        ]


def pyhanko_status(pdf: bytes, pki):
    reader = PdfFileReader(io.BytesIO(pdf))
    [signature] = reader.embedded_signatures
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(pki.root.der)],
        other_certs=[asn1_x509.Certificate.load(pki.intermediate.der)],
        allow_fetching=False,
    )
    return validate_pdf_signature(signature, context)


def ink_in(pdf: bytes, page: int, rect: list[float], *, red: bool = False) -> int:
    """Pixels drawn inside `rect` (PDF points) on the rendered page: dark ones, or red ones."""
    document = pypdfium2.PdfDocument(pdf)
    document.init_forms()  # widget appearances (the signature) are drawn only with the form environment
    scale = 2
    image = document[page].render(scale=scale, may_draw_forms=True).to_pil().convert("RGB")
    height = document[page].get_height()
    x1, y1, x2, y2 = rect
    box = (int(x1 * scale), int((height - y2) * scale), int(x2 * scale), int((height - y1) * scale))
    raw = image.crop(box).tobytes()
    count = 0
    for i in range(0, len(raw), 3):
        r, g, b = raw[i], raw[i + 1], raw[i + 2]
        if (red and r > 150 and g < 80 and b < 80) or (not red and r < 100 and g < 100 and b < 100):
            count += 1
    return count


# --- empty fields for the signer's token --------------------------------------------------------------------------


def test_the_fields_sit_between_title_and_name_and_the_agency_overlaps_the_left_third(client_for, decision):
    response = client_for("editor").get(reverse("signing:fields-pdf", args=[decision.pk, "decision"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = b"".join([response.content])
    fields = fields_of(pdf)
    assert sorted(fields) == ["ChuKyCoQuan", "ChuKyNguoiKy"]
    page, (sx1, sy1, sx2, sy2) = fields["ChuKyNguoiKy"]
    words = words_on(pdf, page)
    title = [w for w in words if w["text"] == "TỊCH"][-1]  # "CHỦ TỊCH", the last line of the title
    name = [w for w in words if w["text"] == "Minh"][-1]
    assert title["y_bottom"] >= sy2 - 1 and sy1 >= name["y_top"] - 1  # between title line and name
    assert round(sx2 - sx1) == round(45 * MM)  # the 45 mm signature box
    assert sx1 < (title["x0"] + title["x1"]) / 2 < sx2  # under the title, in the signer column
    agency_page, (ax1, ay1, ax2, ay2) = fields["ChuKyCoQuan"]
    assert agency_page == page
    assert abs(ax2 - (sx1 + 15 * MM)) <= 1  # its right edge on the left third of the signature
    assert ax1 < sx1 and sy1 <= ay1 and ay2 <= sy2


def test_the_appendix_alone_gets_the_agency_field_at_the_top_right_of_its_first_page(client_for, decision):
    pdf = client_for("editor").get(reverse("signing:fields-pdf", args=[decision.pk, "appendix"])).content
    fields = fields_of(pdf)
    assert list(fields) == ["ChuKyCoQuan"]
    page, (x1, y1, x2, y2) = fields["ChuKyCoQuan"]
    assert page == 0
    assert abs(x2 - (210 - 15) * MM) <= 1  # at the right margin
    assert y1 >= (297 - 20) * MM - 1 and y2 <= 297 * MM  # in the top margin, above the heading


def test_an_appendix_in_the_same_file_gets_no_field_of_its_own(client_for, decision):
    pdf = client_for("editor").get(reverse("signing:fields-pdf", args=[decision.pk, "decision"])).content
    pages = {page for page, _rect in fields_of(pdf).values()}
    assert len(PdfReader(io.BytesIO(pdf)).pages) > max(pages) + 1  # appendix pages follow, without fields
    assert len(pages) == 1


def test_a_draft_is_not_exported_for_signing(client_for, tree):
    draft = build(tree["commune"])
    assert client_for("editor").get(reverse("signing:fields-pdf", args=[draft.pk, "decision"])).status_code == 404
    assert client_for("editor").get(reverse("signing:fields-pdf", args=[draft.pk, "cover"])).status_code == 404


# --- copies signed on the server ------------------------------------------------------------------------------------


def test_a_signed_copy_validates_in_pyhanko_and_shows_its_appearance(client_for, certified, pki):
    response = client_for("viewer").get(reverse("signing:signed-copy", args=[certified.pk, "decision"]))
    assert response.status_code == 200
    pdf = response.content
    status = pyhanko_status(pdf, pki)
    assert status.bottom_line and status.intact and status.valid and status.trusted
    assert status.signing_cert.subject.native["common_name"] == "Ủy ban nhân dân xã Phước An"
    page, rect = fields_of(pdf)["ChuKyCoQuan"]
    assert ink_in(pdf, page, rect) > 200  # the agency's name and the time are drawn in the field
    assert ink_in(render_decision_pdf(certified, with_images=False), page, rect) == 0  # ...not by the page
    text = " ".join(w["text"] for w in words_on(pdf, page))
    assert "Lê Văn Minh" in text  # the page itself is the decision's


def test_the_seal_is_part_of_the_signature_appearance(certified, pki):
    print_image_save(
        user=SYSTEM,
        agency=certified.agency,
        kind=PrintImage.Kind.SEAL,
        signer_name="",
        data=png(400, 400, (220, 0, 0, 255)),
    )
    pdf = signed_copy(certified)
    page, rect = fields_of(pdf)["ChuKyCoQuan"]
    assert ink_in(pdf, page, rect, red=True) > 500
    assert ink_in(render_decision_pdf(certified, with_images=False), page, rect, red=True) == 0
    assert pyhanko_status(pdf, pki).bottom_line


def test_the_signed_appendix_copy_is_signed_at_the_top_right(client_for, certified, pki):
    pdf = client_for("secretariat").get(reverse("signing:signed-copy", args=[certified.pk, "appendix"])).content
    page, (x1, y1, x2, y2) = fields_of(pdf)["ChuKyCoQuan"]
    assert page == 0 and y1 >= (297 - 20) * MM - 1 and abs(x2 - 195 * MM) <= 1
    assert pyhanko_status(pdf, pki).bottom_line


def test_without_a_certificate_the_copy_is_refused_with_a_message(client_for, decision):
    response = client_for("viewer").get(reverse("signing:signed-copy", args=[decision.pk, "decision"]))
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == ["UBND xã Phước An chưa có chứng thư ký số."]


def test_the_certificate_is_stored_encrypted(certified, pki):
    record = AgencySigningCertificate.objects.get()
    p12 = pki.agency.pkcs12(pki.chain)
    assert bytes(record.pkcs12_encrypted) != p12 and b"demo-2026" not in bytes(record.password_encrypted)
    assert record.serial == "3002" and "Phước An" in record.subject


def test_a_wrong_password_or_file_is_refused(decision, pki, signing_key):
    with pytest.raises(ValidationError) as error:
        signing_certificate_save_pkcs12(agency=decision.agency, data=pki.agency.pkcs12(pki.chain), password="wrong")
    assert error.value.message_dict == {
        "pkcs12": ["Không mở được tệp: tệp không phải PKCS#12 hoặc mật khẩu không đúng."]
    }
    with pytest.raises(ValidationError):
        signing_certificate_save_pkcs12(agency=decision.agency, data=b"not a p12", password="")
    with pytest.raises(ValidationError) as expired:
        signing_certificate_save_pkcs12(
            agency=decision.agency, data=pki.expired.pkcs12(pki.chain), password="demo-2026"
        )
    assert "01/01/2020" in expired.value.messages[0] and "01/01/2022" in expired.value.messages[0]
    assert not AgencySigningCertificate.objects.exists()


def test_production_without_a_key_refuses_to_store_a_certificate(decision, pki, settings):
    settings.DEBUG, settings.SIGNING_SECRET_KEY = False, ""
    with pytest.raises(ValidationError) as error:
        signing_certificate_save_pkcs12(agency=decision.agency, data=pki.agency.pkcs12(pki.chain), password="demo-2026")
    assert "SIGNING_SECRET_KEY" in error.value.messages[0]
    assert not AgencySigningCertificate.objects.exists()


# --- batches ---------------------------------------------------------------------------------------------------------


def test_a_batch_signs_every_document(certified, personas, pki):
    batch = batch_start(agency=certified.agency, year=certified.year, user=personas["secretariat"])
    assert (batch.status, batch.total, batch.failures) == (PrintBatch.Status.DONE, 1, [])
    import zipfile

    with zipfile.ZipFile(batch.zip.open("rb")) as archive:
        [name] = archive.namelist()
        assert pyhanko_status(archive.read(name), pki).bottom_line


def test_a_signing_failure_is_reported_for_its_document_never_skipped(certified, personas, settings):
    settings.SIGNING_SECRET_KEY = Fernet.generate_key().decode()  # the key changed: the stored file cannot be read
    batch = batch_start(agency=certified.agency, year=certified.year, user=personas["secretariat"])
    assert batch.status == PrintBatch.Status.DONE and (batch.total, batch.done) == (1, 1)
    [failure] = batch.failures
    assert failure["decision"] == certified.pk
    assert failure["reason"].startswith("SigningError: ")
    assert not batch.zip  # nothing unsigned slipped into the export


# --- admin ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.invalid", "secret-pass-123")
    client.force_login(admin)
    return client


def test_the_admin_uploads_a_root_and_refuses_a_leaf_certificate(admin_client, pki, db):
    url = reverse("admin:objectives_trustanchor_add")
    response = admin_client.post(
        url, {"name": "CA gốc", "active": "on", "certificate_file": SimpleUploadedFile("root.pem", pki.root.pem)}
    )
    assert response.status_code == 302
    anchor = TrustAnchor.objects.get()
    assert (anchor.name, anchor.is_root, anchor.serial) == ("CA gốc", True, "1001")
    response = admin_client.post(
        url, {"name": "lá", "certificate_file": SimpleUploadedFile("leaf.cer", pki.signer.der)}
    )
    assert response.status_code == 200 and TrustAnchor.objects.count() == 1
    response = admin_client.post(url, {"name": "rác", "certificate_file": SimpleUploadedFile("x.cer", b"junk")})
    assert response.status_code == 200 and TrustAnchor.objects.count() == 1


def test_the_admin_sets_an_agency_certificate(admin_client, decision, pki, signing_key):
    url = reverse("admin:objectives_agencysigningcertificate_add")
    data = {
        "agency": decision.agency.pk,
        "kind": "pkcs12",
        "active": "on",
        "password": "wrong",
        "pkcs12_file": SimpleUploadedFile("agency.p12", pki.agency.pkcs12(pki.chain)),
    }
    assert admin_client.post(url, data).status_code == 200 and not AgencySigningCertificate.objects.exists()
    data.update(password="demo-2026", pkcs12_file=SimpleUploadedFile("agency.p12", pki.agency.pkcs12(pki.chain)))
    assert admin_client.post(url, data).status_code == 302
    assert AgencySigningCertificate.objects.get().serial == "3002"
