"""Writes for agencies and memberships: validated, transactional, keeping the tree path in step."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyKind, Membership, Role
from agencies.wording import wording_defaults
from qms_portal.text import fold, nfc, tone_key
from qms_portal.validation import clean_and_validate

AGENCY_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "header_parent",
    "header_own",
    "symbol",
    "place",
    "dissolved_on",
    "head_title",
    "authority_text",
    "head_name",
)
CSV_COLUMNS = [
    "code",
    "name",
    "short_name",
    "kind",
    "parent_code",
    "symbol",
    "place",
    "header_parent",
    "header_own",
    "dissolved_on",
]


def _refresh_derived(agency: Agency) -> None:
    parent_path = agency.parent.path if agency.parent_id else "/"
    agency.path = f"{parent_path}{agency.pk}/"
    agency.depth = parent_path.count("/") - 1
    agency.search_key = fold(" ".join(filter(None, [agency.code, agency.name, agency.short_name])))


def _check_parent(agency: Agency, parent: Agency | None) -> None:
    if parent is None or agency.pk is None:
        return
    if parent.pk == agency.pk or parent.is_in_subtree_of(agency):
        raise ValidationError({"parent": _("An agency cannot be placed under itself or one of its own units.")})


def _check_duplicate_name(agency: Agency) -> None:
    """Two agencies under the same parent may not share a name, even spelled with the tone mark elsewhere
    ("Phòng Văn hoá" and "Phòng Văn hóa" are the same name)."""
    key = tone_key(agency.name)
    siblings = Agency.objects.filter(parent_id=agency.parent_id, dissolved_on__isnull=True).exclude(pk=agency.pk)
    for other in siblings.only("pk", "name", "code"):
        if tone_key(other.name) == key:
            raise ValidationError(
                {
                    "name": _("%(other)s (code %(code)s) already has this name under the same parent.")
                    % {"other": other.name, "code": other.code}
                }
            )


def _fill_wording(agency: Agency) -> None:
    """Pre-fill the head's title and the authority as written from the kind, where left empty."""
    for name, value in wording_defaults(agency.kind, agency.name).items():
        if not (getattr(agency, name) or "").strip():
            setattr(agency, name, value)


@transaction.atomic
def agency_create(
    *, code: str, name: str, kind: str = AgencyKind.OTHER, parent: Agency | None = None, **fields
) -> Agency:
    agency = Agency(code=code, name=name, kind=kind, parent=parent, **fields)
    _fill_wording(agency)
    clean_and_validate(agency, exclude=["path", "depth", "search_key"])
    if not agency.dissolved_on:
        _check_duplicate_name(agency)
    agency.save()
    _refresh_derived(agency)
    agency.save(update_fields=["path", "depth", "search_key"])
    return agency


@transaction.atomic
def agency_update(*, agency: Agency, parent: Agency | None | type[Ellipsis] = ..., **fields) -> Agency:
    """Change an agency's fields; a new parent moves its whole subtree along with it."""
    old_path = agency.path
    for name, value in fields.items():
        if name not in AGENCY_FIELDS:
            raise TypeError(f"agency_update() got an unexpected field {name!r}")
        setattr(agency, name, value)
    if parent is not ...:
        _check_parent(agency, parent)
        agency.parent = parent
    _fill_wording(agency)
    clean_and_validate(agency, exclude=["path", "depth", "search_key"])
    _refresh_derived(agency)
    agency.save()
    if agency.path != old_path:
        # Every descendant's path starts with the old path: swap that prefix (depth follows the path).
        for child in Agency.objects.filter(path__startswith=old_path).exclude(pk=agency.pk):
            child.path = agency.path + child.path[len(old_path) :]
            child.depth = child.path.count("/") - 2
            child.save(update_fields=["path", "depth"])
    return agency


@transaction.atomic
def agency_dissolve(
    *, agency: Agency, dissolved_on: date, merged_into: Agency | None = None, split_into: list[Agency] | None = None
) -> Agency:
    """Record that an agency ceased to exist and who took over its work; its data stays readable."""
    successors = [merged_into] if merged_into else list(split_into or [])
    if any(s.pk == agency.pk for s in successors):
        raise ValidationError(_("An agency cannot be its own successor."))
    agency.dissolved_on = dissolved_on
    agency.merged_into = merged_into
    clean_and_validate(agency, exclude=["path", "depth", "search_key"])
    agency.save()
    agency.split_into.set(split_into or [])
    return agency


@transaction.atomic
def membership_add(*, user, agency: Agency, role: str) -> Membership:
    membership, _created = Membership.objects.get_or_create(user=user, agency=agency, role=Role(role))
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    membership.delete()


@dataclass
class CsvImportResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


class AgencyImportError(Exception):
    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(f"{len(errors)} bad rows")
        self.errors = errors


def _parse_date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(_('date "%(value)s" is not in the form YYYY-MM-DD or DD/MM/YYYY') % {"value": value})


def _read_csv_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AgencyImportError([(0, _('The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.'))]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise AgencyImportError([(1, _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)})])
    rows = []
    for row in reader:
        cleaned = {k.strip(): nfc(v or "").strip() for k, v in row.items() if k}
        if not any(cleaned.values()):
            continue
        rows.append((reader.line_num, cleaned))
    return rows


def agencies_import_csv(*, data: bytes) -> CsvImportResult:
    """Create or update agencies from CSV; all or nothing. Raises AgencyImportError listing every bad row."""
    rows = _read_csv_rows(data)
    errors: list[tuple[int, str]] = []
    by_code: dict[str, tuple[int, dict[str, str]]] = {}
    valid_kinds = {k.value for k in AgencyKind}
    for line, row in rows:
        code = row["code"]
        if not code:
            errors.append((line, _("the code is empty")))
            continue
        if code in by_code:
            errors.append(
                (
                    line,
                    _('code "%(code)s" appears twice (first on line %(line)d)')
                    % {"code": code, "line": by_code[code][0]},
                )
            )
            continue
        by_code[code] = (line, row)
        if not row["name"]:
            errors.append((line, _("the name is empty")))
        if row["kind"] not in valid_kinds:
            errors.append(
                (
                    line,
                    _('kind "%(kind)s" is not one of: %(kinds)s')
                    % {"kind": row["kind"], "kinds": ", ".join(sorted(valid_kinds))},
                )
            )
        try:
            row["dissolved_on_parsed"] = _parse_date(row["dissolved_on"])
        except ValueError as exc:
            errors.append((line, str(exc)))

    existing = {
        a.code: a for a in Agency.objects.filter(code__in=[*by_code, *(r["parent_code"] for _l, r in by_code.values())])
    }
    for code, (line, row) in by_code.items():
        parent_code = row["parent_code"]
        if parent_code and parent_code not in by_code and parent_code not in existing:
            errors.append(
                (line, _('parent code "%(code)s" is neither in the file nor in the database') % {"code": parent_code})
            )
        if parent_code == code:
            errors.append((line, _("an agency cannot be its own parent")))

    # Parents first; anything left over sits in a cycle.
    ordered: list[str] = []
    placed: set[str] = set()
    pending = dict(by_code)
    while pending:
        ready = [
            c
            for c, (_l, r) in pending.items()
            if not r["parent_code"] or r["parent_code"] in placed or r["parent_code"] not in pending
        ]
        if not ready:
            for c, (line, _r) in pending.items():
                errors.append((line, _('code "%(code)s" is part of a parent cycle') % {"code": c}))
            break
        for c in ready:
            ordered.append(c)
            placed.add(c)
            del pending[c]

    if errors:
        raise AgencyImportError(sorted(set(errors)))

    result = CsvImportResult()
    with transaction.atomic():
        created: dict[str, Agency] = {}
        for code in ordered:
            line, row = by_code[code]
            parent_code = row["parent_code"]
            parent = (created.get(parent_code) or existing.get(parent_code)) if parent_code else None
            values = {
                "name": row["name"],
                "short_name": row["short_name"],
                "kind": row["kind"],
                "symbol": row["symbol"],
                "place": row["place"],
                "header_parent": row["header_parent"],
                "header_own": row["header_own"],
                "dissolved_on": row["dissolved_on_parsed"],
            }
            try:
                if code in existing:
                    created[code] = agency_update(agency=existing[code], parent=parent, **values)
                    result.updated += 1
                else:
                    created[code] = agency_create(code=code, parent=parent, **values)
                    result.created += 1
            except ValidationError as exc:
                errors.append((line, "; ".join(_flatten(exc))))
        if errors:
            raise AgencyImportError(errors)
    return result


def _flatten(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{name}: {msg}" for name, msgs in exc.message_dict.items() for msg in msgs]
    return list(exc.messages)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
):
    User = get_user_model()
    user = User(username=username, email=email, first_name=nfc(first_name), last_name=nfc(last_name), is_staff=is_staff)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user
