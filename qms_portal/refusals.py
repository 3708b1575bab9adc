"""How a service says no, and the one way views show it.

- `WorkflowError(message, code)`: the object's state does not allow the step (a submitted decision
  edited, an accepted report returned). Callers branch on `code`, never on the text.
- `ValidationError`: a field's value is wrong (with the field's name when there is one).
- A database constraint that refuses a row the service's own check could not see (two people taking
  the same decision number at once) becomes a `ValidationError` on its field (`save_or_field_error`).

`show_error(request, exc, form=None)` puts any of them onto the form (beside its field, or at the top)
or, without a form, into the messages shown on the next page.
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction


class WorkflowError(Exception):
    """A step refused because of the object's state; `code` names the reason for callers and tests."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)

    @property
    def messages(self) -> list[str]:
        return [str(self.message)]


def save_or_field_error(instance: models.Model, *, constraints: dict[str, tuple[str, str]], **save_kwargs) -> None:
    """Save the instance in a savepoint; when the database refuses it with one of the named constraints,
    raise `ValidationError({field: message})` instead (the transaction stays usable). `constraints` maps
    a constraint name of the model's Meta to (field, message). Any other IntegrityError is re-raised."""
    try:
        with transaction.atomic():
            instance.save(**save_kwargs)
    except IntegrityError as exc:
        violated = _violated(instance, str(exc), constraints)
        if violated is None:
            raise
        field, message = constraints[violated]
        raise ValidationError({field: message}, code=violated) from exc


def _violated(instance: models.Model, text: str, names) -> str | None:
    """Which named constraint the database message is about: PostgreSQL names the constraint, SQLite
    lists its columns ("UNIQUE constraint failed: table.a, table.b")."""
    table = instance._meta.db_table
    by_name = {c.name: c for c in instance._meta.constraints}
    for name in names:
        if f'"{name}"' in text or name in text.split():
            return name
        constraint = by_name.get(name)
        fields = getattr(constraint, "fields", None)
        if fields:
            columns = ", ".join(f"{table}.{instance._meta.get_field(f).column}" for f in fields)
            if text.endswith(columns) or f"{columns}\n" in text:
                return name
    return None


def show_error(request, exc: Exception, form=None, *, field_aliases: dict[str, str] | None = None) -> None:
    """Show a service's refusal: on the form when given (errors beside their fields; those of fields the
    form lacks, and wrong-state refusals, at the top), otherwise as error messages. `field_aliases` maps
    a model field to the form field that edits it (e.g. "legal_bases" -> "legal_bases_text")."""
    aliases = field_aliases or {}
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        pairs = list(exc.message_dict.items())
    elif isinstance(exc, (ValidationError, WorkflowError)):
        pairs = [(NON_FIELD_ERRORS, list(exc.messages))]
    else:
        raise TypeError(f"show_error handles ValidationError and WorkflowError, not {type(exc).__name__}")
    for name, errors in pairs:
        if form is None:
            for message in errors:
                messages.error(request, message)
            continue
        name = aliases.get(name, name)
        if name not in form.fields and f"{name}_text" in form.fields:
            name = f"{name}_text"  # list fields are edited as one text per line
        form.add_error(name if name in form.fields else None, errors)
