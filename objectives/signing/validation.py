"""Offline validation of every signature in a signed PDF with pyHanko: integrity, coverage, later updates,
signer certificate, signing time and timestamp, chain to the configured trust anchors, embedded revocation data.

Nothing here touches the network or the database: the caller passes the anchors (`Anchors`) and gets a
`ValidationResult` made of plain JSON-ready values, which the service stores with the file.
The chain is checked at the signing time (the embedded timestamp when there is one, else the time the
signer's software reported), because a certificate that has expired since is normal for an old original."""

from __future__ import annotations

import io
import logging
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from asn1crypto import cms
from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.generic import DecodePurpose
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from objectives.signing.statuses import SignatureState, worst

logger = logging.getLogger(__name__)
# pyHanko logs every failed check with a traceback at WARNING; the outcome is stored and shown instead.
logging.getLogger("pyhanko").setLevel(logging.ERROR)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.ERROR)


@dataclass
class Anchors:
    """Trust anchors configured by an administrator: roots (self-signed) and intermediates, as DER."""

    roots: list[bytes] = field(default_factory=list)
    intermediates: list[bytes] = field(default_factory=list)

    def roots_asn1(self) -> list[asn1_x509.Certificate]:
        return [asn1_x509.Certificate.load(der) for der in self.roots]

    def intermediates_asn1(self) -> list[asn1_x509.Certificate]:
        return [asn1_x509.Certificate.load(der) for der in self.intermediates]


@dataclass
class SignatureReport:
    field_name: str
    state: str
    signer_name: str = ""
    organisation: str = ""
    unit: str = ""
    issuer: str = ""
    serial: str = ""
    not_before: str = ""
    not_after: str = ""
    signing_time: str = ""
    time_source: str = ""  # "timestamp", "signer" (self-reported) or "" (none)
    timestamp_time: str = ""
    timestamp_trusted: bool | None = None
    intact: bool = False
    crypto_valid: bool = False
    trusted: bool = False
    chain: list[str] = field(default_factory=list)
    coverage: str = ""  # "entire_file", "entire_revision", "partial"
    later_updates: list[str] = field(default_factory=list)  # allowed incremental updates after this signature
    revocation_embedded: dict = field(default_factory=dict)  # {"crls": n, "ocsps": n}
    revoked_on: str = ""
    problems: list[str] = field(default_factory=list)  # codes, translated by statuses.PROBLEM_TEXT


@dataclass
class ValidationResult:
    state: str
    signatures: list[SignatureReport] = field(default_factory=list)
    error: str = ""  # technical detail for a corrupt file (kept for the administrator)
    revisions: int = 0

    def as_json(self) -> list[dict]:
        return [asdict(s) for s in self.signatures]


def _iso(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _name_part(cert: asn1_x509.Certificate, key: str) -> str:
    value = cert.subject.native.get(key, "")
    return ", ".join(value) if isinstance(value, list) else str(value or "")


def _describe_cert(report: SignatureReport, cert: asn1_x509.Certificate) -> None:
    report.signer_name = _name_part(cert, "common_name")
    report.organisation = _name_part(cert, "organization_name")
    report.unit = _name_part(cert, "organizational_unit_name")
    report.issuer = cert.issuer.human_friendly
    report.serial = format(cert.serial_number, "X")
    report.not_before = _iso(cert.not_valid_before)
    report.not_after = _iso(cert.not_valid_after)


def _timestamp_time(signer_info: cms.SignerInfo) -> datetime | None:
    """The genTime of an embedded RFC 3161 signature timestamp token, if any (not yet validated)."""
    attrs = signer_info["unsigned_attrs"]
    if not attrs or attrs.native is None:
        return None
    for attr in attrs:
        if attr["type"].native == "signature_time_stamp_token":
            token = attr["values"][0]
            info = token["content"]["encap_content_info"]["content"].parsed
            return info["gen_time"].native
    return None


def _cms_revocation(signer_info: cms.SignerInfo) -> tuple[list, list]:
    """CRLs and OCSP responses in the Adobe revocation-archival signed attribute (older signing tools)."""
    crls, ocsps = [], []
    for attr in signer_info["signed_attrs"] or []:
        if attr["type"].native == "adobe_revocation_info_archival":
            value = attr["values"][0]
            crls += list(value["crl"]) if value["crl"].native else []
            ocsps += list(value["ocsp"]) if value["ocsp"].native else []
    return crls, ocsps


def _revocation_data(reader: PdfFileReader) -> tuple[list, list, list]:
    """Certificates, CRLs and OCSP responses of the document security store (PAdES), if present."""
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return [], [], []
    certs = list(dss.load_certs())
    crls = [asn1_crl.CertificateList.load(r.get_object().read_data(DecodePurpose.CRL)) for r in dss.crls]
    ocsps = [asn1_ocsp.OCSPResponse.load(r.get_object().read_data(DecodePurpose.OCSP_RESPONSE)) for r in dss.ocsps]
    return certs, crls, ocsps


UPDATE_NAMES = {
    ModificationLevel.LTA_UPDATES: "lta_updates",
    ModificationLevel.FORM_FILLING: "form_filling",
    ModificationLevel.ANNOTATIONS: "annotations",
}


def _check_one(embedded, *, anchors: Anchors, dss_certs, dss_crls, dss_ocsps, total_revisions: int) -> SignatureReport:
    report = SignatureReport(field_name=str(embedded.field_name or ""), state=SignatureState.VALID)
    cert = embedded.signer_cert
    _describe_cert(report, cert)
    cms_crls, cms_ocsps = _cms_revocation(embedded.signer_info)
    crls, ocsps = dss_crls + cms_crls, dss_ocsps + cms_ocsps
    report.revocation_embedded = {"crls": len(crls), "ocsps": len(ocsps)}

    ts_time = _timestamp_time(embedded.signer_info)
    claimed = embedded.self_reported_timestamp
    moment = ts_time or claimed
    if ts_time:
        report.time_source, report.timestamp_time = "timestamp", _iso(ts_time)
    elif claimed:
        report.time_source = "signer"
    report.signing_time = _iso(moment)

    context_args = {
        "trust_roots": anchors.roots_asn1(),
        "other_certs": anchors.intermediates_asn1() + list(dss_certs) + list(embedded.other_embedded_certs),
        "crls": crls,
        "ocsps": ocsps,
        "allow_fetching": False,
        "revocation_mode": "soft-fail",
        "retroactive_revinfo": True,
    }
    if moment is not None:
        context_args["moment"] = moment
        context_args["best_signature_time"] = moment
    status = validate_pdf_signature(embedded, ValidationContext(**context_args))

    report.intact, report.crypto_valid, report.trusted = bool(status.intact), bool(status.valid), bool(status.trusted)
    if status.validation_path is not None:
        report.chain = [
            _name_part(c, "common_name") or c.subject.human_friendly
            for c in status.validation_path.iter_certs(include_root=True)
        ]
    if status.timestamp_validity is not None:
        report.timestamp_trusted = bool(status.timestamp_validity.valid and status.timestamp_validity.trusted)
        report.timestamp_time = _iso(status.timestamp_validity.timestamp)

    coverage = status.coverage
    report.coverage = {
        SignatureCoverageLevel.ENTIRE_FILE: "entire_file",
        SignatureCoverageLevel.ENTIRE_REVISION: "entire_revision",
    }.get(coverage, "partial")
    level = status.modification_level
    if coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        report.later_updates = [UPDATE_NAMES[level]] if level in UPDATE_NAMES else []
        report.later_updates.append(f"revisions:{total_revisions - 1 - embedded.signed_revision}")

    states = []
    if not status.intact:  # the signed bytes were changed: to a clerk, the document was altered
        states.append(SignatureState.MODIFIED)
        report.problems.append("digest_mismatch")
    elif not status.valid:
        states.append(SignatureState.INVALID)
        report.problems.append("bad_signature")
    if coverage not in (SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION):
        states.append(SignatureState.MODIFIED)
        report.problems.append("partial_coverage")
    elif level is None or level not in (ModificationLevel.NONE, *UPDATE_NAMES) or status.docmdp_ok is False:
        states.append(SignatureState.MODIFIED)
        report.problems.append("modified_after_signing")
    if status.revocation_details is not None:
        states.append(SignatureState.REVOKED)
        report.revoked_on = _iso(status.revocation_details.revocation_date)
    if moment is not None and not (cert.not_valid_before <= moment <= cert.not_valid_after):
        states.append(SignatureState.EXPIRED)
        report.problems.append("not_yet_valid" if moment < cert.not_valid_before else "expired_at_signing")
    if moment is None:
        report.problems.append("no_signing_time")
    if not status.trusted and status.revocation_details is None:
        states.append(SignatureState.UNTRUSTED)
        indic = getattr(status.trust_problem_indic, "name", "")
        report.problems.append(f"trust:{indic}" if indic else "untrusted")
    if report.timestamp_trusted is False:
        report.problems.append("timestamp_untrusted")
    report.state = worst(states) if states else SignatureState.VALID
    return report


def validate_pdf(data: bytes, *, anchors: Anchors) -> ValidationResult:
    """Check every signature in the PDF bytes. Never raises for bad input: a broken file is CORRUPT."""
    if data.lstrip()[:5] != b"%PDF-":
        return ValidationResult(state=SignatureState.CORRUPT, error="not a PDF header")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
        revisions = reader.xrefs.total_revisions
    except Exception as exc:  # pyHanko raises many kinds on damaged files
        return ValidationResult(state=SignatureState.CORRUPT, error=f"{type(exc).__name__}: {exc}"[:500])
    if not embedded:
        return ValidationResult(state=SignatureState.NO_SIGNATURE, revisions=revisions)
    try:
        dss_certs, dss_crls, dss_ocsps = _revocation_data(reader)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        logger.info("Unreadable DSS: %s", exc)
        dss_certs, dss_crls, dss_ocsps = [], [], []
    reports = []
    for sig in embedded:
        try:
            reports.append(
                _check_one(
                    sig,
                    anchors=anchors,
                    dss_certs=dss_certs,
                    dss_crls=dss_crls,
                    dss_ocsps=dss_ocsps,
                    total_revisions=revisions,
                )
            )
        except Exception as exc:  # a malformed signature dictionary or CMS blob is that signature's failure
            logger.info("Signature %s could not be checked: %s", getattr(sig, "field_name", "?"), exc)
            reports.append(
                SignatureReport(
                    field_name=str(getattr(sig, "field_name", "") or ""),
                    state=SignatureState.INVALID,
                    problems=["unreadable_signature"],
                )
            )
    return ValidationResult(state=worst([r.state for r in reports]), signatures=reports, revisions=revisions)
