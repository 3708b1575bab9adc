"""Validation shared by every service: plain NFC text, no markup, bounded length."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from qms_portal.text import contains_html, nfc

CONTROL_CHARS = {chr(c) for c in range(0x00, 0x20)} - {"\n", "\r", "\t"}


def normalise_text_fields(instance: models.Model) -> None:
    """Store every text field as NFC (also converting TCVN3/VNI pastes) and strip outer spaces."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                value = nfc(value).replace("\r\n", "\n").strip()
                setattr(instance, field.attname, value)


def validate_plain_text(instance: models.Model, *, allow_html_fields: frozenset[str] = frozenset()) -> None:
    """Refuse HTML tags and control characters in any user-entered text field."""
    errors: dict[str, list[str]] = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)) or field.name in allow_html_fields:
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str):
            continue
        if contains_html(value):
            errors.setdefault(field.name, []).append(_("HTML tags are not allowed here; please enter plain text."))
        elif any(ch in CONTROL_CHARS for ch in value):
            errors.setdefault(field.name, []).append(_("The text contains invalid control characters."))
    if errors:
        raise ValidationError(errors)


def clean_and_validate(
    instance: models.Model, *, exclude: list[str] | None = None, validate_constraints: bool = True
) -> None:
    """The standard check every service runs before saving a model instance. A service that checks a
    model's constraints itself (with friendlier messages) may skip Django's one-query-per-constraint pass;
    the database still enforces them."""
    normalise_text_fields(instance)
    validate_plain_text(instance)
    instance.full_clean(exclude=exclude, validate_constraints=validate_constraints)
