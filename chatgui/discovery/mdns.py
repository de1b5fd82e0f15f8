"""DNS-SD over multicast DNS with python-zeroconf: publish a room, browse for rooms.

A room is `<room>._irc._tcp.local.` (any DNS-SD browser lists it) and also answers for the
subtype `_chatgui._sub._irc._tcp.local.` (RFC 6763 §7.1), which chatgui browses so it lists
only its own rooms. python-zeroconf registers one type per service (its issues #109, #304), so
the subtype's PTR record is added to its registry and announced and withdrawn here. Every call
into zeroconf's loop goes through run_coroutine_threadsafe and never blocks the caller.
Never imports tkinter.
"""

import asyncio
import concurrent.futures
import contextlib
import socket
from collections.abc import Callable, Coroutine
from typing import Any

from zeroconf import InterfaceChoice, IPVersion, ServiceInfo, ServiceStateChange, Zeroconf
from zeroconf._protocol.outgoing import DNSOutgoing  # exported by zeroconf, but untyped there

from chatgui import limits

SERVICE_TYPE = "_irc._tcp.local."
SUBTYPE = "_chatgui._sub._irc._tcp.local."
_ANNOUNCEMENTS = 3  # as zeroconf announces a registration (RFC 6762 §8.3: at least two)
_ANNOUNCE_GAP_S = 0.25
RESOLVE_TIMEOUT_MS = 3000
_RESPONSE_FLAGS = 0x8000 | 0x0400  # QR (a response) and AA (authoritative): RFC 1035 §4.1.1


def open_zeroconf(interfaces: tuple[str, ...] | None) -> Zeroconf:
    """A Zeroconf on the chosen interfaces (None: all of them), IPv4 only."""
    choice: list[str | tuple[tuple[str, int, int], int]] | InterfaceChoice
    choice = list(interfaces) if interfaces is not None else InterfaceChoice.All
    return Zeroconf(interfaces=choice, ip_version=IPVersion.V4Only)


def room_info(
    room: str, key: str, port: int, addresses: tuple[str, ...], text: bytes
) -> ServiceInfo:
    """The service of one room; its host name is unique per run so two hosts never clash."""
    instance = room.replace(".", " ").encode()[:63].decode("utf-8", errors="ignore").strip()
    return ServiceInfo(
        SERVICE_TYPE,
        f"{instance or 'chatgui'}.{SERVICE_TYPE}",
        port=port,
        properties=text,
        server=f"chatgui-{key[:12]}.local.",
        host_ttl=limits.DISCOVERY_RECORD_TTL_S,
        other_ttl=limits.DISCOVERY_RECORD_TTL_S,
        addresses=[socket.inet_aton(a) for a in addresses],
    )


def publish(zc: Zeroconf, info: ServiceInfo) -> "concurrent.futures.Future[None]":
    """Probe, register and announce `info` with its subtype (about 1.6 s, on zeroconf's loop)."""
    assert zc.loop is not None
    return asyncio.run_coroutine_threadsafe(_publish(zc, info), zc.loop)


def withdraw(zc: Zeroconf, info: ServiceInfo) -> None:
    """Send the subtype's goodbye, then close zeroconf (which sends the service's goodbyes).

    Blocks the calling thread (a discovery thread, never Tk's) for about a quarter of a second.
    """
    _run_then_close(zc, _withdraw_subtype(zc, info))


def close(zc: Zeroconf) -> None:
    """Close zeroconf once our tasks on its loop (resolving a name, publishing) have ended:
    one still pending when the loop closes is destroyed pending, which asyncio logs as an
    error ("Task was destroyed but it is pending!"). Blocks the calling thread (a discovery
    thread, never Tk's) for a moment."""
    _run_then_close(zc, _end_our_tasks(zc))


def _run_then_close(zc: Zeroconf, last: Coroutine[Any, Any, None]) -> None:
    """Run `last` on zeroconf's loop, waiting at most half the stop timeout, then close it."""
    if zc.loop is not None and zc.loop.is_running():
        done = asyncio.run_coroutine_threadsafe(last, zc.loop)
        # A goodbye is a courtesy: without it the records expire by themselves.
        with contextlib.suppress(concurrent.futures.TimeoutError, RuntimeError):
            done.result(limits.DISCOVERY_STOP_TIMEOUT_S / 2)
    else:
        last.close()  # never started: nothing of ours can be running there
    zc.close()


async def _publish(zc: Zeroconf, info: ServiceInfo) -> None:
    _track(zc, asyncio.current_task())
    announcing = await zc.async_register_service(info, allow_name_change=True)
    await announcing  # zeroconf's own announcements: ours, so withdrawing can cancel them
    sub = _subtype_of(info)
    zc.registry.types.setdefault(SUBTYPE, {})[sub.key] = sub
    zc.async_send(_subtype_records(sub, None))
    _track(zc, asyncio.ensure_future(_announce_again(zc, sub)))


_unfinished: dict[Zeroconf, set["asyncio.Future[Any]"]] = {}
"""Each zeroconf's tasks of ours still under way: publishing, announcements, names being
resolved (asyncio keeps only weak references to tasks). Closing cancels and awaits them, at
any moment, or closing zeroconf would leave them pending."""


def _track(zc: Zeroconf, task: "asyncio.Future[Any] | None") -> None:
    if task is not None:
        unfinished = _unfinished.setdefault(zc, set())
        unfinished.add(task)
        task.add_done_callback(unfinished.discard)


async def _announce_again(zc: Zeroconf, sub: ServiceInfo) -> None:
    for _ in range(_ANNOUNCEMENTS - 1):
        await asyncio.sleep(_ANNOUNCE_GAP_S)
        zc.async_send(_subtype_records(sub, None))


async def _end_our_tasks(zc: Zeroconf) -> None:
    unfinished = _unfinished.pop(zc, set())
    for task in unfinished:
        task.cancel()
    await asyncio.gather(*unfinished, return_exceptions=True)  # each has ended, cancelled


async def _withdraw_subtype(zc: Zeroconf, info: ServiceInfo) -> None:
    await _end_our_tasks(zc)
    bucket = zc.registry.types.get(SUBTYPE, {})
    if bucket.pop(info.key, None) is not None:
        zc.async_send(_subtype_records(_subtype_of(info), 0))
    if not bucket:
        zc.registry.types.pop(SUBTYPE, None)


def _subtype_of(info: ServiceInfo) -> ServiceInfo:
    """The same service seen through the subtype: only its PTR record differs."""
    return ServiceInfo(
        SUBTYPE,
        info.name,
        port=info.port,
        properties=info.text,
        server=info.server,
        host_ttl=info.host_ttl,
        other_ttl=info.other_ttl,
        addresses=info.addresses,
    )


def _subtype_records(sub: ServiceInfo, ttl: int | None) -> DNSOutgoing:
    out = DNSOutgoing(_RESPONSE_FLAGS)
    out.add_answer_at_time(sub.dns_pointer(override_ttl=ttl), 0)
    if ttl is None:  # an announcement carries what a browser needs next (RFC 6763 §12.1)
        out.add_answer_at_time(sub.dns_service(), 0)
        out.add_answer_at_time(sub.dns_text(), 0)
    return out


BrowseCallback = Callable[[str, bool], None]


def browse_handler(on_change: BrowseCallback) -> Callable[..., None]:
    """A ServiceBrowser handler that only hands (name, present) on: it runs on zeroconf's
    thread, and must neither block nor touch anything of ours."""

    def handler(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        on_change(name, state_change is not ServiceStateChange.Removed)

    return handler


def resolve(zc: Zeroconf, name: str, done: Callable[[ServiceInfo], None]) -> None:
    """Look `name` up: from the cache at once when it is there, else ask the network and call
    `done` (on zeroconf's thread) when the answer came or RESOLVE_TIMEOUT_MS passed."""
    info = ServiceInfo(SERVICE_TYPE, name)
    if info.load_from_cache(zc):
        done(info)
        return
    loop = zc.loop
    assert loop is not None

    def answered(asking: "asyncio.Task[bool]") -> None:
        if not asking.cancelled():  # cancelled: zeroconf is closing, nobody waits
            done(info)

    def ask() -> None:  # on zeroconf's loop: the question exists only once the loop runs
        asking = loop.create_task(info.async_request(zc, RESOLVE_TIMEOUT_MS))
        _track(zc, asking)  # closing ends it (close())
        asking.add_done_callback(answered)

    # A finder stopped just as it heard the room: zeroconf is closed, and nobody waits.
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(ask)
