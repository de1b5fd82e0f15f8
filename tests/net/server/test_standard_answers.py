"""Where IRC defines the answer, the room gives that answer: transcripts over real sockets.

Each is checked against modern.ircdocs.horse (USER, LUSERS, INFO, WHOWAS, TOPIC) and the
IRCv3 specifications (UTF8ONLY's INVALID_UTF8 with standard-replies), and a refusal about a
room names the room, so an IRC program shows it in that room's window.
"""

from __future__ import annotations

from chatgui import limits
from tests.net.server.netsupport import RunningServer
from tests.net.server.test_commands import Connect, S, join, who

NOT_UTF8 = "Messages must be UTF-8; this one was not sent"


def test_user_with_an_empty_realname_or_username_gets_461(connect: Connect) -> None:
    for line in ("USER cy 0 * :", "USER  0 * :Cy", "USER :   0 * :Cy"):
        client = connect()
        client.send("NICK Cy")
        client.send(line)
        client.expect(rf"^{S} 461 Cy USER :Not enough parameters$")
        client.expect_nothing(" 001 ")
        client.send("USER cy 0 * :Cy Lee")  # the next, right one is taken
        client.expect(rf"^{S} 001 Cy ")
        client.close()


def test_lusers_uses_rfc_2812s_words(connect: Connect) -> None:
    amy = connect("amy")
    connect("ben")
    amy.send("LUSERS")
    amy.expect(rf"^{S} 251 amy :There are 2 users and 0 services on 1 servers$")
    amy.expect(rf"^{S} 252 amy 0 :operator\(s\) online$")
    amy.expect(rf"^{S} 253 amy 0 :unknown connection\(s\)$")
    amy.expect(rf"^{S} 254 amy 0 :channels formed$")
    amy.expect(rf"^{S} 255 amy :I have 2 clients and 0 servers$")


def test_info_is_371_lines_then_374(connect: Connect) -> None:
    amy = connect("amy")
    amy.send("INFO")
    amy.expect(rf"^{S} 371 amy :chatgui ")
    amy.expect(rf"^{S} 374 amy :End of INFO list$")
    assert not any(" 421 " in line for line in amy.seen)


def test_whowas_gives_the_newest_first_and_as_many_as_asked(connect: Connect) -> None:
    for realname in ("first Zed", "second Zed", "third Zed"):
        zed = connect()
        zed.send("NICK Zed")
        zed.send(f"USER zed 0 * :{realname}")
        zed.expect(" 001 ")
        zed.send("QUIT")
        zed.expect("ERROR")
    amy = connect("amy")
    amy.send("WHOWAS Zed 2")
    amy.expect(rf"^{S} 314 amy Zed ~zed 127\.0\.0\.1 \* :third Zed$")
    amy.expect(rf"^{S} 314 amy Zed ~zed 127\.0\.0\.1 \* :second Zed$")
    amy.expect(rf"^{S} 369 amy Zed :End of WHOWAS$")
    assert not any("first Zed" in line for line in amy.seen)
    amy.send("WHOWAS Zed")  # no count: all that are kept
    amy.expect(":third Zed$")
    amy.expect(":second Zed$")
    amy.expect(":first Zed$")
    amy.expect(rf"^{S} 369 amy Zed ")
    amy.send("WHOWAS Zed 0")  # not a positive count: all of them too
    amy.expect(":third Zed$")
    amy.expect(":first Zed$")


def test_topic_of_a_room_with_none_is_331_for_anyone_who_may_see_it(connect: Connect) -> None:
    amy = connect("amy")
    amy.send("TOPIC #class")  # the host's room, before anyone is in it: listed, no topic
    amy.expect(rf"^{S} 331 amy #class :No topic is set$")
    join(amy, "amy", "#lab")
    ben = connect("ben")
    ben.send("TOPIC #lab")  # not in it, but LIST shows it
    ben.expect(rf"^{S} 331 ben #lab :No topic is set$")
    amy.send("TOPIC #lab :Fractions")
    amy.expect(r" TOPIC #lab :?Fractions$")
    ben.send("TOPIC #lab")
    ben.expect(rf"^{S} 332 ben #lab :?Fractions$")
    ben.expect(rf"^{S} 333 ben #lab ")
    ben.send("TOPIC #lab :mine now")  # setting it still needs the room
    ben.expect(rf"^{S} 442 ben #lab :You're not on that channel$")
    amy.send("MODE #lab +s")
    amy.expect(r" MODE #lab \+s$")  # secret now: only then may ben ask
    ben.send("TOPIC #lab")  # a secret room does not exist for outsiders
    ben.expect(rf"^{S} 403 ben #lab :No such channel$")


def test_bytes_that_are_not_utf8_get_fail_with_the_command_and_its_room(
    connect: Connect,
) -> None:
    amy = connect("amy", caps="standard-replies")
    join(amy, "amy", "#lab")
    amy.send_raw(b"PRIVMSG #lab :caf\xe9\r\n")
    amy.expect(rf"^{S} FAIL PRIVMSG INVALID_UTF8 #lab :{NOT_UTF8}$")
    amy.send_raw(b"TOPIC #lab :\xff\xfe\r\n")
    amy.expect(rf"^{S} FAIL TOPIC INVALID_UTF8 #lab :{NOT_UTF8}$")
    amy.send_raw(b"\xff\xfe\r\n")  # no command to name
    amy.expect(rf"^{S} FAIL \* INVALID_UTF8 :{NOT_UTF8}$")


def test_bytes_that_are_not_utf8_to_a_room_get_404_there_without_standard_replies(
    connect: Connect,
) -> None:
    """irssi has no standard replies: the refusal comes as IRC's own 404, naming the room."""
    amy = connect("amy")
    ben = connect("ben")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab")
    amy.send_raw(b"PRIVMSG #lab :caf\xe9\r\n")
    amy.expect(rf"^{S} 404 amy #lab :{NOT_UTF8}$")
    ben.expect_nothing("caf")


def test_a_refusal_about_a_room_is_sent_to_the_room_not_the_person(
    server: RunningServer, connect: Connect
) -> None:
    """The HAND usage, say: a NOTICE to the room (to this person alone), shown in its window."""
    amy = connect("amy")
    ben = connect("ben")
    join(amy, "amy", "#lab")
    join(ben, "ben", "#lab")
    amy.send("HAND #lab wave")
    amy.expect(rf"^{S} NOTICE #lab :Use HAND #room to raise your hand")
    ben.expect_nothing("Use HAND")


def test_a_kick_is_one_kick_line_and_nothing_repeats_it(connect: Connect) -> None:
    amy = connect("amy")
    ben = connect("ben")
    cat = connect("cat")
    for client, nick in ((amy, "amy"), (ben, "ben"), (cat, "cat")):
        join(client, nick, "#lab")
    amy.send("KICK #lab ben :too loud")
    for client in (amy, ben, cat):
        client.expect(rf"^{who('amy')} KICK #lab ben :too loud$")
    cat.expect_nothing(r"NOTICE #lab|removed")


def test_whowas_answers_at_most_its_limit_whatever_count_is_asked(connect: Connect) -> None:
    for number in range(limits.WHOWAS_REPLIES_MAX + 2):
        zed = connect()
        zed.send("NICK Zed")
        zed.send(f"USER zed 0 * :Zed number {number}")
        zed.expect(" 001 ")
        zed.send("QUIT")
        zed.expect("ERROR")
        zed.close()
    amy = connect("amy")
    amy.send("WHOWAS Zed 500")
    amy.expect(rf"^{S} 369 amy Zed ")
    answered = [line for line in amy.seen if " 314 amy Zed " in line]
    assert len(answered) == limits.WHOWAS_REPLIES_MAX
    assert answered[0].endswith(f":Zed number {limits.WHOWAS_REPLIES_MAX + 1}")  # the newest
