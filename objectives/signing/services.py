"""Writes for signed originals and trust anchors: attach a signed PDF to an issued decision (validated and
compared with the record, the result stored with the file), check it again, add a trust anchor."""

from __future__ import annotations

import contextlib
import hashlib
from uuid import uuid4

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.permissions import Action, recorded_user, require
from objectives.models import Decision
from objectives.signing.compare import as_json, compare_with_record
from objectives.signing.models import SignedOriginal, TrustAnchor
from objectives.signing.statuses import SignatureState
from objectives.signing.validation import Anchors, validate_pdf
from qms_portal.text import nfc

PDF_HEADER_WINDOW = 1024  # the PDF standard allows the header anywhere in the first 1024 bytes


def current_anchors() -> Anchors:
    """The active trust anchors (one query)."""
    anchors = Anchors()
    for is_root, der in TrustAnchor.objects.active().values_list("is_root", "certificate"):
        (anchors.roots if is_root else anchors.intermediates).append(bytes(der))
    return anchors


def read_limited(upload, limit: int) -> bytes:
    """The upload's bytes, refusing anything over `limit` without reading past it (bounded memory)."""
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError({"file": _too_large(size, limit)})
    with contextlib.suppress(AttributeError, OSError):  # a stream that cannot seek is read from where it stands
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({"file": _too_large(len(data), limit)})
    return data


def _too_large(size: int, limit: int) -> str:
    return _("The file is too large (%(size)s MB); the limit is %(limit)s MB.") % {
        "size": f"{size / 1048576:.1f}".replace(".", ","),
        "limit": limit // 1048576,
    }


def _check_pdf(data: bytes) -> None:
    if b"%PDF-" not in data[:PDF_HEADER_WINDOW]:
        raise ValidationError(
            {"file": _("This file is not a PDF. Upload the signed PDF exactly as the signing software saved it.")}
        )


def _analyse(decision: Decision, data: bytes) -> dict:
    result = validate_pdf(data, anchors=current_anchors())
    text_found, differences = (False, [])
    if result.state != SignatureState.CORRUPT:
        text_found, differences = compare_with_record(decision, data)
    return {
        "state": result.state,
        "signatures": result.as_json(),
        "revisions": result.revisions,
        "error": result.error[:500],
        "text_found": text_found,
        "differences": as_json(differences),
    }


def signed_original_attach(*, decision: Decision, upload, user) -> SignedOriginal:
    """Validate the signed PDF and attach it to the issued decision with the result. The secretariat only.

    The slow part (reading every signature, extracting the text) runs before the transaction."""
    require(user, Action.SIGN, decision)  # SYSTEM for the demo data; a forgotten user is a TypeError
    if not decision.is_issued:
        raise ValidationError(_("A signed original can only be attached to an issued decision."))
    data = read_limited(upload, settings.SIGNED_PDF_MAX_BYTES)
    _check_pdf(data)
    found = _analyse(decision, data)
    filename = nfc(getattr(upload, "name", "") or "signed.pdf").rsplit("/", 1)[-1][:200] or "signed.pdf"
    original = SignedOriginal(
        decision=decision,
        filename=filename,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=recorded_user(user),
        **found,
    )
    original.file.save(f"{decision.pk}_{uuid4().hex[:12]}.pdf", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            locked = Decision.objects.select_for_update().get(pk=decision.pk)
            if not locked.is_issued:
                raise ValidationError(_("A signed original can only be attached to an issued decision."))
            original.full_clean(exclude=["uploaded_by", "file"])
            original.save()
    except Exception:
        original.file.storage.delete(original.file.name)
        raise
    return original


def signed_original_recheck(*, original: SignedOriginal, user) -> SignedOriginal:
    """Validate and compare the stored file again (after trust anchors or the record changed)."""
    require(user, Action.SIGN, original.decision)
    try:
        with original.file.open("rb") as handle:
            data = handle.read(settings.SIGNED_PDF_MAX_BYTES + 1)
    except (OSError, ValueError):
        raise ValidationError(_("The stored file is missing; upload the signed original again.")) from None
    found = _analyse(original.decision, data)
    with transaction.atomic():
        locked = SignedOriginal.objects.select_for_update().get(pk=original.pk)
        for name, value in found.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["uploaded_by", "file"])
        locked.save(update_fields=list(found))
    return locked


def parse_certificate(data: bytes) -> x509.Certificate:
    """A certificate from PEM or DER bytes; ValidationError if it is neither."""
    try:
        if b"-----BEGIN" in data[:100]:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise ValidationError(
            {"certificate_file": _("This is not an X.509 certificate (PEM or DER, .cer/.crt/.pem).")}
        ) from None


def inspect_anchor(data: bytes) -> x509.Certificate:
    """The CA certificate in `data` (PEM or DER); ValidationError if it is not one."""
    if len(data) > 64 * 1024:
        raise ValidationError({"certificate_file": _("The certificate file is too large.")})
    cert = parse_certificate(data)
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    if constraints is None or not constraints.ca:
        raise ValidationError(
            {"certificate_file": _("This certificate is not a certification authority (CA) certificate.")}
        )
    return cert


@transaction.atomic
def trust_anchor_add(
    *, data: bytes, name: str = "", active: bool = True, instance: TrustAnchor | None = None
) -> TrustAnchor:
    """Add a root or intermediate certificate to the trust anchors (or return the one already there).
    `instance`: an unsaved TrustAnchor to fill (the admin's object)."""
    cert = inspect_anchor(data)
    der = cert.public_bytes(serialization.Encoding.DER)
    fingerprint = cert.fingerprint(hashes.SHA256()).hex()
    existing = TrustAnchor.objects.filter(fingerprint=fingerprint).first()
    if existing is not None:
        if instance is not None:
            raise ValidationError(
                {
                    "certificate_file": _("This certificate is already a trust anchor: %(name)s.")
                    % {"name": existing.name}
                }
            )
        return existing
    subject = cert.subject.rfc4514_string()
    anchor = instance or TrustAnchor()
    values = {
        "name": (nfc(name).strip() or subject)[:200],
        "certificate": der,
        "is_root": cert.issuer == cert.subject,
        "subject": subject[:500],
        "serial": format(cert.serial_number, "X"),
        "fingerprint": fingerprint,
        "not_before": cert.not_valid_before_utc,
        "not_after": cert.not_valid_after_utc,
        "active": active,
    }
    for field, value in values.items():
        setattr(anchor, field, value)
    anchor.full_clean()
    anchor.save()
    return anchor
