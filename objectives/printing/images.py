"""The signature and seal images placed on electronic copies: checking an uploaded PNG (with Pillow),
storing it, and placing it under the signer's title."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from agencies.permissions import Action, recorded_user, require
from objectives.models import Decision, PrintImage
from qms_portal.text import nfc

DEFAULT_SEAL_MM = 36.0  # a commune seal; an image carrying its physical size (PNG pHYs) prints at that size
PNG_MAX_BYTES = 2 * 1024 * 1024
PNG_MAX_SIDE = 4000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass
class SignImages:
    signature: str | None  # data: URI
    seal: str | None
    seal_mm: float = DEFAULT_SEAL_MM
    signature_png: bytes | None = None
    seal_png: bytes | None = None

    # The signature box is SIGNATURE_MM wide; the seal's right edge sits on its left third. The space
    # between title and name grows with a large seal so that the seal never covers the title or the name.
    SIGNATURE_MM = 45.0
    SIGNATURE_HEIGHT_MM = 24.0
    SPACE_MM = 30.0

    @property
    def space_mm(self) -> float:
        return max(self.SPACE_MM, self.seal_mm + 2 if self.seal else 0)

    @property
    def space_style(self) -> str:
        """Inline CSS for the PDF only (never served to a browser); '.' decimals whatever the locale."""
        return f"height: {self.space_mm:.2f}mm;"

    @property
    def signature_style(self) -> str:
        return f"top: {(self.space_mm - self.SIGNATURE_HEIGHT_MM) / 2:.2f}mm;"

    @property
    def seal_style(self) -> str:
        size = f"{self.seal_mm:.2f}mm"
        left = self.SIGNATURE_MM / 3 - self.seal_mm
        top = (self.space_mm - self.seal_mm) / 2
        return f"width: {size}; height: {size}; left: {left:.2f}mm; top: {top:.2f}mm;"


@dataclass
class PngInfo:
    width: int
    height: int
    has_alpha: bool
    mm_per_pixel: float | None  # from the pHYs chunk when the image states its physical size


def read_png(data: bytes) -> PngInfo:
    """Check by content that `data` is a transparent PNG of reasonable size; raise ValidationError if not."""
    if len(data) > PNG_MAX_BYTES:
        raise ValidationError(
            _("The image is too large (%(size)d KB); the limit is %(limit)d KB.")
            % {"size": len(data) // 1024, "limit": PNG_MAX_BYTES // 1024}
        )
    if not data.startswith(PNG_SIGNATURE):
        raise ValidationError(
            _("This file is not a PNG image. Save the signature or seal as PNG with a transparent background.")
        )
    damaged = ValidationError(_("The PNG file is damaged or incomplete. Export it again and retry."))
    try:  # verify() walks every chunk to IEND and checks the checksums, without decoding pixels
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.verify()
    except Exception:
        raise damaged from None
    with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
        width, height = image.size
        if not width or not height:
            raise damaged
        if width > PNG_MAX_SIDE or height > PNG_MAX_SIDE:
            raise ValidationError(
                _("The image is %(width)d × %(height)d pixels; at most %(limit)d pixels per side are accepted.")
                % {"width": width, "height": height, "limit": PNG_MAX_SIDE}
            )
        alpha = image.has_transparency_data
        if not alpha:
            raise ValidationError(
                _(
                    "The image has no transparent background. Remove the white background (save as PNG with transparency) so that the text shows through."
                )
            )
        # Pillow gives a pHYs chunk in metres as dots per inch; other units (aspect ratio only) give none.
        dpi = image.info.get("dpi")
        mm_per_pixel = 25.4 / dpi[0] if dpi and dpi[0] else None
        try:  # the chunks looked right; make sure the pixels decode too
            image.load()
        except Exception:
            raise damaged from None
    return PngInfo(width=width, height=height, has_alpha=alpha, mm_per_pixel=mm_per_pixel)


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _read_image(image: PrintImage) -> bytes | None:
    try:
        with image.image.open("rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None  # a missing file only costs the electronic copy its image, not the document


def sign_images(decision: Decision) -> SignImages | None:
    """The signer's signature and the agency's seal, when uploaded (one query)."""
    if not decision.signer_name:
        candidates = PrintImage.objects.filter(agency_id=decision.agency_id, kind=PrintImage.Kind.SEAL)
    else:
        candidates = PrintImage.objects.filter(agency_id=decision.agency_id, signer_name__in=["", decision.signer_name])
    signature = seal = None
    for image in candidates:
        if image.kind == PrintImage.Kind.SIGNATURE and image.signer_name == decision.signer_name:
            signature = image
        elif image.kind == PrintImage.Kind.SEAL:
            seal = image
    if signature is None and seal is None:
        return None
    signature_png = _read_image(signature) if signature else None
    seal_png = _read_image(seal) if seal else None
    seal_mm = DEFAULT_SEAL_MM
    if seal_png:
        try:
            info = read_png(seal_png)
            if info.mm_per_pixel and 20 <= info.width * info.mm_per_pixel <= 60:
                seal_mm = round(info.width * info.mm_per_pixel, 1)
        except ValidationError:
            seal_png = None
    if not signature_png and not seal_png:
        return None
    return SignImages(
        signature=_data_uri(signature_png) if signature_png else None,
        seal=_data_uri(seal_png) if seal_png else None,
        seal_mm=seal_mm,
        signature_png=signature_png,
        seal_png=seal_png,
    )


def print_image_save(*, agency, kind: str, signer_name: str, data: bytes, user) -> PrintImage:
    """Store (or replace) an agency's seal or a signer's signature after checking the PNG by content. Only
    the agency's secretariat or a leader may (SIGN_OFF); the replaced file is removed once the new row
    is committed, so a rollback never leaves the row pointing at a deleted file."""
    require(user, Action.SIGN_OFF, agency)
    read_png(data)
    signer_name = nfc(signer_name or "").strip() if kind == PrintImage.Kind.SIGNATURE else ""
    if kind == PrintImage.Kind.SIGNATURE and not signer_name:
        raise ValidationError(
            {"signer_name": _("Enter the signer's name exactly as it is printed under the signature.")}
        )
    with transaction.atomic():
        image = PrintImage.objects.select_for_update().filter(agency=agency, kind=kind, signer_name=signer_name).first()
        old_name = image.image.name if image else ""
        if image is None:
            image = PrintImage(agency=agency, kind=kind, signer_name=signer_name)
        image.uploaded_by = recorded_user(user)
        image.image.save(f"{agency.pk}_{kind}_{uuid4().hex[:12]}.png", ContentFile(data), save=False)
        image.full_clean(exclude=["uploaded_by"])  # nobody for SYSTEM (command line, tests)
        image.save()
        if old_name and old_name != image.image.name:
            storage = image.image.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return image


@transaction.atomic
def print_image_delete(*, image: PrintImage, user) -> None:
    """Remove a seal or signature (SIGN_OFF); the file goes once the row's removal is committed."""
    require(user, Action.SIGN_OFF, image.agency)
    name, storage = image.image.name, image.image.storage
    image.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
