"""Who is away, ourselves included: the member list marks us away once the server says
so (306) and back again (305), as it marks others from away-notify's AWAY lines."""

from __future__ import annotations

from chatgui.events import AwayChanged, MembersChanged
from chatgui.protocol.client.session import ClientSession
from chatgui.protocol.message import Message, parse

S = ":irc.test"


def in_room_with_sam() -> ClientSession:
    session = ClientSession("amy")
    session.start()
    lines = (
        f"{S} 001 amy :hi",
        f"{S} 376 amy :end",
        ":amy!a@h JOIN #class",
        f"{S} 353 amy = #class :amy sam",
        f"{S} 366 amy #class :End of /NAMES list.",
    )
    for line in lines:
        session.receive(parse(line.encode()), 0.0)
    return session


def away_in(events: tuple[object, ...]) -> dict[str, bool]:
    lists = [event for event in events if isinstance(event, MembersChanged)]
    assert lists, f"no member list in {events}"
    return {member.nick: member.away for member in lists[-1].members}


def test_the_servers_306_marks_us_away_and_305_back() -> None:
    session = in_room_with_sam()
    away = session.receive(parse(f"{S} 306 amy :You have been marked as being away".encode()), 0)
    assert AwayChanged("amy", True, "") in away.events
    assert away_in(away.events) == {"amy": True, "sam": False}
    back = session.receive(
        parse(f"{S} 305 amy :You are no longer marked as being away".encode()), 0
    )
    assert AwayChanged("amy", False, "") in back.events
    assert away_in(back.events) == {"amy": False, "sam": False}


def test_others_are_marked_by_away_notify() -> None:
    session = in_room_with_sam()
    away = session.receive(parse(b":sam!s@h AWAY :lunch"), 0.0)
    assert AwayChanged("sam", True, "lunch") in away.events
    assert away_in(away.events) == {"amy": False, "sam": True}


def test_joining_asks_who_is_away_already_and_marks_them() -> None:
    """away-notify tells only of changes: those away before we came are asked with WHO."""
    session = ClientSession("amy")
    session.start()
    for line in (f"{S} CAP * LS :away-notify", f"{S} CAP amy ACK :away-notify"):
        session.receive(parse(line.encode()), 0.0)
    for line in (f"{S} 001 amy :hi", f"{S} 376 amy :end"):
        session.receive(parse(line.encode()), 0.0)
    joined = session.receive(parse(b":amy!a@h JOIN #class"), 0.0)
    assert Message("WHO", ("#class",)) in joined.lines
    for line in (
        f"{S} 353 amy = #class :amy sam",
        f"{S} 366 amy #class :End of /NAMES list.",
        f"{S} 352 amy #class a h {S[1:]} amy H :0 amy",
        f"{S} 352 amy #class s h {S[1:]} sam G :0 sam",
    ):
        session.receive(parse(line.encode()), 0.0)
    end = session.receive(parse(f"{S} 315 amy #class :End of WHO list".encode()), 0.0)
    assert away_in(end.events) == {"amy": False, "sam": True}


def test_a_room_joined_without_away_notify_asks_nothing() -> None:
    session = ClientSession("amy")
    session.start()
    for line in (f"{S} 001 amy :hi", f"{S} 005 amy UTF8MAPPING=rfc8265 :ok", f"{S} 376 amy :e"):
        session.receive(parse(line.encode()), 0.0)
    joined = session.receive(parse(b":amy!a@h JOIN #class"), 0.0)
    assert not [line for line in joined.lines if line.command == "WHO"]
