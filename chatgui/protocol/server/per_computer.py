"""What the server remembers per computer, bounded: wrong passwords and accounts proven.

Both are counted by computer (names.computer_of), not by connection, because a student can
open as many connections as they like; when full, both forget the computer heard from least
lately. guesses.py (the rule for wrong passwords) and sasl.py decide what a count means.
"""

from dataclasses import dataclass

from chatgui import limits


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


class KnownAccounts:
    """Accounts proven lately from each computer: proving one again costs nothing.

    At most SASL_KNOWN_ACCOUNTS_PER_COMPUTER per computer and PASSWORD_ADDRESSES_MAX
    computers; the least recently used goes first.
    """

    def __init__(self) -> None:
        self._known: dict[str, dict[str, None]] = {}

    def __contains__(self, item: tuple[str, str]) -> bool:
        computer, account = item
        return account in self._known.get(computer, {})

    def add(self, computer: str, account: str) -> None:
        accounts = self._known.pop(computer, {})
        accounts.pop(account, None)
        accounts[account] = None
        while len(accounts) > limits.SASL_KNOWN_ACCOUNTS_PER_COMPUTER:
            del accounts[next(iter(accounts))]
        self._known[computer] = accounts
        while len(self._known) > limits.PASSWORD_ADDRESSES_MAX:
            del self._known[next(iter(self._known))]
