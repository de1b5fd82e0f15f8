"""Where a relayed message's loop CPU goes, live: handling it (the sans-IO core apart) and
sending it, in a quiet classroom and in a busy room, beside the whole cost of the floor relay
and of miniircd.

    python -m bench.turn_split                       # 3 rounds, 10 s each, ~4 minutes
    python -m bench.turn_split --label NAME          # also written to bench/results/

chatgui runs in a small child (`--child`): a ChatServer with flood control off and no history
(`--keep-history`: with it), as the peers run, whose loop thread times these stages with its
own CPU clock (thread_time): a ready connection's callback (recv, framing, the core, queueing
the lines: "handling"), the core's ServerState.received inside it ("core"), Output's sending
at the turn's end ("sending"), and within the sending, the history's write of the turn's
lines to its pending file before anything is sent ("history"). The stages are timed by
wrapping the methods in the child alone; nothing in chatgui changes. The load is the
classroom (30 people, 1 message a second each) and a busy room (the same 30, 20 a second
each), so the same messages are seen arriving one by one into cold caches, and back to back.
Beside them, the whole CPU per message (from /proc) of the floor relay and of miniircd with
TCP_NODELAY, as chatgui sends (bench/miniircd_nodelay.py): they send the same 29 lines a
message. The counts are read on the loop thread and started afresh from the main thread
(SIGUSR1), before the load begins. Nothing asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bench import peers
from bench.loadgen import LoadGen
from bench.profile_server import FLOOR, floor, serving
from bench.report import Said
from bench.scenarios import drain, join_all, settle

STAGES = ("handling", "core", "history", "sending")


def child(port: int, out: str, history: str | None) -> None:
    """Serve until SIGTERM, timing the stages; SIGUSR1 starts the count afresh. The totals
    (µs) and counts go to `out` as JSON when it ends. `history`: the file to keep it in."""
    from chatgui.events import ChatEvent
    from chatgui.net import server_connection, server_output
    from chatgui.net.server import ChatServer, ServerConfig
    from chatgui.net.server_history import ServerHistory
    from chatgui.protocol.server.state import ServerState

    spent = dict.fromkeys(STAGES, 0)

    def timed(stage: str, method: Callable[..., object]) -> Callable[..., object]:
        def run(*args: object) -> object:
            start = time.thread_time_ns()
            try:
                return method(*args)
            finally:
                spent[stage] += time.thread_time_ns() - start

        return run

    wrapped = (
        (server_connection.Connection, "__call__", "handling"),
        (ServerState, "received", "core"),
        (ServerHistory, "after_writes", "history"),
        (server_output.Output, "_send_runs", "sending"),
    )
    for owner, name, stage in wrapped:
        setattr(owner, name, timed(stage, getattr(owner, name)))

    def start_afresh(*_: object) -> None:
        for stage in STAGES:
            spent[stage] = 0

    config = ServerConfig(flood_cost_s=0.0, address_flood_cost_s=0.0)
    events = queue.Queue[ChatEvent]()
    kept = Path(history) if history else None
    server = ChatServer(config, events, bind="127.0.0.1", port=port, history=kept)

    def drain() -> None:  # the events are not looked at: taken so the queue never fills
        while True:
            events.get()

    threading.Thread(target=drain, daemon=True).start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGUSR1, start_afresh)
    server.start()
    done.wait()
    server.stop()
    Path(out).write_text(json.dumps({"spent_ns": spent}), encoding="utf-8")


def room(rate_hz: float, seconds: float, gen: LoadGen, joined: Callable[[], None]) -> int:
    """30 people, each writing `rate_hz` messages a second for `seconds`; the messages sent."""
    members, _ = join_all(gen, 30, 60)
    settle(gen, 0.5)
    gen.reset_stats()
    joined()
    gen.start_paced(gen.clients, rate_hz, max(1, round(seconds * rate_hz)))
    gen.run_until(lambda: not gen.timers, seconds + 5)
    drain(gen, lambda: gen.total_sent * (members - 1), 10)
    return gen.total_sent


def chatgui_once(rate_hz: float, seconds: float, workdir: Path, history: bool) -> dict[str, float]:
    """µs per message of each stage, and of the whole process, for one fresh server."""
    out = workdir / f"stages-{time.monotonic_ns()}.json"
    kept = ["--history", str(workdir / f"{out.stem}.sqlite")] if history else []

    def argv(port: int) -> list[str]:
        me = [sys.executable, "-m", "bench.turn_split", "--child", str(port), "--out", str(out)]
        return me + kept

    with serving(argv, workdir) as (pid, port):
        gen = LoadGen(port, raw=False)
        meter: list[peers.CpuMeter] = []

        def joined() -> None:
            os.kill(pid, signal.SIGUSR1)  # the child counts from here
            meter.append(peers.CpuMeter(pid))

        try:
            sent = room(rate_hz, seconds, gen, joined)
            cpu, _ = meter[0].stop()
        finally:
            gen.close_all()
    deadline = time.monotonic() + 10
    while not out.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    figures = json.loads(out.read_text(encoding="utf-8"))
    per = {stage: figures["spent_ns"][stage] / 1e3 / max(sent, 1) for stage in STAGES}
    per["process"] = cpu * 1e6 / max(sent, 1)
    return per


def miniircd_nodelay(port: int) -> list[str]:
    argv = [sys.executable, "-m", "bench.miniircd_nodelay", "--listen", "127.0.0.1"]
    return argv + ["--ports", str(port)] + (["--setuid", "nobody"] if os.geteuid() == 0 else [])


def peer_once(
    argv: Callable[[int], list[str]], rate_hz: float, seconds: float, workdir: Path
) -> float:
    """A peer's whole CPU (the floor relay's, miniircd's), µs per message, fresh."""
    with serving(argv, workdir) as (pid, port):
        gen = LoadGen(port, raw=False)
        meter: list[peers.CpuMeter] = []
        try:
            sent = room(rate_hz, seconds, gen, lambda: meter.append(peers.CpuMeter(pid)))
            cpu, _ = meter[0].stop()
        finally:
            gen.close_all()
    return cpu * 1e6 / max(sent, 1)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--child", type=int, help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("--history", help=argparse.SUPPRESS)
    p.add_argument("--keep-history", action="store_true", help="chatgui keeps its history too")
    p.add_argument("--label", default="", help="write the output to bench/results/ with this")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--floor", type=Path, default=FLOOR, help="the floor relay's script")
    a = p.parse_args()
    if a.child is not None:
        child(a.child, a.out, a.history)
        return
    peers.raise_own_nofile()
    say = Said("bench/turn_split.py", a.label)
    say(
        "µs of loop-thread CPU per message (29 readers each), each round a fresh server;"
        " the peers' whole process"
    )
    with tempfile.TemporaryDirectory(prefix="chatgui-split-") as tmp:
        workdir = Path(tmp)
        for name, rate in (("classroom, 30 x 1 msg/s", 1.0), ("busy room, 30 x 20 msg/s", 20.0)):
            say(f"  {name}:")
            for _ in range(a.rounds):  # interleaved, so a busy moment lands on both
                mine = chatgui_once(rate, a.seconds, workdir, a.keep_history)
                relay = peer_once(floor(a.floor), rate, a.seconds, workdir)
                mini = peer_once(miniircd_nodelay, rate, a.seconds, workdir)
                say(
                    f"    chatgui handling {mine['handling']:6.1f} (core {mine['core']:6.1f}),"
                    f" sending {mine['sending']:6.1f} (history {mine['history']:5.1f}),"
                    f" process {mine['process']:6.1f}"
                    f"   | floor relay {relay:6.1f}, miniircd-nodelay {mini:6.1f}"
                )
    say.keep("turn-split")


if __name__ == "__main__":
    main()
