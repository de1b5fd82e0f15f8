"""The nick table: kept by name and by look through any order of arrivals, renames and
departures, it finds the same look-alike as a look at everyone would (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chatgui.protocol.lookalike import looks_the_same
from chatgui.protocol.names import casefold
from chatgui.protocol.server.model import Person
from chatgui.protocol.server.nick_table import NickTable

# Letters that pass for each other ("l", "I", "1"; Latin and Cyrillic "o"), in both cases.
NICKS = st.text(alphabet="lI1oO0\u043e\u041eaA_", min_size=1, max_size=4)
STEPS = st.lists(st.tuples(st.sampled_from(["add", "rename", "leave"]), st.integers(0, 7), NICKS))


@settings(max_examples=300, deadline=None)
@given(STEPS, NICKS)
def test_the_table_finds_what_a_look_at_everyone_finds(
    steps: list[tuple[str, int, str]], asked: str
) -> None:
    table = NickTable()
    here: dict[int, Person] = {}  # who is registered, by connection: the plain truth
    for action, conn, nick in steps:
        person = here.get(conn)
        taken = table.get(casefold(nick))
        if action == "leave" and person is not None:
            table.pop(casefold(person.nick))
            del here[conn]
        elif (
            action in ("add", "rename") and taken is None and (person is None) == (action == "add")
        ):
            if person is None:
                person = here[conn] = Person(conn, "127.0.0.1", 0.0)
            else:
                table.pop(casefold(person.nick))
            person.nick = nick
            table[casefold(nick)] = person
    assert len(table) == len(here)
    assert sorted(p.conn for p in table.values()) == sorted(here)
    for person in [None, *here.values()]:
        stranger = person or Person(99, "127.0.0.1", 0.0)
        twins = [
            p.nick for p in here.values() if p is not stranger and looks_the_same(asked, p.nick)
        ]
        found = table.twin_of(asked, stranger)
        assert (found is None) == (not twins)
        assert found is None or found in twins


def test_a_name_that_is_its_own_look_is_kept_as_one_string() -> None:
    """Hundreds of plain names ("zoe_2"): the table keeps each one's nick string, not copies
    of it, nor a tuple of one, for its folded form and its look."""
    table = NickTable()
    person = Person(1, "127.0.0.1", 0.0)
    person.nick = "".join(["zoe", "_2"])  # made at run time, as a name read from a socket is
    table[casefold(person.nick)] = person
    held = [
        item
        for part in vars(table).values()
        if isinstance(part, dict)
        for entry in part.items()
        for item in entry
        if not isinstance(item, Person)
    ]
    assert held
    assert all(item is person.nick for item in held)
    assert table.twin_of("Z0E_2", Person(2, "127.0.0.1", 0.0)) == "zoe_2"
    table.pop("zoe_2")
    assert len(table) == 0
    assert not any(part for part in vars(table).values())
