"""Logging in with SASL PLAIN from a raw test client, as any IRC program would."""

from __future__ import annotations

import base64

from tests.lineclient import LineClient


def plain(user: str, password: str, authzid: str = "") -> str:
    """The base64 AUTHENTICATE payload of SASL PLAIN (RFC 4616)."""
    return base64.b64encode(f"{authzid}\0{user}\0{password}".encode()).decode()


def log_in(client: LineClient, nick: str, password: str, caps: str = "") -> str:
    """Register as `nick`, proving the account of ("chatgui", password); returns the account."""
    client.send("CAP LS 302")
    client.send(f"CAP REQ :{' '.join(['sasl', *caps.split()])}")
    client.expect(r" CAP \S+ ACK ")
    client.send("AUTHENTICATE PLAIN")
    client.expect(r"^AUTHENTICATE \+$")
    client.send(f"AUTHENTICATE {plain('chatgui', password)}")
    logged_in = client.expect(r" 900 ")
    client.expect(r" 903 ")
    client.send("CAP END")
    client.send(f"NICK {nick}")
    client.send(f"USER {nick} 0 * :{nick}")
    client.expect(r" 376 | 422 ")
    return logged_in.split()[4]
