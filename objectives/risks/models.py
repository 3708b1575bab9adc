"""The risk and opportunity register: one `RiskItem` per row of an agency's yearly table, and `RiskObjective`
linking it to objectives of that agency's decision of that year (an explicit, audited link table).

Level = likelihood × impact (risks.scale); the level after treatment uses the residual scores. A risk is
treated by accepting, reducing, avoiding or transferring it; an opportunity is pursued or accepted (left
alone). Actions taken on an item live in the corrective action register (reports), which holds the link."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from objectives.risks import scale
from qms_portal.audit import AuditedHistory

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class RiskKind(models.TextChoices):
    RISK = "risk", _("Risk")
    OPPORTUNITY = "opportunity", _("Opportunity")


class Treatment(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REDUCE = "reduce", _("Reduce")
    AVOID = "avoid", _("Avoid")
    TRANSFER = "transfer", _("Transfer")
    PURSUE = "pursue", _("Pursue")


# Which treatments suit which kind (ISO 9001 clause 6.1.2, note 1 and 2).
TREATMENTS_FOR = {
    RiskKind.RISK: (Treatment.ACCEPT, Treatment.REDUCE, Treatment.AVOID, Treatment.TRANSFER),
    RiskKind.OPPORTUNITY: (Treatment.PURSUE, Treatment.ACCEPT),
}


class RiskItem(models.Model):
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="risk_items")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)], db_index=True
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=RiskKind.choices, default=RiskKind.RISK)
    description = models.TextField(_("risk or opportunity"), max_length=2000)
    cause = models.TextField(_("cause"), max_length=2000, blank=True)
    objectives = models.ManyToManyField(
        "objectives.Objective",
        verbose_name=_("linked objectives"),
        through="RiskObjective",
        related_name="risk_items",
        blank=True,
    )
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), validators=SCORE_VALIDATORS)
    impact = models.PositiveSmallIntegerField(_("impact"), validators=SCORE_VALIDATORS)
    treatment = models.CharField(_("treatment"), max_length=10, choices=Treatment.choices)
    actions_text = models.TextField(_("actions"), max_length=3000, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (person)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risk_items",
    )
    owner_unit = models.ForeignKey(
        Agency,
        verbose_name=_("owner (unit)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_risk_items",
    )
    review_on = models.DateField(_("review date"), null=True, blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(
        _("likelihood after treatment"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    residual_impact = models.PositiveSmallIntegerField(
        _("impact after treatment"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies", editable=False
    )
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = AuditedHistory()

    class Meta:
        app_label = "objectives"
        verbose_name = _("risk or opportunity")
        verbose_name_plural = _("risks and opportunities")
        ordering = ["agency", "year", "order", "id"]
        indexes = [models.Index(fields=["agency", "year", "order"], name="risk_item_register")]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_item_scores_1_5",
            ),
            models.CheckConstraint(
                condition=Q(residual_likelihood__isnull=True, residual_impact__isnull=True)
                | Q(
                    residual_likelihood__gte=1,
                    residual_likelihood__lte=5,
                    residual_impact__gte=1,
                    residual_impact__lte=5,
                ),
                name="risk_item_residual_both_1_5",
            ),
            models.CheckConstraint(
                condition=Q(kind="risk", treatment__in=["accept", "reduce", "avoid", "transfer"])
                | Q(kind="opportunity", treatment__in=["pursue", "accept"]),
                name="risk_item_treatment_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind in TREATMENTS_FOR and self.treatment and self.treatment not in TREATMENTS_FOR[self.kind]:
            allowed = ", ".join(str(Treatment(t).label).lower() for t in TREATMENTS_FOR[self.kind])
            errors["treatment"] = _(
                "This treatment does not suit this kind (%(kind)s); choose one of: %(allowed)s."
            ) % {
                "kind": str(RiskKind(self.kind).label).lower(),
                "allowed": allowed,
            }
        if (self.residual_likelihood is None) != (self.residual_impact is None):
            field = "residual_impact" if self.residual_impact is None else "residual_likelihood"
            errors[field] = _("Give both the likelihood and the impact after treatment, or neither.")
        if errors:
            raise ValidationError(errors)

    # --- computed -----------------------------------------------------------------------------------------------

    @property
    def level(self) -> int | None:
        return scale.level(self.likelihood, self.impact)

    @property
    def residual_level(self) -> int | None:
        return scale.level(self.residual_likelihood, self.residual_impact)

    @property
    def band(self):
        return scale.band(self.level)

    @property
    def residual_band(self):
        return scale.band(self.residual_level)

    @property
    def is_opportunity(self) -> bool:
        return self.kind == RiskKind.OPPORTUNITY

    @property
    def owner_label(self) -> str:
        """ "Full name (unit)", or whichever of the two is set, or ""."""
        person = ""
        if self.owner_user_id:
            person = self.owner_user.get_full_name() or self.owner_user.get_username()
        unit = (self.owner_unit.short_name or self.owner_unit.name) if self.owner_unit_id else ""
        if person and unit:
            return f"{person} ({unit})"
        return person or unit


class RiskObjective(models.Model):
    """One link from a register item to an objective of the same agency and year (audited like the item)."""

    item = models.ForeignKey(RiskItem, on_delete=models.CASCADE, related_name="objective_links")
    objective = models.ForeignKey("objectives.Objective", on_delete=models.CASCADE, related_name="risk_links")

    history = AuditedHistory()

    class Meta:
        app_label = "objectives"
        verbose_name = _("link to an objective")
        verbose_name_plural = _("links to objectives")
        constraints = [models.UniqueConstraint(fields=["item", "objective"], name="risk_objective_once")]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.objective_id}"
