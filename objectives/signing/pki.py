"""A small, deterministic, offline PKI (root, intermediate, signers, CRL, OCSP) built with `cryptography`.

Used by the demo data and the tests only: the keys derive from a seed, so the same seed gives the same keys,
names and serial numbers on every machine. Never use these keys for anything real."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
DEMO_P12_PASSWORD = b"demo-2026"


def derive_key(seed: str, label: str) -> ec.EllipticCurvePrivateKey:
    digest = hashlib.sha256(f"{seed}/{label}".encode()).digest()
    return ec.derive_private_key(int.from_bytes(digest, "big") % (P256_ORDER - 1) + 1, ec.SECP256R1())


def name(common: str, organisation: str, unit: str = "") -> x509.Name:
    parts = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
    ]
    if unit:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common))
    return x509.Name(parts)


@dataclass
class Identity:
    key: ec.EllipticCurvePrivateKey  # an RSA key for the timestamp authority
    cert: x509.Certificate

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def pkcs12(self, chain: list[x509.Certificate], password: bytes = DEMO_P12_PASSWORD) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            b"signing", self.key, self.cert, chain, serialization.BestAvailableEncryption(password)
        )


def issue(
    *,
    seed: str,
    label: str,
    subject: x509.Name,
    issuer: Identity | None,
    serial: int,
    not_before: datetime,
    not_after: datetime,
    ca: bool = False,
    path_length: int | None = None,
    ocsp_signing: bool = False,
) -> Identity:
    """One certificate; `issuer=None` makes it self-signed (a root)."""
    key = derive_key(seed, label)
    signing_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length if ca else None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()), critical=False)
    )
    if ca:
        usage = {"key_cert_sign": True, "crl_sign": True, "digital_signature": False, "content_commitment": False}
    else:
        usage = {
            "key_cert_sign": False,
            "crl_sign": False,
            "digital_signature": True,
            "content_commitment": not ocsp_signing,
        }
    builder = builder.add_extension(
        x509.KeyUsage(
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            encipher_only=False,
            decipher_only=False,
            **usage,
        ),
        critical=True,
    )
    if not ca and not ocsp_signing and issuer is not None:
        # Declared revocation sources (never fetched: validation is offline and uses embedded data only).
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(f"http://pki.{seed}.invalid/issuing.crl")],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        ).add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        x509.oid.AuthorityInformationAccessOID.OCSP,
                        x509.UniformResourceIdentifier(f"http://ocsp.{seed}.invalid/"),
                    )
                ]
            ),
            critical=False,
        )
    if ocsp_signing:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING]), critical=True)
    return Identity(key=key, cert=builder.sign(signing_key, hashes.SHA256()))


def utc(year: int, month: int = 1, day: int = 1) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


@dataclass
class DemoPKI:
    """Root -> intermediate -> {person signer, agency, expired, revoked}; plus an untrusted root and signer."""

    root: Identity
    intermediate: Identity
    signer: Identity
    agency: Identity
    expired: Identity
    revoked: Identity
    stranger_root: Identity
    stranger: Identity
    ocsp_responder: Identity
    revoked_on: datetime
    extras: dict = field(default_factory=dict)

    @property
    def chain(self) -> list[x509.Certificate]:
        return [self.intermediate.cert, self.root.cert]

    def person(
        self, signer_name: str, organisation: str, *, seed: str = "qms-portal-demo", serial: int = 0x4000
    ) -> Identity:
        """Another signer under the intermediate (e.g. the leader of another demo agency)."""
        label = hashlib.sha256(f"{signer_name}/{organisation}".encode()).hexdigest()[:16]
        return issue(
            seed=seed,
            label=f"person-{label}",
            subject=name(signer_name, organisation),
            issuer=self.intermediate,
            serial=serial + int(label[:4], 16),
            not_before=utc(2024),
            not_after=utc(2040),
        )

    @property
    def tsa(self) -> Identity:
        """A timestamp authority under the intermediate. Its key is RSA (pyHanko's in-process stamper signs with
        RSA only), so it is made afresh for each PKI object: only the tests use it, never the demo."""
        if "tsa" not in self.extras:
            from cryptography.hazmat.primitives.asymmetric import rsa

            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            cert = (
                x509.CertificateBuilder()
                .subject_name(name("QMS Demo Timestamp Authority", "QMS Portal Demo PKI"))
                .issuer_name(self.intermediate.cert.subject)
                .public_key(key.public_key())
                .serial_number(0x3006)
                .not_valid_before(utc(2024))
                .not_valid_after(utc(2044))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
                .sign(self.intermediate.key, hashes.SHA256())
            )
            self.extras["tsa"] = Identity(key=key, cert=cert)
        return self.extras["tsa"]

    def timestamper(self):
        """An in-process RFC 3161 timestamp authority (pyHanko's test stamper): no network."""
        from asn1crypto import keys as asn1_keys
        from asn1crypto import x509 as asn1_x509
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

        key = asn1_keys.PrivateKeyInfo.load(
            self.tsa.key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        return DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(self.tsa.der),
            tsa_key=key,
            certs_to_embed=[asn1_x509.Certificate.load(self.intermediate.der)],
        )

    def crl(self) -> bytes:
        """The intermediate's CRL, listing the revoked certificate (DER)."""
        revoked = (
            x509.RevokedCertificateBuilder()
            .serial_number(self.revoked.cert.serial_number)
            .revocation_date(self.revoked_on)
            .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
            .build()
        )
        crl = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.intermediate.cert.subject)
            .last_update(self.revoked_on + timedelta(days=1))
            .next_update(utc(2045))
            .add_revoked_certificate(revoked)
            .add_extension(x509.CRLNumber(1), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.intermediate.key.public_key()), critical=False
            )
            .sign(self.intermediate.key, hashes.SHA256())
        )
        return crl.public_bytes(serialization.Encoding.DER)

    def ocsp_response(self, identity: Identity, *, revoked: bool, produced_at: datetime) -> bytes:
        """An OCSP response about `identity` from the intermediate's delegated responder (DER)."""
        request = (
            ocsp.OCSPRequestBuilder().add_certificate(identity.cert, self.intermediate.cert, hashes.SHA256()).build()
        )
        del request  # only the builder's checks matter; the response names the certificate itself
        status = ocsp.OCSPCertStatus.REVOKED if revoked else ocsp.OCSPCertStatus.GOOD
        builder = (
            ocsp.OCSPResponseBuilder()
            .add_response(
                cert=identity.cert,
                issuer=self.intermediate.cert,
                algorithm=hashes.SHA256(),
                cert_status=status,
                this_update=produced_at,
                next_update=produced_at + timedelta(days=3650),
                revocation_time=self.revoked_on if revoked else None,
                revocation_reason=x509.ReasonFlags.key_compromise if revoked else None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, self.ocsp_responder.cert)
            .certificates([self.ocsp_responder.cert])
        )
        response = builder.sign(self.ocsp_responder.key, hashes.SHA256())
        return response.public_bytes(serialization.Encoding.DER)


def build_pki(
    seed: str = "qms-portal-demo",
    *,
    organisation: str = "Ủy ban nhân dân xã Phước An",
    signer_name: str = "Lê Văn Minh",
) -> DemoPKI:
    """The demo PKI. Dates are fixed (2024-2045) so that the same seed always gives the same certificates."""
    root = issue(
        seed=seed,
        label="root",
        subject=name("QMS Demo Root CA", "QMS Portal Demo PKI"),
        issuer=None,
        serial=0x1001,
        not_before=utc(2024),
        not_after=utc(2045),
        ca=True,
    )
    intermediate = issue(
        seed=seed,
        label="intermediate",
        subject=name("QMS Demo Issuing CA", "QMS Portal Demo PKI"),
        issuer=root,
        serial=0x2001,
        not_before=utc(2024),
        not_after=utc(2044),
        ca=True,
        path_length=0,
    )
    common = {"seed": seed, "issuer": intermediate}
    signer = issue(
        label="signer",
        subject=name(signer_name, organisation, "Chủ tịch"),
        serial=0x3001,
        not_before=utc(2025),
        not_after=utc(2040),
        **common,
    )
    agency = issue(
        label="agency",
        subject=name(organisation, organisation),
        serial=0x3002,
        not_before=utc(2025),
        not_after=utc(2040),
        **common,
    )
    expired = issue(
        label="expired",
        subject=name("Nguyễn Văn Cũ", organisation),
        serial=0x3003,
        not_before=utc(2020),
        not_after=utc(2022),
        **common,
    )
    revoked = issue(
        label="revoked",
        subject=name("Trần Thị Thu Hồi", organisation),
        serial=0x3004,
        not_before=utc(2025),
        not_after=utc(2040),
        **common,
    )
    responder = issue(
        label="ocsp",
        subject=name("QMS Demo OCSP Responder", "QMS Portal Demo PKI"),
        serial=0x3005,
        not_before=utc(2024),
        not_after=utc(2044),
        ocsp_signing=True,
        **common,
    )
    stranger_root = issue(
        seed=seed,
        label="stranger-root",
        subject=name("Unknown Root CA", "Unknown"),
        issuer=None,
        serial=0x9001,
        not_before=utc(2024),
        not_after=utc(2045),
        ca=True,
    )
    stranger = issue(
        seed=seed,
        label="stranger",
        subject=name("Người Lạ", "Unknown"),
        issuer=stranger_root,
        serial=0x9002,
        not_before=utc(2025),
        not_after=utc(2040),
    )
    return DemoPKI(
        root=root,
        intermediate=intermediate,
        signer=signer,
        agency=agency,
        expired=expired,
        revoked=revoked,
        stranger_root=stranger_root,
        stranger=stranger,
        ocsp_responder=responder,
        revoked_on=utc(2025, 6, 1),
    )
