"""The client's side of `sts` (IRCv3 Strict Transport Security): TLS-only servers, remembered.

A server that offers `sts=port=N` on a plain connection is joined again with TLS on port N at
once. One that offers `duration=D` on a TLS connection whose certificate was verified is
remembered by host name, in a small file in the data folder, and is never joined in plain for
D seconds after (each verified visit starts the time again; duration=0 forgets it). A room
known by its pinned key (a chatgui room) is never taken at its word: its key says which room it
is, not that whoever has its name later has TLS. Policies are kept for host names only: a
school's DHCP gives an IP address to another computer tomorrow. Never imports tkinter.
"""

import contextlib
import ipaddress
import json
import logging
import os
import secrets
from dataclasses import replace
from pathlib import Path

from chatgui import limits
from chatgui.paths import data_dir, private_folder
from chatgui.protocol.client.address import Address
from chatgui.protocol.client.sts import read_policy

log = logging.getLogger(__name__)

POLICIES_FILE = "sts-policies.json"


class StsPolicies:
    """Host name → (TLS port, expiry time) for servers that asked for TLS only; at most
    limits.STS_POLICIES_MAX, the ones ending soonest dropped first."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path or data_dir() / POLICIES_FILE
        self._policies = self._read()

    def secure(self, address: Address, now: float) -> Address:
        """`address`, or the TLS address a policy in force asks for instead of a plain one."""
        kept = self._policies.get(address.host.lower())
        if address.tls or kept is None or kept[1] <= now:
            return address
        return replace(address, port=kept[0], tls=True)

    def heard(self, address: Address, value: str | None, now: float) -> Address | None:
        """The server at `address` offered `sts` with `value` (None: not offered). Returns
        where to reconnect with TLS when the connection is plain and a port is given."""
        if value is None:
            return None
        policy = read_policy(value)
        if not address.tls:
            return None if policy.port is None else replace(address, port=policy.port, tls=True)
        if address.fingerprint is None and policy.duration is not None and _named(address):
            self._remember(address, policy.duration, now)
        return None

    def _remember(self, address: Address, duration: int, now: float) -> None:
        host = address.host.lower()
        if duration == 0:
            self._policies.pop(host, None)
        else:
            ends = now + min(duration, limits.STS_DURATION_MAX_S)
            self._policies[host] = (address.port, ends)
        live = sorted(self._policies.items(), key=lambda item: item[1][1], reverse=True)
        self._policies = dict(item for item in live[: limits.STS_POLICIES_MAX] if item[1][1] > now)
        self._write()

    def _read(self) -> dict[str, tuple[int, float]]:
        """The kept policies; a missing or garbled file is an empty list (TLS-only servers
        then ask again on the next plain visit)."""
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
            kept = {str(h): (int(p), float(e)) for h, (p, e) in dict(raw).items()}
        except (OSError, ValueError, TypeError):
            return {}
        return dict(list(kept.items())[: limits.STS_POLICIES_MAX])

    def _write(self) -> None:
        """Write the file whole or not at all: a new file, then a rename over the old."""
        new = self._path.with_name(f"{self._path.name}.{secrets.token_hex(4)}.new")
        try:
            private_folder(self._path.parent)
            new.write_text(json.dumps(self._policies), encoding="utf-8")
            os.replace(new, self._path)
        except OSError as error:
            log.warning("could not keep the TLS-only servers in %s: %s", self._path, error)
        finally:
            with contextlib.suppress(OSError):
                new.unlink()


def _named(address: Address) -> bool:
    """Whether the host is a name, not an IP address."""
    try:
        ipaddress.ip_address(address.host)
    except ValueError:
        return True
    return False
