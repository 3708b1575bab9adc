"""Models of the objectives app: yearly decisions (Quyết định), their sections, objectives and typed,
measurable targets, print images and batches. Defined in the modules of this package; every model is
imported here, so that `from objectives.models import X` works and Django finds them all. A new module of
models gets one import line at the end of this file."""

from .content import Aggregation, Comparator, Frequency, Measurement, Objective, Section, Target, Unit
from .decision import (
    OPEN_STATUSES,
    STATUS_BADGES,
    AppendixForm,
    Decision,
    DecisionEvent,
    DecisionQuerySet,
    DecisionStatus,
    SignerPrefix,
)
from .print_assets import PrintBatch, PrintImage

__all__ = [
    "OPEN_STATUSES",
    "STATUS_BADGES",
    "Aggregation",
    "AppendixForm",
    "Comparator",
    "Decision",
    "DecisionEvent",
    "DecisionQuerySet",
    "DecisionStatus",
    "Frequency",
    "Measurement",
    "Objective",
    "PrintBatch",
    "PrintImage",
    "Section",
    "SignerPrefix",
    "Target",
    "Unit",
]

# Signed electronic originals (issue 14): models live in their own module, registered with this app.
from objectives.signing.models import AgencySigningCertificate, SignedOriginal, TrustAnchor  # noqa: E402, F401
