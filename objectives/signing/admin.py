"""Admin screens: trust anchors (uploaded CA certificates), agencies' signing certificates (stored encrypted),
and the signed originals (read-only)."""

from django.contrib import admin

from objectives.signing.forms import SigningCertificateForm, TrustAnchorForm
from objectives.signing.models import AgencySigningCertificate, SignedOriginal, SigningKind, TrustAnchor
from qms_portal.admin import ReadOnlyAdminMixin


@admin.register(TrustAnchor)
class TrustAnchorAdmin(admin.ModelAdmin):
    form = TrustAnchorForm
    list_display = ["name", "is_root", "subject", "not_after", "active"]
    list_filter = ["is_root", "active"]
    readonly_fields = ["is_root", "subject", "serial", "fingerprint", "not_before", "not_after"]

    def save_model(self, request, obj, form, change):
        from objectives.signing.services import trust_anchor_add

        if change:
            obj.save(update_fields=["name", "active"])
            return
        trust_anchor_add(data=form.cleaned_data["certificate_bytes"], name=obj.name, active=obj.active, instance=obj)


@admin.register(AgencySigningCertificate)
class AgencySigningCertificateAdmin(admin.ModelAdmin):
    form = SigningCertificateForm
    list_display = ["agency", "kind", "subject", "not_after", "active"]
    list_select_related = ["agency"]
    readonly_fields = ["subject", "serial", "not_after"]
    autocomplete_fields = []

    def save_model(self, request, obj, form, change):
        from objectives.signing.server_sign import signing_certificate_save_pkcs12

        data = form.cleaned_data.get("pkcs12_bytes")
        if obj.kind == SigningKind.PKCS12 and data:  # checked by the form; stored encrypted by the service
            saved = signing_certificate_save_pkcs12(
                agency=obj.agency,
                data=data,
                password=form.cleaned_data.get("password") or "",
                active=obj.active,
            )
            obj.pk, obj.subject, obj.serial, obj.not_after = saved.pk, saved.subject, saved.serial, saved.not_after
            return
        obj.save()


@admin.register(SignedOriginal)
class SignedOriginalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["decision", "filename", "state", "uploaded_by", "uploaded_at"]
    list_filter = ["state"]
    list_select_related = ["decision__agency", "uploaded_by"]
