"""Who is the host: the one who showed the host secret, or presented the one-time host key.

The host's own window proves itself with the host secret it made (PASS). A room run with
`serve` has no window: it prints a host key, and the first person to present it (PASS, which
irssi sends too: `/connect ADDRESS PORT KEY`) becomes the host. The key is then used up, so
reading it off the network afterwards gives nothing, and the host's powers are bound to who
used it: their identity (account) when they proved one, so a reconnect of the same identity is
the host again. Without an identity only the same computer, presenting the same key again, is;
from any other computer the key is dead. A wrong or used key counts as a wrong password
(guesses.py).
"""

from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol.server.guesses import password_matches

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person

HOST_KEY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Letters and digits that can't be mistaken for each other when read off a screen (no 0/O,
1/I/L)."""


def normal_key(text: str) -> str:
    """The key as compared: case, spaces and dashes aside, as people type it."""
    return "".join(c for c in text.upper() if c not in " -")


def key_matches(given: str | None, key: str) -> bool:
    return given is not None and password_matches(normal_key(given), normal_key(key))


def proves_host(server: "ServerContext", person: "Person") -> bool:
    """True when `person` may be the host: the host secret, the unused host key, or the
    identity that used it (changes nothing: take_charge() does)."""
    config = server.config
    if config.host_secret is not None and password_matches(person.password, config.host_secret):
        return True
    host_key = server.host_key
    if host_key is None:
        return False
    if host_key.used_by is None:
        return key_matches(person.password, host_key.key)
    account, computer = host_key.used_by
    if account is not None:
        return person.account == account
    return person.computer == computer and key_matches(person.password, host_key.key)


def take_charge(server: "ServerContext", person: "Person") -> bool:
    """Make `person` the host if they prove it; a first use of the key uses it up and tells
    the host (`serve` prints it)."""
    if not proves_host(server, person):
        return False
    person.is_host = True
    server.hosts.add(person.conn)
    host_key = server.host_key
    secret = server.config.host_secret
    shows_secret = secret is not None and password_matches(person.password, secret)
    if host_key is not None and host_key.used_by is None and not shows_secret:
        host_key.used_by = (person.account, person.computer)
        server.alert(
            f"{person.nick} at {person.host} presented the host key and is now the host; "
            "the key can't be used again."
        )
    return True


def presents_a_key(server: "ServerContext", person: "Person") -> bool:
    """True when the room has a host key and `person` sent something shaped like one as their
    password (the room has no server password it could be). Anything else is ignored as
    before: a window sends the room password (+k) there too."""
    given = person.password
    if server.host_key is None or server.config.password is not None or given is None:
        return False
    typed = normal_key(given)
    return len(typed) == 4 * limits.HOST_KEY_GROUPS and all(c in HOST_KEY_ALPHABET for c in typed)
