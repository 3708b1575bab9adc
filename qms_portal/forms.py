"""Form fields shared by every app."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from qms_portal.vnformat import format_decimal, parse_decimal


class VietnameseDecimalField(forms.CharField):
    """A number typed as people write it: "96,5", "1.200", "97%" (or "96.5"). Stays text in the form so
    that what was typed is shown again untouched when something else is wrong."""

    MAX_LENGTH = 30

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": self.MAX_LENGTH})

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return format_decimal(value)
        return value

    def to_python(self, value) -> Decimal | None:
        text = super().to_python(value).strip()
        if not text:
            return None
        if len(text) > self.MAX_LENGTH:
            raise ValidationError(
                _("“%(value)s” is too long for a number."), code="invalid", params={"value": text[:40]}
            )
        try:
            number = parse_decimal(text)
        except (ValueError, ArithmeticError):
            raise ValidationError(
                _(
                    "“%(value)s” is not a number. Write decimals with a comma and thousands with dots, e.g. 96,5 or 1.200."
                ),
                code="invalid",
                params={"value": text},
            ) from None
        if not number.is_finite() or abs(number) >= Decimal(10) ** 12:
            raise ValidationError(_("“%(value)s” is too large."), code="invalid", params={"value": text})
        return number


class VietnameseDateField(forms.DateField):
    """A date typed and shown as dd/mm/yyyy whatever the browser's locale (a text box, not the browser's
    date picker, which follows the browser's language and shows mm/dd/yyyy in an English browser)."""

    input_formats = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]  # ISO: unambiguous, from old pages
    default_error_messages = {
        "invalid": _("Enter the date as dd/mm/yyyy, e.g. 05/01/2027."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y"))
        super().__init__(**kwargs)
        self.widget.format = "%d/%m/%Y"
        self.widget.attrs.update(
            {
                "placeholder": "dd/mm/yyyy",
                "autocomplete": "off",
                "maxlength": 10,
            }
        )


# Django 6.1 offers "- Select an option -" as the empty choice of model fields with choices, and its
# Vietnamese catalogue has no translation for it: ours does (makemessages finds it here).
BLANK_CHOICE_LABEL = gettext_noop("- Select an option -")
