"""Demo of signed originals (offline, deterministic keys): the demo PKI as trust anchors, the demo commune's
signing certificate, a valid signed original of the 2026 Phước An decision and a copy of the 2024 Nhơn Trạch
decision altered after signing. Also the helpers the tests use to sign like a token plugin and to tamper."""

from __future__ import annotations

import io
import logging
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone, translation

from agencies.permissions import SYSTEM
from objectives.models import Decision, DecisionStatus
from objectives.printing import build_layout, decisions_for_print
from objectives.signing.fields import AGENCY_FIELD, SIGNER_FIELD, export_with_fields
from objectives.signing.pki import DEMO_P12_PASSWORD, DemoPKI, Identity, build_pki
from objectives.signing.server_sign import (
    SigningError,
    sign_pdf_bytes,
    signing_certificate_save_pkcs12,
    signing_time_text,
)

logger = logging.getLogger(__name__)


def identity_signer(identity: Identity, pki: DemoPKI):
    from pyhanko.sign.signers.pdf_cms import SimpleSigner

    return SimpleSigner.load_pkcs12_data(identity.pkcs12(pki.chain), other_certs=[], passphrase=DEMO_P12_PASSWORD)


def sign_like_token(pdf: bytes, *, identity: Identity, pki: DemoPKI, field_name: str, lines: list[str]) -> bytes:
    """Sign an existing empty field, as the agency's token plugin would."""
    return sign_pdf_bytes(pdf, signer=identity_signer(identity, pki), area=None, field_name=field_name, lines=lines)


def signed_original(decision: Decision, pki: DemoPKI, *, signer: Identity, agency: Identity) -> bytes:
    """The export with empty fields, signed by the signer and then the agency: what a DMS would produce."""
    pdf = export_with_fields(decision)
    when = signing_time_text(timezone.now())
    pdf = sign_like_token(
        pdf, identity=signer, pki=pki, field_name=SIGNER_FIELD, lines=[decision.signer_name, f"Ký số: {when}"]
    )
    return sign_like_token(
        pdf, identity=agency, pki=pki, field_name=AGENCY_FIELD, lines=[decision.agency.name, f"Thời gian ký: {when}"]
    )


def render_altered(decision: Decision, mutate) -> bytes:
    """The decision rendered after `mutate(layout)` changed what it says (nothing is saved)."""
    from objectives.printing.pdf import html_to_pdf

    with translation.override("vi"):
        layout = build_layout(decision, with_images=False)
        mutate(layout)
        html = render_to_string("print/decision.html", {"doc": layout, "appendix_only": False})
    return html_to_pdf(html)


def replace_pages_after_signing(signed: bytes, altered: bytes) -> bytes:
    """An incremental update that swaps the content of every page for the altered document's: the signature
    still verifies over its own revision, but the file now shows something else."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    source = PdfFileReader(io.BytesIO(altered))
    pages = min(int(source.root["/Pages"]["/Count"]), int(writer.root["/Pages"]["/Count"]))
    for index in range(pages):
        source_ref, _resources = source.find_page_for_modification(index)
        source_page = source_ref.get_object()
        ref, _resources = writer.find_page_for_modification(index)
        page = ref.get_object()
        page["/Contents"] = writer.import_object(source_page.raw_get("/Contents"))
        page["/Resources"] = writer.import_object(source_page.raw_get("/Resources"))
        writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def lower_first_rate(layout) -> None:
    """Change the first rate the document prints ("97%" -> "50%"), in the text and in the table alike."""
    for section in layout.sections:
        for objective in section.objectives:
            for strings in (objective.paragraphs, objective.targets):
                for index, text in enumerate(strings):
                    changed = re.sub(r"\d+(,\d+)?%", "50%", text, count=1)
                    if changed != text:
                        strings[index] = changed
                        if strings is objective.paragraphs:  # in a list the target is part of the paragraph
                            objective.targets[:] = [
                                re.sub(r"\d+(,\d+)?%", "50%", t, count=1) for t in objective.targets
                            ]
                        return


def _attach(decision: Decision, data: bytes, filename: str) -> None:
    from objectives.signing.services import signed_original_attach

    signed_original_attach(decision=decision, upload=SimpleUploadedFile(filename, data, "application/pdf"), user=SYSTEM)


def load() -> list[str]:
    """Idempotent: anchors and the certificate are refreshed; a decision that has an original keeps it."""
    from objectives.signing.models import SignedOriginal
    from objectives.signing.services import trust_anchor_add

    pki = build_pki()
    trust_anchor_add(data=pki.root.der, name="QMS Demo Root CA (demo)")
    trust_anchor_add(data=pki.intermediate.der, name="QMS Demo Issuing CA (demo)")
    done = []
    issued = decisions_for_print().filter(status=DecisionStatus.ISSUED)
    valid = issued.filter(agency__code="DNI-PA", year=2026).first()
    if valid is not None:
        try:
            signing_certificate_save_pkcs12(
                agency=valid.agency, data=pki.agency.pkcs12(pki.chain), password=DEMO_P12_PASSWORD.decode()
            )
            done.append("certificate")
        except Exception as exc:  # production without SIGNING_SECRET_KEY: the rest of the demo still loads
            logger.warning("Demo signing certificate not stored: %s", exc)
        if not SignedOriginal.objects.filter(decision=valid).exists():
            _attach(
                valid, signed_original(valid, pki, signer=pki.signer, agency=pki.agency), "QD-15-UBND-2026-ky-so.pdf"
            )
            done.append("valid")
    tampered = issued.filter(agency__code="DNI-NT", year=2024).first()
    if tampered is not None and not SignedOriginal.objects.filter(decision=tampered).exists():
        signer = pki.person(tampered.signer_name, tampered.agency.name)
        agency = pki.person(tampered.agency.name, tampered.agency.name, serial=0x5000)
        signed = signed_original(tampered, pki, signer=signer, agency=agency)
        _attach(
            tampered,
            replace_pages_after_signing(signed, render_altered(tampered, lower_first_rate)),
            "QD-420-UBND-2024-ban-sua.pdf",
        )
        done.append("tampered")
    return done


__all__ = ["SigningError", "load", "signed_original", "replace_pages_after_signing", "render_altered"]
