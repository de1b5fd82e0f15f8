"""NetLoop on its own: real sockets (socket pairs), real threads and the real clock.

Every worker (server, client, announcer, finder) stands on these promises: a watched socket's
callback runs on the loop thread with the readiness it had, timers run in time order and never
early, a cancelled timer never runs, work submitted from any thread runs in order on the loop,
stop() finishes the submitted work and is harmless twice, and an error in a callback is
reported (on_crash) instead of ending the thread silently.
"""

from __future__ import annotations

import logging
import platform
import random
import select
import selectors
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial

import pytest

from chatgui.net.loop import NetLoop, Timer, free_memory_releaser
from chatgui.net.polls import SELECT_MOST_SOCKETS
from tests.net.other_systems import loop_as_on_windows, loop_without_epoll

WAIT_S = 5.0  # how long a test waits for something that should take milliseconds


class Crashes:
    """The on_crash callback: remembers what it was given."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []
        self.reported = threading.Event()

    def __call__(self, error: BaseException) -> None:
        self.errors.append(error)
        self.reported.set()


@pytest.fixture
def crashes() -> Crashes:
    return Crashes()


@pytest.fixture(params=["epoll", "selectors", "select"])
def loop(crashes: Crashes, request: pytest.FixtureRequest) -> Iterator[NetLoop]:
    """On Linux the loop is epoll's; where there is none, the selectors module's, behind the
    same calls (macOS), and select() alone (Windows): each test runs on all three."""
    monkeypatch = request.getfixturevalue("monkeypatch")
    if request.param == "selectors":
        loop_without_epoll(monkeypatch)
    elif request.param == "select":
        loop_as_on_windows(monkeypatch)
    running = NetLoop("test-netloop", crashes)
    running.start()
    yield running
    running.stop(WAIT_S)
    assert not running.thread.is_alive()


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    a, b = socket.socketpair()
    a.setblocking(False)
    yield a, b
    a.close()
    b.close()


def on_loop(loop: NetLoop, function: Callable[[], object]) -> object:
    """Run `function` on the loop thread and return what it returned."""
    done = threading.Event()
    result: list[object] = []

    def run() -> None:
        result.append(function())
        done.set()

    loop.submit(run)
    assert done.wait(WAIT_S), "the loop never ran the submitted function"
    return result[0]


def settle(loop: NetLoop) -> None:
    """Wait until the loop has handled everything ready now (one more trip through select)."""
    on_loop(loop, lambda: None)
    on_loop(loop, lambda: None)


# --- watch and unwatch ---


def test_a_watched_socket_calls_back_on_the_loop_thread_with_its_readiness(
    loop: NetLoop, pair: tuple[socket.socket, socket.socket]
) -> None:
    a, b = pair
    heard: list[tuple[int, bytes, bool]] = []
    got = threading.Event()

    def ready(mask: int) -> None:
        heard.append((mask, a.recv(100), threading.current_thread() is loop.thread))
        got.set()

    on_loop(loop, lambda: loop.watch(a, True, False, ready))
    b.sendall(b"hello")
    assert got.wait(WAIT_S)
    assert heard == [(selectors.EVENT_READ, b"hello", True)]


def test_an_unwatched_socket_calls_back_no_more(
    loop: NetLoop, pair: tuple[socket.socket, socket.socket]
) -> None:
    a, b = pair
    masks: list[int] = []

    def ready(mask: int) -> None:
        masks.append(mask)
        a.recv(100)

    on_loop(loop, lambda: loop.watch(a, True, False, ready))
    b.sendall(b"one")
    deadline = time.monotonic() + WAIT_S
    while not masks and time.monotonic() < deadline:
        time.sleep(0.01)
    assert masks == [selectors.EVENT_READ]
    on_loop(loop, lambda: loop.watch(a, False, False, ready))
    b.sendall(b"two")
    time.sleep(0.2)
    settle(loop)
    assert masks == [selectors.EVENT_READ]
    assert a.recv(100) == b"two"  # still there: nobody read it


def test_unwatching_a_socket_closed_before_it_was_watched_is_harmless(
    loop: NetLoop, crashes: Crashes
) -> None:
    """A key check or a connection whose peer hung up before TLS began closes its socket
    and then unwatches it, as every ending does: the loop goes on (the selector itself
    raises ValueError for a closed socket it never held)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.close()
    on_loop(loop, lambda: loop.watch(sock, False, False, lambda mask: None))
    assert on_loop(loop, lambda: "still running") == "still running"
    assert crashes.errors == []


def test_a_watched_socket_closed_then_unwatched_is_forgotten(
    loop: NetLoop, pair: tuple[socket.socket, socket.socket]
) -> None:
    """Closed on the loop's thread and unwatched in the same turn, as the workers do: a
    closed socket still watched at the next select() ends the loop there (Windows)."""
    a, _ = pair
    on_loop(loop, lambda: loop.watch(a, True, False, lambda mask: None))

    def close_then_unwatch() -> None:
        a.close()
        loop.watch(a, False, False, lambda mask: None)

    on_loop(loop, close_then_unwatch)
    watching = on_loop(loop, lambda: [w for w in loop._watched if w is not None])
    assert watching == [(loop._wake_reader, selectors.EVENT_READ, loop._drain_commands)]


def test_a_socket_unwatched_by_an_earlier_callback_of_the_same_turn_is_not_called(
    loop: NetLoop, crashes: Crashes
) -> None:
    """Two sockets ready in one select: whichever is called first closes the other (a client
    leaving mid-handshake). The other's callback, handed out by that same select, must not run
    on a socket that is gone (it crashed the client's thread)."""
    pairs = [socket.socketpair() for _ in range(2)]
    mine = [a for a, _ in pairs]
    called: list[int] = []

    def ready(index: int, mask: int) -> None:
        called.append(index)
        mine[index].recv(100)
        other = mine[1 - index]
        if other.fileno() != -1:
            loop.watch(other, False, False, lambda m: None)
            other.close()

    try:
        for a, b in pairs:
            a.setblocking(False)
            b.sendall(b"ready")  # both readable before the loop's next select
        on_loop(
            loop,
            lambda: [loop.watch(a, True, False, partial(ready, n)) for n, a in enumerate(mine)],
        )
        settle(loop)
        assert len(called) == 1, called
        assert not crashes.errors
    finally:
        for a, b in pairs:
            a.close()
            b.close()


def test_a_socket_number_taken_anew_in_the_same_turn_does_not_hear_the_old_readiness(
    loop: NetLoop, crashes: Crashes
) -> None:
    """Two sockets ready in one select: whichever is called first closes the other and opens a
    new socket, which the system gives the closed one's number, and watches it for reading.
    The closed socket's readiness, handed out by that same select, is not the new one's news:
    it has nothing to read."""
    pairs = [socket.socketpair() for _ in range(2)]
    mine = [a for a, _ in pairs]
    opened: list[socket.socket] = []
    heard_by_new: list[int] = []

    def ready(index: int, mask: int) -> None:
        mine[index].recv(100)
        other = mine[1 - index]
        if other.fileno() == -1:
            return
        number = other.fileno()
        loop.watch(other, False, False, lambda m: None)
        other.close()
        new, peer = socket.socketpair()
        opened.extend((new, peer))
        assert number in (new.fileno(), peer.fileno())
        for sock in (new, peer):
            sock.setblocking(False)
            loop.watch(sock, True, False, heard_by_new.append)

    def watch_both() -> None:
        for index, sock in enumerate(mine):
            loop.watch(sock, True, False, partial(ready, index))

    try:
        for a, b in pairs:
            a.setblocking(False)
            b.sendall(b"ready")
        on_loop(loop, watch_both)
        settle(loop)
        assert opened, "neither callback ran"
        assert heard_by_new == []
        assert not crashes.errors
    finally:
        for sock in [*opened, *(s for pair in pairs for s in pair)]:
            sock.close()


def test_a_socket_watched_for_writing_hears_its_peer_hang_up_as_writable(
    loop: NetLoop, crashes: Crashes
) -> None:
    """A hang-up is news both ways; a socket watched for writing only is told it may write
    (and learns of the hang-up from its send), never of a readiness it did not ask for."""
    a, b = socket.socketpair()
    masks: list[int] = []
    got = threading.Event()

    def ready(mask: int) -> None:
        masks.append(mask)
        loop.watch(a, False, False, ready)
        got.set()

    try:
        a.setblocking(False)
        b.close()
        on_loop(loop, lambda: loop.watch(a, False, True, ready))
        assert got.wait(WAIT_S)
        assert masks == [selectors.EVENT_WRITE]
    finally:
        a.close()


def test_watching_for_writing_then_reading_changes_the_callback(
    loop: NetLoop, pair: tuple[socket.socket, socket.socket]
) -> None:
    a, b = pair
    calls: list[tuple[str, int]] = []
    wrote = threading.Event()
    read = threading.Event()

    def writable(mask: int) -> None:
        calls.append(("writable", mask))
        loop.watch(a, True, False, readable)  # from now on: reading only
        wrote.set()

    def readable(mask: int) -> None:
        calls.append(("readable", mask))
        a.recv(100)
        read.set()

    on_loop(loop, lambda: loop.watch(a, False, True, writable))
    assert wrote.wait(WAIT_S)
    settle(loop)
    b.sendall(b"x")
    assert read.wait(WAIT_S)
    settle(loop)
    assert calls == [("writable", selectors.EVENT_WRITE), ("readable", selectors.EVENT_READ)]


def test_watching_both_ways_reports_both_in_one_mask(
    loop: NetLoop, pair: tuple[socket.socket, socket.socket]
) -> None:
    a, b = pair
    masks: list[int] = []
    got = threading.Event()

    def ready(mask: int) -> None:
        masks.append(mask)
        loop.watch(a, False, False, ready)
        got.set()

    b.sendall(b"x")
    on_loop(loop, lambda: loop.watch(a, True, True, ready))
    assert got.wait(WAIT_S)
    assert masks == [selectors.EVENT_READ | selectors.EVENT_WRITE]


# --- the end of a turn ---


def test_the_end_of_turn_callback_runs_after_the_turns_callbacks_and_timers(
    loop: NetLoop, pair: tuple[socket.socket, socket.socket]
) -> None:
    """One turn: a socket's callback, which sets a timer due at once; the timer; then the
    end-of-turn callback, once, before the loop waits again (a second turn: again)."""
    a, b = pair
    happened: list[str] = []
    ended = threading.Event()

    def ready(mask: int) -> None:
        happened.append(f"read {a.recv(100).decode()}")
        loop.call_later(0, lambda: happened.append("timer"))

    def turn_ended() -> None:
        if happened and happened[-1] != "end":
            happened.append("end")
            ended.set()

    def watch() -> None:
        loop.after_each_turn(turn_ended)
        loop.watch(a, True, False, ready)

    on_loop(loop, watch)
    happened.clear()  # the turn that ran watch() ended too
    for word in ("one", "two"):
        ended.clear()
        b.sendall(word.encode())
        assert ended.wait(WAIT_S)
    assert happened == ["read one", "timer", "end", "read two", "timer", "end"]


def test_the_end_of_turn_callback_runs_after_submitted_work(loop: NetLoop) -> None:
    """Work from another thread runs in a turn of its own, and that turn ends as any other."""
    happened: list[str] = []
    on_loop(loop, lambda: loop.after_each_turn(lambda: happened.append("end")))
    on_loop(loop, lambda: happened.append("submitted"))
    settle(loop)
    assert happened[happened.index("submitted") + 1] == "end"


@pytest.mark.skipif(not hasattr(select, "epoll"), reason="epoll: Linux only")
def test_a_loop_serves_at_most_so_many_ready_sockets_a_turn_and_the_rest_next(
    crashes: Crashes,
) -> None:
    """Six sockets ready at once, at most two a turn: three turns or more, each socket served
    once, so what a turn writes (held to its end) is never a whole crowd's."""
    running = NetLoop("test-netloop", crashes, most_ready_a_turn=2)
    pairs = [socket.socketpair() for _ in range(6)]
    served: list[list[int]] = [[]]
    try:
        running.start()
        for a, b in pairs:
            a.setblocking(False)
            b.sendall(b"x")

        def ready(index: int, mask: int) -> None:
            pairs[index][0].recv(100)
            served[-1].append(index)

        def watch_all() -> None:
            running.after_each_turn(lambda: served.append([]) if served[-1] else None)
            for index, (a, _) in enumerate(pairs):
                running.watch(a, True, False, partial(ready, index))

        on_loop(running, watch_all)
        for _ in range(4):
            settle(running)
        turns = [turn for turn in served if turn]
        assert sorted(i for turn in turns for i in turn) == list(range(6))
        # the loop's own wake-up (settle's work) may take a turn's place: never more than 2
        assert max(len(turn) for turn in turns) == 2
        assert len(turns) >= 3
    finally:
        running.stop(WAIT_S)
        for a, b in pairs:
            a.close()
            b.close()


# --- giving memory back ---


def test_free_memory_goes_back_once_sockets_stopped_coming_and_going(
    crashes: Crashes, pair: tuple[socket.socket, socket.socket]
) -> None:
    """People coming or going leave holes in the allocator's heap: once no socket has been
    watched anew or unwatched for `release_memory_after` seconds, the loop hands the free
    pages back (release_free_memory), once. Reading, writing and submitted work change
    nothing; a socket coming or going meanwhile puts it off."""
    a, b = pair
    released: list[float] = []
    running = NetLoop("test-netloop", crashes, release_memory_after=0.2)
    running.release_free_memory = lambda: released.append(time.monotonic())
    running.start()

    def read(mask: int) -> None:
        a.recv(100)

    try:
        time.sleep(0.3)
        assert released == []  # its own wake-up socket is no one coming
        changes = []
        for watching in (True, False, True):  # came, went, came again: 0.1 s apart
            on_loop(running, lambda w=watching: running.watch(a, w, False, read))  # type: ignore[misc]
            changes.append(time.monotonic())
            time.sleep(0.1)
        b.sendall(b"news")
        deadline = time.monotonic() + WAIT_S
        while not released and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(released) == 1
        assert released[0] - changes[-1] >= 0.2
        time.sleep(0.5)
        on_loop(running, lambda: None)
        assert len(released) == 1
    finally:
        running.stop(WAIT_S)


def test_a_loop_not_asked_to_never_gives_memory_back(
    loop: NetLoop, pair: tuple[socket.socket, socket.socket]
) -> None:
    released: list[str] = []
    on_loop(loop, lambda: setattr(loop, "release_free_memory", lambda: released.append("x")))
    on_loop(loop, lambda: loop.watch(pair[0], True, False, lambda mask: None))
    time.sleep(0.3)
    settle(loop)
    assert released == []


def test_giving_free_memory_back_runs_here() -> None:
    """On Linux with glibc the release is malloc_trim; it runs (elsewhere there is none)."""
    release = free_memory_releaser()
    if sys.platform == "linux" and platform.libc_ver()[0] == "glibc":
        assert release is not None
        release()
    else:
        assert release is None


# --- call_later ---


def test_timers_run_in_time_order_not_in_the_order_they_were_set(loop: NetLoop) -> None:
    ran: list[str] = []
    done = threading.Event()

    def later() -> None:
        for delay, name in ((0.15, "third"), (0.05, "first"), (0.1, "second")):
            loop.call_later(delay, partial(ran.append, name))
        loop.call_later(0.2, done.set)

    loop.submit(later)
    assert done.wait(WAIT_S)
    assert ran == ["first", "second", "third"]


def test_timers_of_the_same_delay_run_in_the_order_they_were_set(loop: NetLoop) -> None:
    ran: list[int] = []
    done = threading.Event()

    def later() -> None:
        for number in range(20):
            loop.call_later(0.05, partial(ran.append, number))
        loop.call_later(0.05, done.set)

    loop.submit(later)
    assert done.wait(WAIT_S)
    assert ran == list(range(20))


def test_a_timer_never_runs_early(loop: NetLoop) -> None:
    times: list[float] = []
    done = threading.Event()
    set_at: list[float] = []

    def later() -> None:
        set_at.append(time.monotonic())
        loop.call_later(0.2, ring)

    def ring() -> None:
        times.append(time.monotonic())
        done.set()

    loop.submit(later)
    assert done.wait(WAIT_S)
    assert times[0] - set_at[0] >= 0.2


def test_a_cancelled_timer_never_runs(loop: NetLoop) -> None:
    ran: list[str] = []
    done = threading.Event()

    def later() -> None:
        loop.call_later(0.05, lambda: ran.append("kept"))
        loop.call_later(0.05, lambda: ran.append("cancelled")).cancel()
        first = loop.call_later(0.0, lambda: ran.append("first"))
        loop.call_later(0.1, lambda: ran.append("cancelled by another")).cancel()
        loop.call_later(0.1, done.set)
        assert not first.cancelled

    loop.submit(later)
    assert done.wait(WAIT_S)
    assert ran == ["first", "kept"]


def test_a_timer_cancelled_by_an_earlier_one_never_runs(loop: NetLoop) -> None:
    ran: list[str] = []
    done = threading.Event()

    def later() -> None:
        victim = loop.call_later(0.1, lambda: ran.append("victim"))

        def canceller() -> None:
            ran.append("canceller")
            victim.cancel()

        loop.call_later(0.05, canceller)
        loop.call_later(0.15, done.set)

    loop.submit(later)
    assert done.wait(WAIT_S)
    assert ran == ["canceller"]


def test_timers_fire_in_time_order_while_the_loop_is_busy(
    loop: NetLoop, pair: tuple[socket.socket, socket.socket]
) -> None:
    """Under load: 300 timers set at random from a callback, while a socket streams data and
    another thread keeps submitting work. Each timer runs once, not before it is due, in the
    order of its due time."""
    a, b = pair
    chance = random.Random(18)
    fired: list[tuple[float, float]] = []  # (due, ran at)
    received = [0]
    submitted = [0]
    done = threading.Event()

    def drain(mask: int) -> None:
        while True:
            try:
                chunk = a.recv(65536)
            except BlockingIOError:
                return
            received[0] += len(chunk)

    timers: list[Timer] = []

    def fire(index: int) -> None:
        fired.append((timers[index].when, time.monotonic()))
        if len(fired) == 300:
            done.set()

    def set_timers() -> None:
        loop.watch(a, True, False, drain)
        for index in range(300):
            delay = chance.uniform(0.0, 0.5)
            timers.append(loop.call_later(delay, partial(fire, index)))

    def stream() -> None:
        while not done.is_set():
            b.sendall(b"x" * 4096)
            loop.submit(lambda: submitted.__setitem__(0, submitted[0] + 1))

    loop.submit(set_timers)
    streamer = threading.Thread(target=stream, name="test-streamer")
    streamer.start()
    try:
        assert done.wait(WAIT_S)
    finally:
        done.set()
        streamer.join(WAIT_S)
    dues = [due for due, _ in fired]
    assert len(fired) == 300
    assert dues == sorted(dues)
    assert all(ran_at >= due for due, ran_at in fired)
    assert received[0] > 0  # the load was real
    assert submitted[0] > 0


# --- submit ---


def test_work_submitted_from_many_threads_runs_on_the_loop_in_each_threads_order(
    loop: NetLoop,
) -> None:
    seen: list[tuple[int, int, bool]] = []

    def note(who: int, number: int) -> None:
        seen.append((who, number, threading.current_thread() is loop.thread))

    def submitter(who: int) -> None:
        for number in range(200):
            loop.submit(partial(note, who, number))

    threads = [threading.Thread(target=submitter, args=(who,)) for who in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_S)
    settle(loop)
    assert len(seen) == 800
    assert all(on_thread for _, _, on_thread in seen)
    for who in range(4):
        assert [number for w, number, _ in seen if w == who] == list(range(200))


# --- start and stop ---


def test_the_first_work_runs_before_anything_submitted_later(crashes: Crashes) -> None:
    running = NetLoop("test-netloop", crashes)
    ran: list[str] = []
    running.start(lambda: ran.append("first"))
    running.submit(lambda: ran.append("later"))
    running.stop(WAIT_S)
    assert ran == ["first", "later"]
    assert running.thread.name == "test-netloop"


def test_stop_finishes_the_submitted_work_then_the_last_then_ends(crashes: Crashes) -> None:
    running = NetLoop("test-netloop", crashes)
    ran: list[int | str] = []
    gate = threading.Event()

    def hold() -> None:  # the loop waits here while work piles up
        gate.wait(WAIT_S)

    running.start(hold)
    for number in range(100):
        running.submit(partial(ran.append, number))
    stopping = threading.Thread(target=running.stop, args=(WAIT_S, lambda: ran.append("last")))
    stopping.start()
    time.sleep(0.05)
    running.submit(lambda: ran.append("too late"))  # after stop(): never runs
    gate.set()
    stopping.join(WAIT_S)
    assert not running.thread.is_alive()
    assert ran == [*range(100), "last"]


def test_stop_without_pending_work_ends_the_thread_at_once(crashes: Crashes) -> None:
    running = NetLoop("test-netloop", crashes)
    running.start()
    started = time.monotonic()
    running.stop(WAIT_S)
    assert not running.thread.is_alive()
    assert time.monotonic() - started < 1.0
    assert crashes.errors == []


def test_stop_drops_timers_not_yet_due(crashes: Crashes) -> None:
    running = NetLoop("test-netloop", crashes)
    ran: list[str] = []

    def set_timer() -> None:
        running.call_later(0.2, lambda: ran.append("timer"))

    running.start(set_timer)
    running.stop(WAIT_S)
    time.sleep(0.3)
    assert ran == []


def test_stopping_twice_or_never_started_is_harmless(crashes: Crashes) -> None:
    never = NetLoop("test-netloop", crashes)
    never.stop(WAIT_S, lambda: pytest.fail("a loop never started runs nothing"))
    assert not never.thread.is_alive()

    running = NetLoop("test-netloop", crashes)
    closed: list[str] = []
    running.start()
    running.stop(WAIT_S, lambda: closed.append("closed"))
    running.stop(WAIT_S, lambda: closed.append("closed again"))
    assert closed == ["closed"]
    assert crashes.errors == []


def test_the_loop_may_stop_itself(crashes: Crashes) -> None:
    running = NetLoop("test-netloop", crashes)
    ran: list[str] = []
    running.start(lambda: running.stop(0, lambda: ran.append("last")))
    running.thread.join(WAIT_S)
    assert not running.thread.is_alive()
    assert ran == ["last"]


# --- a callback that raises ---


def raises() -> None:
    raise ValueError("boom")


@pytest.mark.parametrize("where", ["submitted", "timer", "watched"])
def test_an_error_in_a_callback_is_reported_and_ends_the_loop(
    where: str,
    crashes: Crashes,
    pair: tuple[socket.socket, socket.socket],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """What happens today, kept: the error is logged with its traceback and handed to on_crash
    (the worker posts WorkerCrashed), the thread ends and its sockets close; later calls are
    harmless. Work after the error never runs."""
    a, b = pair
    running = NetLoop("test-netloop", crashes)
    after: list[str] = []
    running.start()
    if where == "submitted":
        running.submit(raises)
    elif where == "timer":

        def set_timer() -> None:
            running.call_later(0.01, raises)

        running.submit(set_timer)
    else:
        running.submit(lambda: running.watch(a, True, False, lambda mask: raises()))
        b.sendall(b"x")
    with caplog.at_level(logging.ERROR, logger="chatgui.net.loop"):
        assert crashes.reported.wait(WAIT_S)
        running.thread.join(WAIT_S)
    assert not running.thread.is_alive()
    (error,) = crashes.errors
    assert isinstance(error, ValueError)
    assert str(error) == "boom"
    assert "the test-netloop thread stopped on an error" in caplog.text
    running.submit(lambda: after.append("after"))  # no error: the loop has gone
    running.stop(WAIT_S, lambda: after.append("last"))
    assert after == []


def test_a_loop_says_how_many_sockets_its_poll_can_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    """select() on Windows watches SELECT_MOST_SOCKETS at most (one more and it fails, ending
    the loop), so its workers keep under it; epoll and kqueue have no such limit."""
    loops: list[NetLoop] = []
    try:
        loops.append(NetLoop("test-netloop", Crashes()))
        loop_without_epoll(monkeypatch)
        loops.append(NetLoop("test-netloop", Crashes()))
        loop_as_on_windows(monkeypatch)
        loops.append(NetLoop("test-netloop", Crashes()))
        assert [each.most_sockets for each in loops] == [None, None, SELECT_MOST_SOCKETS]
    finally:
        for each in loops:
            each.stop(WAIT_S)
