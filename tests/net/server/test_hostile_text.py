"""What a student can type to spoil the room, over real sockets: masks that take forever to
match, names that look like others, terminal escapes, and words hidden from the filter
(issue 14).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.lineclient import LineClient
from tests.net.server.historykit import HISTORY_CAPS, open_room, read_batch, synced
from tests.net.server.netsupport import Dialer, RunningServer, StartServer, join

S = r":chatgui\.local"


# --- masks ---


@pytest.mark.timeout(60)
def test_a_pathological_who_mask_answers_and_the_room_keeps_going(
    server: RunningServer, dial: Dialer
) -> None:
    """Twenty people named aaaa…: a regex would need hours for this WHO; the PING of someone
    else, sent right after it, is answered within the usual wait."""
    crowd = [dial(server.port, f"{'a' * 27}{n:02d}") for n in range(20)]
    join("#class", *crowd)
    student = dial(server.port, "Student")
    bystander = dial(server.port, "Kim")
    mask = "*a" * 12 + "*b"
    student.send(f"WHO {mask}")
    bystander.send("PING :still-here")
    bystander.expect(rf"^{S} PONG chatgui\.local :?still-here$")
    student.expect(rf"^{S} 315 Student \S+ :End of WHO list$")
    assert not [line for line in student.seen if " 352 " in line]
    student.send("WHO *a0?")  # the same matcher still finds people
    student.expect(rf"^{S} 352 Student \* ~a+ \S+ chatgui\.local a+00 H :0 a+00$")


@pytest.mark.timeout(60)
def test_pathological_ban_and_mute_masks_cost_the_room_nothing(
    server: RunningServer, dial: Dialer
) -> None:
    """A student runs any room they make: its ban and mute masks are checked on every message
    and every JOIN there, so they get the same matcher as WHO."""
    student = dial(server.port, "Student")
    join("#lab", student)  # made by the student, who is its operator
    mask = "*a" * 12 + "*b"
    student.send(f"MODE #lab +bb {mask}!*@* m:{mask}!*@*")
    student.expect(r" MODE #lab \+bb ")
    crowd = [dial(server.port, f"{'a' * 27}{n:02d}") for n in range(5)]
    join("#lab", *crowd)
    for member in crowd:
        member.send("PRIVMSG #lab :hello")
    bystander = dial(server.port, "Kim")
    bystander.send("PING :still-here")
    bystander.expect(rf"^{S} PONG chatgui\.local :?still-here$")
    heard = {student.expect(r" PRIVMSG #lab :?hello$").split("!")[0] for _ in crowd}
    assert heard == {f":{'a' * 27}{n:02d}" for n in range(5)}  # neither banned nor muted


# --- names and room names ---


@pytest.mark.parametrize(
    "name",
    ["#class\u200b", "#\u0441lass", "#ssalc\u202e", "#class\x1b[2J", "#class\u00a0"],
    ids=ascii,
)
def test_a_room_that_passes_for_another_cannot_be_made(
    server: RunningServer, dial: Dialer, name: str
) -> None:
    sam = dial(server.port, "Sam")
    join("#class", sam)
    sam.send(f"JOIN {name}")
    sam.expect(rf"^{S} 476 Sam .+ :Room names can.t ")
    sam.send("LIST")
    sam.expect(rf"^{S} 323 ")
    assert [line for line in sam.seen if " 322 " in line] == [":chatgui.local 322 Sam #class 1 :"]


@pytest.mark.parametrize(
    "nick", ["Sam\u200b", "S\u0430m", "Sam\u202e", "Sam\x1b[2J", "Sam\u00a0"], ids=ascii
)
def test_a_name_that_passes_for_another_is_refused(
    server: RunningServer, dial: Dialer, nick: str
) -> None:
    """Names are plain ASCII for now: the look-alikes are refused with a suggestion."""
    sam = dial(server.port, "Sam")
    other = dial(server.port)
    other.send(f"NICK {nick}")
    other.send("USER x 0 * :x")
    other.expect(rf"^{S} 432 \* .+ :Names can")
    other.send("NICK Sam")
    other.expect(rf"^{S} 433 \* Sam :Nickname is already in use$")
    sam.send("PING :x")
    sam.expect(r" PONG ")


# --- terminal escapes in relayed text ---

ESC = "\x1b"
CLEAR = ESC + "[2J" + ESC + "[H"  # clears an irssi user's terminal


def test_no_escape_reaches_a_classmate(server: RunningServer, dial: Dialer) -> None:
    """ESC and the other controls are taken out of everything the server passes on; IRC
    formatting (bold, colours) still arrives."""
    sam = dial(server.port, "Sam", caps="batch draft/multiline message-tags echo-message")
    kim = dial(server.port, "Kim", caps="batch draft/multiline message-tags away-notify setname")
    join("#lab", sam, kim)  # Sam made #lab, so Sam may set its topic and remove people
    source = r":Sam!~Sam@127\.0\.0\.1"

    sam.send(f"PRIVMSG #lab :hi{CLEAR}there \x02bold\x02 \x0304red\x03")
    kim.expect(rf"^@\S+ {source} PRIVMSG #lab :?hithere \x02bold\x02 \x0304red\x03$")
    sam.send(f"NOTICE #lab :look{ESC}]0;owned\x07 here\x85")
    kim.expect(rf"^@\S+ {source} NOTICE #lab :look here$")
    sam.send(f"@+draft/react={ESC}[31mok TAGMSG #lab")
    kim.expect(rf"^@\+draft/react=ok;\S+ {source} TAGMSG #lab$")
    sam.send(f"TOPIC #lab :Fractions{CLEAR}")
    kim.expect(rf"^@\S+ {source} TOPIC #lab :?Fractions$")
    sam.send("BATCH +m1 draft/multiline #lab")
    sam.send(f"@batch=m1 PRIVMSG #lab :line one{ESC}[1A")
    sam.send(f"@batch=m1 PRIVMSG #lab :line\ttwo{ESC}[1A")
    sam.send("BATCH -m1")
    kim.expect(r"PRIVMSG #lab :line one$")
    kim.expect(r"PRIVMSG #lab :line two$")
    sam.send(f"AWAY :at lunch{ESC}[5m")
    kim.expect(rf"^@\S+ {source} AWAY :at lunch$")
    sam.send(f"SETNAME :Sam{ESC}[8m L")
    kim.expect(rf"^@\S+ {source} SETNAME :Sam L$")

    lee = dial(server.port)
    lee.send("NICK Lee")
    lee.send(f"USER Lee 0 * :Lee{CLEAR}")
    lee.expect(r" 376 | 422 ")
    kim.send("WHOIS Lee")
    kim.expect(rf"^{S} 311 Kim Lee ~Lee \S+ \* :?Lee$")
    join("#lab", lee)
    lee.send(f"PART #lab :bye{CLEAR}")
    sam.expect(r":Lee!\S+ PART #lab :?bye$")
    join("#lab", lee)
    lee.send(f"QUIT :gone{CLEAR}")
    sam.expect(r":Lee!\S+ QUIT :Quit: gone$")
    sam.send(f"KICK #lab Kim :enough{CLEAR}")
    kim.expect(rf"^@\S+ {source} KICK #lab Kim :?enough$")

    sam.send("PING :done")
    sam.expect(r"PONG")
    assert not [line for line in kim.seen + sam.seen if ESC in line or "\x85" in line]


# --- the word filter reads as a person does ---

ZWSP = "\u200b"
D_WITH_STROKE = "\u0111"
CYRILLIC_A = "\u0430"
BLOCKED = r"Your message to #class was not sent: it contains a word the host does not allow\."


@pytest.fixture
def filtered(start_server: StartServer) -> Iterator[tuple[LineClient, LineClient]]:
    """#class with "darn" masked: Sam (multiline, tags) writes, Kim reads."""
    running = start_server(word_filter=("darn",), word_filter_action="mask")
    dialer = Dialer()
    caps = "batch draft/multiline message-tags"
    sam = dialer(running.port, "Sam", caps=caps)
    kim = dialer(running.port, "Kim", caps=caps)
    join("#class", sam, kim)
    yield sam, kim
    dialer.close_all()


@pytest.mark.parametrize(
    "hidden",
    [
        f"da{ZWSP}rn",
        f"{D_WITH_STROKE}arn",
        f"d{CYRILLIC_A}rn",
        "DA\u0280N".replace("\u0280", "R"),
        "d\u00e1rn",
        "da\x02\x02rn",  # bold on and off: nothing a reader sees
        "da\x0304rn",  # a colour code inside the word
        "\uff44\uff41\uff52\uff4e",  # full-width
    ],
    ids=ascii,
)
def test_a_disguised_word_is_masked_and_the_rest_arrives(
    filtered: tuple[LineClient, LineClient], hidden: str
) -> None:
    sam, kim = filtered
    sam.send(f"PRIVMSG #class :oh {hidden}, the bus is late")
    kim.expect(r" PRIVMSG #class :oh \*\*\*, the bus is late$")


def test_a_word_cut_across_the_lines_of_a_multiline_message_is_masked(
    filtered: tuple[LineClient, LineClient],
) -> None:
    sam, kim = filtered
    sam.send("BATCH +m1 draft/multiline #class")
    sam.send("@batch=m1 PRIVMSG #class :first line")
    sam.send("@batch=m1 PRIVMSG #class :oh da")
    sam.send("@batch=m1;draft/multiline-concat PRIVMSG #class :rn, it rains")
    sam.send("BATCH -m1")
    kim.expect(r"^@\S+ :Sam!\S+ BATCH \+(\S+) draft/multiline #class$")
    kim.expect(r"^@batch=\S+ :Sam!\S+ PRIVMSG #class :first line$")
    kim.expect(r"^@batch=\S+ :Sam!\S+ PRIVMSG #class :oh \*\*\*$")
    kim.expect(r"^@batch=\S+;draft/multiline-concat :Sam!\S+ PRIVMSG #class :, it rains$")
    kim.expect(r"BATCH -")


def test_a_word_in_a_client_tag_is_masked(filtered: tuple[LineClient, LineClient]) -> None:
    sam, kim = filtered
    sam.send(f"@+draft/react=d{ZWSP}arn TAGMSG #class")
    kim.expect(r"^@\+draft/react=\*\*\*;\S+ :Sam!\S+ TAGMSG #class$")
    sam.send("@+example.com/note=so\\sdarn\\scool PRIVMSG #class :hello")
    kim.expect(r"^@\+example\.com/note=so\\s\*\*\*\\scool;\S+ :Sam!\S+ PRIVMSG #class :?hello$")


def test_every_bypass_is_refused_when_the_filter_blocks(
    start_server: StartServer, dial: Dialer
) -> None:
    running = start_server(word_filter=("darn",))
    sam = dial(running.port, "Sam", caps="batch draft/multiline message-tags standard-replies")
    kim = dial(running.port, "Kim", caps="batch draft/multiline message-tags")
    join("#class", sam, kim)
    for line in [
        f"PRIVMSG #class :da{ZWSP}rn",
        f"PRIVMSG #class :{D_WITH_STROKE}arn",
        "@+draft/react=darn TAGMSG #class",
        f"@+draft/reply=x;+example.com/note=d{CYRILLIC_A}rn PRIVMSG #class :hello",
    ]:
        sam.send(line)
        sam.expect(rf"FAIL (PRIVMSG|TAGMSG) WORD_FILTERED #class :{BLOCKED}")
    sam.send("BATCH +m1 draft/multiline #class")
    sam.send("@batch=m1 PRIVMSG #class :oh da")
    sam.send("@batch=m1;draft/multiline-concat PRIVMSG #class :rn")
    sam.send("BATCH -m1")
    sam.expect(rf"FAIL PRIVMSG WORD_FILTERED #class :{BLOCKED}")
    sam.send("PRIVMSG #class :all fine")
    kim.expect(r" PRIVMSG #class :?all fine$")
    heard = [line for line in kim.seen if " PRIVMSG " in line or " TAGMSG " in line]
    assert len(heard) == 1, heard  # only "all fine"


def test_the_history_keeps_a_multiline_message_as_the_room_read_it(tmp_path: Path) -> None:
    room = open_room(tmp_path / "history.sqlite3", word_filter=("darn",), word_filter_action="mask")
    try:
        sam = room.join("Sam", "draft/multiline batch message-tags")
        sam.send("BATCH +m1 draft/multiline #class")
        sam.send("@batch=m1 PRIVMSG #class :oh darn")
        sam.send(f"@batch=m1 PRIVMSG #class :da{ZWSP}rn again")
        sam.send("BATCH -m1")
        synced(sam)
        late = room.join("Kim", HISTORY_CAPS)
        late.send("CHATHISTORY LATEST #class * 10")
        assert [m.params[1] for m in read_batch(late)] == ["oh ***", "*** again"]
    finally:
        room.stop()
