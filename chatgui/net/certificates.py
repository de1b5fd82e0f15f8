"""The room's key and self-signed certificate, made and read with `cryptography` (PyCA).

Python's standard library can use a certificate but cannot make one. Loading `cryptography`
takes about 0.1 s, as long as the rest of the window's start: `tls_identity.py` imports this
module only when a room's key is made, read or checked, never at start.
"""

import datetime
import hashlib
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from chatgui import limits


def kept_or_new_pair(
    key_path: Path, certificate_path: Path, write_private: Callable[[Path, bytes], None]
) -> bytes:
    """The certificate (DER) kept with its key at these paths, or a new EC P-256 key and
    certificate written there with `write_private` when they are missing, half written,
    garbled or don't belong together."""
    certificate = _read_pair(key_path, certificate_path)
    if certificate is None:
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = _self_signed(key)
        key_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        write_private(key_path, key_pem)
        write_private(certificate_path, certificate.public_bytes(serialization.Encoding.PEM))
    return certificate.public_bytes(serialization.Encoding.DER)


def public_key_fingerprint(der: bytes) -> str:
    """The hex SHA-256 of the public key (its DER SubjectPublicKeyInfo) in a DER certificate."""
    public_key = x509.load_der_x509_certificate(der).public_key()
    spki = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(spki).hexdigest()


def _read_pair(key_path: Path, certificate_path: Path) -> x509.Certificate | None:
    """The kept certificate, if it and its key are there and belong together."""
    try:
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        certificate = x509.load_pem_x509_certificate(certificate_path.read_bytes())
    except (OSError, ValueError, TypeError):
        return None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        return None
    if key.public_key() != certificate.public_key():
        return None
    return certificate


def _self_signed(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "chatgui room")])
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=limits.TLS_CERTIFICATE_DAYS))
        .sign(key, hashes.SHA256())
    )
