"""Wrong passwords are slowed per address: a room's password (+k), the server's (PASS) and
OPER's. A few tries are checked at once; then each wrong one makes the next wait longer, and a
try during the wait is refused unchecked. Over real sockets, a guesser at 127.0.0.2 sends far
more tries than the free ones as fast as it can: we count how many were checked, see that a
classmate at another address is not slowed, and that the host is told (HostWarning).

Then the sans-IO limiter itself, with explicit clock values: a hypothesis property over any
sequence of right and wrong tries and times.
"""

from __future__ import annotations

import itertools
import queue
import re
import time

from hypothesis import given
from hypothesis import strategies as st

from chatgui import limits
from chatgui.events import ChatEvent, HostWarning
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.outgoing import Alert
from chatgui.protocol.server.per_computer import GuessLimiter
from chatgui.protocol.server.state import ServerState
from tests.lineclient import LineClient
from tests.net.server.netsupport import StartServer
from tests.net.server.teacherkit import ROOM, S

TRIES = 40
"""Wrong passwords each guesser sends: eight times the free ones."""
CHECKED_AT_MOST = limits.PASSWORD_FREE_TRIES + 3
"""Checked tries allowed among TRIES sent at once: the free ones, then waits of 1 s, 2 s, 4 s…
would need 7 s for three more, far longer than TRIES lines take."""
WAIT = r"Too many wrong passwords from your computer; wait \d+ seconds?"
GUESSER = "127.0.0.2"
CLASSMATE = "127.0.0.3"


def host_warnings(events: queue.Queue[ChatEvent], within: float = 3.0) -> list[str]:
    """The HostWarning texts posted until the queue stays quiet (bounded by `within`)."""
    texts: list[str] = []
    deadline = time.monotonic() + within
    while (left := deadline - time.monotonic()) > 0:
        try:
            event = events.get(timeout=min(left, 0.5))
        except queue.Empty:
            break
        if isinstance(event, HostWarning):
            texts.append(event.text)
    return texts


def test_room_password_guesses_are_slowed_and_the_host_is_told(start_server: StartServer) -> None:
    running = start_server(room_key="493817")
    guesser = LineClient(running.port, source=GUESSER)
    classmate = LineClient(running.port, source=CLASSMATE)
    try:
        guesser.register("Lee")
        for guess in range(TRIES):
            guesser.send(f"JOIN {ROOM} {guess:06d}")
        answers = [guesser.expect(rf"^{S} 475 Lee {ROOM} ") for _ in range(TRIES)]
        checked = [a for a in answers if a.endswith("wrong room password")]
        assert len(checked) <= CHECKED_AT_MOST
        assert all(_waits(a) for a in answers if a not in checked)
        guesser.send(f"JOIN {ROOM} 493817")  # even the right one waits
        assert _waits(guesser.expect(rf"^{S} 475 Lee {ROOM} "))

        classmate.register("Kim")  # another PC is not slowed
        classmate.send(f"JOIN {ROOM} 000000")
        classmate.expect(
            rf"^{S} 475 Kim {ROOM} :Cannot join channel \(\+k\) - wrong room password$"
        )
        classmate.send(f"JOIN {ROOM} 493817")
        classmate.expect(rf"^{S} 366 Kim {ROOM} ")

        warnings = host_warnings(running.events)
        assert warnings[0] == (
            f"Someone at {GUESSER} tried 5 wrong passwords (the last one: the room password of "
            f"{ROOM}); each further try from there now has to wait longer."
        )
        assert all(GUESSER in text for text in warnings)  # not the classmate's one typo
        assert len(warnings) <= 2  # at 5 and at 20, not at every try
    finally:
        guesser.close()
        classmate.close()


def test_server_password_guesses_are_slowed(start_server: StartServer) -> None:
    running = start_server(password="s3cret-pw")
    answers = []
    for guess in range(TRIES):
        client = LineClient(running.port, source=GUESSER)
        try:
            client.send(f"PASS guess{guess}")
            client.send("NICK Lee")
            client.send("USER Lee 0 * :Lee")
            answers.append(client.expect(rf"^{S} 464 "))
            client.expect(r"^ERROR :Closing link")
        finally:
            client.close()
    checked = [a for a in answers if a.endswith(":Password incorrect")]
    assert len(checked) <= CHECKED_AT_MOST
    assert all(_waits(a) for a in answers if a not in checked)
    classmate = LineClient(running.port, source=CLASSMATE)
    try:
        classmate.send("PASS s3cret-pw")
        classmate.register("Kim")
    finally:
        classmate.close()
    assert any("the server password" in text for text in host_warnings(running.events))


def test_oper_password_guesses_are_slowed(start_server: StartServer) -> None:
    running = start_server(opers=(("admin", "0p3r-pw"),))
    guesser = LineClient(running.port, source=GUESSER)
    try:
        guesser.register("Lee")
        for guess in range(TRIES):
            guesser.send(f"OPER admin guess{guess}")
        answers = [guesser.expect(rf"^{S} 464 Lee :") for _ in range(TRIES)]
        checked = [a for a in answers if a.endswith(":Password incorrect")]
        assert len(checked) <= CHECKED_AT_MOST
        assert all(_waits(a) for a in answers if a not in checked)
        guesser.send("OPER admin 0p3r-pw")  # the right one, during the wait: not checked
        assert _waits(guesser.expect(rf"^{S} 464 Lee :"))
        guesser.expect_nothing(" 381 ")
    finally:
        guesser.close()
    assert any("an operator password" in text for text in host_warnings(running.events))


def _waits(answer: str) -> bool:
    return re.search(WAIT + "$", answer) is not None


# --- The sans-IO limiter ---

FREE = 3
FIRST_S = 1.0
MAX_S = 8.0
FORGET_S = 30.0

Try = tuple[float, str, bool]
"""(seconds since the previous try, address, right password?)."""

tries = st.lists(
    st.tuples(
        st.floats(min_value=0.0, max_value=20.0, allow_nan=False),
        st.sampled_from(["10.0.0.1", "10.0.0.2", "10.0.0.3"]),
        st.booleans(),
    ),
    max_size=200,
)


def _checked_wrong(sequence: list[Try], limiter: GuessLimiter) -> dict[str, list[float]]:
    """Play `sequence` through the limiter as the server does; when each wrong password was
    checked, per address."""
    now = 1000.0
    checked: dict[str, list[float]] = {}
    for gap, address, right in sequence:
        now += gap
        if limiter.wait_s(address, now) > 0:
            continue  # refused, unchecked
        if not right:
            checked.setdefault(address, []).append(now)
            limiter.wrong(address, now)
    return checked


@given(tries, st.floats(min_value=0.0, max_value=FORGET_S - 0.001))
def test_in_any_window_few_wrong_passwords_are_checked(sequence: list[Try], window: float) -> None:
    """However tries come, in any span shorter than FORGET_S one address gets at most the free
    tries, plus one more for each FIRST_S of waiting."""
    limiter = GuessLimiter(FREE, FIRST_S, MAX_S, FORGET_S, max_addresses=10)
    bound = FREE + 1 + int(window / FIRST_S)
    for times in _checked_wrong(sequence, limiter).values():
        for index, start in enumerate(times):
            inside = [t for t in times[index:] if t <= start + window]
            assert len(inside) <= bound


@given(tries)
def test_beyond_the_free_tries_each_wait_doubles_up_to_the_limit(sequence: list[Try]) -> None:
    """Without a quiet FORGET_S, the k-th checked wrong password after the free ones comes at
    least min(FIRST_S * 2**(k-1), MAX_S) after the one before."""
    limiter = GuessLimiter(FREE, FIRST_S, MAX_S, FORGET_S, max_addresses=10)
    for times in _checked_wrong(sequence, limiter).values():
        run = 1  # the place of `before` among the wrong passwords since the last fresh start
        for before, after in itertools.pairwise(times):
            if after - before >= FORGET_S:
                run = 1
                continue
            if run >= FREE:
                wait = min(FIRST_S * 2 ** (run - FREE), MAX_S)
                assert after - before >= wait - 1e-9
            run += 1


@given(st.lists(st.integers(min_value=0, max_value=10_000), max_size=300))
def test_the_remembered_addresses_stay_bounded(addresses: list[int]) -> None:
    limiter = GuessLimiter(FREE, FIRST_S, MAX_S, FORGET_S, max_addresses=16)
    for step, number in enumerate(addresses):
        limiter.wrong(f"10.0.{number // 256}.{number % 256}", float(step))
        assert len(limiter) <= 16


def test_an_address_quiet_for_a_while_starts_afresh() -> None:
    limiter = GuessLimiter(FREE, FIRST_S, MAX_S, FORGET_S, max_addresses=10)
    for _ in range(FREE):
        limiter.wrong("10.0.0.9", 0.0)
    assert limiter.wait_s("10.0.0.9", 0.0) == FIRST_S
    assert limiter.wait_s("10.0.0.9", FORGET_S) == 0.0
    assert limiter.wrong("10.0.0.9", FORGET_S) == 1


def test_the_host_is_told_at_a_few_counts_only() -> None:
    state = ServerState(ServerConfig(opers=(("admin", "pw"),)))
    state.connected(1, "10.0.0.23", 0.0)
    for line in ("NICK Lee", "USER Lee 0 * :Lee"):
        state.received(1, line.encode(), 0.0)
    alerts = []
    now = 0.0
    for _ in range(200):
        now += limits.PASSWORD_MAX_WAIT_S  # always after the wait: every try is checked
        out = state.received(1, b"OPER admin wrong", now)
        alerts += [item.text for item in out if isinstance(item, Alert)]
    counts = [int(text.split(" tried ")[1].split()[0]) for text in alerts]
    assert counts == [5, 20, 100]
    assert alerts[1].startswith("Someone at 10.0.0.23 tried 20 wrong passwords")
