"""Everyone registered, by folded name and by look (lookalike.skeleton).

A new name is checked against everyone's for a look-alike ("Ms_KeIIy" beside "Ms_Kelly");
with the names also kept by skeleton, that check asks one entry, not the whole room, so a
school assembly of hundreds can log in at once.
"""

from collections.abc import ValuesView
from typing import TYPE_CHECKING

from chatgui.protocol.lookalike import load_table, skeleton
from chatgui.protocol.names import casefold

if TYPE_CHECKING:
    from chatgui.protocol.server.model import Person


class NickTable:
    """Registered people by folded nick, as a dict would keep them, and by skeleton."""

    def __init__(self) -> None:
        load_table()
        self._by_name: dict[str, Person] = {}
        self._by_look: dict[str, str | tuple[str, ...]] = {}
        """Skeleton -> the folded nick with it, or the nicks when several have it (seldom)."""

    def __len__(self) -> int:
        return len(self._by_name)

    def get(self, folded: str) -> "Person | None":
        return self._by_name.get(folded)

    def values(self) -> "ValuesView[Person]":
        return self._by_name.values()

    def __setitem__(self, folded: str, person: "Person") -> None:
        """`person`, whose nick folds to `folded`, is known by it now (and until it is popped,
        by that nick: a rename pops the old one first)."""
        self.pop(folded, None)
        if folded == person.nick:
            folded = person.nick  # one string kept for a name already in folded form
        look = skeleton(person.nick)
        if look == folded:
            look = folded  # one string kept for both, as most names are their own skeleton
        self._by_name[folded] = person
        same_look = self._by_look.get(look)
        self._by_look[look] = folded if same_look is None else (*_each(same_look), folded)

    def pop(self, folded: str, default: "Person | None" = None) -> "Person | None":
        person = self._by_name.pop(folded, None)
        if person is None:
            return default
        look = skeleton(person.nick)  # as it was added: the nick is the same until popped
        same_look = tuple(other for other in _each(self._by_look[look]) if other != folded)
        if not same_look:
            del self._by_look[look]
        else:
            self._by_look[look] = same_look[0] if len(same_look) == 1 else same_look
        return person

    def clear(self) -> None:
        self._by_name.clear()
        self._by_look.clear()

    def twin_of(self, nick: str, person: "Person") -> str | None:
        """The nick of someone other than `person` whose name looks the same as `nick` but is
        another (lookalike.looks_the_same), or None."""
        folded = casefold(nick)
        for other_folded in _each(self._by_look.get(skeleton(nick), ())):
            other = self._by_name[other_folded]
            if other is not person and other_folded != folded:
                return other.nick
        return None


def _each(folded_nicks: str | tuple[str, ...]) -> tuple[str, ...]:
    """The nicks of a _by_look entry: one is kept as itself, not in a tuple of its own."""
    return (folded_nicks,) if isinstance(folded_nicks, str) else folded_nicks
