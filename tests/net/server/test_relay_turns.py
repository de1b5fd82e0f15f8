"""Output sent once per loop turn: what a turn writes to a person reaches them whole and in
order, each line made once per set of tags its readers take, and a person who stops reading
still leaves at SENDQ_MAX_BYTES. Real sockets on 127.0.0.1, a real ChatServer.
"""

from __future__ import annotations

from chatgui.protocol.message import parse
from tests.net.server.netsupport import Dialer, MultiReader, StartServer, join

ALL_TAGS = "echo-message labeled-response batch message-tags server-time"


def test_many_lines_handled_in_one_turn_reach_everyone_in_order(
    start_server: StartServer, dial: Dialer
) -> None:
    """Lines that arrive in one read are handled in one loop turn and sent at its end.

    tal (echo, labels, tags)> @label=L0 PRIVMSG #class :0 ... @label=L149 PRIVMSG #class :149
    tal (same write)>          @label=P PING :last
    tal sees  its 150 echoes in order, each with its own label, then PONG with label P
    tagged (message-tags, server-time) sees 0..149 in order, each with its msgid and time
    plain sees 0..149 in order, with no tags
    """
    running = start_server(flood_cost_s=0.0)
    talker = dial(running.port, "tal", ALL_TAGS)
    tagged = dial(running.port, "tagged", "message-tags server-time")
    plain = dial(running.port, "plain")
    join("#class", talker, tagged, plain)
    count = 150
    lines = [f"@label=L{i} PRIVMSG #class :{i}\r\n" for i in range(count)]
    talker.send_raw(("".join(lines) + "@label=P PING :last\r\n").encode())
    reader = MultiReader([talker, tagged, plain])
    try:
        reader.until(lambda: reader.count(0, b" PONG ") == 1, 10, "the PONG")
        reader.until(lambda: min(reader.count(i, b" PRIVMSG ") for i in (1, 2)) == count, 10, "all")
    finally:
        reader.close()
    said = [[parse(raw) for _, raw in lines_of] for lines_of in reader.lines]
    echoes = [m for m in said[0] if m.command in ("PRIVMSG", "PONG")]
    assert [m.param(1) for m in echoes[:-1]] == [str(i) for i in range(count)]
    assert [m.tags["label"] for m in echoes] == [*(f"L{i}" for i in range(count)), "P"]
    for index in (1, 2):
        relayed = [m for m in said[index] if m.command == "PRIVMSG"]
        assert [m.param(1) for m in relayed] == [str(i) for i in range(count)]
    assert all(set(m.tags) == {"msgid", "time"} for m in said[1] if m.command == "PRIVMSG")
    assert all(m.tags == {} for m in said[2] if m.command == "PRIVMSG")
    msgids = [m.tags["msgid"] for m in said[1] if m.command == "PRIVMSG"]
    assert msgids == [m.tags["msgid"] for m in echoes[:-1]]  # one message, one msgid


def test_a_reader_who_stops_is_dropped_while_whole_turns_go_to_the_others(
    start_server: StartServer, dial: Dialer
) -> None:
    """Each write below is one loop turn's worth (about 60 KB of lines); the frozen reader's
    queue passes SENDQ_MAX_BYTES within a few dozen of them.

        frozen (SO_RCVBUF 4 KB) joins #class and never reads again
        tal> PRIVMSG #class :<n> <400 x>      130 lines a write, write after write
        tal sees  :frozen!~frozen@127.0.0.1 QUIT :SendQ exceeded
        kim sees every line, in order, and the same QUIT
    """
    running = start_server(flood_cost_s=0.0)
    frozen = dial(running.port, "frozen", rcvbuf=4096)
    talker = dial(running.port, "tal")
    listener = dial(running.port, "kim")
    join("#class", frozen, talker, listener)
    reader = MultiReader([talker, listener])
    pad = "x" * 400
    sent = 0
    try:
        for _ in range(200):  # 200 writes of 60 KB: 12 MB, far past what the drop needs
            batch = "".join(f"PRIVMSG #class :{sent + k} {pad}\r\n" for k in range(130))
            talker.send_raw(batch.encode())
            sent += 130
            reader.pump(0.01)
            if reader.count(0, b" QUIT :SendQ exceeded"):
                break
        reader.until(lambda: reader.count(1, b" PRIVMSG ") == sent, 20, "every line")
        reader.until(lambda: reader.count(1, b" QUIT ") == 1, 5, "the QUIT")
    finally:
        reader.close()
    assert reader.count(0, b" QUIT :SendQ exceeded") == 1
    texts = [parse(raw).param(1) for _, raw in reader.lines[1] if b" PRIVMSG " in raw]
    assert [int(text.split(" ")[0]) for text in texts] == list(range(sent))
    quits = [raw for _, raw in reader.lines[1] if b" QUIT " in raw]
    assert quits == [b":frozen!~frozen@127.0.0.1 QUIT :SendQ exceeded"]


def test_people_who_drop_leave_the_loop_no_work_for_later_turns(
    start_server: StartServer, dial: Dialer
) -> None:
    """Twenty people who vanish (their sockets closed, no QUIT) are each dropped by the
    server; the loop's end-of-turn calls (the sender; the history's write, in a room that
    keeps one) stay as many, not one more per drop, so a student who reconnects all lesson
    long adds nothing to every later turn."""
    running = start_server(flood_cost_s=0.0)
    calls = len(running.server._loop._after_turn)
    stays = dial(running.port, "stays")
    for i in range(20):
        dial(running.port, f"gone{i}").close()
    stays.send("PING :after")
    stays.expect(r"PONG .*after")
    assert len(running.server._loop._after_turn) == calls == 1  # no history here
