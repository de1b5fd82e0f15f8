"""The room's TLS key: made on first use, kept in the host's data folder, told by fingerprint.

Nobody in a classroom can buy a certificate for a laptop, so the room makes its own
self-signed one, and people trust the room's key instead: its fingerprint is the SHA-256 of
the public key (the DER SubjectPublicKeyInfo), in hex, which a chatgui client checks before
it sends anything. Python's standard library can use a certificate but cannot make one: the
`cryptography` package (PyCA) makes the key and certificate (`certificates.py`, loaded only
when a key is made, read or checked: it takes as long to load as the rest of the window's
start). The key is an EC P-256 key, which every TLS library and IRC program accepts. Never
imported by chatgui.protocol.
"""

import contextlib
import os
import secrets
import ssl
from dataclasses import dataclass
from pathlib import Path

from chatgui.paths import private_folder

CA_FILE_VARIABLE = "CHATGUI_CA_FILE"
"""Names a PEM file of one more certificate authority to trust: a school's own, or a test's."""
KEY_FILE = "tls-key.pem"
CERTIFICATE_FILE = "tls-certificate.pem"


@dataclass(frozen=True)
class TlsIdentity:
    """The room's key and certificate files, and the key's fingerprint (hex SHA-256)."""

    key_path: Path
    certificate_path: Path
    fingerprint: str

    def server_context(self) -> ssl.SSLContext:
        """A server-side TLS context with this key; TLS 1.2 at least."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self.certificate_path, self.key_path)
        return context


def room_identity(folder: Path) -> TlsIdentity:
    """The key and certificate kept in `folder` (0600 files, a 0700 folder when it is
    chatgui's own), made there on first use and read on every later start. A pair that is
    missing, half written or garbled is made again. Raises OSError when the folder can't
    be written."""
    from chatgui.net import certificates  # 0.1 s to load: see the module's docstring

    private_folder(folder)
    key_path, certificate_path = folder / KEY_FILE, folder / CERTIFICATE_FILE
    der = certificates.kept_or_new_pair(key_path, certificate_path, _write_private)
    for path in (key_path, certificate_path):
        os.chmod(path, 0o600)
    return TlsIdentity(key_path, certificate_path, fingerprint_of_certificate(der))


def fingerprint_of_certificate(der: bytes) -> str:
    """The hex SHA-256 of the public key in a DER certificate: what a room is known by (it
    stays the same if the certificate is made again for the same key)."""
    from chatgui.net import certificates  # 0.1 s to load: see the module's docstring

    return certificates.public_key_fingerprint(der)


def pinning_context() -> ssl.SSLContext:
    """A client TLS context that takes any certificate: the caller checks the key's
    fingerprint itself before it sends a single line."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def verifying_context() -> ssl.SSLContext:
    """A client TLS context that checks a server's certificate as any program does: signed by
    an authority the system trusts (or the one CHATGUI_CA_FILE names), for the host's name,
    and in date. Raises OSError or ssl.SSLError when that file can't be read."""
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    extra = os.environ.get(CA_FILE_VARIABLE)
    if extra:
        context.load_verify_locations(cafile=extra)
    return context


def _write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` readable by this user only, never seen half written."""
    new = path.with_name(f"{path.name}.{secrets.token_hex(4)}.new")
    fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.replace(new, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            new.unlink()
