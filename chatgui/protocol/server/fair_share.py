"""Fair shares of the server's work between addresses, not connections.

Each person has their own flood timer (RFC 1459 §8.10, in ServerState). On top of it, every
address has one penalty timer shared by all its connections: each line handled adds its cost,
time runs it down, and past the address's allowance its connections wait. So two hundred
connections from one PC get the work of one address, while a lab behind one address (each
person at classroom rates) never notices.

When an address is over its budget, its connections take turns: each one that has a line
waiting takes a place in the address's queue and is served in that order, one line per turn,
so one busy connection can't starve its neighbours on the same address.

An address whose penalty has run down, with nobody waiting and nothing told to the host, is
just a count of its connections: a class sitting idle holds no share object per computer.
Such an address behaves exactly as a share whose timer is now.
"""

from dataclasses import dataclass


@dataclass(slots=True)
class AddressShare:
    """The penalty timer of one address and the connections waiting for their turn."""

    timer: float
    connections: int = 0
    waiting: tuple[int, ...] = ()
    """In turn order. A tuple, replaced as it changes: at most a computer's connections wait,
    most addresses never do, and every address has one (an empty deque held 760 bytes)."""
    host_told: bool = False
    """The host already heard that someone here flooded (said once, not per connection)."""


class FairShare:
    """Every address's share: ServerState charges it and asks it how long a line must wait."""

    def __init__(self, cost_s: float, allowance_s: float) -> None:
        """cost_s: seconds of penalty per unit of work; allowance_s: penalty an address may
        run up before its connections wait (its burst)."""
        self.cost_s = cost_s
        self.allowance_s = allowance_s
        self.shares: dict[str, AddressShare | int] = {}
        """Address -> its share, or only its number of connections while it has nothing more."""

    def arrive(self, address: str, now: float) -> None:
        """A connection from `address` opened."""
        share = self.shares.get(address)
        if isinstance(share, AddressShare):
            share.connections += 1
        else:
            self.shares[address] = (share or 0) + 1

    def leave(self, conn: int, address: str, now: float) -> None:
        """A connection from `address` closed. Its address's penalty stays until it has run
        down, so closing and reopening connections never buys a new burst."""
        share = self.shares.get(address)
        if share is None:
            return
        if not isinstance(share, AddressShare):
            if share > 1:
                self.shares[address] = share - 1
            else:
                del self.shares[address]
            return
        share.connections -= 1
        share.waiting = tuple(other for other in share.waiting if other != conn)
        self.forget_idle(now, [address])

    def forget_idle(self, now: float, addresses: list[str] | None = None) -> None:
        """Drop the shares of addresses with no connection whose penalty has run down, and
        keep only the count of those with nothing more (no penalty, nobody waiting, nothing
        told)."""
        for address in list(self.shares) if addresses is None else addresses:
            share = self.shares.get(address)
            if not isinstance(share, AddressShare) or share.timer > now:
                continue
            if share.connections <= 0:
                del self.shares[address]
            elif not share.waiting and not share.host_told:
                self.shares[address] = share.connections

    def charge(self, address: str, units: int, now: float) -> None:
        """Add the cost of `units` of work (a plain line is one) to the address's timer."""
        share = self._share(address, now)
        if share is not None:
            share.timer = max(share.timer, now) + units * self.cost_s

    def over_budget(self, address: str, now: float) -> float:
        """Seconds until the address is back within its allowance (0: it is within it)."""
        share = self.shares.get(address)
        if not isinstance(share, AddressShare):
            return 0.0
        return max(0.0, share.timer - now - self.allowance_s)

    def excuse(self, conn: int, address: str) -> None:
        """`conn` never waits (the host's helper): it gives up the place in its address's queue
        that asking for its delay took, which would hold up the connections behind it."""
        share = self.shares.get(address)
        if isinstance(share, AddressShare) and conn in share.waiting:
            share.waiting = tuple(other for other in share.waiting if other != conn)

    def first_flood(self, address: str, now: float) -> bool:
        """True the first time someone at `address` is dropped for flooding: the host hears
        of it once for the address, not for each of its connections."""
        share = self._share(address, now)
        if share is None or share.host_told:
            return False
        share.host_told = True
        return True

    def _share(self, address: str, now: float) -> AddressShare | None:
        """The address's share, made from its count of connections when it has only that."""
        share = self.shares.get(address)
        if share is None or isinstance(share, AddressShare):
            return share
        made = self.shares[address] = AddressShare(now, share)
        return made

    def delay(self, conn: int, address: str, own_delay: float, now: float) -> float:
        """Seconds before connection `conn`'s next line may be handled, 0 meaning now.

        `own_delay` is what the person's own flood timer asks. Asking takes the connection a
        place in its address's queue when it must wait for the address; 0 is answered to the
        first in the queue once the address is within its allowance, and takes it out.
        """
        share = self.shares.get(address)
        if not isinstance(share, AddressShare):
            return own_delay
        over = self.over_budget(address, now)
        if conn not in share.waiting:
            if over == 0 and not share.waiting:
                return own_delay
            if own_delay >= over + len(share.waiting) * self.cost_s:
                return own_delay  # its own timer is the later one: no place taken meanwhile
            share.waiting += (conn,)
        rank = share.waiting.index(conn)
        if over == 0 and rank == 0 and own_delay == 0:
            share.waiting = share.waiting[1:]
            return 0.0
        # A turn comes about every cost_s: the estimate spreads the waiting connections'
        # wake-ups instead of waking them all at once; an early one just asks again.
        return max(own_delay, over + rank * self.cost_s)
