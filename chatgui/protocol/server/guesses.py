"""Wrong passwords, slowed per address: a room's password (+k), the server's (PASS) and OPER's.

Classroom passwords are short: checked as fast as a program can send them, a 6-digit room
password falls in seconds. So each address gets a few wrong tries free; after those, each
wrong password makes the next try from that address wait twice as long (up to a limit), and a
try during the wait is refused without being checked. It is per address, not per connection,
because a student can open as many connections as they like. The host is told at a few counts
(limits.PASSWORD_ALERT_AT), not at every try. Passwords are compared in constant time. The
counts are kept in per_computer.GuessLimiter.
"""

import hmac
import math
from typing import TYPE_CHECKING

from chatgui import limits

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person


def password_matches(given: str | None, expected: str) -> bool:
    """True when `given` is `expected`, taking the same time wherever they differ.

    None (no password given) never matches, not even an empty one."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def wait_sentence(server: "ServerContext", person: "Person") -> str | None:
    """What to answer instead of checking a password from `person` now, or None: check it."""
    wait = server.guesses.wait_s(person.computer, server.now)
    if wait <= 0:
        return None
    seconds = max(1, math.ceil(wait))
    unit = "second" if seconds == 1 else "seconds"
    return f"Too many wrong passwords from your computer; wait {seconds} {unit}"


def count_wrong(server: "ServerContext", person: "Person", what: str) -> None:
    """Count a wrong password from `person`'s address; at a few counts, tell the host.

    `what` says which password, for the host: "the room password of #class".
    """
    count = server.guesses.wrong(person.computer, server.now)
    if count in limits.PASSWORD_ALERT_AT:
        server.alert(
            f"Someone at {person.host} tried {count} wrong passwords (the last one: {what}); "
            "each further try from there now has to wait longer."
        )
