"""Agencies as a tree whose levels are data, and who belongs to which agency in which role."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qms_portal.audit import AuditedHistory


class AgencyKind(models.TextChoices):
    PROVINCE_COMMITTEE = "province_committee", _("Provincial people's committee")
    PROVINCE_OFFICE = "province_office", _("Office of the provincial people's committee")
    DEPARTMENT = "department", _("Department or other provincial body")
    DISTRICT_COMMITTEE = "district_committee", _("District people's committee (before 1 July 2025)")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune, ward or special zone people's committee")
    UNIT = "unit", _("Room or unit inside an agency")
    SERVICE_CENTRE = "service_centre", _("Public administrative service centre")
    OTHER = "other", _("Other")


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(dissolved_on__isnull=True)

    def subtree_of(self, agency: "Agency"):
        """The agency and everything below it, in one query."""
        return self.filter(path__startswith=agency.path)

    def search(self, query: str):
        from qms_portal.text import fold

        key = fold(query)
        return self.filter(search_key__contains=key) if key else self


class Agency(models.Model):
    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(
        _("full name"),
        max_length=255,
        help_text=_(
            'As written in documents, with its capitals and abbreviations, e.g. "Văn phòng HĐND và UBND xã Phước An".'
        ),
    )
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=AgencyKind.choices, default=AgencyKind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    header_parent = models.CharField(
        _("header line: parent agency"),
        max_length=255,
        blank=True,
        help_text=_('First line of the print header, e.g. "UBND TỈNH ĐỒNG NAI".'),
    )
    header_own = models.CharField(
        _("header line: agency"),
        max_length=255,
        blank=True,
        help_text=_('Second, bold line of the print header, e.g. "ỦY BAN NHÂN DÂN XÃ PHƯỚC AN".'),
    )
    symbol = models.CharField(
        _("document symbol"),
        max_length=30,
        blank=True,
        help_text=_('The agency part of a document symbol, e.g. "UBND" in "QĐ-UBND".'),
    )
    place = models.CharField(
        _("place name"),
        max_length=120,
        blank=True,
        help_text=_('Used in the dated line, e.g. "Phước An".'),
    )
    # Wording of its documents (agencies.wording pre-fills them from the kind; the user corrects them).
    head_title = models.CharField(
        _("head's title"),
        max_length=120,
        blank=True,
        help_text=_('As written in running text, e.g. "Chủ tịch", "Chánh Văn phòng", "Trưởng phòng", "Giám đốc".'),
    )
    authority_text = models.CharField(
        _("issuing authority as written"),
        max_length=255,
        blank=True,
        help_text=_(
            'Title and name as running text writes them, e.g. "Chủ tịch Ủy ban nhân dân xã Phước An" or '
            '"Trưởng phòng Kinh tế xã Phước An"; headings print it in capitals.'
        ),
    )
    head_name = models.CharField(
        _("head's name"),
        max_length=120,
        blank=True,
        help_text=_("Pre-fills the signer's name of new decisions."),
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    split_into = models.ManyToManyField(
        "self",
        verbose_name=_("split into"),
        symmetrical=False,
        blank=True,
        related_name="split_from",
    )
    # Materialised path of primary keys ("/1/5/12/"): a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    search_key = models.CharField(max_length=600, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = AuditedHistory(excluded_fields=["path", "depth", "search_key"])
    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="agency_not_own_parent"),
            models.CheckConstraint(condition=~Q(code=""), name="agency_code_not_empty"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def is_dissolved(self) -> bool:
        return self.dissolved_on is not None

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    def is_in_subtree_of(self, other: "Agency") -> bool:
        return bool(other.path) and self.path.startswith(other.path)


class Role(models.TextChoices):
    EDITOR = "editor", _("Editor")
    UNIT_HEAD = "unit_head", _("Unit head")
    SECRETARIAT = "secretariat", _("ISO secretariat")
    LEADER = "leader", _("Leader")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    history = AuditedHistory()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["agency__path", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.agency}"
