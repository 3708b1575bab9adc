"""The audit trail: history rows (django-simple-history) for every write, with the author as they were.

- `AuditedHistory` replaces `HistoricalRecords` on every tracked model: each history row stores the author's
  id as a plain number (no foreign key: deleting a user changes no history row) plus their username and
  full name at the time of the change (renaming a user changes nothing recorded).
- The author is the `user` a service acts for (`acting_as`, entered by `service`), else the request's user.
- Bulk writes go through `bulk_create`, `bulk_update` and `update` below, which write one history row per
  changed record; `history_gaps()` finds any record whose history does not match it (a write that bypassed
  this module), and the test suite runs it after every service.
- History tables are append-only in the database (qms_portal.dbguards installs the triggers).
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

_acting: contextvars.ContextVar = contextvars.ContextVar("qms_acting_user", default=None)


class HistoryAuthor(models.Model):
    """Extra columns of every history table: who made the change, as they were named then."""

    history_username = models.CharField(max_length=150, blank=True, default="")
    history_user_full_name = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def history_author(self) -> str:
        """The author as recorded: full name, else username, else "" (the system)."""
        return self.history_user_full_name or self.history_username


def _get_user(historical):
    if historical.history_user_id is None:
        return None
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=historical.history_user_id).first()


def _set_user(historical, user) -> None:
    if user is None or not getattr(user, "pk", None):
        return
    historical.history_user_id = user.pk
    historical.history_username = user.get_username()[:150]
    historical.history_user_full_name = (user.get_full_name() or "").strip()[:300]


class AuditedHistory(HistoricalRecords):
    """HistoricalRecords with the author snapshot and the acting user of the service in progress."""

    def __init__(self, **kwargs):
        kwargs.setdefault("bases", [HistoryAuthor])
        kwargs.setdefault("history_user_id_field", models.IntegerField(null=True, blank=True, db_index=True))
        kwargs.setdefault("history_user_getter", _get_user)
        kwargs.setdefault("history_user_setter", _set_user)
        super().__init__(**kwargs)

    def get_history_user(self, instance):
        acting = _acting.get()
        if acting is not None:
            return acting
        return super().get_history_user(instance)


def acting_user():
    return _acting.get()


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Every history row written inside is credited to `user` (None keeps the outer author, or the request's)."""
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    token = _acting.set(user)
    try:
        yield
    finally:
        _acting.reset(token)


def service(func):
    """Decorator for a service function: runs it in a transaction, crediting its `user` keyword in history."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with acting_as(kwargs.get("user")), transaction.atomic():
            return func(*args, **kwargs)

    return wrapper


def is_tracked(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


# --- bulk writes with history -------------------------------------------------------------------------------------


def bulk_create(model: type[models.Model], objs: list[models.Model], **kwargs) -> list[models.Model]:
    """Model.objects.bulk_create, plus one "+" history row per record."""
    if not objs:
        return []
    if not is_tracked(model):
        return model.objects.bulk_create(objs, **kwargs)
    return bulk_create_with_history(objs, model, default_user=acting_user(), **kwargs)


def bulk_update(model: type[models.Model], objs: Iterable[models.Model], fields: list[str]) -> int:
    """Model.objects.bulk_update, plus one "~" history row per record."""
    objs = list(objs)
    if not objs:
        return 0
    if not is_tracked(model):
        return model.objects.bulk_update(objs, fields)
    return bulk_update_with_history(objs, model, fields, default_user=acting_user()) or len(objs)


def update(queryset: models.QuerySet, **values) -> int:
    """queryset.update(**values) (F() expressions allowed), plus one "~" history row per changed record."""
    model = queryset.model
    if not is_tracked(model):
        return queryset.update(**values)
    ids = list(queryset.values_list("pk", flat=True))
    if not ids:
        return 0
    count = model.objects.filter(pk__in=ids).update(**values)
    changed = list(model.objects.filter(pk__in=ids))
    model.history.bulk_history_create(changed, update=True, default_user=acting_user(), default_date=timezone.now())
    return count


def record_cleared_links(instance: models.Model) -> None:
    """History rows for the records that deleting `instance` will change rather than delete (on_delete=SET_NULL
    links from tracked records, which Django clears with one bare UPDATE); the links are cleared here first."""
    from django.db import router
    from django.db.models.deletion import Collector

    collector = Collector(using=router.db_for_write(type(instance)), origin=instance)
    collector.collect([instance])
    for (field, value), batches in collector.field_updates.items():
        if not is_tracked(field.model):
            continue
        for batch in batches:
            keys = [obj.pk for obj in batch]
            if keys:
                update(field.model.objects.filter(pk__in=keys), **{field.attname: value})


def delete(instance: models.Model) -> None:
    """instance.delete(), with history rows for the links to it that the deletion clears."""
    record_cleared_links(instance)
    instance.delete()


# --- checking ----------------------------------------------------------------------------------------------------


def tracked_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if is_tracked(m) and not m._meta.abstract]


def history_gaps(model: type[models.Model], *, limit: int = 20) -> list[str]:
    """Records whose latest history row does not match them, and deleted records without a "-" row."""
    history = model.history.model
    fields = [f.attname for f in history.tracked_fields]
    pk = model._meta.pk.attname
    latest: dict = {}
    for row in history.objects.order_by(pk, "history_date", "history_id").values(pk, "history_type", *fields):
        latest[row[pk]] = row
    problems: list[str] = []
    for current in model.objects.values(*fields):
        record = latest.get(current[pk])
        if record is None:
            problems.append(f"{model.__name__} {current[pk]}: no history row")
        elif record["history_type"] == "-":
            problems.append(f"{model.__name__} {current[pk]}: history says deleted")
        else:
            differ = [f for f in fields if record[f] != current[f]]
            if differ:
                problems.append(f"{model.__name__} {current[pk]}: history differs in {', '.join(differ)}")
        if len(problems) >= limit:
            return problems
    live = set(model.objects.values_list("pk", flat=True))
    for key, record in latest.items():
        if key not in live and record["history_type"] != "-":
            problems.append(f"{model.__name__} {key}: deleted without a history row")
            if len(problems) >= limit:
                break
    return problems
