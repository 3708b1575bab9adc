"""Models of signed electronic originals: trust anchors (set by an administrator), the signed PDF attached to a
decision with its stored validation result, and an agency's server-side signing certificate (kept encrypted)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from objectives.signing.statuses import SignatureState, css_class


class TrustAnchorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class TrustAnchor(models.Model):
    """A root or intermediate CA certificate whose signatures the product trusts (e.g. the government CA)."""

    name = models.CharField(_("name"), max_length=200)
    certificate = models.BinaryField(_("certificate (DER)"), editable=False)
    is_root = models.BooleanField(_("root (self-signed)"), default=False, editable=False)
    subject = models.CharField(_("subject"), max_length=500, editable=False)
    serial = models.CharField(_("serial number"), max_length=80, editable=False)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True, editable=False)
    not_before = models.DateTimeField(_("valid from"), editable=False)
    not_after = models.DateTimeField(_("valid until"), editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrustAnchorQuerySet.as_manager()

    class Meta:
        verbose_name = _("trust anchor")
        verbose_name_plural = _("trust anchors")
        ordering = ["-is_root", "name"]

    def __str__(self) -> str:
        return self.name


class SignedOriginal(models.Model):
    """A digitally signed PDF attached to an issued decision, with what the validation found when uploaded.
    The newest row of a decision is its current original; older rows are kept as history."""

    decision = models.ForeignKey(
        "objectives.Decision", verbose_name=_("decision"), on_delete=models.CASCADE, related_name="signed_originals"
    )
    file = models.FileField(_("signed PDF"), upload_to="signed-originals/%Y/")
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    state = models.CharField(_("status"), max_length=12, choices=SignatureState.choices)
    signatures = models.JSONField(_("signatures"), default=list, blank=True)
    revisions = models.PositiveIntegerField(_("revisions in the file"), default=0)
    error = models.CharField(_("technical detail"), max_length=500, blank=True)
    differences = models.JSONField(_("differences from the record"), default=list, blank=True)
    text_found = models.BooleanField(_("text could be read"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signed original")
        verbose_name_plural = _("signed originals")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def css_class(self) -> str:
        return css_class(self.state)

    @property
    def is_valid(self) -> bool:
        return self.state == SignatureState.VALID

    @property
    def matches_record(self) -> bool:
        return self.text_found and not self.differences


class SigningKind(models.TextChoices):
    PKCS12 = "pkcs12", _("PKCS#12 file (.p12/.pfx) with password")
    PKCS11 = "pkcs11", _("PKCS#11 token or HSM")


class AgencySigningCertificate(models.Model):
    """The agency's own certificate, used to sign the electronic copies it exports. The PKCS#12 file and its
    password are stored encrypted (Fernet, key from SIGNING_SECRET_KEY); a PKCS#11 PIN is read from the
    environment variable named here, never stored."""

    agency = models.OneToOneField(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="signing_certificate"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SigningKind.choices, default=SigningKind.PKCS12)
    pkcs12_encrypted = models.BinaryField(_("PKCS#12 (encrypted)"), blank=True, default=b"", editable=False)
    password_encrypted = models.BinaryField(_("password (encrypted)"), blank=True, default=b"", editable=False)
    pkcs11_module = models.CharField(_("PKCS#11 module path"), max_length=255, blank=True)
    pkcs11_token_label = models.CharField(_("PKCS#11 token label"), max_length=120, blank=True)
    pkcs11_key_label = models.CharField(_("PKCS#11 key label"), max_length=120, blank=True)
    pkcs11_pin_env = models.CharField(
        _("environment variable holding the PIN"),
        max_length=80,
        blank=True,
        help_text=_("The name of the variable, e.g. QMS_TOKEN_PIN; the PIN itself is never stored."),
    )
    subject = models.CharField(_("certificate subject"), max_length=500, blank=True, editable=False)
    serial = models.CharField(_("serial number"), max_length=80, blank=True, editable=False)
    not_after = models.DateTimeField(_("valid until"), null=True, blank=True, editable=False)
    active = models.BooleanField(_("sign exported copies"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agency signing certificate")
        verbose_name_plural = _("agency signing certificates")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="pkcs11") | ~Q(pkcs11_module=""),
                name="signing_pkcs11_has_module",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.subject or self.get_kind_display()}"
