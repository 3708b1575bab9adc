"""Validation of signed PDFs with a PKI made here (root, intermediate, signer, expired, revoked, a stranger):
every case gets the right status, the details a records clerk reads, and never an exception."""

from __future__ import annotations

import io

import pytest
from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from django.utils import translation
from pyhanko.sign.validation.dss import DocumentSecurityStore

from objectives.printing.pdf import html_to_pdf
from objectives.signing.demo import identity_signer, replace_pages_after_signing
from objectives.signing.fields import Area
from objectives.signing.pki import build_pki
from objectives.signing.server_sign import sign_pdf_bytes
from objectives.signing.statuses import SignatureState
from objectives.signing.validation import Anchors, validate_pdf

BOX = Area(page=0, x1=300, y1=500, x2=460, y2=580)


@pytest.fixture(scope="module")
def pki():
    return build_pki()


@pytest.fixture(scope="module")
def anchors(pki):
    return Anchors(roots=[pki.root.der], intermediates=[pki.intermediate.der])


@pytest.fixture(scope="module")
def plain():
    return html_to_pdf("<p>Số: 15/QĐ-UBND</p><p>Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 97%.</p>")


def sign(pdf: bytes, identity, pki, *, field: str = "ChuKy", chain=None, area: Area = BOX) -> bytes:
    if chain is not None:
        from pyhanko.sign.signers.pdf_cms import SimpleSigner

        signer = SimpleSigner.load_pkcs12_data(identity.pkcs12(chain), other_certs=[], passphrase=b"demo-2026")
    else:
        signer = identity_signer(identity, pki)
    return sign_pdf_bytes(pdf, signer=signer, area=area, field_name=field, lines=["Lê Văn Minh"])


def with_revocation(pdf: bytes, *, crls=(), ocsps=()) -> bytes:
    out = io.BytesIO(pdf)
    DocumentSecurityStore.add_dss(
        out,
        None,
        crls=[asn1_crl.CertificateList.load(c) for c in crls],
        ocsps=[asn1_ocsp.OCSPResponse.load(o) for o in ocsps],
    )
    return out.getvalue()


def test_a_valid_signature_shows_the_signer_and_the_chain(pki, anchors, plain):
    result = validate_pdf(sign(plain, pki.signer, pki), anchors=anchors)
    assert result.state == SignatureState.VALID
    [sig] = result.signatures
    assert (sig.signer_name, sig.organisation, sig.unit) == ("Lê Văn Minh", "Ủy ban nhân dân xã Phước An", "Chủ tịch")
    assert sig.serial == "3001"  # 0x3001, as issued
    assert (sig.not_before, sig.not_after) == ("2025-01-01T00:00:00+00:00", "2040-01-01T00:00:00+00:00")
    assert sig.coverage == "entire_file" and sig.later_updates == []
    assert sig.intact and sig.crypto_valid and sig.trusted
    assert sig.chain == ["QMS Demo Root CA", "QMS Demo Issuing CA", "Lê Văn Minh"]
    assert sig.time_source == "signer" and sig.signing_time and sig.timestamp_time == ""
    assert sig.problems == []


def test_an_embedded_timestamp_gives_the_signing_time(pki, anchors, plain):
    signed = sign_pdf_bytes(
        plain,
        signer=identity_signer(pki.signer, pki),
        area=BOX,
        field_name="ChuKy",
        lines=["Lê Văn Minh"],
        timestamper=pki.timestamper(),
    )
    result = validate_pdf(signed, anchors=anchors)
    assert result.state == SignatureState.VALID
    sig = result.signatures[0]
    assert sig.time_source == "timestamp" and sig.timestamp_trusted is True
    assert sig.signing_time == sig.timestamp_time != ""


def test_a_timestamp_from_an_unknown_authority_is_flagged(pki, plain):
    signed = sign_pdf_bytes(
        plain,
        signer=identity_signer(pki.signer, pki),
        area=BOX,
        field_name="ChuKy",
        lines=["Lê Văn Minh"],
        timestamper=pki.timestamper(),
    )
    only_signer_chain = Anchors(roots=[pki.root.der], intermediates=[pki.intermediate.der])
    assert validate_pdf(signed, anchors=only_signer_chain).signatures[0].timestamp_trusted is True
    untrusted = validate_pdf(signed, anchors=Anchors())
    assert untrusted.signatures[0].timestamp_trusted is False
    assert "timestamp_untrusted" in untrusted.signatures[0].problems


def test_a_file_changed_after_signing_is_flagged(pki, anchors, plain):
    signed = sign(plain, pki.signer, pki)
    altered = html_to_pdf("<p>Số: 15/QĐ-UBND</p><p>Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 50%.</p>")
    result = validate_pdf(replace_pages_after_signing(signed, altered), anchors=anchors)
    assert result.state == SignatureState.MODIFIED
    assert result.signatures[0].coverage == "entire_revision"
    assert result.signatures[0].problems == ["modified_after_signing"]
    assert result.signatures[0].later_updates == ["revisions:1"]  # one update, and not an allowed kind


def test_bytes_changed_inside_the_signed_range_break_the_digest(pki, anchors, plain):
    signed = bytearray(sign(plain, pki.signer, pki))
    position = signed.index(b"/MediaBox")  # inside the first signed byte range
    signed[position + 1 : position + 9] = b"MediaBoy"
    result = validate_pdf(bytes(signed), anchors=anchors)
    assert result.state == SignatureState.MODIFIED
    assert result.signatures[0].problems[0] == "digest_mismatch" and not result.signatures[0].intact


def test_an_unknown_issuer_is_correct_but_untrusted(pki, anchors, plain):
    stranger = sign(plain, pki.stranger, pki, chain=[pki.stranger_root.cert])
    result = validate_pdf(stranger, anchors=anchors)
    assert result.state == SignatureState.UNTRUSTED
    assert result.signatures[0].crypto_valid and not result.signatures[0].trusted
    # the same valid signature, with no trust anchor configured at all
    assert validate_pdf(sign(plain, pki.signer, pki), anchors=Anchors()).state == SignatureState.UNTRUSTED


def test_an_intermediate_alone_does_not_make_a_root(pki, plain):
    only_intermediate = Anchors(intermediates=[pki.intermediate.der])
    assert validate_pdf(sign(plain, pki.signer, pki), anchors=only_intermediate).state == SignatureState.UNTRUSTED


def test_a_certificate_expired_at_signing_time(pki, anchors, plain):
    result = validate_pdf(sign(plain, pki.expired, pki), anchors=anchors)
    assert result.state == SignatureState.EXPIRED
    assert "expired_at_signing" in result.signatures[0].problems
    assert result.signatures[0].not_after == "2022-01-01T00:00:00+00:00"


def test_a_revoked_certificate_with_an_embedded_crl(pki, anchors, plain):
    signed = with_revocation(sign(plain, pki.revoked, pki), crls=[pki.crl()])
    result = validate_pdf(signed, anchors=anchors)
    assert result.state == SignatureState.REVOKED
    sig = result.signatures[0]
    assert sig.revoked_on == "2025-06-01T00:00:00+00:00"
    assert sig.revocation_embedded == {"crls": 1, "ocsps": 0}
    assert sig.later_updates == ["lta_updates", "revisions:1"]  # the DSS update is an allowed one


def test_a_revoked_certificate_with_an_embedded_ocsp_response(pki, anchors, plain):
    ocsp = pki.ocsp_response(pki.revoked, revoked=True, produced_at=pki.revoked_on)
    result = validate_pdf(with_revocation(sign(plain, pki.revoked, pki), ocsps=[ocsp]), anchors=anchors)
    assert result.state == SignatureState.REVOKED
    assert result.signatures[0].revocation_embedded == {"crls": 0, "ocsps": 1}


def test_the_crl_does_not_touch_a_good_certificate(pki, anchors, plain):
    result = validate_pdf(with_revocation(sign(plain, pki.signer, pki), crls=[pki.crl()]), anchors=anchors)
    assert result.state == SignatureState.VALID and result.signatures[0].revoked_on == ""


def test_two_signatures_signer_then_agency(pki, anchors, plain):
    first = sign(plain, pki.signer, pki, field="NguoiKy")
    both = sign(first, pki.agency, pki, field="CoQuan", area=Area(page=0, x1=250, y1=500, x2=330, y2=580))
    result = validate_pdf(both, anchors=anchors)
    assert result.state == SignatureState.VALID
    assert [(s.field_name, s.signer_name) for s in result.signatures] == [
        ("NguoiKy", "Lê Văn Minh"),
        ("CoQuan", "Ủy ban nhân dân xã Phước An"),
    ]
    assert result.signatures[0].coverage == "entire_revision"
    assert result.signatures[0].later_updates == ["form_filling", "revisions:1"]
    assert result.signatures[1].coverage == "entire_file"


def test_the_worst_signature_decides_the_file(pki, anchors, plain):
    first = sign(plain, pki.signer, pki, field="NguoiKy")
    both = sign(first, pki.expired, pki, field="CoQuan", area=Area(page=0, x1=250, y1=500, x2=330, y2=580))
    result = validate_pdf(both, anchors=anchors)
    assert [s.state for s in result.signatures] == [SignatureState.VALID, SignatureState.EXPIRED]
    assert result.state == SignatureState.EXPIRED


def test_a_pdf_without_signature(anchors, plain):
    result = validate_pdf(plain, anchors=anchors)
    assert result.state == SignatureState.NO_SIGNATURE and result.signatures == []


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + b"\x00garbage" * 100,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n",
        b"not a pdf at all",
        b"",
    ],
)
def test_a_damaged_file_is_corrupt_never_an_exception(anchors, data):
    assert validate_pdf(data, anchors=anchors).state == SignatureState.CORRUPT


def test_a_truncated_signed_file_is_corrupt_or_modified(pki, anchors, plain):
    signed = sign(plain, pki.signer, pki)
    state = validate_pdf(signed[: len(signed) // 2], anchors=anchors).state
    assert state in (SignatureState.CORRUPT, SignatureState.MODIFIED)


def test_the_statuses_read_in_vietnamese():
    with translation.override("vi"):
        assert [str(s.label) for s in SignatureState] == [
            "Tệp PDF bị hỏng",
            "Không có chữ ký số",
            "Chữ ký không hợp lệ",
            "Văn bản bị thay đổi sau khi ký",
            "Chứng thư đã bị thu hồi",
            "Chứng thư hết hạn tại thời điểm ký",
            "Chữ ký đúng nhưng chưa xác định được tổ chức cấp chứng thư tin cậy",
            "Hợp lệ",
        ]
