"""The demo data's signed originals: the 2026 Phước An decision has a valid original that says what the record
says; the 2024 Nhơn Trạch copy was altered after signing and its differences are listed."""

import pytest
from cryptography.fernet import Fernet
from test_print_pdf import private_media  # noqa: F401

from agencies import demo as agencies_demo
from objectives import demo as objectives_demo
from objectives.doccheck import check_document
from objectives.models import Decision
from objectives.signing import demo as signing_demo
from objectives.signing import signed_original_status
from objectives.signing.models import AgencySigningCertificate, TrustAnchor


@pytest.fixture
def signing_key(settings):
    settings.SIGNING_SECRET_KEY = Fernet.generate_key().decode()


def test_the_demo_has_a_valid_original_and_a_tampered_copy(db, signing_key):
    agencies_demo.load()
    objectives_demo.load()
    assert signing_demo.load() == ["certificate", "valid", "tampered"]

    valid = Decision.objects.get(agency__code="DNI-PA", year=2026, status="issued")
    status = signed_original_status(valid)
    assert (status.state, status.differs, status.unreadable) == ("valid", False, False)
    original = valid.signed_originals.get()
    assert [s["signer_name"] for s in original.signatures] == ["Lê Văn Minh", "Ủy ban nhân dân xã Phước An"]

    tampered = Decision.objects.get(agency__code="DNI-NT", year=2024, status="issued")
    status = signed_original_status(tampered)
    assert status.state == "modified" and status.differs
    differences = tampered.signed_originals.get().differences
    # Objective 2 read "đúng hạn đạt tối thiểu 97%"; the altered copy says 50%: the objective and its first target.
    assert [(d["kind"], d["ref"]) for d in differences] == [("objective", "2"), ("target", "2.1")]
    assert "97%" in differences[0]["record"] and "50%" in differences[0]["document"]

    # The document check of each decision: nothing about the valid original; the tampered one is flagged.
    assert [i.code for i in check_document(valid).items if i.field == "signed_original"] == []
    flagged = {i.code: i.message for i in check_document(tampered).items if i.field == "signed_original"}
    assert set(flagged) == {"signed_original_invalid", "signed_original_differs"}
    assert "2" in flagged["signed_original_differs"]

    assert TrustAnchor.objects.count() == 2
    assert AgencySigningCertificate.objects.get().agency.code == "DNI-PA"
    assert signing_demo.load() == ["certificate"]  # run again: nothing attached twice
