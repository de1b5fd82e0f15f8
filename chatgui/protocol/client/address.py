"""Reading what a person typed in the address field: "10.0.0.5", "lab-pc-12:6668", "[fe80::1]",
"ircs://irc.school.example".

A mistake gets a sentence saying what to type instead, never a traceback (the classroom
script crashed on "127.0.0.1:4000" and on a port typed as "abc").
"""

import ipaddress
import re
from dataclasses import dataclass

from chatgui.limits import DEFAULT_PORT

TLS_PORT = 6697
SECURE_SCHEME = "ircs://"
"""A school server's secure address as IRC programs write it: TLS, on 6697 unless a port is
given. Any other "…://" is still refused with advice."""
ANY_KEY = "any"
"""Address.fingerprint for a first join: any key is taken, and the one seen is reported."""
_HOSTNAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9-]{1,63})*\.?$")
_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


@dataclass(frozen=True)
class Address:
    """Where to connect. `tls` is on for port 6697, the standard port for IRC over TLS.

    `fingerprint`, with TLS: the room's key to expect (hex SHA-256 of its public key), or
    ANY_KEY to take the key a chatgui room shows and report it; None: the server's
    certificate is checked as usual (a public server's).
    `code`, with TLS: the room code the person typed (protocol/room_code.py); the room's key
    must give it, whatever `fingerprint` says, before anything is sent.
    """

    host: str
    port: int
    tls: bool
    fingerprint: str | None = None
    code: str | None = None

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        if self.tls and self.port != TLS_PORT:
            return f"{SECURE_SCHEME}{host}:{self.port}"
        return host if self.port == DEFAULT_PORT else f"{host}:{self.port}"

    @property
    def on_this_network(self) -> bool:
        """A room in the school, not on the internet: a private, link-local or loopback
        address, a .local name (mDNS), or a name with no dot (the network's own)."""
        try:
            ip = ipaddress.ip_address(self.host)
        except ValueError:
            name = self.host.rstrip(".").lower()
            return name.endswith(".local") or "." not in name
        return ip.is_private or ip.is_link_local or ip.is_loopback

    @property
    def on_loopback(self) -> bool:
        """This computer itself (127.x, ::1, localhost): nothing sent there crosses a network,
        so a password may go there without TLS (protocol/client/secrecy.py)."""
        if self.host.rstrip(".").lower() == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


class AddressProblem(ValueError):
    """What is wrong with a typed address, as a sentence for the person."""


def parse_address(text: str) -> Address:
    """Turn the typed text into an Address; raise AddressProblem with advice otherwise."""
    typed = text.strip()
    if not typed:
        raise AddressProblem("Type the address shown on the host's screen, for example 10.0.0.5.")
    secure = typed.lower().startswith(SECURE_SCHEME)
    if secure:
        typed = typed[len(SECURE_SCHEME) :].rstrip("/")
    if "://" in typed:
        raise AddressProblem(
            f"Type only the address, without {typed.split('://')[0]}://, for example 10.0.0.5."
        )
    if " " in typed:
        raise AddressProblem("Addresses have no spaces. For a port, use a colon: 10.0.0.5:6668.")
    host, port = _split_port(typed, TLS_PORT if secure else DEFAULT_PORT)
    if not _valid_host(host):
        raise AddressProblem(f"{host!r} is not an address. It looks like 10.0.0.5 or lab-pc-12.")
    return Address(host, port, secure or port == TLS_PORT)


def _split_port(typed: str, default: int) -> tuple[str, int]:
    if typed.startswith("["):
        host, bracket, rest = typed[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise AddressProblem("Write an IPv6 address in brackets, like [fe80::1]:6667.")
        return host, _port(rest[1:]) if rest else default
    if typed.count(":") > 1:
        return typed, default  # a bare IPv6 address
    host, colon, port_text = typed.partition(":")
    return host, _port(port_text) if colon else default


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise AddressProblem(f"The port must be a number from 1 to 65535, not {text!r}.")
    return int(text)


def _valid_host(host: str) -> bool:
    if ":" in host:
        return all(c in "0123456789abcdefABCDEF:.%" or c.isalnum() for c in host)
    if _IPV4.match(host):
        return all(int(part) <= 255 for part in host.split("."))
    return bool(_HOSTNAME.match(host)) and not host.replace(".", "").isdigit()
