"""IRCv3 on the embedded server, as transcripts: capability negotiation, tags, batches.

Each capability is checked the way its specification (ircv3.net/irc) describes it: what a
client that asked for it receives, and what a client that did not ask never sees.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime

from chatgui import limits
from tests.lineclient import LineClient

Connect = Callable[..., LineClient]
S = r":chatgui\.local"
TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"


def who(nick: str) -> str:
    """The regex of `nick`'s source, nick!~nick@127.0.0.1."""
    return re.escape(f":{nick}!~{nick}@127.0.0.1")


def tags_of(line: str) -> dict[str, str]:
    """The tags at the start of a line ({} without any)."""
    if not line.startswith("@"):
        return {}
    tags: dict[str, str] = {}
    for item in line[1:].split(" ", 1)[0].split(";"):
        key, _, value = item.partition("=")
        tags[key] = value
    return tags


def join(client: LineClient, nick: str, *channels: str) -> None:
    for channel in channels:
        client.send(f"JOIN {channel}")
        client.expect(rf"^(@\S+ )?{S} 366 {nick} {re.escape(channel)} :End of /NAMES list$")


def room(connect: Connect, *people: tuple[str, str], channel: str = "#class") -> list[LineClient]:
    """Connect (nick, caps) pairs and put them all in `channel`, in order."""
    clients = []
    for nick, caps in people:
        client = connect(nick, caps=caps)
        join(client, nick, channel)
        clients.append(client)
    for client in clients:  # everyone has seen everyone else arrive
        client.send("PING settled")
        client.expect(r" PONG chatgui\.local settled$")
    return clients


# --- CAP ---

ALL_CAPS = {
    "message-tags",
    "server-time",
    "echo-message",
    "batch",
    "labeled-response",
    "multi-prefix",
    "userhost-in-names",
    "away-notify",
    "invite-notify",
    "setname",
    "standard-replies",
    "cap-notify",
    "draft/multiline",
    "chatgui.invalid/hands",
    "sasl",
}


def _cap_ls(client: LineClient, version: str) -> dict[str, str]:
    client.send(f"CAP LS {version}".strip())
    line = client.expect(rf"^{S} CAP \* LS :?(.*)$")
    listed = line.split(" LS ", 1)[1].removeprefix(":")
    return dict(token.partition("=")[::2] for token in listed.split())


def test_cap_ls_302_lists_the_caps_with_values(connect: Connect) -> None:
    client = connect()
    caps = _cap_ls(client, "302")
    assert set(caps) == ALL_CAPS
    assert caps["draft/multiline"] == (
        f"max-bytes={limits.MULTILINE_MAX_BYTES},max-lines={limits.MULTILINE_MAX_LINES}"
    )
    assert caps["sasl"] == "PLAIN"
    valued = ("draft/multiline", "sasl")
    assert all(value == "" for name, value in caps.items() if name not in valued)


def test_cap_ls_without_302_has_no_values_and_no_implied_cap_notify(connect: Connect) -> None:
    client = connect()
    caps = _cap_ls(client, "")
    assert set(caps) == ALL_CAPS
    assert all(value == "" for value in caps.values())
    client.send("CAP LIST")
    client.expect(rf"^{S} CAP \* LIST :$")


def test_cap_ls_302_implies_cap_notify(connect: Connect) -> None:
    client = connect()
    _cap_ls(client, "302")
    client.send("CAP LIST")
    client.expect(rf"^{S} CAP \* LIST :?cap-notify$")


def test_cap_req_ack_and_list(connect: Connect) -> None:
    client = connect()
    _cap_ls(client, "302")
    client.send("CAP REQ :server-time echo-message")
    client.expect(rf"^{S} CAP \* ACK :server-time echo-message$")
    client.send("CAP REQ :-echo-message")
    client.expect(rf"^{S} CAP \* ACK :?-echo-message$")
    client.send("CAP LIST")
    client.expect(rf"^{S} CAP \* LIST :cap-notify server-time$")


def test_cap_req_is_all_or_nothing(connect: Connect) -> None:
    speaker = connect("speaker")
    join(speaker, "speaker", "#class")
    client = connect()
    _cap_ls(client, "302")
    client.send("CAP REQ :server-time bogus")
    client.expect(rf"^{S} CAP \* NAK :server-time bogus$")
    client.send("CAP LIST")
    client.expect(rf"^{S} CAP \* LIST :?cap-notify$")
    client.send("CAP END")
    client.send("NICK amy")
    client.send("USER amy 0 * :Amy")
    client.expect(rf"^{S} 376 amy ")
    join(client, "amy", "#class")
    speaker.send("PRIVMSG #class :what time is it?")
    client.expect(rf"^{who('speaker')} PRIVMSG #class :what time is it\?$")


def test_registration_waits_for_cap_end(connect: Connect) -> None:
    client = connect()
    _cap_ls(client, "302")
    client.send("NICK amy")
    client.send("USER amy 0 * :Amy")
    client.send("CAP REQ :message-tags")
    client.expect(rf"^{S} CAP (\*|amy) ACK :?message-tags$")
    client.expect_nothing(r" 001 ")
    client.send("CAP END")
    client.expect(rf"^{S} 001 amy :Welcome")
    client.expect(rf"^{S} 376 amy ")


def test_cap_req_alone_also_holds_registration(connect: Connect) -> None:
    client = connect()
    client.send("CAP REQ :server-time")
    client.send("NICK amy")
    client.send("USER amy 0 * :Amy")
    client.expect(rf"^{S} CAP \* ACK :?server-time$")
    client.expect_nothing(r" 001 ")
    client.send("CAP END")
    client.expect(rf"^{S} 001 amy ")


def test_cap_after_registration_changes_caps_without_reregistering(connect: Connect) -> None:
    amy = connect("amy")
    amy.send("CAP LS 302")
    amy.send("CAP REQ :message-tags")
    amy.expect(rf"^{S} CAP amy ACK :?message-tags$")
    amy.send("CAP END")
    amy.expect_nothing(r" 001 ")


# --- server-time ---


def test_server_time_only_for_clients_that_asked(connect: Connect) -> None:
    amy, ben, carl = room(connect, ("amy", "server-time"), ("ben", ""), ("carl", ""))
    before = time.time()
    carl.send("PRIVMSG #class :hi all")
    line = amy.expect(rf"^@time={TIME} {who('carl')} PRIVMSG #class :hi all$")
    stamp = datetime.strptime(tags_of(line)["time"], "%Y-%m-%dT%H:%M:%S.%fZ")
    sent_at = stamp.replace(tzinfo=UTC).timestamp()
    assert before - 1 <= sent_at <= time.time() + 1
    ben.expect(rf"^{who('carl')} PRIVMSG #class :hi all$")
    amy.send("PING :numerics")
    amy.expect(rf"^{S} PONG chatgui\.local numerics$")
    amy.send("NAMES #class")
    amy.expect(rf"^{S} 366 amy #class ")
    assert not any(line.startswith("@") for line in amy.seen if re.match(rf"^(@\S+ )?{S} ", line))


# --- msgid ---


def test_every_relayed_event_has_a_unique_msgid(connect: Connect) -> None:
    amy = connect("amy", caps="message-tags")
    plain = connect("plain")
    join(amy, "amy", "#lab")
    join(plain, "plain", "#lab")
    ben = connect("ben")
    events = [
        (lambda: join(ben, "ben", "#lab"), rf"{who('ben')} JOIN #lab"),
        (lambda: ben.send("PRIVMSG #lab :one"), rf"{who('ben')} PRIVMSG #lab :?one"),
        (lambda: ben.send("NOTICE #lab :two"), rf"{who('ben')} NOTICE #lab :?two"),
        (lambda: amy.send("TOPIC #lab :three"), rf"{who('amy')} TOPIC #lab :?three"),
        (lambda: amy.send("MODE #lab +m"), rf"{who('amy')} MODE #lab \+m"),
        (lambda: ben.send("NICK bob"), rf"{who('ben')} NICK :?bob"),
        (lambda: amy.send("KICK #lab bob :four"), rf"{who('amy')} KICK #lab bob :?four"),
        (lambda: join(ben, "bob", "#lab"), r":bob!~ben@127\.0\.0\.1 JOIN #lab"),
        (lambda: ben.send("PART #lab :five"), r":bob!~ben@127\.0\.0\.1 PART #lab :?five"),
        (lambda: join(ben, "bob", "#lab"), r":bob!~ben@127\.0\.0\.1 JOIN #lab"),
        (lambda: ben.send("QUIT :six"), r":bob!~ben@127\.0\.0\.1 QUIT :Quit: six"),
    ]
    msgids = []
    for action, pattern in events:
        action()
        line = amy.expect(rf"^@msgid=\S+ {pattern}$")
        msgids.append(tags_of(line)["msgid"])
        plain.expect(rf"^{pattern}$")
    assert all(msgids)
    assert len(set(msgids)) == len(msgids), msgids


# --- client-only tags ---


def test_client_only_tags_reach_message_tags_clients_and_nothing_else_is_relayed(
    connect: Connect,
) -> None:
    amy, ben, carl, dave = room(
        connect,
        ("amy", "message-tags"),
        ("ben", "message-tags"),
        ("carl", ""),
        ("dave", "server-time"),
    )
    amy.send(
        "@+draft/react=lol;+typing=active;vendor.example/secret=1;msgid=forged;"
        "time=2000-01-01T00:00:00.000Z PRIVMSG #class :tagged"
    )
    line = ben.expect(rf"^@\S+ {who('amy')} PRIVMSG #class :?tagged$")
    tags = tags_of(line)
    assert set(tags) == {"+draft/react", "+typing", "msgid"}, tags
    assert tags["+draft/react"] == "lol"
    assert tags["+typing"] == "active"
    assert tags["msgid"] != "forged"
    carl.expect(rf"^{who('amy')} PRIVMSG #class :?tagged$")
    line = dave.expect(rf"^@time={TIME} {who('amy')} PRIVMSG #class :?tagged$")
    assert not line.startswith("@time=2000")


def test_a_malformed_client_tag_name_is_dropped_not_relayed(connect: Connect) -> None:
    amy, ben = room(connect, ("amy", "message-tags"), ("ben", "message-tags"))
    amy.send("@+x@y=1;+ok=1;+a/b/c=2;+=3 PRIVMSG #class :odd tags")
    line = ben.expect(rf"^@\S+ {who('amy')} PRIVMSG #class :odd tags$")
    assert set(tags_of(line)) == {"+ok", "msgid"}, line
    amy.send("PRIVMSG #class :still connected")
    ben.expect(rf"^@\S+ {who('amy')} PRIVMSG #class :still connected$")
    assert not any(line.startswith("ERROR") for line in amy.seen)


# --- echo-message ---


def test_echo_message_returns_the_same_msgid_the_others_got(connect: Connect) -> None:
    amy, ben = room(connect, ("amy", "echo-message message-tags"), ("ben", "message-tags"))
    amy.send("PRIVMSG #class :echo me")
    theirs = ben.expect(rf"^@msgid=\S+ {who('amy')} PRIVMSG #class :echo me$")
    mine = amy.expect(rf"^@msgid=\S+ {who('amy')} PRIVMSG #class :echo me$")
    assert tags_of(mine)["msgid"] == tags_of(theirs)["msgid"]
    amy.send("NOTICE ben :private echo")
    theirs = ben.expect(rf"^@msgid=\S+ {who('amy')} NOTICE ben :private echo$")
    mine = amy.expect(rf"^@msgid=\S+ {who('amy')} NOTICE ben :private echo$")
    assert tags_of(mine)["msgid"] == tags_of(theirs)["msgid"]


def test_echo_message_without_message_tags_has_no_tags(connect: Connect) -> None:
    (amy,) = room(connect, ("amy", "echo-message"))
    amy.send("PRIVMSG #class :just me")
    amy.expect(rf"^{who('amy')} PRIVMSG #class :just me$")


def test_no_echo_when_the_message_was_refused(connect: Connect) -> None:
    amy = connect("amy", caps="echo-message")
    amy.send("PRIVMSG nobody :hello?")
    amy.expect(rf"^{S} 401 amy nobody ")
    amy.expect_nothing(r"PRIVMSG")


# --- batch and draft/multiline ---

MULTILINE_CAPS = "draft/multiline batch message-tags"


def test_a_multiline_batch_arrives_whole_or_as_lines(connect: Connect) -> None:
    amy, ben, carl, dave = room(
        connect,
        ("amy", MULTILINE_CAPS + " echo-message"),
        ("ben", MULTILINE_CAPS),
        ("carl", "message-tags"),
        ("dave", ""),
    )
    amy.send("@+fun=1 BATCH +b1 draft/multiline #class")
    amy.send("@batch=b1 PRIVMSG #class hello")
    amy.send("@batch=b1 PRIVMSG #class :how is ")
    amy.send("@batch=b1;draft/multiline-concat PRIVMSG #class :everyone?")
    amy.send("BATCH -b1")
    for person in (ben, amy):
        start = person.expect(rf"^@\S+ {who('amy')} BATCH \+(\S+) draft/multiline #class$")
        tags = tags_of(start)
        assert tags["+fun"] == "1"
        assert tags["msgid"]
        ref = re.escape(start.split(" BATCH +", 1)[1].split()[0])
        person.expect(rf"^@batch={ref} {who('amy')} PRIVMSG #class :?hello$")
        person.expect(rf"^@batch={ref} {who('amy')} PRIVMSG #class :how is $")
        person.expect(
            rf"^@batch={ref};draft/multiline-concat {who('amy')} PRIVMSG #class :?everyone\?$"
        )
        person.expect(rf"^({who('amy')} )?BATCH -{ref}$")
    first = carl.expect(rf"^@\S+ {who('amy')} PRIVMSG #class :?hello$")
    assert tags_of(first)["msgid"] == tags["msgid"]  # the batch's id, on the first line only
    assert tags_of(first)["+fun"] == "1"
    second = carl.expect(rf"^(@\S+ )?{who('amy')} PRIVMSG #class :how is $")
    third = carl.expect(rf"^(@\S+ )?{who('amy')} PRIVMSG #class :?everyone\?$")
    assert "msgid" not in tags_of(second)
    assert "msgid" not in tags_of(third)
    dave.expect(rf"^{who('amy')} PRIVMSG #class :?hello$")
    dave.expect(rf"^{who('amy')} PRIVMSG #class :how is $")
    dave.expect(rf"^{who('amy')} PRIVMSG #class :?everyone\?$")
    assert not any("BATCH" in line for line in carl.seen + dave.seen)


def test_blank_lines_in_a_batch_reach_multiline_clients_only(connect: Connect) -> None:
    amy, ben, dave = room(connect, ("amy", MULTILINE_CAPS), ("ben", MULTILINE_CAPS), ("dave", ""))
    amy.send("BATCH +b2 draft/multiline #class")
    amy.send("@batch=b2 PRIVMSG #class :first")
    amy.send("@batch=b2 PRIVMSG #class :")
    amy.send("@batch=b2 PRIVMSG #class :third")
    amy.send("BATCH -b2")
    start = ben.expect(r"BATCH \+\S+ draft/multiline #class$")
    ref = re.escape(start.split(" BATCH +", 1)[1].split()[0])
    ben.expect(rf"^@batch={ref} {who('amy')} PRIVMSG #class :?first$")
    ben.expect(rf"^@batch={ref} {who('amy')} PRIVMSG #class :$")
    ben.expect(rf"^@batch={ref} {who('amy')} PRIVMSG #class :?third$")
    dave.expect(rf"^{who('amy')} PRIVMSG #class :?first$")
    dave.expect(rf"^{who('amy')} PRIVMSG #class :?third$")
    assert not any(line.endswith(" :") for line in dave.seen)


def _send_batch(client: LineClient, ref: str, lines: list[str]) -> None:
    client.send(f"BATCH +{ref} draft/multiline #class")
    for text in lines:
        client.send(f"@batch={ref} PRIVMSG #class :{text}")
    client.send(f"BATCH -{ref}")


def test_an_oversized_batch_fails_and_delivers_nothing(connect: Connect) -> None:
    amy, ben, dave = room(
        connect,
        ("amy", MULTILINE_CAPS + " standard-replies"),
        ("ben", MULTILINE_CAPS),
        ("dave", ""),
    )
    lines = ["x" * 400] * 11  # 4400 bytes, and ten line feeds between them
    _send_batch(amy, "big", lines)
    amy.expect(rf"^{S} FAIL BATCH MULTILINE_MAX_BYTES {limits.MULTILINE_MAX_BYTES} :\S.*$")
    amy.send("PRIVMSG #class :after the big one")
    for person in (ben, dave):
        person.expect(rf"^(@\S+ )?{who('amy')} PRIVMSG #class :after the big one$")
        assert not any("xxx" in line or "BATCH" in line for line in person.seen), person.seen
    amy.expect_nothing(r"FAIL|NOTICE")


def test_max_bytes_counts_the_line_feeds_between_lines(connect: Connect) -> None:
    amy, ben = room(connect, ("amy", MULTILINE_CAPS + " standard-replies"), ("ben", MULTILINE_CAPS))
    budget = limits.MULTILINE_MAX_BYTES - 9  # ten lines are joined by nine line feeds
    fits = ["y" * 400] * 9 + ["y" * (budget - 9 * 400)]
    _send_batch(amy, "edge", fits)
    ben.expect(r"BATCH -\S+$")
    amy.expect_nothing(r"FAIL")
    _send_batch(amy, "over", [*fits[:-1], fits[-1] + "y"])
    amy.expect(rf"^{S} FAIL BATCH MULTILINE_MAX_BYTES {limits.MULTILINE_MAX_BYTES} :")
    ben.expect_nothing(r"BATCH")


def test_too_many_lines_in_a_batch_fail(connect: Connect) -> None:
    amy, ben = room(connect, ("amy", MULTILINE_CAPS + " standard-replies"), ("ben", MULTILINE_CAPS))
    _send_batch(amy, "long", ["z"] * (limits.MULTILINE_MAX_LINES + 1))
    amy.expect(rf"^{S} FAIL BATCH MULTILINE_MAX_LINES {limits.MULTILINE_MAX_LINES} :")
    amy.send("PING done")
    amy.expect(r" PONG chatgui\.local done$")
    ben.expect_nothing(r"PRIVMSG|BATCH")
    assert [line for line in amy.seen if " FAIL " in line][1:] == []


def test_a_batch_needs_the_multiline_cap(connect: Connect) -> None:
    amy = connect("amy", caps="batch standard-replies")
    join(amy, "amy", "#class")
    amy.send("BATCH +b draft/multiline #class")
    amy.expect(rf"^{S} FAIL BATCH MULTILINE_INVALID :")


# --- labeled-response ---

LABELED = "labeled-response batch message-tags"


def test_a_labeled_privmsg_with_echo_gets_its_echo_labeled(connect: Connect) -> None:
    amy, ben = room(connect, ("amy", LABELED + " echo-message"), ("ben", "message-tags"))
    amy.send("@label=l1 PRIVMSG #class :labeled hello")
    mine = amy.expect(rf"^@\S+ {who('amy')} PRIVMSG #class :labeled hello$")
    assert tags_of(mine)["label"] == "l1"
    theirs = ben.expect(rf"^@\S+ {who('amy')} PRIVMSG #class :labeled hello$")
    assert "label" not in tags_of(theirs)
    assert tags_of(theirs)["msgid"] == tags_of(mine)["msgid"]


def test_a_labeled_command_with_several_replies_gets_a_batch(connect: Connect) -> None:
    amy, _ben = room(connect, ("amy", LABELED), ("ben", ""))
    amy.send("@label=abc WHOIS ben")
    start = amy.expect(rf"^@label=abc {S} BATCH \+(\S+) labeled-response$")
    name = start.split(" BATCH +", 1)[1].split()[0]
    ref = re.escape(name)
    amy.expect(rf"^@batch={ref} {S} 311 amy ben ~ben 127\.0\.0\.1 \* :?ben$")
    amy.expect(rf"^@batch={ref} {S} 319 amy ben :?#class$")
    amy.expect(rf"^@batch={ref} {S} 318 amy ben :End of /WHOIS list$")
    amy.expect(rf"^{S} BATCH -{ref}$")
    inside = amy.seen[amy.seen.index(start) + 1 : -1]
    assert inside
    assert all(line.startswith(f"@batch={name} ") for line in inside)


def test_a_labeled_command_with_one_reply_is_tagged(connect: Connect) -> None:
    amy = connect("amy", caps=LABELED)
    amy.send("@label=p0 PING token")
    amy.expect(rf"^@label=p0 {S} PONG chatgui\.local token$")


def test_a_labeled_command_without_reply_gets_ack(connect: Connect) -> None:
    amy, _ben = room(connect, ("amy", LABELED), ("ben", ""))
    amy.send("@label=p1 PONG :chatgui.local")
    amy.expect(rf"^@label=p1 {S} ACK$")
    amy.send("@label=m2 PRIVMSG #class :no echo asked for")
    amy.expect(rf"^@label=m2 {S} ACK$")


def test_labeled_errors_carry_the_label(connect: Connect) -> None:
    amy = connect("amy", caps=LABELED)
    amy.send("@label=e1 FROBNICATE")
    amy.expect(rf"^@label=e1 {S} 421 amy FROBNICATE :Unknown command$")
    amy.send("@label=e2 JOIN")
    amy.expect(rf"^@label=e2 {S} 461 amy JOIN :Not enough parameters$")
    amy.send("@label=e3 PRIVMSG nobody :hi")
    amy.expect(rf"^@label=e3 {S} 401 amy nobody :No such nick/channel$")


def test_labels_are_ignored_without_the_capability(connect: Connect) -> None:
    amy = connect("amy", caps="batch message-tags")
    start = len(amy.seen)
    amy.send("@label=x1 PONG :chatgui.local")
    amy.expect_nothing(r"ACK|label")
    amy.send("@label=x2 WHOIS amy")
    amy.expect(rf"^{S} 311 amy amy ")
    amy.expect(rf"^{S} 318 amy amy ")
    assert not any("label" in line or "BATCH" in line for line in amy.seen[start:])


def test_a_labeled_multiline_batch_is_answered_at_its_end(connect: Connect) -> None:
    amy, ben = room(
        connect,
        (("amy", MULTILINE_CAPS + " labeled-response echo-message")),
        ("ben", MULTILINE_CAPS),
    )
    amy.send("@label=ml1 BATCH +b3 draft/multiline #class")
    amy.send("@batch=b3 PRIVMSG #class :one")
    amy.send("@batch=b3 PRIVMSG #class :two")
    amy.expect_nothing(r"ACK")
    amy.send("BATCH -b3")
    opening = amy.expect(r"BATCH \+\S+ (draft/multiline #class|labeled-response)$")
    assert tags_of(opening)["label"] == "ml1"
    amy.expect(rf"{who('amy')} PRIVMSG #class :?two$")
    ben.expect(rf"{who('amy')} PRIVMSG #class :?two$")
    assert not any("label=" in line for line in ben.seen)
    assert sum("label=" in line for line in amy.seen) == 1


# --- multi-prefix ---


def test_multi_prefix_in_names_and_who(connect: Connect) -> None:
    amy = connect("amy")
    ben = connect("ben", caps="multi-prefix")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab")
    amy.send("MODE #lab +v amy")
    ben.expect(rf"^{who('amy')} MODE #lab \+v amy$")
    amy.send("NAMES #lab")
    amy.expect(rf"^{S} 353 amy = #lab :@amy ben$")
    ben.send("NAMES #lab")
    ben.expect(rf"^{S} 353 ben = #lab :@\+amy ben$")
    amy.send("WHO #lab")
    amy.expect(rf"^{S} 352 amy #lab ~amy 127\.0\.0\.1 chatgui\.local amy H@ :0 amy$")
    ben.send("WHO #lab")
    ben.expect(rf"^{S} 352 ben #lab ~amy 127\.0\.0\.1 chatgui\.local amy H@\+ :0 amy$")


def test_userhost_in_names_gives_each_address(connect: Connect) -> None:
    """Each member as nick!user@host, so a helper's window can ban someone by address."""
    amy = connect("amy")
    ben = connect("ben", caps="userhost-in-names multi-prefix")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab")
    ben.send("NAMES #lab")
    ben.expect(rf"^{S} 353 ben = #lab :@amy!~amy@127\.0\.0\.1 ben!~ben@127\.0\.0\.1$")
    amy.send("NAMES #lab")
    amy.expect(rf"^{S} 353 amy = #lab :@amy ben$")  # not asked for: nicks only


# --- away-notify ---


def test_away_notify_tells_room_mates_who_asked(connect: Connect) -> None:
    amy, ben, carl = room(connect, ("amy", ""), ("ben", "away-notify"), ("carl", ""))
    dave = connect("dave", caps="away-notify")
    amy.send("AWAY :lunch")
    amy.expect(rf"^{S} 306 amy ")
    ben.expect(rf"^{who('amy')} AWAY :?lunch$")
    amy.send("AWAY")
    amy.expect(rf"^{S} 305 amy ")
    ben.expect(rf"^{who('amy')} AWAY$")
    carl.expect_nothing(r"AWAY")
    dave.expect_nothing(r"AWAY")


def test_away_notify_on_joining_while_away(connect: Connect) -> None:
    amy = connect("amy")
    ben = connect("ben", caps="away-notify")
    join(ben, "ben", "#lab")
    amy.send("AWAY :back soon")
    amy.expect(rf"^{S} 306 amy ")
    amy.send("JOIN #lab")
    ben.expect(rf"^{who('amy')} JOIN #lab$")
    ben.expect(rf"^{who('amy')} AWAY :back soon$")
    amy.expect(rf"^{S} 366 amy #lab ")
    amy.expect_nothing(r"AWAY")


# --- invite-notify ---


def test_invite_notify_reaches_operators_who_asked(connect: Connect) -> None:
    amy = connect("amy", caps="invite-notify")
    ben = connect("ben")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab")
    amy.send("MODE #lab +o ben")
    ben.expect(rf"^{who('amy')} MODE #lab \+o ben$")
    carl = connect("carl")
    ben.send("INVITE carl #lab")
    ben.expect(rf"^{S} 341 ben carl #lab$")
    carl.expect(rf"^{who('ben')} INVITE carl #lab$")
    amy.expect(rf"^{who('ben')} INVITE carl #lab$")
    ben.expect_nothing(r" INVITE ")


# --- setname ---


def test_setname_reaches_setname_room_mates_and_self(connect: Connect) -> None:
    amy, ben, carl = room(connect, ("amy", "setname"), ("ben", "setname"), ("carl", ""))
    dave = connect("dave", caps="setname")
    amy.send("SETNAME :Amy Pond")
    amy.expect(rf"^{who('amy')} SETNAME :Amy Pond$")
    ben.expect(rf"^{who('amy')} SETNAME :Amy Pond$")
    carl.expect_nothing(r"SETNAME")
    dave.expect_nothing(r"SETNAME")
    carl.send("WHOIS amy")
    carl.expect(rf"^{S} 311 carl amy ~amy 127\.0\.0\.1 \* :Amy Pond$")


# --- standard-replies ---


def test_invalid_utf8_gets_fail_or_404_naming_the_room(connect: Connect) -> None:
    amy, ben, carl = room(connect, ("amy", "standard-replies"), ("ben", ""), ("carl", ""))
    amy.send_raw(b"PRIVMSG #class :caf\xe9\r\n")
    amy.expect(
        rf"^{S} FAIL PRIVMSG INVALID_UTF8 #class :Messages must be UTF-8; this one was not sent$"
    )
    ben.send_raw(b"PRIVMSG #class :caf\xe9\r\n")
    ben.expect(rf"^{S} 404 ben #class :Messages must be UTF-8; this one was not sent$")
    carl.expect_nothing(r"PRIVMSG")
    amy.send("PRIVMSG #class :café")
    carl.expect(rf"^{who('amy')} PRIVMSG #class :?café$")
