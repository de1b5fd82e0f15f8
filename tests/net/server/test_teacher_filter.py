"""The word filter: the pure matching rules, then on a real server (block, mask, changed at
run time through ChatServer.set_word_filter), and `serve --filter-file`.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatgui import limits
from chatgui.cli.options import build_parser
from chatgui.cli.serve_config import server_config
from chatgui.protocol.message import parse
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.outgoing import Send
from chatgui.protocol.server.state import ServerState
from chatgui.protocol.server.wordfilter import (
    WordFilter,
    build_word_filter,
    fold,
    read_each_character,
    read_words,
)
from tests.net.server.netsupport import StartServer
from tests.net.server.teacherkit import HOST_SECRET, ROOM, Classroom, S, room_notice, who

BLOCKED = (
    "Your message to #class was not sent: it contains a word the host does not allow. "
    "Please say it another way."
)

# --- the rules, without a server ---


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Crème", "creme"),
        ("CRÈME", "creme"),
        ("Cre\u0300me", "creme"),  # e + a combining grave accent
        ("\uff23\uff32\uff25\uff2d\uff25", "creme"),  # full-width letters
        ("Straße", "strasse"),
        ("\ufb01sh", "fish"),  # the "fi" ligature
        ("\u0111\u0142\u00f8\u00e6\u0153\u0131\u0127", "dloaeoeih"),  # letters with a stroke
        ("\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456", "aeopcyxi"),  # Cyrillic
        ("\u0391\u03b2\u03b5\u039f\u03c1", "abeop"),  # Greek
        ("d\u200ba\u00adr\u2060n\ufe0f", "darn"),  # invisible characters inside
        ("da\x02r\x0304,05n", "darn"),  # bold and colour codes inside
    ],
    ids=ascii,
)
def test_fold_ignores_case_accents_and_compatibility_forms(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("text", "blocked"),
    [
        ("I love creme brulee", True),
        ("I love Crème brûlée", True),
        ("CREME!", True),
        ("(crème)", True),
        ("cremes", False),
        ("ice-creme", True),
        ("icecreme", False),
        ("nothing here", False),
        ("", False),
    ],
)
def test_block_matches_whole_words_only(text: str, blocked: bool) -> None:
    word_filter = build_word_filter(["crème"], "block")
    assert (word_filter.check(text) is None) == blocked


def test_class_does_not_match_classic() -> None:
    word_filter = build_word_filter(["class"], "block")
    assert word_filter.check("a classic film") == "a classic film"
    assert word_filter.check("this class") is None


def test_mask_replaces_each_filtered_word_and_keeps_the_rest() -> None:
    word_filter = build_word_filter(["darn", "Crème"], "mask")
    assert word_filter.check("Darn, the CRÈME is darn good") == "***, the *** is *** good"
    assert word_filter.check("darning is fine") == "darning is fine"


def test_an_empty_filter_lets_everything_through() -> None:
    assert WordFilter().check("anything at all") == "anything at all"
    assert build_word_filter(["", "  "], "mask").words == frozenset()


@pytest.mark.parametrize(
    ("words", "action", "problem"),
    [
        (["two words"], "block", "'two words' is not a single word"),
        (["dang!"], "block", "'dang!' is not a single word"),
        (["darn"], "delete", 'the word filter action must be "block" or "mask"'),
        (["x" * (limits.WORD_FILTER_WORD_MAX_CHARS + 1)], "block", "is longer than"),
        ([f"w{n}" for n in range(limits.WORD_FILTER_MAX_WORDS + 1)], "block", "at most"),
    ],
)
def test_a_list_that_cannot_be_used_says_what_to_fix(
    words: list[str], action: str, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem.replace("(", r"\(")):
        build_word_filter(words, action)


def test_the_limits_themselves_are_accepted() -> None:
    longest = "x" * limits.WORD_FILTER_WORD_MAX_CHARS
    assert longest in build_word_filter([longest], "block").words
    most = [f"w{n}" for n in range(limits.WORD_FILTER_MAX_WORDS)]
    assert len(build_word_filter(most, "block").words) == limits.WORD_FILTER_MAX_WORDS


# Ways to write a letter that a reader takes for it, and things a reader does not see.
LOOK_ALIKES = {
    "a": "\u0430\u03b1\u00e0\u00e1\u00e4\u00e5\uff41\U0001d41a",
    "b": "\u03b2\u0432",
    "c": "\u0441\u00e7",
    "d": "\u0111\u0501\u00f0",
    "e": "\u0435\u03b5\u00e9\u00eb\u0451",
    "h": "\u0127\u04bb\u043d",
    "i": "\u0456\u0131\u03b9\u00ed\u0457",
    "k": "\u043a\u03ba",
    "l": "\u0142",
    "o": "\u043e\u03bf\u00f8\u00f6",
    "p": "\u0440\u03c1",
    "s": "\u0455",
    "t": "\u0442\u03c4\u0167",
    "x": "\u0445\u03c7",
    "y": "\u0443\u04af",
}
UNSEEN = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u034f",
    "\u202e",
    "\u0301",
    "\ufe0f",
    "\x02",
    "\x1d",
    "\x0304",
    "\x03",
]


@st.composite
def disguised(draw: st.DrawFn) -> tuple[str, str]:
    """A word of plain letters, and the same word as a student might disguise it."""
    word = draw(st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=12))
    shown = ""
    for letter in word:
        choices = [letter, letter.upper(), *LOOK_ALIKES.get(letter, "")]
        shown += draw(st.sampled_from(choices))
        shown += "".join(draw(st.lists(st.sampled_from(UNSEEN), max_size=2)))
    return word, shown


@given(disguised())
def test_no_disguise_gets_a_word_past_the_filter(case: tuple[str, str]) -> None:
    word, shown = case
    assert build_word_filter([word], "block").check(f"well {shown}, friends") is None
    assert build_word_filter([word], "mask").check(f"well {shown}, friends") == (
        "well ***, friends"
    )


@given(disguised(), st.integers(min_value=1, max_value=11))
def test_no_cut_across_multiline_lines_gets_a_word_past_the_filter(
    case: tuple[str, str], cut: int
) -> None:
    word, shown = case
    cut = min(cut, len(shown) - 1)
    lines = [("well " + shown[:cut], False), (shown[cut:] + ", friends", True)]
    assert build_word_filter([word], "block").check_message(lines, {}) is None
    masked = build_word_filter([word], "mask").check_message(lines, {"+draft/react": shown})
    assert masked is not None
    text = "".join(line for line, _ in masked[0])
    assert text == "well ***, friends"
    assert masked[1] == {"+draft/react": "***"}


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)) | st.text())
def test_plain_text_is_read_in_words_as_every_character_would_be(text: str) -> None:
    """The quick reading of plain ASCII text (nearly every message) finds the words the
    reading character by character finds, at the same places, in any text at all."""
    assert read_words(text) == read_each_character(text)


@given(
    st.lists(
        st.text(
            alphabet=string.ascii_letters + string.digits + "_",
            min_size=1,
            max_size=limits.WORD_FILTER_WORD_MAX_CHARS,
        ),
        min_size=1,
    ),
    st.integers(min_value=0),
    st.sampled_from([" ", ", ", "!? ", "-", "\x7f"]),
)
def test_a_filtered_word_in_plain_text_is_always_found(
    said: list[str], pick: int, between: str
) -> None:
    """Plain text is answered after one pass when it holds none of the words: when it holds
    one, wherever and in whatever case, the message is still refused."""
    word = said[pick % len(said)]
    assert build_word_filter([word.swapcase()], "block").check(between.join(said)) is None


# --- on a real server ---


def test_a_blocked_word_is_refused_with_a_notice_and_reaches_nobody(
    start_server: StartServer,
) -> None:
    room = Classroom(start_server(host_secret=HOST_SECRET, word_filter=("creme",)))
    try:
        host = room.host()
        sam = room.enter("Sam")
        kim = room.enter("Kim")
        sam.send(f"PRIVMSG {ROOM} :I love Crème brûlée")
        sam.expect(rf"^{S} 404 Sam {ROOM} :{BLOCKED}$")  # shown where it was typed
        sam.send(f"PRIVMSG {ROOM} :a classic film")
        kim.expect(rf"^{who('Sam')} PRIVMSG {ROOM} :a classic film$")
        sam.send("PRIVMSG Kim :CREME in private")
        sam.expect(rf"^{S} NOTICE Sam :Your message to Kim was not sent")
        host.send(f"PRIVMSG {ROOM} :the host may quote creme")
        kim.expect(rf"^{who('Ms_Rivera')} PRIVMSG {ROOM} :the host may quote creme$")
        kim.expect_nothing("brûlée|in private")
        host.expect_nothing("brûlée|in private")
    finally:
        room.close()


def test_a_masked_word_reaches_the_others_as_stars(start_server: StartServer) -> None:
    running = start_server(word_filter=("darn",), word_filter_action="mask")
    room = Classroom(running)
    try:
        sam = room.enter("Sam", caps="echo-message standard-replies")
        kim = room.enter("Kim")
        sam.send(f"PRIVMSG {ROOM} :Darn, that was DARN hard")
        kim.expect(rf"^{who('Sam')} PRIVMSG {ROOM} :\*\*\*, that was \*\*\* hard$")
        sam.expect(rf"^{who('Sam')} PRIVMSG {ROOM} :\*\*\*, that was \*\*\* hard$")  # the echo
    finally:
        room.close()


def test_the_host_changes_the_filter_while_the_room_is_open(classroom: Classroom) -> None:
    host = classroom.host()
    sam = classroom.enter("Sam", caps="standard-replies")
    kim = classroom.enter("Kim")
    server = classroom.running.server
    server.set_word_filter(["darn", "heck"], "mask")
    kim.expect(room_notice("The host set the word filter: 2 words, shown as ***."))
    sam.send(f"PRIVMSG {ROOM} :heck yes")
    kim.expect(rf"^{who('Sam')} PRIVMSG {ROOM} :\*\*\* yes$")

    with pytest.raises(ValueError, match="'oh no' is not a single word"):
        server.set_word_filter(["oh no"], "block")
    sam.send(f"PRIVMSG {ROOM} :darn it")  # the old filter still holds
    kim.expect(rf"^{who('Sam')} PRIVMSG {ROOM} :\*\*\* it$")

    server.set_word_filter(["darn"], "block")
    host.expect(room_notice("The host set the word filter: 1 word, refused."))
    sam.send(f"PRIVMSG {ROOM} :darn it")
    sam.expect(rf"^{S} FAIL PRIVMSG WORD_FILTERED {ROOM} :{BLOCKED}$")
    server.set_word_filter([], "block")
    kim.expect(room_notice("The host turned the word filter off."))
    sam.send(f"PRIVMSG {ROOM} :darn it")
    kim.expect(rf"^{who('Sam')} PRIVMSG {ROOM} :darn it$")


def test_a_multiline_message_is_filtered_too(start_server: StartServer) -> None:
    room = Classroom(start_server(word_filter=("darn",), word_filter_action="mask"))
    try:
        sam = room.enter("Sam", caps="batch draft/multiline")
        kim = room.enter("Kim")
        sam.send(f"BATCH +b1 draft/multiline {ROOM}")
        sam.send(f"@batch=b1 PRIVMSG {ROOM} :first line")
        sam.send(f"@batch=b1 PRIVMSG {ROOM} :darn second line")
        sam.send("BATCH -b1")
        kim.expect(rf"^(@\S+ )?{who('Sam')} PRIVMSG {ROOM} :first line$")
        kim.expect(rf"^(@\S+ )?{who('Sam')} PRIVMSG {ROOM} :\*\*\* second line$")
    finally:
        room.close()


# --- serve --filter-file ---


def test_serve_reads_the_filter_file(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("# words for Year 7\ndarn\n\n  Crème  \n", encoding="utf-8")
    args = build_parser().parse_args(
        ["serve", "--filter-file", str(words), "--filter-action", "mask"]
    )
    config = server_config(args)
    assert config.word_filter == ("darn", "Crème")
    assert config.word_filter_action == "mask"


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"two words\n", "'two words' is not a single word"), (b"\xff\xfe\x00", "can't be read")],
)
def test_serve_refuses_a_filter_file_it_cannot_use(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    words = tmp_path / "words.txt"
    words.write_bytes(content)
    args = build_parser().parse_args(["serve", "--filter-file", str(words)])
    with pytest.raises(ValueError, match=problem):
        server_config(args)


def test_a_filtered_word_in_a_me_action_is_masked_and_the_action_stays() -> None:
    word_filter = build_word_filter(["darn"], "mask")
    assert word_filter.check("\x01ACTION says darn\x01") == "\x01ACTION says ***\x01"
    assert word_filter.check("\x01ACTION\x01") == "\x01ACTION\x01"


def test_part_quit_and_away_messages_are_filtered_too(start_server: StartServer) -> None:
    """Leaving with a word was a way around the filter the whole room reads ("Sam left: …").

    block:  Sam> PART #class :darn it       the room sees  PART #class        (no message)
            Sam> AWAY :darn                 Sam gets  FAIL AWAY WORD_FILTERED; not away
            Sam> QUIT :darn you all         the room sees  QUIT :Quit
    mask:   Ann> PART #class :oh darn       the room sees  PART #class :oh ***
    """
    room = Classroom(start_server(word_filter=("darn",)))
    try:
        sam = room.enter("Sam", caps="standard-replies")
        kim = room.enter("Kim")
        sam.send(f"PART {ROOM} :darn it")
        kim.expect(rf"^(@\S+ )?{who('Sam')} PART {ROOM}$")
        sam.send("AWAY :darn")
        sam.expect(rf"^{S} FAIL AWAY WORD_FILTERED :Your away message was not set")
        sam.send(f"JOIN {ROOM}")
        sam.send("QUIT :darn you all")
        kim.expect(rf"^(@\S+ )?{who('Sam')} QUIT :?Quit$")
    finally:
        room.close()
    room = Classroom(start_server(word_filter=("darn",), word_filter_action="mask"))
    try:
        ann = room.enter("Ann")
        kim = room.enter("Kim")
        ann.send(f"PART {ROOM} :oh darn")
        kim.expect(rf"^(@\S+ )?{who('Ann')} PART {ROOM} :oh \*\*\*$")
    finally:
        room.close()


@given(disguised(), st.sampled_from(["block", "mask"]))
def test_no_disguise_gets_a_word_into_a_part_or_quit_message(
    case: tuple[str, str], action: str
) -> None:
    """The sans-IO core: whatever the disguise, a PART or QUIT reason reaches the room
    without the word (masked, or no reason at all)."""
    word, shown = case
    state = ServerState(ServerConfig(rooms=(ROOM,), word_filter=(word,), word_filter_action=action))
    for conn, nick in ((1, "Sam"), (2, "Kim")):
        state.connected(conn, "127.0.0.1", 0.0)
        for line in (f"NICK {nick}", f"USER {nick} 0 * :{nick}", f"JOIN {ROOM}"):
            state.received(conn, line.encode(), 0.0)
    parted = state.received(1, f"PART {ROOM} :well {shown}, friends".encode(), 1.0)
    state.received(1, f"JOIN {ROOM}".encode(), 1.0)
    quit_ = state.received(1, f"QUIT :well {shown}!".encode(), 2.0)
    told = [parse(o.line) for o in parted + quit_ if isinstance(o, Send) for _ in o.conns]
    leaving = [message for message in told if message.command in ("PART", "QUIT")]
    assert len(leaving) == 3  # the PART to both, the QUIT to Kim
    clean = build_word_filter([word], "block")
    for message in leaving:
        reason = message.param(0 if message.command == "QUIT" else 1)
        assert clean.check(reason) is not None, message  # no word of the filter in it
