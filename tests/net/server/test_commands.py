"""Every IRC command the embedded server answers, as transcripts: send a line, expect the reply.

Each expectation is a regular expression for the exact line (RFC 1459/2812 and the modern
client protocol, modern.ircdocs.horse). `S` is the server's source and `who(nick)` a
person's; everyone connects from 127.0.0.1 and USER gives them the username ~nick.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest

from chatgui import limits
from tests.lineclient import LineClient
from tests.net.server.netsupport import RunningServer, StartServer

Connect = Callable[..., LineClient]
S = r":chatgui\.local"
NUMBER = r"\d+"


def who(nick: str) -> str:
    """The regex of `nick`'s source, nick!~user@127.0.0.1."""
    user = "".join(c for c in nick if c.isascii() and c.isalnum())[:10]
    return re.escape(f":{nick}!~{user}@127.0.0.1")


def join(client: LineClient, nick: str, *channels: str) -> None:
    """JOIN the channels one by one, reading each one's NAMES burst to its end."""
    for channel in channels:
        client.send(f"JOIN {channel}")
        client.expect(rf"^{S} 366 {nick} {re.escape(channel)} :End of /NAMES list$")


@pytest.fixture
def dial() -> Iterator[Callable[..., LineClient]]:
    """dial(running, nick=None, password=None) → a client of a server from start_server."""
    clients: list[LineClient] = []

    def make(
        running: RunningServer, nick: str | None = None, password: str | None = None
    ) -> LineClient:
        client = LineClient(running.port)
        clients.append(client)
        if password is not None:
            client.send(f"PASS {password}")
        if nick is not None:
            client.register(nick)
        return client

    yield make
    for client in clients:
        client.close()


# --- PASS ---


def test_the_right_room_password_lets_you_in(
    start_server: StartServer, dial: Callable[..., LineClient]
) -> None:
    running = start_server(password="pw")
    amy = dial(running)
    amy.send("PASS pw")
    amy.send("NICK amy")
    amy.send("USER amy 0 * :Amy")
    amy.expect(rf"^{S} 001 amy :Welcome to chatgui, amy!~amy@127\.0\.0\.1$")
    join(amy, "amy", "#class")


def test_a_wrong_room_password_gets_464_error_and_close(
    start_server: StartServer, dial: Callable[..., LineClient]
) -> None:
    running = start_server(password="pw")
    watcher = dial(running, "watcher", password="pw")
    join(watcher, "watcher", "#class")
    intruder = dial(running)
    intruder.send("PASS nope")
    intruder.send("NICK intruder")
    intruder.send("USER intruder 0 * :Intruder")
    intruder.expect(rf"^{S} 464 intruder :Password incorrect$")
    intruder.expect(r"^ERROR :Closing link: wrong room password$")
    intruder.expect_closed()
    assert not any(" 001 " in line for line in intruder.seen)
    watcher.expect_nothing(r"intruder")


def test_no_password_at_all_is_a_wrong_password(
    start_server: StartServer, dial: Callable[..., LineClient]
) -> None:
    running = start_server(password="pw")
    sam = dial(running)
    sam.send("NICK sam")
    sam.send("USER sam 0 * :Sam")
    sam.expect(rf"^{S} 464 sam :Password incorrect$")
    sam.expect(r"^ERROR :")
    sam.expect_closed()


def test_pass_after_registering_gets_462(connect: Connect) -> None:
    amy = connect("amy")
    amy.send("PASS pw")
    amy.expect(rf"^{S} 462 amy :You may not reregister$")


# --- NICK ---


def test_a_nick_change_reaches_room_mates_and_self_only(connect: Connect) -> None:
    amy, ben, carl = connect("amy"), connect("ben"), connect("carl")
    join(amy, "amy", "#class")
    join(ben, "ben", "#class")
    amy.send("NICK amelia")
    amy.expect(rf"^{who('amy')} NICK amelia$")
    ben.expect(rf"^{who('amy')} NICK amelia$")
    carl.expect_nothing(r"NICK")
    ben.send("PRIVMSG amelia :found you")
    amy.expect(rf"^{who('ben')} PRIVMSG amelia :found you$")
    ben.send("PRIVMSG amy :old name")
    ben.expect(rf"^{S} 401 ben amy :No such nick/channel$")


def test_a_nick_change_only_in_case_is_allowed(connect: Connect) -> None:
    amy = connect("amy")
    amy.send("NICK AMY")
    amy.expect(rf"^{who('amy')} NICK AMY$")


def test_a_taken_nick_gets_433_in_any_case(connect: Connect) -> None:
    connect("Sam[1]")
    other = connect()
    other.send("NICK sam[1]")
    other.expect(rf"^{S} 433 \* sam\[1\] :Nickname is already in use$")
    other.send("NICK SAM[1]")
    other.expect(rf"^{S} 433 \* SAM\[1\] :Nickname is already in use$")
    other.send("NICK sam_1")
    other.send("USER sam 0 * :Sam")
    other.expect(rf"^{S} 001 sam_1 ")


def test_changing_to_a_taken_nick_gets_433(connect: Connect) -> None:
    connect("amy")
    ben = connect("ben")
    ben.send("NICK Amy")
    ben.expect(rf"^{S} 433 ben Amy :Nickname is already in use$")


def test_a_bad_nick_gets_432_with_a_reason_a_person_can_act_on(connect: Connect) -> None:
    amy = connect("amy")
    newcomer = connect()
    newcomer.send("NICK :bad nick")
    newcomer.expect(rf"^{S} 432 \* \S+ :Names can't contain spaces\. Try bad_nick$")
    newcomer.send("NICK 9lives")
    newcomer.expect(rf"^{S} 432 \* 9lives :Names must start with a letter\. Try lives$")
    newcomer.send("NICK amy!")
    newcomer.expect(rf"^{S} 432 \* amy! :Names can use .* only, not !\. Try amy$")
    newcomer.send("NICK bad_nick")
    newcomer.send("USER bad 0 * :Bad")
    newcomer.expect(rf"^{S} 001 bad_nick ")
    amy.send("PING :still here")  # one odd nick must not take the server down
    amy.expect(rf"^{S} PONG chatgui\.local :still here$")


def test_nicklen_is_the_longest_nick_accepted(connect: Connect) -> None:
    longest = "n" * limits.NICK_MAX_CHARS
    person = connect()
    person.send(f"NICK {longest}x")
    person.expect(rf"^{S} 432 \* {longest}x :Names can be at most {limits.NICK_MAX_CHARS} ")
    person.send(f"NICK {longest}")
    person.send("USER n 0 * :N")
    person.expect(rf"^{S} 001 {longest} ")


def test_nick_without_a_name_gets_431(connect: Connect) -> None:
    amy = connect("amy")
    amy.send("NICK")
    amy.expect(rf"^{S} 431 amy :No nickname given$")


def test_two_newcomers_cannot_both_end_up_with_one_nick(connect: Connect) -> None:
    first = connect()
    first.send("CAP LS 302")
    first.send("NICK twin")
    first.send("USER twin 0 * :Twin")  # registration waits for CAP END
    second = connect("twin")
    first.send("CAP END")
    first.expect(rf"^{S} 433 (\*|twin) twin :Nickname is already in use$")
    first.send("NICK twin2")
    first.expect(rf"^{S} 001 twin2 ")
    second.send("WHOIS twin")
    second.expect(rf"^{S} 311 twin twin ~twin 127\.0\.0\.1 \* :?twin$")


# --- USER and the welcome burst ---


def test_user_twice_gets_462(connect: Connect) -> None:
    amy = connect("amy")
    amy.send("USER amy 0 * :Amy again")
    amy.expect(rf"^{S} 462 amy :You may not reregister$")


def test_the_welcome_burst_is_001_to_005(connect: Connect) -> None:
    amy = connect()
    amy.send("NICK amy")
    amy.send("USER amy 0 * :Amy Pond")
    amy.expect(rf"^{S} 001 amy :Welcome to chatgui, amy!~amy@127\.0\.0\.1$")
    amy.expect(rf"^{S} 002 amy :Your host is chatgui\.local, running chatgui-0$")
    amy.expect(rf"^{S} 003 amy :This server was created .+$")
    amy.expect(rf"^{S} 004 amy chatgui\.local chatgui-0 io biklmnNoqstvW$")
    amy.expect(rf"^{S} 005 amy (\S+ )+:are supported by this server$")
    amy.expect(rf"^{S} 251 amy ")
    amy.expect(rf"^{S} 376 amy :End of /MOTD command$")
    numerics = [line.split()[1] for line in amy.seen]
    assert numerics.index("001") < numerics.index("002") < numerics.index("003")
    assert numerics.index("003") < numerics.index("004") < numerics.index("005")


def _isupport(lines: list[str]) -> dict[str, str]:
    tokens: dict[str, str] = {}
    for line in lines:
        words = line.split(" :", 1)[0].split()
        if len(words) > 1 and words[1] == "005":
            for token in words[3:]:
                key, _, value = token.partition("=")
                tokens[key] = value
    return tokens


def test_isupport_advertises_what_the_server_enforces(connect: Connect) -> None:
    amy = connect("amy")
    tokens = _isupport(amy.seen)
    assert tokens["CASEMAPPING"] == "ascii"
    assert tokens["UTF8MAPPING"] == "rfc8265"
    assert tokens["CHANTYPES"] == "#&"
    assert tokens["PREFIX"] == "(qov)~@+"
    assert tokens["CHANMODES"] == "b,k,lW,imnNst"
    assert tokens["EXTBAN"] == ",m"
    assert tokens["STATUSMSG"] == "@"
    assert tokens["MODES"] == "4"
    assert tokens["NICKLEN"] == str(limits.NICK_MAX_CHARS)
    assert tokens["CHANNELLEN"] == str(limits.CHANNEL_MAX_CHARS)
    assert tokens["TOPICLEN"] == str(limits.TOPIC_MAX_CHARS)
    assert tokens["KICKLEN"] == str(limits.KICK_REASON_MAX_CHARS)
    assert tokens["AWAYLEN"] == str(limits.AWAY_MAX_CHARS)
    assert tokens["NETWORK"] == "chatgui"
    assert tokens["UTF8ONLY"] == ""


def test_isupport_channel_types_and_lengths_hold(connect: Connect) -> None:
    amy = connect("amy")
    longest = "#" + "c" * (limits.CHANNEL_MAX_CHARS - 1)
    join(amy, "amy", "&local", longest)
    amy.send(f"JOIN {longest}x")
    amy.expect(rf"^{S} 476 amy {longest}x :Room names can be at most ")
    amy.send("JOIN +plus")
    amy.expect(rf"^{S} 476 amy \+plus :Room names on the wire start with #")


def test_isupport_text_lengths_hold(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab")
    amy.send("TOPIC #lab :" + "t" * (limits.TOPIC_MAX_CHARS + 10))
    amy.expect(rf"^{who('amy')} TOPIC #lab :?t{{{limits.TOPIC_MAX_CHARS}}}$")
    amy.send("AWAY :" + "a" * (limits.AWAY_MAX_CHARS + 10))
    ben.send("PRIVMSG amy :hello?")
    ben.expect(rf"^{S} 301 ben amy :?a{{{limits.AWAY_MAX_CHARS}}}$")
    amy.send("KICK #lab ben :" + "k" * (limits.KICK_REASON_MAX_CHARS + 10))
    ben.expect(rf"^{who('amy')} KICK #lab ben :?k{{{limits.KICK_REASON_MAX_CHARS}}}$")


def test_isupport_modes_is_the_most_changes_in_one_mode_line(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab")
    amy.send("MODE #lab +imsvk ben secret")
    amy.expect(rf"^{who('amy')} MODE #lab \+imsv ben$")
    amy.send("MODE #lab")
    amy.expect(rf"^{S} 324 amy #lab \+imnst$")


# --- MOTD, PING ---


def test_motd_on_request(connect: Connect) -> None:
    amy = connect("amy")
    amy.send("MOTD")
    amy.expect(rf"^{S} 375 amy :- chatgui\.local Message of the day -$")
    amy.expect(rf"^{S} 372 amy :- Welcome to the class chat\. Be kind\.$")
    amy.expect(rf"^{S} 376 amy :End of /MOTD command$")


def test_no_motd_gets_422(start_server: StartServer, dial: Callable[..., LineClient]) -> None:
    running = start_server(motd=())
    amy = dial(running)
    amy.send("NICK amy")
    amy.send("USER amy 0 * :Amy")
    amy.expect(rf"^{S} 422 amy :MOTD File is missing$")
    amy.send("MOTD")
    amy.expect(rf"^{S} 422 amy :MOTD File is missing$")
    assert not any(" 375 " in line for line in amy.seen)


def test_ping_gets_pong_with_the_token(connect: Connect) -> None:
    early = connect()
    early.send("PING early-token")
    early.expect(rf"^{S} PONG chatgui\.local early-token$")
    amy = connect("amy")
    amy.send("PING :with spaces")
    amy.expect(rf"^{S} PONG chatgui\.local :with spaces$")
    amy.send("PONG :anything")
    amy.expect_nothing(r".")


# --- JOIN and PART ---


def test_join_several_channels_at_once(connect: Connect) -> None:
    amy = connect("amy")
    amy.send("JOIN #a,#b")
    amy.expect(rf"^{who('amy')} JOIN #a$")
    amy.expect(rf"^{S} 353 amy = #a :?@amy$")
    amy.expect(rf"^{S} 366 amy #a :End of /NAMES list$")
    amy.expect(rf"^{who('amy')} JOIN #b$")
    amy.expect(rf"^{S} 353 amy = #b :?@amy$")
    amy.expect(rf"^{S} 366 amy #b :End of /NAMES list$")


def test_join_with_keys_matches_keys_to_channels_in_order(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#a", "#b")
    amy.send("MODE #a +k ka")
    amy.expect(rf"^{who('amy')} MODE #a \+k ka$")
    amy.send("MODE #b +k kb")
    amy.expect(rf"^{who('amy')} MODE #b \+k kb$")
    ben.send("JOIN #a,#b ka,wrong")
    ben.expect(rf"^{who('ben')} JOIN #a$")
    ben.expect(rf"^{S} 475 ben #b :Cannot join channel \(\+k\) - wrong room password$")
    ben.send("PART #a")
    ben.expect(rf"^{who('ben')} PART #a$")
    ben.send("JOIN #a,#b ka,kb")
    ben.expect(rf"^{who('ben')} JOIN #a$")
    ben.expect(rf"^{who('ben')} JOIN #b$")
    amy.expect(rf"^{who('ben')} JOIN #b$")


def test_join_0_leaves_every_channel(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#a", "#b")
    join(ben, "ben", "#a", "#b")
    ben.send("JOIN 0")
    amy.expect(rf"^{who('ben')} PART #(a|b) :Left all channels$")
    amy.expect(rf"^{who('ben')} PART #(a|b) :Left all channels$")
    ben.send("WHOIS ben")
    ben.expect(rf"^{S} 312 ben ben ")
    assert not any(" 319 " in line for line in ben.seen)


def test_part_with_a_reason_reaches_the_room_and_self(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#class")
    join(ben, "ben", "#class")
    ben.send("PART #class :see you tomorrow")
    ben.expect(rf"^{who('ben')} PART #class :see you tomorrow$")
    amy.expect(rf"^{who('ben')} PART #class :see you tomorrow$")
    ben.send("PART #class")
    ben.expect(rf"^{S} 442 ben #class :You're not on that channel$")
    ben.send("PART #nowhere")
    ben.expect(rf"^{S} 403 ben #nowhere :No such channel$")


# --- PRIVMSG, NOTICE, TAGMSG ---


def test_privmsg_and_notice_to_a_channel_and_a_person(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#class")
    join(ben, "ben", "#class")
    amy.send("PRIVMSG #class :hello room")
    ben.expect(rf"^{who('amy')} PRIVMSG #class :hello room$")
    amy.send("NOTICE #class :a notice")
    ben.expect(rf"^{who('amy')} NOTICE #class :a notice$")
    amy.send("PRIVMSG ben :just you")
    ben.expect(rf"^{who('amy')} PRIVMSG ben :just you$")
    amy.send("NOTICE BEN :psst")
    ben.expect(rf"^{who('amy')} NOTICE BEN :?psst$")
    amy.expect_nothing(r"PRIVMSG|NOTICE")  # no echo without echo-message


def test_message_errors_401_403_404_411_412(connect: Connect) -> None:
    amy = connect("amy")
    join(connect("ben"), "ben", "#class")
    amy.send("PRIVMSG nobody :hi")
    amy.expect(rf"^{S} 401 amy nobody :No such nick/channel$")
    amy.send("PRIVMSG #nowhere :hi")
    amy.expect(rf"^{S} 40[13] amy #nowhere :No such (nick/)?channel$")
    amy.send("PRIVMSG #class :from outside")
    amy.expect(rf"^{S} 404 amy #class :Cannot send to channel \(\+n\) - join the room first$")
    amy.send("PRIVMSG")
    amy.expect(rf"^{S} 411 amy :No recipient given \(PRIVMSG\)$")
    amy.send("PRIVMSG ben")
    amy.expect(rf"^{S} 412 amy :No text to send$")
    amy.send("PRIVMSG ben :")
    amy.expect(rf"^{S} 412 amy :No text to send$")
    amy.send("TOPIC #nowhere")
    amy.expect(rf"^{S} 403 amy #nowhere :No such channel$")


def test_notice_never_gets_an_error_reply(connect: Connect) -> None:
    amy = connect("amy")
    join(connect("ben"), "ben", "#class")
    amy.send("NOTICE nobody :hi")
    amy.send("NOTICE #nowhere :hi")
    amy.send("NOTICE #class :from outside")
    amy.send("NOTICE")
    amy.send("NOTICE ben")
    amy.expect_nothing(r".")
    amy.send("PING done")
    amy.expect(rf"^{S} PONG chatgui\.local done$")


def test_tagmsg_reaches_only_message_tags_clients(connect: Connect) -> None:
    amy = connect("amy", caps="message-tags")
    ben = connect("ben", caps="message-tags")
    carl = connect("carl")
    for person, nick in ((amy, "amy"), (ben, "ben"), (carl, "carl")):
        join(person, nick, "#class")
    amy.send("@+typing=active TAGMSG #class")
    ben.expect(rf"^@\+typing=active;msgid=\S+ {who('amy')} TAGMSG #class$")
    carl.expect_nothing(r"TAGMSG")
    amy.send("@+typing=paused TAGMSG ben")
    ben.expect(rf"^@\+typing=paused;msgid=\S+ {who('amy')} TAGMSG ben$")


def test_privmsg_to_an_away_person_tells_you_they_are_away(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    ben.send("AWAY :at lunch")
    ben.expect(rf"^{S} 306 ben :You have been marked as being away$")
    amy.send("PRIVMSG ben :are you there?")
    amy.expect(rf"^{S} 301 amy ben :at lunch$")
    ben.expect(rf"^{who('amy')} PRIVMSG ben :are you there\?$")
    amy.send("NOTICE ben :no 301 for notices")
    amy.expect_nothing(r" 301 ")
    ben.send("AWAY")
    ben.expect(rf"^{S} 305 ben :You are no longer marked as being away$")
    amy.send("PRIVMSG ben :back?")
    amy.expect_nothing(r" 301 ")


# --- QUIT ---


def test_quit_tells_room_mates_quit_reason(connect: Connect) -> None:
    amy, ben, carl = connect("amy"), connect("ben"), connect("carl")
    join(amy, "amy", "#class")
    join(ben, "ben", "#class")
    ben.send("QUIT :bye now")
    ben.expect(r"^ERROR :Closing link: Quit: bye now$")
    ben.expect_closed()
    amy.expect(rf"^{who('ben')} QUIT :Quit: bye now$")
    carl.expect_nothing(r"QUIT")
    amy.send("PRIVMSG ben :gone?")
    amy.expect(rf"^{S} 401 amy ben :No such nick/channel$")


def test_quit_without_reason(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#class")
    join(ben, "ben", "#class")
    ben.send("QUIT")
    amy.expect(rf"^{who('ben')} QUIT :?Quit$")


def test_a_dropped_connection_looks_like_a_quit(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#class")
    join(ben, "ben", "#class")
    ben.close()
    amy.expect(rf"^{who('ben')} QUIT :Connection closed$")


# --- NAMES, TOPIC, LIST ---


def test_names_shows_the_highest_prefix_or_all_with_multi_prefix(connect: Connect) -> None:
    amy = connect("amy")
    ben = connect("ben")
    carl = connect("carl", caps="multi-prefix")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab")
    join(carl, "carl", "#lab")
    amy.send("MODE #lab +v amy")
    amy.expect(rf"^{who('amy')} MODE #lab \+v amy$")
    ben.send("NAMES #lab")
    ben.expect(rf"^{S} 353 ben = #lab :@amy ben carl$")
    ben.expect(rf"^{S} 366 ben #lab :End of /NAMES list$")
    carl.send("NAMES #lab")
    carl.expect(rf"^{S} 353 carl = #lab :@\+amy ben carl$")
    carl.expect(rf"^{S} 366 carl #lab :End of /NAMES list$")
    ben.send("NAMES #nowhere")
    ben.expect(rf"^{S} 366 ben #nowhere :End of /NAMES list$")


def test_topic_none_set_get_and_plus_t(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab")
    ben.send("TOPIC #lab")
    ben.expect(rf"^{S} 331 ben #lab :No topic is set$")
    ben.send("TOPIC #lab :ben's topic")
    ben.expect(rf"^{S} 482 ben #lab :You're not channel operator$")
    amy.send("TOPIC #lab :Fractions, part 2")
    amy.expect(rf"^{who('amy')} TOPIC #lab :Fractions, part 2$")
    ben.expect(rf"^{who('amy')} TOPIC #lab :Fractions, part 2$")
    ben.send("TOPIC #lab")
    ben.expect(rf"^{S} 332 ben #lab :Fractions, part 2$")
    ben.expect(rf"^{S} 333 ben #lab amy!~amy@127.0.0.1 {NUMBER}$")
    carl = connect("carl")
    carl.send("JOIN #lab")
    carl.expect(rf"^{S} 332 carl #lab :Fractions, part 2$")
    carl.expect(rf"^{S} 333 carl #lab amy!~amy@127.0.0.1 {NUMBER}$")
    carl.expect(rf"^{S} 353 carl = #lab :@amy ben carl$")
    amy.send("MODE #lab -t")
    amy.expect(rf"^{who('amy')} MODE #lab -t$")
    ben.send("TOPIC #lab :anyone may")
    amy.expect(rf"^{who('ben')} TOPIC #lab :anyone may$")


def test_list_shows_rooms_with_counts_and_topics(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab", "#quiet")
    amy.send("TOPIC #lab :maths")
    amy.send("LIST")
    amy.expect(rf"^{S} 321 amy Channel :Users  Name$")
    amy.expect(rf"^{S} 323 amy :End of /LIST$")
    listed = sorted(line for line in amy.seen if " 322 " in line)
    assert len(listed) == 3, listed
    assert re.match(rf"^{S} 322 amy #class 0 :$", listed[0])
    assert re.match(rf"^{S} 322 amy #lab 2 :?maths$", listed[1])
    assert re.match(rf"^{S} 322 amy #quiet 1 :$", listed[2])
    amy.send("LIST #quiet")
    amy.expect(rf"^{S} 322 amy #quiet 1 :$")
    amy.expect(rf"^{S} 323 amy :End of /LIST$")


def test_list_shows_the_hosts_rooms_before_anyone_is_in_them(connect: Connect) -> None:
    """A window joining a `serve` room by its address asks LIST to find the room to join:
    the room the host keeps open is there from the start, with nobody in it yet."""
    amy = connect("amy")
    amy.send("LIST")
    amy.expect(rf"^{S} 322 amy #class 0 :$")
    amy.expect(rf"^{S} 323 amy :End of /LIST$")


# --- WHO, WHOIS, WHOWAS ---


def test_who_a_channel_and_who_a_mask(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab")
    ben.send("AWAY :brb")
    amy.send("WHO #lab")
    amy.expect(rf"^{S} 352 amy #lab ~amy 127\.0\.0\.1 chatgui\.local amy H@ :0 amy$")
    amy.expect(rf"^{S} 352 amy #lab ~ben 127\.0\.0\.1 chatgui\.local ben G :0 ben$")
    amy.expect(rf"^{S} 315 amy #lab :End of WHO list$")
    amy.send("WHO b*")
    amy.expect(rf"^{S} 352 amy \* ~ben 127\.0\.0\.1 chatgui\.local ben G :0 ben$")
    amy.expect(rf"^{S} 315 amy b\* :End of WHO list$")
    assert not any(" 352 amy * ~amy " in line for line in amy.seen)


def test_whois_lists_user_channels_server_idle_and_end(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab")
    amy.send("WHOIS ben")
    amy.expect(rf"^{S} 311 amy ben ~ben 127\.0\.0\.1 \* :?ben$")
    amy.expect(rf"^{S} 319 amy ben :?#lab$")
    amy.expect(rf"^{S} 312 amy ben chatgui\.local :?\S.*$")
    amy.expect(rf"^{S} 317 amy ben {NUMBER} {NUMBER} :seconds idle, signon time$")
    amy.expect(rf"^{S} 318 amy ben :End of /WHOIS list$")
    ben.send("WHOIS AMY")
    ben.expect(rf"^{S} 319 ben amy :?@#lab$")
    ben.expect(rf"^{S} 318 ben AMY :End of /WHOIS list$")


def test_whois_an_away_person_includes_301(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    ben.send("AWAY :in a meeting")
    ben.expect(rf"^{S} 306 ")
    amy.send("WHOIS ben")
    amy.expect(rf"^{S} 301 amy ben :in a meeting$")
    amy.expect(rf"^{S} 318 amy ben ")


def test_whois_nobody_gets_401_then_318(connect: Connect) -> None:
    amy = connect("amy")
    amy.send("WHOIS nobody")
    amy.expect(rf"^{S} 401 amy nobody :No such nick/channel$")
    amy.expect(rf"^{S} 318 amy nobody :End of /WHOIS list$")


def test_whowas_remembers_who_left(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    ben.send("QUIT :done")
    ben.expect_closed()
    amy.send("WHOWAS ben")
    amy.expect(rf"^{S} 314 amy ben ~ben 127\.0\.0\.1 \* :?ben$")
    amy.expect(rf"^{S} 369 amy ben :End of WHOWAS$")
    amy.send("WHOWAS nobody")
    amy.expect(rf"^{S} 406 amy nobody :There was no such nickname$")
    amy.expect(rf"^{S} 369 amy nobody :End of WHOWAS$")


# --- MODE: a person's own ---


def test_user_mode_i_and_221_and_502(connect: Connect) -> None:
    amy = connect("amy")
    connect("ben")
    amy.send("MODE amy +i")
    amy.expect(rf"^{who('amy')} MODE amy \+i$")
    amy.send("MODE amy")
    amy.expect(rf"^{S} 221 amy \+i$")
    amy.send("MODE amy -i")
    amy.expect(rf"^{who('amy')} MODE amy -i$")
    amy.send("MODE amy")
    amy.expect(rf"^{S} 221 amy \+$")
    amy.send("MODE ben +i")
    amy.expect(rf"^{S} 502 amy :Can't change mode for other users$")
    amy.send("MODE amy +o")  # nobody makes themselves an operator
    amy.send("MODE amy")
    amy.expect(rf"^{S} 221 amy \+$")


# --- MODE: a room's ---


def test_the_first_person_in_a_new_room_is_its_operator(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    amy.send("JOIN #newroom")
    amy.expect(rf"^{S} 353 amy = #newroom :?@amy$")
    ben.send("JOIN #newroom")
    ben.expect(rf"^{S} 353 ben = #newroom :@amy ben$")


def test_nobody_but_the_host_gets_op_in_a_configured_room(
    start_server: StartServer, dial: Callable[..., LineClient]
) -> None:
    running = start_server(host_secret="s3cret")
    amy = dial(running, "amy")
    amy.send("JOIN #class")
    amy.expect(rf"^{S} 353 amy = #class :?amy$")
    amy.send("MODE #class +m")
    amy.expect(rf"^{S} 482 amy #class :You're not channel operator$")
    teacher = dial(running, "teacher", password="s3cret")
    teacher.send("JOIN #class")
    teacher.expect(rf"^{S} 353 teacher = #class :amy ~teacher$")
    teacher.send("MODE #class +m")
    amy.expect(rf"^{who('teacher')} MODE #class \+m$")


def test_the_host_is_exempt_from_bans_invite_only_and_keys(
    start_server: StartServer, dial: Callable[..., LineClient]
) -> None:
    running = start_server(host_secret="s3cret")
    amy = dial(running, "amy")
    join(amy, "amy", "#den")
    amy.send("MODE #den +bik teacher key")
    amy.expect(rf"^{who('amy')} MODE #den \+bik teacher!\*@\* key$")
    teacher = dial(running, "teacher", password="s3cret")
    teacher.send("JOIN #den")
    teacher.expect(rf"^{who('teacher')} JOIN #den$")
    teacher.expect(rf"^{S} 353 teacher = #den :@amy ~teacher$")


def test_the_host_password_does_not_replace_the_room_password(
    start_server: StartServer, dial: Callable[..., LineClient]
) -> None:
    running = start_server(password="pw", host_secret="s3cret")
    dial(running, "teacher", password="s3cret")
    amy = dial(running, "amy", password="pw")
    amy.send("JOIN #class")
    amy.expect(rf"^{S} 353 amy = #class :?amy$")


def test_ban_list_and_ban_blocks_joining_and_speaking(connect: Connect) -> None:
    amy, ben, carl = connect("amy"), connect("ben"), connect("carl")
    join(amy, "amy", "#lab")
    join(carl, "carl", "#lab")
    amy.send("MODE #lab +b ben")
    amy.expect(rf"^{who('amy')} MODE #lab \+b ben!\*@\*$")
    amy.send("MODE #lab +b")
    amy.expect(rf"^{S} 367 amy #lab ben!\*@\* amy {NUMBER}$")
    amy.expect(rf"^{S} 368 amy #lab :End of channel ban list$")
    ben.send("JOIN #lab")
    ben.expect(rf"^{S} 474 ben #lab :Cannot join channel \(\+b\) - you are banned$")
    amy.send("MODE #lab +b *!*@127.0.0.1")
    amy.expect(rf"^{who('amy')} MODE #lab \+b \*!\*@127\.0\.0\.1$")
    carl.send("PRIVMSG #lab :can I still talk?")
    carl.expect(rf"^{S} 404 carl #lab :Cannot send to channel \(\+b\) - you are banned$")
    amy.expect_nothing(r"can I still talk")
    amy.send("MODE #lab -bb ben *!*@127.0.0.1")
    amy.expect(rf"^{who('amy')} MODE #lab -bb ben!\*@\* \*!\*@127\.0\.0\.1$")
    join(ben, "ben", "#lab")
    carl.send("PRIVMSG #lab :free again")
    amy.expect(rf"^{who('carl')} PRIVMSG #lab :free again$")


def test_a_ban_holds_while_a_kept_room_is_empty(
    start_server: StartServer, dial: Callable[..., LineClient]
) -> None:
    running = start_server(host_secret="s3cret")
    teacher = dial(running, "teacher", password="s3cret")
    join(teacher, "teacher", "#class")
    teacher.send("MODE #class +b troll")
    teacher.expect(rf"^{who('teacher')} MODE #class \+b troll!\*@\*$")
    teacher.send("PART #class")
    teacher.expect(rf"^{who('teacher')} PART #class$")
    troll = dial(running, "troll")
    troll.send("JOIN #class")
    troll.expect(rf"^{S} 474 troll #class :Cannot join channel \(\+b\)")


def test_invite_only_gets_473_until_invited(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#lab")
    amy.send("MODE #lab +i")
    amy.expect(rf"^{who('amy')} MODE #lab \+i$")
    ben.send("JOIN #lab")
    ben.expect(rf"^{S} 473 ben #lab :Cannot join channel \(\+i\) - the room is locked$")
    amy.send("INVITE ben #lab")
    amy.expect(rf"^{S} 341 amy ben #lab$")
    ben.expect(rf"^{who('amy')} INVITE ben #lab$")
    ben.send("JOIN #lab")
    amy.expect(rf"^{who('ben')} JOIN #lab$")


def test_key_gets_475_for_the_wrong_one_and_lets_in_with_the_right_one(
    connect: Connect,
) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#lab")
    amy.send("MODE #lab +k opensesame")
    amy.expect(rf"^{who('amy')} MODE #lab \+k opensesame$")
    ben.send("JOIN #lab")
    ben.expect(rf"^{S} 475 ben #lab :Cannot join channel \(\+k\) - wrong room password$")
    ben.send("JOIN #lab wrong")
    ben.expect(rf"^{S} 475 ben #lab ")
    ben.send("JOIN #lab opensesame")
    amy.expect(rf"^{who('ben')} JOIN #lab$")


def test_limit_gets_471_when_the_room_is_full(connect: Connect) -> None:
    amy, ben, carl = connect("amy"), connect("ben"), connect("carl")
    join(amy, "amy", "#lab")
    amy.send("MODE #lab +l 2")
    amy.expect(rf"^{who('amy')} MODE #lab \+l 2$")
    join(ben, "ben", "#lab")
    carl.send("JOIN #lab")
    carl.expect(rf"^{S} 471 carl #lab :Cannot join channel \(\+l\) - the room is full$")
    amy.send("MODE #lab -l")
    amy.expect(rf"^{who('amy')} MODE #lab -l$")
    join(carl, "carl", "#lab")


def test_moderated_room_needs_voice_to_speak(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab")
    amy.send("MODE #lab +m")
    ben.expect(rf"^{who('amy')} MODE #lab \+m$")
    ben.send("PRIVMSG #lab :may I?")
    ben.expect(
        rf"^{S} 404 ben #lab :Cannot send to channel \(\+m\) - only people with a voice can talk"
    )
    amy.send("PRIVMSG #lab :ops may")
    ben.expect(rf"^{who('amy')} PRIVMSG #lab :ops may$")
    amy.send("MODE #lab +v ben")
    ben.expect(rf"^{who('amy')} MODE #lab \+v ben$")
    ben.send("PRIVMSG #lab :thank you")
    amy.expect(rf"^{who('ben')} PRIVMSG #lab :thank you$")


def test_no_outside_messages_and_minus_n(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#lab")
    ben.send("PRIVMSG #lab :knock knock")
    ben.expect(rf"^{S} 404 ben #lab :Cannot send to channel \(\+n\) - join the room first$")
    amy.send("MODE #lab -n")
    amy.expect(rf"^{who('amy')} MODE #lab -n$")
    ben.send("PRIVMSG #lab :knock knock")
    amy.expect(rf"^{who('ben')} PRIVMSG #lab :knock knock$")


def test_giving_op_lets_them_kick(connect: Connect) -> None:
    amy, ben, carl = connect("amy"), connect("ben"), connect("carl")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab")
    join(carl, "carl", "#lab")
    ben.send("KICK #lab carl")
    ben.expect(rf"^{S} 482 ben #lab :You're not channel operator$")
    amy.send("MODE #lab +o ben")
    carl.expect(rf"^{who('amy')} MODE #lab \+o ben$")
    ben.send("KICK #lab carl :your turn is over")
    carl.expect(rf"^{who('ben')} KICK #lab carl :your turn is over$")
    amy.send("MODE #lab +o nobody")
    amy.expect(rf"^{S} 441 amy nobody #lab :They aren't on that channel$")


def test_secret_rooms_are_hidden_from_outsiders(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#hidden", "#open")
    amy.send("MODE #hidden +s")
    amy.expect(rf"^{who('amy')} MODE #hidden \+s$")
    ben.send("LIST")
    ben.expect(rf"^{S} 322 ben #open 1 :$")
    ben.expect(rf"^{S} 323 ben ")
    assert not any("#hidden" in line for line in ben.seen)
    ben.send("NAMES #hidden")
    ben.expect(rf"^{S} 366 ben #hidden :End of /NAMES list$")
    assert not any(" 353 " in line for line in ben.seen)
    ben.send("WHOIS amy")
    ben.expect(rf"^{S} 319 ben amy :?@#open$")
    amy.send("NAMES #hidden")
    amy.expect(rf"^{S} 353 amy @ #hidden :?@amy$")
    amy.send("LIST")
    amy.expect(rf"^{S} 322 amy #hidden 1 :$")


def test_unknown_and_parameterless_channel_modes(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    join(amy, "amy", "#lab")
    amy.send("MODE #lab +x")
    amy.expect(rf"^{S} 472 amy x :is unknown mode char to me$")
    amy.send("MODE #lab +k")
    amy.expect(rf"^{S} 461 amy MODE :\+k needs a parameter$")
    amy.send("MODE #nowhere +m")
    amy.expect(rf"^{S} 403 amy #nowhere :No such channel$")
    ben.send("MODE #lab +m")
    ben.expect(rf"^{S} 482 ben #lab :You're not channel operator$")
    ben.send("MODE #lab")
    ben.expect(rf"^{S} 324 ben #lab \+nt$")
    ben.expect(rf"^{S} 329 ben #lab {NUMBER}$")


# --- KICK, INVITE ---


def test_kick_441_and_the_kicked_can_rejoin(connect: Connect) -> None:
    amy, ben, carl = connect("amy"), connect("ben"), connect("carl")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab")
    amy.send("KICK #lab carl")
    amy.expect(rf"^{S} 441 amy carl #lab :They aren't on that channel$")
    amy.send("KICK #lab ben :be nice")
    amy.expect(rf"^{who('amy')} KICK #lab ben :be nice$")
    ben.expect(rf"^{who('amy')} KICK #lab ben :be nice$")
    ben.send("PRIVMSG #lab :am I out?")
    ben.expect(rf"^{S} 404 ben #lab ")
    amy.send("NAMES #lab")
    amy.expect(rf"^{S} 353 amy = #lab :?@amy$")
    join(ben, "ben", "#lab")
    amy.expect(rf"^{who('ben')} JOIN #lab$")
    carl.send("KICK #lab ben")
    carl.expect(rf"^{S} 442 carl #lab :You're not on that channel$")


def test_invite_341_443_and_invite_notify_to_ops(connect: Connect) -> None:
    amy = connect("amy")
    ben = connect("ben", caps="invite-notify")
    carl = connect("carl", caps="invite-notify")
    dave = connect("dave")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab")
    join(carl, "carl", "#lab")
    amy.send("MODE #lab +o carl")
    carl.expect(rf"^{who('amy')} MODE #lab \+o carl$")
    amy.send("INVITE ben #lab")
    amy.expect(rf"^{S} 443 amy ben #lab :is already on channel$")
    amy.send("INVITE dave #lab")
    amy.expect(rf"^{S} 341 amy dave #lab$")
    dave.expect(rf"^{who('amy')} INVITE dave #lab$")
    carl.expect(rf"^{who('amy')} INVITE dave #lab$")
    ben.expect_nothing(r"INVITE")  # invite-notify, but not an operator
    amy.send("INVITE nobody #lab")
    amy.expect(rf"^{S} 401 amy nobody :No such nick/channel$")
    dave.send("INVITE amy #nowhere")
    dave.expect(rf"^{S} 403 dave #nowhere :No such channel$")


# --- AWAY, OPER, ISON, USERHOST, LUSERS, TIME, VERSION ---


def test_oper_gives_381_and_a_wrong_password_464(
    start_server: StartServer, dial: Callable[..., LineClient]
) -> None:
    running = start_server(opers=(("admin", "pw"),))
    amy = dial(running, "amy")
    amy.send("OPER admin wrong")
    amy.expect(rf"^{S} 464 amy :Password incorrect$")
    amy.send("OPER admin pw")
    amy.expect(rf"^{S} 381 amy :You are now an IRC operator$")
    amy.expect(rf"^{S} MODE amy \+o$")
    amy.send("MODE amy")
    amy.expect(rf"^{S} 221 amy \+o$")
    ben = dial(running, "ben")
    ben.send("WHOIS amy")
    ben.expect(rf"^{S} 313 ben amy :is an IRC operator$")
    ben.send("USERHOST amy")
    ben.expect(rf"^{S} 302 ben :?amy\*=\+~amy@127\.0\.0\.1$")


def test_ison_and_userhost(connect: Connect) -> None:
    amy, ben = connect("amy"), connect("ben")
    amy.send("ISON BEN nobody amy")
    amy.expect(rf"^{S} 303 amy :ben amy$")
    amy.send("ISON nobody")
    amy.expect(rf"^{S} 303 amy :$")
    ben.send("AWAY :out")
    ben.expect(rf"^{S} 306 ")
    amy.send("USERHOST ben amy nobody")
    amy.expect(rf"^{S} 302 amy :ben=-~ben@127\.0\.0\.1 amy=\+~amy@127\.0\.0\.1$")


def test_lusers_counts_people_unknowns_and_rooms(connect: Connect) -> None:
    amy = connect("amy")
    connect("ben")
    connect()  # connected, not registered
    join(amy, "amy", "#lab")
    amy.send("LUSERS")
    amy.expect(rf"^{S} 251 amy :There are 2 users and 0 services on 1 servers$")
    amy.expect(rf"^{S} 252 amy 0 :operator\(s\) online$")
    amy.expect(rf"^{S} 253 amy 1 :unknown connection\(s\)$")
    amy.expect(rf"^{S} 254 amy 1 :channels formed$")
    amy.expect(rf"^{S} 255 amy :I have 2 clients and 0 servers$")


def test_lusers_counts_stay_right_as_people_come_go_and_change(
    start_server: StartServer, dial: Callable[..., LineClient]
) -> None:
    """The counts are kept as people come and go, not worked out from everyone each time."""

    def lusers_say(client: LineClient, nick: str, users: int, opers: int, unknown: int) -> None:
        client.send("LUSERS")
        client.expect(rf"^{S} 251 {nick} :There are {users} users and 0 services on 1 servers$")
        client.expect(rf"^{S} 252 {nick} {opers} :operator\(s\) online$")
        client.expect(rf"^{S} 253 {nick} {unknown} :unknown connection\(s\)$")
        client.expect(rf"^{S} 254 {nick} 0 :channels formed$")
        client.expect(rf"^{S} 255 {nick} :I have {users} clients and 0 servers$")

    running = start_server(opers=(("admin", "pw"),))
    amy, ben = dial(running, "amy"), dial(running, "ben")
    ben.send("OPER admin pw")
    ben.expect(rf"^{S} 381 ben ")
    waiting = dial(running)  # connected, not registered
    lusers_say(amy, "amy", users=2, opers=1, unknown=1)
    ben.send("NICK benny")
    ben.expect(rf"^{who('ben')} NICK :?benny$")
    lusers_say(amy, "amy", users=2, opers=1, unknown=1)
    ben.send("MODE benny -o")
    ben.expect(r" MODE benny :?-o$")
    ben.send("OPER admin pw")
    ben.expect(rf"^{S} 381 benny ")
    ben.send("QUIT")
    ben.expect("ERROR")
    lusers_say(amy, "amy", users=1, opers=0, unknown=1)
    waiting.send("NICK cy")
    waiting.send("USER cy 0 * :Cy")
    waiting.expect(rf"^{S} 251 cy :There are 2 users ")
    waiting.expect(rf"^{S} 253 cy 0 :unknown connection")
    lusers_say(amy, "amy", users=2, opers=0, unknown=0)


def test_time_is_391(connect: Connect) -> None:
    amy = connect("amy")
    amy.send("TIME")
    amy.expect(rf"^{S} 391 amy chatgui\.local :\w+ \d\d \w+ \d{{4}} -- \d\d:\d\d:\d\d UTC$")


def test_version_is_351_then_the_whole_isupport(connect: Connect) -> None:
    amy = connect("amy")
    welcome = _isupport(amy.seen)
    start = len(amy.seen)
    amy.send("VERSION")
    amy.expect(rf"^{S} 351 amy chatgui-0 chatgui\.local :?\S.*$")
    amy.expect(rf"^{S} 005 amy ")
    amy.send("PING end")
    amy.expect(r" PONG ")
    assert _isupport(amy.seen[start:]) == welcome


# --- Errors common to all commands ---


def test_unknown_command_gets_421(connect: Connect) -> None:
    amy = connect("amy")
    amy.send("FROBNICATE now")
    amy.expect(rf"^{S} 421 amy FROBNICATE :Unknown command$")


def test_a_command_before_registering_gets_451(connect: Connect) -> None:
    early = connect()
    early.send("JOIN #class")
    early.expect(rf"^{S} 451 \* :You have not registered$")
    early.send("PRIVMSG #class :hi")
    early.expect(rf"^{S} 451 \* :You have not registered$")


def test_missing_parameters_get_461(connect: Connect) -> None:
    amy = connect("amy")
    for command in ("JOIN", "PART", "KICK #class", "INVITE amy", "TOPIC", "OPER admin", "WHOIS"):
        amy.send(command)
        name = command.split()[0]
        amy.expect(rf"^{S} 461 amy {name} :Not enough parameters$")
    newcomer = connect()
    newcomer.send("USER only")
    newcomer.expect(rf"^{S} 461 \* USER :Not enough parameters$")


@pytest.mark.parametrize(
    "line",
    [
        "WHOIS :two words",
        "WHOIS :",
        "PART :#a b",
        "JOIN :#a b",
        "TOPIC :#a b",
        "KICK #lab :two words",
        "MODE :#a b",
        "WHOWAS :two words",
        "NAMES :#a b",
        "WHO :two words",
        "CAP :two words",
    ],
)
def test_an_echoed_parameter_with_a_space_never_breaks_the_reply(
    connect: Connect, line: str
) -> None:
    amy = connect("amy")
    join(amy, "amy", "#lab")
    amy.send(line)
    amy.send("PING after")
    amy.expect(rf"^{S} PONG chatgui\.local after$")
    assert not any(text.startswith("ERROR") for text in amy.seen)
    for text in amy.seen:
        if re.match(rf"^{S} \d\d\d ", text):
            middle = text.split(" :", 1)[0].split()
            assert all(word for word in middle), text
