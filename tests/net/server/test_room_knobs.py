"""The room's flood control and per-computer cap as the host sets them (ServerConfig's flood
fields and max_per_address, which `serve --flood` and `--max-per-address` set), over real
sockets on 127.0.0.x. The host and the host's helpers are never slowed down.

Lines are timed from just before they are sent: a line the server held can't arrive before it
let it go, so "waited at least" is exact, and "at once" is bounded loosely.
"""

from __future__ import annotations

import time

from tests.lineclient import LineClient
from tests.net.server.netsupport import Dialer, MultiReader, StartServer, join

HOST_SECRET = "k3y"


def _send_burst(sender: LineClient, listener: LineClient, count: int, within: float) -> list[float]:
    """`sender` (in #class) sends `count` lines in one write; the times, from just before the
    write, at which `listener` got each of them (as many as came within `within` seconds)."""
    reader = MultiReader([listener])
    started = time.monotonic()
    sender.send_raw("".join(f"PRIVMSG #class :line {i:03d}\r\n" for i in range(count)).encode())
    try:
        reader.until(lambda: reader.count(0, b" :line ") >= count, within, f"{count} lines")
    finally:
        reader.close()
    return [at - started for at, line in reader.lines[0] if b" :line " in line]


def _calm_down(seconds: float) -> None:
    """Registering and joining cost a few lines of flood control: let the timer run down, so
    a burst starts from a full allowance."""
    time.sleep(seconds)


def test_a_helper_sends_300_lines_without_waiting_and_a_student_still_waits(
    start_server: StartServer, dial: Dialer
) -> None:
    """With `--flood 5/10`, the host makes Hal a helper (+o in the host's room): Hal's 300
    lines all arrive within 5 s (as a student, the 300th would wait 58 s). Stu, a student on
    another computer, still gets 10 at once and then 5 a second: the 11th waits."""
    running = start_server(host_secret=HOST_SECRET, flood_cost_s=0.2, flood_allowance_s=2.0)
    host = dial(running.port, source="127.0.0.1")
    host.send(f"PASS {HOST_SECRET}")
    host.register("Teacher")
    hal = dial(running.port, "Hal", source="127.0.0.2")
    stu = dial(running.port, "Stu", source="127.0.0.3")
    ears = dial(running.port, "Ears", source="127.0.0.4")
    join("#class", host, hal, stu, ears)
    host.send("MODE #class +o Hal")
    hal.expect(r" MODE #class \+o Hal$")
    times = _send_burst(hal, ears, 300, 5.0)
    assert len(times) == 300
    _calm_down(2.5)
    times = _send_burst(stu, ears, 13, 5.0)
    assert times[9] < 1.0, times  # the burst of 10 at once
    assert times[10] >= 0.1, times  # the 11th waited half a line's time at least
    assert times[12] >= 0.1 + 2 * 0.2 * 0.9, times  # then 5 a second


def test_flood_control_off_lets_a_students_300_lines_through_at_once(
    start_server: StartServer, dial: Dialer
) -> None:
    """`--flood off`: a student's 300 lines in one write all arrive within 10 s, where the
    default (100 at once, then 10 a second) would hold the last one 20 s."""
    running = start_server(flood_cost_s=0.0, flood_allowance_s=0.0)
    stu = dial(running.port, "Stu", source="127.0.0.3")
    ears = dial(running.port, "Ears", source="127.0.0.4")
    join("#class", stu, ears)
    times = _send_burst(stu, ears, 300, 10.0)
    assert len(times) == 300


def test_flood_5_10_holds_the_11th_line(start_server: StartServer, dial: Dialer) -> None:
    """`--flood 5/10`: ten lines at once, the 11th waits, then five a second."""
    running = start_server(flood_cost_s=0.2, flood_allowance_s=2.0)
    stu = dial(running.port, "Stu", source="127.0.0.3")
    ears = dial(running.port, "Ears", source="127.0.0.4")
    join("#class", ears, stu)
    _calm_down(2.5)
    times = _send_burst(stu, ears, 13, 5.0)
    assert times[9] < 1.0, times
    assert times[10] >= 0.1, times
    assert times[12] >= 0.1 + 2 * 0.2 * 0.9, times


def test_no_cap_per_computer_lets_60_connections_in(
    start_server: StartServer, dial: Dialer
) -> None:
    """`--max-per-address off`: 60 people from 127.0.0.5 all come in (the default cap, 50,
    refuses the 51st with "Too many connections from your address")."""
    running = start_server(max_per_address=None)
    people = [dial(running.port, f"p{i}", source="127.0.0.5") for i in range(60)]
    people[-1].send("PING :still-here")
    people[-1].expect(r" PONG \S+ :?still-here$")
    assert not any("Too many connections" in line for p in people for line in p.seen)


def test_a_cap_of_three_per_computer_refuses_the_fourth(
    start_server: StartServer, dial: Dialer
) -> None:
    """`--max-per-address 3`: the 4th connection from one computer is refused; another
    computer still comes in."""
    running = start_server(max_per_address=3)
    for i in range(3):
        dial(running.port, f"p{i}", source="127.0.0.6")
    fourth = dial(running.port, source="127.0.0.6")
    fourth.expect(r"^ERROR :Closing link: Too many connections from your address$")
    fourth.expect_closed()
    dial(running.port, "other", source="127.0.0.7")


def test_a_pace_changed_while_the_room_runs_frees_who_it_held(
    start_server: StartServer, dial: Dialer
) -> None:
    """ChatServer.set_pace: a student held at one line every 10 s gets the rest of their 5
    lines through at once when the host turns flood control off (not 10 s later)."""
    running = start_server(flood_cost_s=10.0, flood_allowance_s=40.0)
    stu = dial(running.port, "Stu", source="127.0.0.3")
    ears = dial(running.port, "Ears", source="127.0.0.4")
    join("#class", ears, stu)  # NICK, USER and JOIN: three of Stu's four lines at once
    reader = MultiReader([ears])
    try:
        stu.send_raw("".join(f"PRIVMSG #class :line {i}\r\n" for i in range(5)).encode())
        time.sleep(0.3)
        assert reader.count(0, b" :line ") < 5
        running.server.set_pace(None, None)
        reader.until(lambda: reader.count(0, b" :line ") == 5, 3.0, "the 5 lines")
    finally:
        reader.close()
    assert running.server.config.max_per_address is None
