"""Wrong passwords, slowed per address: a room's password (+k), the server's (PASS) and OPER's.

Classroom passwords are short: checked as fast as a program can send them, a 6-digit room
password falls in seconds. So each address gets a few wrong tries free; after those, each
wrong password makes the next try from that address wait twice as long (up to a limit), and a
try during the wait is refused without being checked. It is per address, not per connection,
because a student can open as many connections as they like. The host is told at a few counts
(limits.PASSWORD_ALERT_AT), not at every try. Passwords are compared in constant time.
"""

import hmac
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chatgui import limits

if TYPE_CHECKING:
    from chatgui.protocol.server.model import Person
    from chatgui.protocol.server.state import ServerState


def password_matches(given: str | None, expected: str) -> bool:
    """True when `given` is `expected`, taking the same time wherever they differ.

    None (no password given) never matches, not even an empty one."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


@dataclass(slots=True)
class _Tries:
    wrong: int
    last_wrong: float
    wait_until: float


class GuessLimiter:
    """How many wrong passwords each address tried lately, and how long it must now wait.

    Sans-IO: every method takes `now`. At most `max_addresses` are remembered; when full,
    the address quiet for longest is forgotten, and so is any address quiet for `forget_s`.
    """

    def __init__(
        self,
        free: int = limits.PASSWORD_FREE_TRIES,
        first_wait_s: float = limits.PASSWORD_FIRST_WAIT_S,
        max_wait_s: float = limits.PASSWORD_MAX_WAIT_S,
        forget_s: float = limits.PASSWORD_FORGET_S,
        max_addresses: int = limits.PASSWORD_ADDRESSES_MAX,
    ) -> None:
        self.free = free
        self.first_wait_s = first_wait_s
        self.max_wait_s = max_wait_s
        self.forget_s = forget_s
        self.max_addresses = max_addresses
        self._tries: dict[str, _Tries] = {}  # in the order of their last wrong password

    def __len__(self) -> int:
        return len(self._tries)

    def wait_s(self, address: str, now: float) -> float:
        """Seconds before a password from `address` may be checked (0: it may be now)."""
        tries = self._current(address, now)
        if tries is None:
            return 0.0
        return min(max(0.0, tries.wait_until - now), self.max_wait_s)

    def wrong(self, address: str, now: float) -> int:
        """Count a wrong password from `address`; returns its wrong passwords so far."""
        tries = self._current(address, now) or _Tries(0, now, now)
        self._tries.pop(address, None)
        tries.wrong += 1
        tries.last_wrong = now
        tries.wait_until = now + self._wait_after(tries.wrong)
        self._tries[address] = tries
        while len(self._tries) > self.max_addresses:
            del self._tries[next(iter(self._tries))]
        return tries.wrong

    def _wait_after(self, wrong: int) -> float:
        """0 for the free tries, then first_wait_s, doubling with each one, up to max_wait_s."""
        beyond = wrong - self.free
        if beyond < 0:
            return 0.0
        return min(self.first_wait_s * 2.0 ** min(beyond, 64), self.max_wait_s)

    def _current(self, address: str, now: float) -> _Tries | None:
        """The address's tries, unless it has been quiet long enough to be forgotten."""
        tries = self._tries.get(address)
        if tries is not None and now - tries.last_wrong >= self.forget_s:
            del self._tries[address]
            return None
        return tries


def wait_sentence(server: "ServerState", person: "Person") -> str | None:
    """What to answer instead of checking a password from `person` now, or None: check it."""
    wait = server.guesses.wait_s(person.computer, server.now)
    if wait <= 0:
        return None
    seconds = max(1, math.ceil(wait))
    unit = "second" if seconds == 1 else "seconds"
    return f"Too many wrong passwords from your computer; wait {seconds} {unit}"


def count_wrong(server: "ServerState", person: "Person", what: str) -> None:
    """Count a wrong password from `person`'s address; at a few counts, tell the host.

    `what` says which password, for the host: "the room password of #class".
    """
    count = server.guesses.wrong(person.computer, server.now)
    if count in limits.PASSWORD_ALERT_AT:
        server.alert(
            f"Someone at {person.host} tried {count} wrong passwords (the last one: {what}); "
            "each further try from there now has to wait longer."
        )
