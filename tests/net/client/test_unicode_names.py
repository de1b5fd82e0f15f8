"""The client with names of any script: its lines still fit, and on a server that takes only
ASCII names it picks one and keeps the typed name as the person's real name."""

from __future__ import annotations

import re

import pytest

from chatgui.events import Connected, ConnectFailed, MembersChanged, NameTaken
from chatgui.net.client import ChatClient
from chatgui.protocol.client.address import parse_address
from chatgui.protocol.client.session import ClientSession, Result
from chatgui.protocol.message import Message, parse
from tests.lineclient import LineClient
from tests.net.client.ircservers import Events, IrcServer
from tests.net.client.test_client import MakePeer
from tests.net.server.netsupport import StartServer as StartRoom

S = ":irc.test"
REGISTER_TIMEOUT_S = 15.0

WIDE = "".join(chr(0x20000 + offset) for offset in range(30))  # 30 letters, 120 bytes
WIDE_ROOM = "#" + "".join(chr(0x21000 + offset) for offset in range(49))
WORST_USER_HOST = "!~" + "u" * 10 + "@" + "h" * 63  # what a server may put after our nick


def test_a_long_message_from_a_name_of_four_byte_letters_fits_each_relayed_line() -> None:
    lines = ClientSession(WIDE).say(WIDE_ROOM, "\u00e9t\u00e9 " * 400, local_id=1).lines
    assert len(lines) > 3
    for line in lines:
        relayed = Message(line.command, line.params, WIDE + WORST_USER_HOST).to_bytes()
        assert len(relayed) + 2 <= 512


def feed(session: ClientSession, line: str) -> Result:
    return session.receive(parse(line.encode()), 1000.0)


def test_a_refused_name_of_other_letters_becomes_plain_and_stays_the_real_name() -> None:
    session = ClientSession("Zo\u00eb")
    first = session.start()
    assert [m.params for m in first.lines if m.command == "USER"] == [("Zo", "0", "*", "Zo\u00eb")]
    sent = feed(session, f"{S} 432 * Zo\u00eb :Erroneous nickname").lines
    assert [m.params for m in sent] == [("Zoe",)]
    feed(session, f"{S} 001 Zoe :Welcome")
    events = feed(session, f"{S} 376 Zoe :End of MOTD").events
    assert NameTaken("Zo\u00eb", "Zoe", plain_letters=True) in events


def test_a_name_with_no_plain_form_becomes_guest_and_taken_plain_names_count_up() -> None:
    session = ClientSession("\u674e\u660e")
    session.start()
    sent = feed(session, f"{S} 432 * \u674e\u660e :Erroneous nickname").lines
    sent += feed(session, f"{S} 433 * Guest :Nickname is already in use").lines
    assert [m.params for m in sent] == [("Guest",), ("Guest_2",)]


def test_a_new_name_on_a_server_of_plain_names_is_plain_and_the_typed_one_the_real_name() -> None:
    session = ClientSession("Zo\u00eb")
    session.plain_letters = True
    session.caps.add("setname")
    assert [(m.command, m.params) for m in session.rename("J\u00f6rg").lines] == [
        ("NICK", ("Jorg",)),
        ("SETNAME", ("J\u00f6rg",)),
    ]
    assert [m.params for m in session.rename("Sam").lines] == [("Sam",)]
    renamed = ClientSession("Zo\u00eb").rename("J\u00f6rg").lines
    assert [m.params for m in renamed] == [("J\u00f6rg",)]


def test_a_refusal_of_a_plain_name_ends_the_attempt_with_its_reason() -> None:
    session = ClientSession("Ms_Rivera_")
    session.start()
    reason = "That name could be mistaken for the teacher's, Ms_Rivera: pick another"
    sent = feed(session, f":chatgui.local 432 * Ms_Rivera_ :{reason}").lines
    assert session.failure == "name refused"
    assert session.failure_detail == reason
    assert [m.command for m in sent] == ["QUIT"]


@pytest.mark.slow
def test_each_server_gets_the_name_it_can_take_and_the_typed_name_as_real_name(
    irc_server: IrcServer,
    client: ChatClient,
    events: Events,
    make_peer: MakePeer,
) -> None:
    """chatgui keeps "Zoë"; ngIRCd and InspIRCd take only ASCII nicks: "Zoe", with "Zoë" as
    the real name that /whois shows."""
    client.connect(parse_address(f"{irc_server.host}:{irc_server.port}"), "Zo\u00eb")
    connected = events.wait_for(Connected, REGISTER_TIMEOUT_S)
    bob = make_peer(irc_server, "bob")
    bob.send(f"WHOIS {connected.nick}")
    line = bob.expect(rf" 311 bob {re.escape(connected.nick)} ")
    assert parse(line.encode()).params[-1] == "Zo\u00eb"
    if irc_server.kind == "chatgui":
        assert connected.nick == "Zo\u00eb"
    else:
        assert connected.nick == "Zoe"
        events.wait_for(NameTaken, wanted="Zo\u00eb", given="Zoe", plain_letters=True)


def test_a_look_alike_of_the_teacher_is_told_why_and_not_retried(
    start_server: StartRoom,
    client: ChatClient,
    events: Events,
) -> None:
    running = start_server(host_secret="k3y")
    host = LineClient(running.port)
    try:
        host.send("PASS k3y")
        host.register("Ms_Rivera")
        client.connect(parse_address(f"127.0.0.1:{running.port}"), "Ms_Rivera_")
        failed = events.wait_for(ConnectFailed, REGISTER_TIMEOUT_S)
    finally:
        host.close()
    assert failed.reason == "name refused"
    assert failed.detail.startswith("That name could be mistaken for the teacher's, Ms_Rivera")
    assert "Ms_Rivera_2" not in failed.detail


def _in_a_room_of_plain_names(session: ClientSession) -> list[Message]:
    """Joins #class on a server of plain names; the lines sent from the JOIN on."""
    session.start()
    feed(session, f"{S} 001 Zoe :Welcome")
    feed(session, f"{S} 005 Zoe CASEMAPPING=ascii PREFIX=(ov)@+ :are supported")
    feed(session, f"{S} 376 Zoe :End of MOTD")
    sent = list(feed(session, ":Zoe!~Zo@10.0.0.7 JOIN #class").lines)
    sent += feed(session, f"{S} 353 Zoe = #class :@Jose Zoe Sam Kim_2").lines
    sent += feed(session, f"{S} 366 Zoe #class :End of NAMES").lines
    return sent


def test_on_a_server_of_plain_names_the_names_people_typed_are_learned_from_who() -> None:
    session = ClientSession("Zo\u00eb")
    sent = _in_a_room_of_plain_names(session)
    assert ("WHO", ("#class",)) in [(m.command, m.params) for m in sent]
    feed(session, f"{S} 352 Zoe #class ~J 10.0.0.8 irc.test Jose H@ :0 Jos\u00e9")
    feed(session, f"{S} 352 Zoe #class ~S 10.0.0.9 irc.test Sam H :0 Ms_Rivera")  # not his
    feed(session, f"{S} 352 Zoe #class ~K 10.0.0.9 irc.test Kim_2 H :0 K\u00efm")
    feed(session, f"{S} 352 Zoe #class ~X 10.0.0.9 irc.test Xavier H :0 X\u00e0vier")  # not here
    events = feed(session, f"{S} 315 Zoe #class :End of WHO list").events
    members = next(e for e in events if isinstance(e, MembersChanged)).members
    assert {m.nick: m.typed for m in members} == {
        "Jose": "Jos\u00e9",
        "Zoe": "",
        "Sam": "",
        "Kim_2": "K\u00efm",
    }
    assert session.typed_names.keys() == {"jose", "kim_2"}
    feed(session, ":Jose!~J@10.0.0.8 NICK Jose_3")  # still José, spelled plainly
    feed(session, ":Kim_2!~K@10.0.0.9 NICK Bob")  # no longer Kïm
    feed(session, ":Jose_3!~J@10.0.0.8 QUIT :bye")
    assert session.typed_names == {}


def test_a_server_of_any_letters_is_not_asked_who_is_who() -> None:
    session = ClientSession("Zo\u00eb")
    session.start()
    feed(session, f"{S} 001 Zo\u00eb :Welcome")
    feed(session, f"{S} 005 Zo\u00eb CASEMAPPING=ascii UTF8MAPPING=rfc8265 :are supported")
    feed(session, f"{S} 376 Zo\u00eb :End of MOTD")
    sent = feed(session, ":Zo\u00eb!~Zo@10.0.0.7 JOIN #class").lines
    assert "WHO" not in [m.command for m in sent]
