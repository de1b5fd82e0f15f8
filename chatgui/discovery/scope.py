"""Which network interfaces discovery may use, and where its broadcasts may go.

CHATGUI_DISCOVERY_INTERFACES (comma-separated IPv4 addresses), or `serve --announce-interface`,
limits discovery to those interfaces; unset means every interface, zeroconf's default. The
tests set it to 127.0.0.1 so no discovery packet leaves the machine, and a value that can't be
read turns discovery off rather than falling back to every interface. Never imports tkinter.
"""

import ipaddress
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ifaddr

ENV_VAR = "CHATGUI_DISCOVERY_INTERFACES"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scope:
    """Where discovery runs: `interfaces` for zeroconf (None: all), broadcasts' destinations,
    and the networks whose packets are listened to (empty: any)."""

    interfaces: tuple[str, ...] | None
    broadcasts: tuple[str, ...]
    networks: tuple[ipaddress.IPv4Network, ...]

    def allows(self, source: str) -> bool:
        """Whether a packet from `source` is within reach of the chosen interfaces."""
        if not self.networks:
            return True
        try:
            address = ipaddress.IPv4Address(source)
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def order(self, addresses: Iterable[str]) -> tuple[str, ...]:
        """`addresses` with those on one of our networks first: the likeliest to answer."""
        unique = list(dict.fromkeys(addresses))
        return tuple(sorted(unique, key=lambda a: not self._on_our_network(a)))

    def _on_our_network(self, address: str) -> bool:
        return bool(self.networks) and self.allows(address)


def interfaces_from_env(environ: Mapping[str, str] = os.environ) -> tuple[str, ...] | None:
    """The interfaces CHATGUI_DISCOVERY_INTERFACES names; None when unset or empty (all).

    Raises ValueError when it names something that is not an IPv4 address.
    """
    text = environ.get(ENV_VAR, "").strip()
    if not text:
        return None
    return parse_interfaces(text.split(","))


def parse_interfaces(items: Iterable[str]) -> tuple[str, ...]:
    """IPv4 addresses, checked; raises ValueError naming the first that is not one."""
    found: list[str] = []
    for item in items:
        text = item.strip()
        try:
            found.append(str(ipaddress.IPv4Address(text)))
        except ValueError:
            raise ValueError(f"{text!r} is not an IPv4 address of this computer") from None
    if not found:
        raise ValueError("no interface address given")
    return tuple(dict.fromkeys(found))


def scope_for(interfaces: tuple[str, ...] | None) -> Scope:
    """The Scope of `interfaces` (None: every IPv4 interface, with no source filter)."""
    known = _local_networks()
    if interfaces is None:
        networks = tuple(dict.fromkeys(known.values()))
        return Scope(None, _broadcasts(networks), ())
    chosen: list[ipaddress.IPv4Network] = []
    for address in interfaces:
        network = known.get(address)
        if network is None:
            # Not (yet) an address of ours: loopback is still loopback; else only itself.
            prefix = 8 if address.startswith("127.") else 32
            network = ipaddress.IPv4Interface(f"{address}/{prefix}").network
            log.warning("discovery: %s is not an address of this computer", address)
        chosen.append(network)
    networks = tuple(dict.fromkeys(chosen))
    return Scope(interfaces, _broadcasts(networks), networks)


def _local_networks() -> dict[str, ipaddress.IPv4Network]:
    """Each IPv4 address of this computer → its network."""
    found: dict[str, ipaddress.IPv4Network] = {}
    try:
        adapters = ifaddr.get_adapters()
    except OSError as error:
        log.warning("discovery: could not list the network interfaces: %s", error)
        return found
    for adapter in adapters:
        for ip in adapter.ips:
            if ip.is_IPv4 and isinstance(ip.ip, str):
                found[ip.ip] = ipaddress.IPv4Interface(f"{ip.ip}/{ip.network_prefix}").network
    return found


def _broadcasts(networks: Iterable[ipaddress.IPv4Network]) -> tuple[str, ...]:
    """The directed broadcast address of each network that has one (/31 and /32 have none).

    Never 255.255.255.255: it would leave through the default route, whatever was chosen.
    """
    return tuple(str(n.broadcast_address) for n in networks if n.prefixlen < 31)
