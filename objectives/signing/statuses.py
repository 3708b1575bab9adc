"""The statuses of a signed original and of each signature in it, worst first, with the sentences a records
clerk reads (English msgids, Vietnamese in the catalogue)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignatureState(models.TextChoices):
    """Listed from the worst to the best: the file's status is the worst of its signatures."""

    CORRUPT = "corrupt", _("The PDF file is damaged")
    NO_SIGNATURE = "unsigned", _("No digital signature")
    INVALID = "invalid", _("The signature is not valid")
    MODIFIED = "modified", _("The document was changed after signing")
    REVOKED = "revoked", _("The certificate has been revoked")
    EXPIRED = "expired", _("The certificate had expired at the time of signing")
    UNTRUSTED = "untrusted", _("The signature is correct but the certificate's issuer is not a trusted authority")
    VALID = "valid", _("Valid")


ORDER = [state.value for state in SignatureState]
GOOD = frozenset({SignatureState.VALID})
BOOTSTRAP_CLASS = {
    SignatureState.VALID: "success",
    SignatureState.UNTRUSTED: "warning",
}


def worst(states) -> str:
    states = [str(s) for s in states]
    return min(states, key=ORDER.index) if states else SignatureState.NO_SIGNATURE


def css_class(state: str) -> str:
    return BOOTSTRAP_CLASS.get(state, "danger")


PROBLEM_TEXT = {
    "digest_mismatch": _("The content no longer matches what was signed."),
    "bad_signature": _("The cryptographic signature does not verify."),
    "partial_coverage": _("The signature covers only part of the file."),
    "modified_after_signing": _("Content was added or changed in an update saved after this signature."),
    "expired_at_signing": _("The certificate had expired when the document was signed."),
    "not_yet_valid": _("The certificate was not yet valid when the document was signed."),
    "no_signing_time": _("The signature carries no signing time; the certificate was checked at the present time."),
    "untrusted": _("No chain to a trust anchor configured by the administrator was found."),
    "timestamp_untrusted": _("The embedded timestamp could not be verified against the trust anchors."),
    "unreadable_signature": _("The signature data is damaged and cannot be read."),
}

UPDATE_TEXT = {
    "lta_updates": _("validation data or a document timestamp added (allowed)"),
    "form_filling": _("form fields filled or further signatures added (allowed)"),
    "annotations": _("comments or annotations added (allowed)"),
}

TIME_SOURCE_TEXT = {
    "timestamp": _("from the embedded timestamp"),
    "signer": _("as reported by the signer's software (no timestamp)"),
}


def problem_text(code: str) -> str:
    if code.startswith("trust:"):
        return str(PROBLEM_TEXT["untrusted"]) + f" ({code[6:]})"
    return str(PROBLEM_TEXT.get(code, code))


ITEM_LABELS = {
    "number": _("Number and symbol"),
    "date": _("Date of issue"),
    "signer": _("Signer"),
    "objective": _("Objective %(ref)s"),
    "target": _("Target %(ref)s"),
}


def item_label(kind: str, ref: str = "") -> str:
    label = str(ITEM_LABELS.get(kind, kind))
    return label % {"ref": ref} if "%(ref)s" in label else label
