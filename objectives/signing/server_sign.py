"""Server-side signing of the electronic copies an agency exports, with the agency's own certificate.

The PKCS#12 file and its password are stored encrypted with Fernet (key: settings.SIGNING_SECRET_KEY); a
PKCS#11 token is reached through its module path and label, the PIN read from an environment variable.
The visible appearance (agency name, time of signing in Vietnam time, the seal image where configured) sits
where fields.py finds the agency's place in the rendered layout. A timestamp is added only when
settings.SIGNING_TSA_URL is set (off by default). Failures raise SigningError with a code; nothing is
silently left unsigned."""

from __future__ import annotations

import base64
import hashlib
import io
import os
from datetime import datetime
from zoneinfo import ZoneInfo

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import Agency
from objectives.models import Decision
from objectives.signing.fields import AGENCY_FIELD, Area, render_with_areas
from objectives.signing.models import AgencySigningCertificate, SigningKind
from objectives.signing.selectors import active_certificate

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
P12_MAX_BYTES = 256 * 1024


class SigningError(Exception):
    """A refusal or failure to sign, with a code callers can branch on and a message for the user."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


# --- encryption at rest -------------------------------------------------------------------------------------------


def _fernet() -> Fernet:
    key = settings.SIGNING_SECRET_KEY
    if not key:
        if not settings.DEBUG:
            raise SigningError(
                _("The server has no SIGNING_SECRET_KEY: signing certificates cannot be stored or used."), "no_key"
            )
        # Development only, like the dev SECRET_KEY: a key derived from it, so `make run` works out of the box.
        key = base64.urlsafe_b64encode(hashlib.sha256(b"qms-signing/" + settings.SECRET_KEY.encode()).digest())
    try:
        return Fernet(key)
    except (ValueError, TypeError):
        raise SigningError(_("SIGNING_SECRET_KEY is not a valid Fernet key."), "bad_key") from None


def encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken:
        raise SigningError(
            _("The stored certificate cannot be decrypted (SIGNING_SECRET_KEY changed?). Upload it again."),
            "undecryptable",
        ) from None


# --- configuring an agency's certificate -----------------------------------------------------------------------------


def inspect_pkcs12(data: bytes, password: str):
    """The certificate of a PKCS#12 file that opens with `password`, holds a key and is valid today."""
    if len(data) > P12_MAX_BYTES:
        raise ValidationError({"pkcs12": _("The certificate file is too large for a PKCS#12 file.")})
    try:
        key, cert, _chain = pkcs12.load_key_and_certificates(data, password.encode() or None)
    except (ValueError, TypeError):
        raise ValidationError(
            {"pkcs12": _("The file cannot be opened: it is not a PKCS#12 file, or the password is wrong.")}
        ) from None
    if key is None or cert is None:
        raise ValidationError({"pkcs12": _("The PKCS#12 file holds no private key with its certificate.")})
    now = timezone.now()
    if not (cert.not_valid_before_utc <= now <= cert.not_valid_after_utc):
        raise ValidationError(
            {
                "pkcs12": _("The certificate is not valid today (valid from %(start)s to %(end)s).")
                % {"start": f"{cert.not_valid_before_utc:%d/%m/%Y}", "end": f"{cert.not_valid_after_utc:%d/%m/%Y}"}
            }
        )
    return cert


@transaction.atomic
def signing_certificate_save_pkcs12(
    *,
    agency: Agency,
    data: bytes,
    password: str,
    active: bool = True,
) -> AgencySigningCertificate:
    """Check that the PKCS#12 opens with the password and holds a key and a currently valid certificate, then
    store both encrypted (replacing the agency's previous certificate)."""
    cert = inspect_pkcs12(data, password)
    try:
        encrypted, encrypted_password = encrypt(data), encrypt(password.encode())
    except SigningError as exc:
        raise ValidationError(exc.message) from None
    record = AgencySigningCertificate.objects.select_for_update().filter(agency=agency).first()
    record = record or AgencySigningCertificate(agency=agency)
    record.kind = SigningKind.PKCS12
    record.pkcs12_encrypted, record.password_encrypted = encrypted, encrypted_password
    record.subject = cert.subject.rfc4514_string()[:500]
    record.serial = format(cert.serial_number, "X")
    record.not_after = cert.not_valid_after_utc
    record.active = active
    record.full_clean(exclude=["agency"] if record.pk else None)
    record.save()
    return record


# --- signing ---------------------------------------------------------------------------------------------------------


def load_signer(record: AgencySigningCertificate):
    """A pyHanko signer for the agency's certificate (PKCS#12 decrypted in memory, or a PKCS#11 session)."""
    if record.kind == SigningKind.PKCS11:
        return _pkcs11_signer(record)
    from pyhanko.sign.signers.pdf_cms import SimpleSigner

    data, password = decrypt(record.pkcs12_encrypted), decrypt(record.password_encrypted)
    try:
        return SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password or None)
    except ValueError:
        raise SigningError(_("The agency's certificate file cannot be opened."), "bad_pkcs12") from None


def _pkcs11_signer(record: AgencySigningCertificate):
    try:
        from pyhanko.sign import pkcs11 as hanko_pkcs11
    except ImportError:
        raise SigningError(
            _("PKCS#11 signing needs the python-pkcs11 package on the server (see docs/signing.md)."), "pkcs11_missing"
        ) from None
    pin = os.environ.get(record.pkcs11_pin_env, "") if record.pkcs11_pin_env else None
    try:
        session = hanko_pkcs11.open_pkcs11_session(
            record.pkcs11_module,
            token_criteria=hanko_pkcs11.TokenCriteria(label=record.pkcs11_token_label or None),
            user_pin=pin,
        )
        return hanko_pkcs11.PKCS11Signer(
            session, key_label=record.pkcs11_key_label or None, cert_label=record.pkcs11_key_label or None
        )
    except Exception as exc:  # the PKCS#11 library raises its own hierarchy
        raise SigningError(
            _("The signing token could not be opened: %(error)s") % {"error": exc}, "pkcs11_error"
        ) from None


def signing_time_text(moment: datetime) -> str:
    """ISO 8601 in Vietnam time, as Nghị định 30 writes the time of a digital signature."""
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")


def appearance_png(area: Area, *, lines: list[str], seal_png: bytes | None, dpi: int = 300) -> bytes:
    """The visible signature as one transparent image the size of `area`: the seal at the left, filling the
    height, and the text lines (Times-metric serif, 7.5 pt) from the seal's right edge, or centred without a seal."""
    from PIL import Image, ImageDraw, ImageFont

    from objectives.printing.pdf import FONT_DIR

    scale = dpi / 72
    width, height = max(1, round(area.width * scale)), max(1, round(area.height * scale))
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    text_left = 0
    if seal_png:
        seal = Image.open(io.BytesIO(seal_png)).convert("RGBA")
        seal.thumbnail((height, height))
        image.alpha_composite(seal, (0, (height - seal.height) // 2))
        text_left = seal.width + round(1.5 * scale)
    font = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Regular.ttf"), round(7.5 * scale))
    draw = ImageDraw.Draw(image)
    wrapped: list[str] = []
    room = width - text_left - round(2 * scale)
    for line in lines:
        words, current = line.split(), ""
        for word in words:
            trial = f"{current} {word}".strip()
            if current and draw.textlength(trial, font=font) > room:
                wrapped.append(current)
                current = word
            else:
                current = trial
        wrapped.append(current)
    leading = round(9 * scale)
    top = max(0, (height - leading * len(wrapped)) // 2)
    for index, line in enumerate(wrapped):
        x = text_left if seal_png else max(0, (width - draw.textlength(line, font=font)) / 2)
        draw.text((x, top + index * leading), line, font=font, fill=(0, 0, 0, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _existing_field_area(pdf: bytes, field_name: str) -> Area:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(io.BytesIO(pdf))
    for name, _value, ref in enumerate_sig_fields(reader, filled_status=False):
        if name == field_name:
            field = ref.get_object()
            x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
            return Area(page=0, x1=x1, y1=y1, x2=x2, y2=y2)
    raise SigningError(_("The PDF has no empty signature field named %(name)s.") % {"name": field_name}, "no_field")


def sign_pdf_bytes(
    pdf: bytes,
    *,
    signer,
    area: Area | None,
    field_name: str,
    lines: list[str],
    seal_png: bytes | None = None,
    reason: str = "",
    location: str = "",
    timestamper=None,
) -> bytes:
    """Add a visible PAdES signature in `area` (None: into the existing empty field `field_name`), its
    appearance drawn by `appearance_png`."""
    from PIL import Image
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.layout import AxisAlignment, SimpleBoxLayoutRule
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import StaticStampStyle

    existing = area is None
    if existing:
        area = _existing_field_area(pdf, field_name)
    picture = Image.open(io.BytesIO(appearance_png(area, lines=lines, seal_png=seal_png)))
    style = StaticStampStyle(
        background=PdfImage(picture),
        background_opacity=1.0,
        border_width=0,
        background_layout=SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID),
    )
    if timestamper is None and settings.SIGNING_TSA_URL:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(settings.SIGNING_TSA_URL)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or None,
        location=location or None,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=style,
        timestamper=timestamper,
        new_field_spec=None if existing else fields.SigFieldSpec(field_name, on_page=area.page, box=area.box),
    )
    try:
        output = pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), existing_fields_only=False)
    except Exception as exc:  # pyHanko, the token or the timestamp server: report, never skip silently
        raise SigningError(_("Signing failed: %(error)s") % {"error": exc}, "sign_failed") from exc
    return output.getvalue()


def signed_copy(decision: Decision, *, appendix_only: bool = False, now: datetime | None = None) -> bytes:
    """The decision (or its appendix alone) as an electronic copy signed with the agency's certificate."""
    record = active_certificate(decision.agency)
    if record is None:
        raise SigningError(_("%(agency)s has no signing certificate.") % {"agency": decision.agency}, "no_certificate")
    signer = load_signer(record)
    rendered = render_with_areas(decision, appendix_only=appendix_only, with_images=True, seal_in_signature=True)
    if rendered.agency is None:
        raise SigningError(_("The place of the agency's signature was not found in the layout."), "no_position")
    moment = now or timezone.now()
    with translation.override("vi"):  # the document is Vietnamese whatever the user's language
        lines = [decision.agency.name, _("Time of signing: %(time)s") % {"time": signing_time_text(moment)}]
        reason = _("Electronic copy issued by %(agency)s") % {"agency": decision.agency.name}
    return sign_pdf_bytes(
        rendered.pdf,
        signer=signer,
        area=rendered.agency,
        field_name=AGENCY_FIELD,
        lines=lines,
        seal_png=None if appendix_only else rendered.seal_png,
        location=decision.place or "",
        reason=reason,
    )


def export_pdf(decision: Decision, *, plain=None) -> bytes:
    """What a batch export writes for one decision: signed with the agency's certificate when the agency has an
    active one (a failure raises, so that the batch records it for this document), else the plain PDF."""
    if decision.is_issued and active_certificate(decision.agency) is not None:
        return signed_copy(decision)
    if plain is None:
        from objectives.printing.pdf import render_decision_pdf as plain
    return plain(decision)
