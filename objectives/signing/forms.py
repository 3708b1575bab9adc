"""Forms of the signing pages and admin: the signed original upload, trust anchor and certificate uploads."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignedOriginalForm(forms.Form):
    file = forms.FileField(label=_("Signed PDF (the electronic original)"))


class TrustAnchorForm(forms.ModelForm):
    """Admin: a root or intermediate CA certificate uploaded as a file (PEM or DER)."""

    certificate_file = forms.FileField(
        label=_("Certificate file (.cer, .crt, .pem)"),
        help_text=_("The root or intermediate certificate of a certification authority, e.g. the government CA."),
    )

    class Meta:
        from objectives.signing.models import TrustAnchor

        model = TrustAnchor
        fields = ["name", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # an existing anchor: only its name and active flag change
            del self.fields["certificate_file"]

    def clean(self):
        from cryptography.hazmat.primitives import hashes
        from django.core.exceptions import ValidationError

        from objectives.signing.models import TrustAnchor
        from objectives.signing.services import inspect_anchor

        cleaned = super().clean()
        upload = cleaned.get("certificate_file")
        if upload is not None:
            data = upload.read(64 * 1024 + 1)
            try:
                cert = inspect_anchor(data)
            except ValidationError as exc:
                self.add_error("certificate_file", exc.message_dict["certificate_file"])
                return cleaned
            existing = TrustAnchor.objects.filter(fingerprint=cert.fingerprint(hashes.SHA256()).hex()).first()
            if existing is not None:
                self.add_error(
                    "certificate_file",
                    _("This certificate is already a trust anchor: %(name)s.") % {"name": existing.name},
                )
            cleaned["certificate_bytes"] = data
        return cleaned


class SigningCertificateForm(forms.ModelForm):
    """Admin: the agency's PKCS#12 file with its password, or the PKCS#11 token settings."""

    pkcs12_file = forms.FileField(label=_("PKCS#12 file (.p12, .pfx)"), required=False)
    password = forms.CharField(label=_("Password of the PKCS#12 file"), required=False, widget=forms.PasswordInput)

    class Meta:
        from objectives.signing.models import AgencySigningCertificate

        model = AgencySigningCertificate
        fields = [
            "agency",
            "kind",
            "active",
            "pkcs11_module",
            "pkcs11_token_label",
            "pkcs11_key_label",
            "pkcs11_pin_env",
        ]

    def clean(self):
        from objectives.signing.models import SigningKind

        cleaned = super().clean()
        upload = cleaned.get("pkcs12_file")
        if (
            cleaned.get("kind") == SigningKind.PKCS12
            and upload is None
            and not (self.instance.pk and self.instance.pkcs12_encrypted)
        ):
            self.add_error("pkcs12_file", _("Upload the agency's PKCS#12 file."))
        if upload is not None:
            from django.core.exceptions import ValidationError

            from objectives.signing.server_sign import inspect_pkcs12

            cleaned["pkcs12_bytes"] = upload.read(256 * 1024 + 1)
            try:
                inspect_pkcs12(cleaned["pkcs12_bytes"], cleaned.get("password") or "")
            except ValidationError as exc:
                self.add_error("pkcs12_file", exc.message_dict.get("pkcs12", exc.messages))
        return cleaned
