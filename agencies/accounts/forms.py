"""Forms for the second factor and the throttled password reset."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=20, strip=True,
        help_text=_("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )
    remember = forms.BooleanField(label="", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.TWO_FACTOR_REMEMBER_DAYS
        if days > 0:
            self.fields["remember"].label = ngettext_lazy(
                "Do not ask again on this browser for %(days)d day", "Do not ask again on this browser for %(days)d days", days,
            ) % {"days": days}
        else:
            del self.fields["remember"]

    def clean_code(self) -> str:
        return self.cleaned_data["code"].replace(" ", "").lower()


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"), max_length=10, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class BackgroundPasswordResetForm(PasswordResetForm):
    """Looks nothing up while the visitor waits: the address goes to the background worker, which finds the
    account and sends the mail, so the answer takes the same time whether or not the address is known."""

    def save(self, *, domain_override=None, use_https=False, request=None, **kwargs) -> None:
        from agencies.accounts.tasks import send_password_reset

        domain = domain_override or (request.get_host() if request is not None else "localhost")
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        send_password_reset.enqueue(email=self.cleaned_data["email"], domain=domain, use_https=use_https, language=language)
