"""A decision's content: sections, objectives and their typed, measurable targets."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from qms_portal.audit import AuditedHistory

from .decision import Decision


class Section(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=255, help_text=_('e.g. "Đối với Ủy ban nhân dân xã"'))
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    history = AuditedHistory()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def agency(self) -> Agency:
        return self.decision.agency


class Objective(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="objectives")
    section = models.ForeignKey(
        Section, verbose_name=_("section"), null=True, blank=True, on_delete=models.SET_NULL, related_name="objectives"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    content = models.TextField(_("objective"), max_length=3000)
    measures = models.TextField(_("measures"), max_length=3000, blank=True)
    responsibility = models.TextField(_("responsibility"), max_length=1000, blank=True)
    resources = models.TextField(_("resources"), max_length=1000, blank=True)
    timeframe = models.CharField(_("timeframe"), max_length=255, blank=True)
    evaluation = models.TextField(_("how results are evaluated"), max_length=1000, blank=True)
    qualitative = models.BooleanField(
        _("qualitative objective (no measurable target)"),
        default=False,
        help_text=_("Tick only for an objective that cannot be measured; the others need at least one target."),
    )
    parent_objective = models.ForeignKey(
        "self",
        verbose_name=_("implements the parent agency's objective"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementations",
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    history = AuditedHistory()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def agency(self) -> Agency:
        return self.decision.agency


class Comparator(models.TextChoices):
    GTE = ">=", _("at least (≥)")
    GT = ">", _("more than (>)")
    LTE = "<=", _("at most (≤)")
    LT = "<", _("less than (<)")
    EQ = "=", _("exactly (=)")
    BETWEEN = "between", _("between")
    REDUCE_BY = "reduce_by", _("reduce by, versus last year")
    DONE = "done", _("done / not done")


class Unit(models.TextChoices):
    PERCENT = "percent", "%"
    COUNT = "count", _("count")
    TIMES_PER_YEAR = "times_per_year", _("times per year")
    DAYS = "days", _("days")
    POINTS = "points", _("points")
    TEXT = "text", _("other (free text)")


class Measurement(models.TextChoices):
    RATIO = "ratio", _("numerator / denominator")
    VALUE = "value", _("a single value")
    YES_NO = "yes_no", _("done / not done")


class Aggregation(models.TextChoices):
    RATIO_OF_SUMS = "ratio_of_sums", _("ratio of the sums")
    SUM = "sum", _("sum")
    LAST = "last", _("last value")
    AVERAGE = "average", _("average")


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", _("quarterly")
    HALF_YEARLY = "half_yearly", _("half-yearly")
    YEARLY = "yearly", _("yearly")


class Target(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveIntegerField(_("order"), default=0)
    label = models.CharField(_("short label"), max_length=200, blank=True)
    comparator = models.CharField(_("comparator"), max_length=10, choices=Comparator.choices, default=Comparator.GTE)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    upper = models.DecimalField(_("upper value"), max_digits=14, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.PERCENT)
    unit_label = models.CharField(
        _("unit name"),
        max_length=60,
        blank=True,
        help_text=_('For counts or free units, e.g. "sáng kiến".'),
    )
    scope = models.CharField(_("scope"), max_length=120, blank=True, help_text=_('e.g. "cấp xã"'))
    measurement = models.CharField(
        _("measured as"), max_length=10, choices=Measurement.choices, default=Measurement.RATIO
    )
    aggregation = models.CharField(
        _("over the year"), max_length=20, choices=Aggregation.choices, default=Aggregation.RATIO_OF_SUMS
    )
    frequency = models.CharField(_("reported"), max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY)
    source_phrase = models.CharField(_("original phrase"), max_length=500, blank=True)
    parent_target = models.ForeignKey(
        "self",
        verbose_name=_("implements the parent agency's target"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementations",
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    history = AuditedHistory()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(unit="percent") | Q(value__isnull=True) | Q(value__gte=0, value__lte=100),
                name="target_percent_value_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(unit="percent") | Q(upper__isnull=True) | Q(upper__gte=0, upper__lte=100),
                name="target_percent_upper_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(comparator="between") | Q(value__isnull=False, upper__isnull=False, upper__gte=F("value")),
                name="target_between_bounds_ordered",
            ),
            models.CheckConstraint(
                condition=Q(comparator="done") | Q(value__isnull=False),
                name="target_value_required",
            ),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0), name="target_value_not_negative"),
        ]

    def __str__(self) -> str:
        from objectives.targets import render_target

        return render_target(self)

    @property
    def agency(self) -> Agency:
        return self.objective.decision.agency

    @property
    def document_phrase(self) -> str:
        """As the decision itself words it: the original phrase when there is one, else the standard wording."""
        return self.source_phrase or str(self)

    @property
    def higher_is_better(self) -> bool | None:
        if self.comparator in (Comparator.GTE, Comparator.GT, Comparator.REDUCE_BY):
            return True
        if self.comparator in (Comparator.LTE, Comparator.LT):
            return False
        return None

    def is_met(self, result: Decimal | bool | None, *, previous: Decimal | None = None) -> bool | None:
        from objectives.targets import target_is_met

        return target_is_met(self, result, previous=previous)
