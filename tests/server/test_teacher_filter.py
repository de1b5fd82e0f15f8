"""The word filter: the pure matching rules, then on a real server (block, mask, changed at
run time through ChatServer.set_word_filter), and `serve --filter-file`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chatgui import limits
from chatgui.cli import _server_config, build_parser
from chatgui.protocol.server.wordfilter import WordFilter, build_word_filter, fold
from tests.server.conftest import StartServer
from tests.server.teacherkit import HOST_SECRET, ROOM, Classroom, S, room_notice, who

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
    ],
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
        sam.expect(rf"^{S} NOTICE Sam :{BLOCKED}$")
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
    config = _server_config(args)
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
        _server_config(args)
