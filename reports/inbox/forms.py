"""Forms of the inbox: the user's notification settings."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reports.inbox.models import NotificationKind


class NotificationSettingsForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)
    email_on = forms.MultipleChoiceField(
        label=_("Send me an e-mail when"),
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Notifications always appear in the app; untick a kind to stop its e-mails."),
    )
