"""Asking for help: raising a hand (HAND) and writing to the host and helpers only
(PRIVMSG @#room, STATUSMSG). Plain clients read NOTICEs; clients with the hands capability
read NOTE HAND lines (docs/protocol.md).
"""

from __future__ import annotations

import re

from chatgui import limits
from chatgui.protocol.caps import HANDS as HANDS_CAP
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.outgoing import Send
from chatgui.protocol.server.state import ServerState
from tests.net.server.teacherkit import ROOM, Classroom, S, room_control, room_notice, who

NOTE = rf"^(@\S+ )?{S} NOTE HAND"


def test_hands_queue_in_the_order_raised_and_everyone_reads_it(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim")
    lee = classroom.enter("Lee", caps=HANDS_CAP)
    sam.send(f"HAND {ROOM}")
    kim.expect(room_notice("Sam raised a hand (1st in line)."))
    host.expect(room_notice("Sam raised a hand (1st in line)."))
    raised = lee.expect(rf"{NOTE} RAISED {ROOM} Sam (\d+) :Sam raised a hand \(1st in line\)\.$")
    kim.send(f"HAND {ROOM} +")
    sam.expect(room_notice("Kim raised a hand (2nd in line)."))
    lee.expect(rf"{NOTE} RAISED {ROOM} Kim \d+ :Kim raised a hand \(2nd in line\)\.$")
    kim.send(f"HAND {ROOM}")  # again: Kim is told, the room is not
    kim.expect(rf"^{S} NOTICE Kim :Your hand is already up in {ROOM} \(2nd in line\)\.$")

    host.send(f"HAND {ROOM} ?")
    host.expect(rf"^{S} NOTICE Ms_Rivera :Hands up in {ROOM}: 1\. Sam, 2\. Kim$")
    lee.send(f"HAND {ROOM} ?")
    first = lee.expect(rf"^{S} NOTE HAND QUEUE {ROOM} ")
    second = lee.expect(rf"^{S} NOTE HAND ")
    end = lee.expect(rf"^{S} NOTE HAND ")
    stamp = re.search(r" (\d+) :", raised)
    assert stamp is not None
    assert first == f":chatgui.local NOTE HAND QUEUE {ROOM} Sam {stamp[1]} :1. Sam"
    assert re.match(rf"^{S} NOTE HAND QUEUE {ROOM} Kim \d+ :2\. Kim$", second)
    assert end == f":chatgui.local NOTE HAND END {ROOM} :2 hands up in {ROOM}"
    assert not any("NOTICE #class" in line for line in lee.seen)  # the NOTE replaced it
    kim.expect_nothing("Kim raised a hand")


def test_lowering_your_own_and_an_op_lowering_someone_elses(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim")
    lee = classroom.enter("Lee", caps=HANDS_CAP)
    for client, nick in ((sam, "Sam"), (kim, "Kim"), (lee, "Lee")):
        client.send(f"HAND {ROOM}")
        host.expect(rf"NOTICE {ROOM} :{nick} raised a hand")
    sam.send(f"HAND {ROOM} -")
    kim.expect(room_notice("Sam lowered their hand."))
    lee.expect(rf"{NOTE} LOWERED {ROOM} Sam \d+ :Sam lowered their hand\.$")
    sam.send(f"HAND {ROOM} -")
    sam.expect(rf"^{S} NOTICE Sam :Your hand is not up in {ROOM}\.$")

    sam.send(f"HAND {ROOM} - Kim")
    sam.expect(rf"^{S} 482 Sam {ROOM} :Only the host and helpers can lower someone else's hand$")
    host.send(f"HAND {ROOM} - Lee")
    kim.expect(room_notice("Ms_Rivera lowered Lee's hand."))
    lee.expect(rf"{NOTE} LOWERED {ROOM} Lee \d+ :Ms_Rivera lowered Lee's hand\.$")
    kim.send(f"HAND {ROOM} ?")
    kim.expect(rf"^{S} NOTICE Kim :Hands up in {ROOM}: 1\. Kim$")
    kim.send(f"HAND {ROOM} sideways")
    kim.expect(rf"^{S} NOTICE {ROOM} :Use HAND #room to raise your hand")  # in the room


def test_a_person_leaving_drops_their_hand(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim")
    lee = classroom.enter("Lee")
    for client, nick in ((sam, "Sam"), (kim, "Kim"), (lee, "Lee")):
        client.send(f"HAND {ROOM}")
        host.expect(rf"NOTICE {ROOM} :{nick} raised a hand")
    sam.send(f"PART {ROOM}")
    host.expect(room_notice("Sam left, so their hand is down."))
    kim.send("QUIT :home time")
    host.expect(room_notice("Kim left, so their hand is down."))
    host.send(f"HAND {ROOM} ?")
    host.expect(rf"^{S} NOTICE Ms_Rivera :Hands up in {ROOM}: 1\. Lee$")
    host.send(f"KICK {ROOM} Lee")
    host.expect(room_notice("Lee left, so their hand is down."))
    host.send(f"HAND {ROOM} ?")
    host.expect(rf"^{S} NOTICE Ms_Rivera :No hands are up in {ROOM}\.$")
    classroom.enter("Sam_again")  # a new hand starts a new queue
    classroom.clients[-1].send(f"HAND {ROOM}")
    host.expect(room_notice("Sam_again raised a hand (1st in line)."))


def test_hand_needs_the_room(classroom: Classroom) -> None:
    classroom.host()
    outsider = classroom.connect("Ann")
    outsider.send(f"HAND {ROOM}")
    outsider.expect(rf"^{S} 442 Ann {ROOM} :You're not on that channel$")
    outsider.send("HAND")
    outsider.expect(rf"^{S} 461 Ann HAND :Not enough parameters$")


# --- STATUSMSG: PRIVMSG @#room ---


def test_a_message_to_at_room_reaches_only_the_host_and_helpers(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    kim = classroom.enter("Kim")
    lee = classroom.enter("Lee")
    host.send(f"MODE {ROOM} +o Kim")
    lee.expect(room_control("Ms_Rivera made Kim a helper."))
    sam.send(f"PRIVMSG @{ROOM} :I don't understand question 3")
    host.expect(rf"^{who('Sam')} PRIVMSG @{ROOM} :I don't understand question 3$")
    kim.expect(rf"^{who('Sam')} PRIVMSG @{ROOM} :I don't understand question 3$")
    lee.expect_nothing("question 3")
    assert not any("question 3" in line for line in sam.seen)  # no echo asked for


def test_a_muted_person_may_still_ask_the_host(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam")
    host.send(f"MODE {ROOM} +b m:Sam")
    sam.expect(rf" MODE {ROOM} \+b m:Sam!\*@\*$")
    sam.send(f"PRIVMSG @{ROOM} :sorry, can I talk again?")
    host.expect(rf"^{who('Sam')} PRIVMSG @{ROOM} :sorry, can I talk again\?$")
    sam.send(f"HAND {ROOM}")
    host.expect(room_notice("Sam raised a hand (1st in line)."))


def test_at_room_needs_the_room_and_someone_in_charge(classroom: Classroom) -> None:
    sam = classroom.enter("Sam", caps="standard-replies")
    outsider = classroom.connect("Ann")
    sam.send(f"PRIVMSG @{ROOM} :anyone?")
    sam.expect(
        rf"^{S} FAIL PRIVMSG NO_HELPERS @{ROOM} :No host or helper is in {ROOM} right now: "
        "your message was not sent$"
    )
    outsider.send(f"PRIVMSG @{ROOM} :let me in")
    outsider.expect(rf"^{S} 404 Ann {ROOM} :Join {ROOM} first: only its members can write")


def test_the_hand_queue_holds_at_most_its_limit() -> None:
    """HAND_QUEUE_MAX hands go up; one more is refused with FAIL HAND QUEUE_FULL (in the core,
    with the clock as an argument: a few hundred sockets would only slow the test down)."""
    state = ServerState(ServerConfig(rooms=(ROOM,)))
    people = limits.HAND_QUEUE_MAX + 1
    for conn in range(1, people + 1):
        state.connected(conn, "10.0.0.1", 0.0)
        for line in (
            "CAP REQ standard-replies",
            "CAP END",
            f"NICK p{conn}",
            f"USER p{conn} 0 * :p",
            f"JOIN {ROOM}",
            f"HAND {ROOM}",
        ):
            sent = state.received(conn, line.encode(), 0.0)
    refused = [item.line.decode() for item in sent if isinstance(item, Send)]
    why = f"{limits.HAND_QUEUE_MAX} hands are already up in {ROOM}: wait a little"
    assert refused == [f":chatgui.local FAIL HAND QUEUE_FULL {ROOM} :{why}"]
    channel = state.find_channel(ROOM)
    assert channel is not None
    assert len(channel.hands) == limits.HAND_QUEUE_MAX


def test_a_muted_student_cannot_flood_the_room_with_hands(classroom: Classroom) -> None:
    """Every raise and lower is told to the whole room: a muted Sam raising and lowering a
    hand in a loop talked over the mute (and slow mode), ten notices a second. A hand raised
    again within HAND_RAISE_GAP_S is now refused; the host and helpers never wait.

        host> MODE #class +b m:Sam!*@*
        Sam> 10 x (HAND #class + HAND #class -)
        Kim sees "Sam raised a hand" once; Sam gets FAIL HAND TOO_SOON
        host> HAND #class, HAND #class -, HAND #class     all three told to the room
    """
    host = classroom.host()
    sam = classroom.enter("Sam", caps="standard-replies")
    kim = classroom.enter("Kim")
    host.send(f"MODE {ROOM} +b m:Sam!*@*")
    kim.expect(rf" MODE {ROOM} \+b m:Sam!\*@\*$")
    sam.send_raw(f"HAND {ROOM}\r\nHAND {ROOM} -\r\n".encode() * 10)
    sam.expect(rf"^{S} FAIL HAND TOO_SOON {ROOM} (10|9) :You raised your hand a moment ago")
    sam.send("PING :done")
    sam.expect(r"PONG \S+ :?done")
    host.send(f"HAND {ROOM}")
    host.send(f"HAND {ROOM} -")
    host.send(f"HAND {ROOM}")
    kim.expect(room_notice("Ms_Rivera raised a hand (1st in line)."))
    kim.expect(room_notice("Ms_Rivera lowered their hand."))
    kim.expect(room_notice("Ms_Rivera raised a hand (1st in line)."))
    raised = [line for line in kim.seen if "Sam raised a hand" in line]
    assert len(raised) == 1, kim.seen
