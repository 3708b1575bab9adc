"""The choices of the objectives app's models (statuses, signer prefixes, appendix forms, target comparators,
units, measurements, aggregations, frequencies), importable without the models (also through objectives.models)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Issued")
    SUPERSEDED = "superseded", _("Superseded by an amendment")


OPEN_STATUSES = (DecisionStatus.DRAFT, DecisionStatus.SUBMITTED, DecisionStatus.APPROVED)

# The Bootstrap badge of each status (Decision.status_badge); others are light.
STATUS_BADGES = {
    DecisionStatus.ISSUED: "text-bg-success",
    DecisionStatus.APPROVED: "text-bg-primary",
    DecisionStatus.SUBMITTED: "text-bg-warning",
    DecisionStatus.SUPERSEDED: "text-bg-secondary",
}


class SignerPrefix(models.TextChoices):
    NONE = "", _("None (the head signs in person)")
    TM = "TM.", _("TM. (on behalf of the collective)")
    KT = "KT.", _("KT. (a deputy signs for the head)")
    Q = "Q.", _("Q. (acting head)")
    TL = "TL.", _("TL. (by order)")
    TUQ = "TUQ.", _("TUQ. (by written delegation)")


class AppendixForm(models.TextChoices):
    LIST = "list", _("Numbered list")
    TABLE = "table", _("Table (TT | content | target | measures | time)")


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
