"""A class of three on a student's PC for tests/net/test_capture_netns.py: Ana, Ben and Cleo join a
room with real ChatClients (TLS with the room's key, or plain), each says a line, Ana writes to
Ben privately, and every line is waited for at its readers. Reports one JSON line on stdout:

    {"step": "done", "joined": ["Ana", "Ben", "Cleo"], "seen": 7}
    {"step": "timeout", "waiting_for": "Ben to read ..."}      (exit 1)

Usage: python tests/net/netns_class.py PLAN, PLAN being JSON: host, port, tls, fingerprint, room,
key, lines ({name: line}), private (Ana's line to Ben), timeout_s. Needs the project on
PYTHONPATH. Every wait is bounded by timeout_s in all.
"""

from __future__ import annotations

import json
import queue
import sys
import time
from typing import Any

from chatgui.events import ChatEvent, Connected, ConnectFailed, Joined, MessageReceived
from chatgui.net.client import ChatClient
from chatgui.protocol.client.address import Address


def say(step: str, **details: object) -> None:
    sys.stdout.write(json.dumps({"step": step, **details}) + "\n")
    sys.stdout.flush()


class Person:
    """One student: a ChatClient and what it has read."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.events: queue.Queue[ChatEvent] = queue.Queue()
        self.client = ChatClient(self.events)
        self.connected = False
        self.joined = False
        self.read: set[tuple[str, str]] = set()  # (conversation, text)
        self.problem = ""

    def take_events(self) -> None:
        while True:
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                return
            if isinstance(event, Connected):
                self.connected = True
            elif isinstance(event, Joined) and event.is_me:
                self.joined = True
            elif isinstance(event, MessageReceived) and not event.own:
                self.read.add((event.conversation, event.text))
            elif isinstance(event, ConnectFailed):
                self.problem = event.reason


def main(plan: dict[str, Any]) -> int:
    deadline = time.monotonic() + float(plan["timeout_s"])
    address = Address(plan["host"], int(plan["port"]), bool(plan["tls"]), plan["fingerprint"])
    lines: dict[str, str] = plan["lines"]
    people = [Person(name) for name in lines]

    def wait(what: str, done: Any) -> None:
        while True:
            for person in people:
                person.take_events()
            if done():
                return
            if time.monotonic() > deadline:
                problems = {p.name: p.problem for p in people if p.problem}
                say("timeout", waiting_for=what, problems=problems)
                raise SystemExit(1)
            time.sleep(0.02)

    try:
        for person in people:
            person.client.connect(address, person.name)
        wait("everyone to connect", lambda: all(p.connected for p in people))
        for person in people:
            person.client.join(plan["room"], plan["key"])
        wait("everyone to join", lambda: all(p.joined for p in people))
        ana, ben = people[0], people[1]
        for person in people:
            person.client.say(plan["room"], lines[person.name])
        ana.client.say(ben.name, plan["private"])
        expected = [
            (reader, (plan["room"], lines[writer.name]))
            for writer in people
            for reader in people
            if reader is not writer
        ] + [(ben, (ana.name, plan["private"]))]
        for reader, seen in expected:
            wait(f"{reader.name} to read {seen[1]!r}", lambda r=reader, s=seen: s in r.read)
        say("done", joined=[p.name for p in people if p.joined], seen=len(expected))
        return 0
    finally:
        for person in people:
            person.client.quit("the lesson is over")
        for person in people:
            person.client.close()


if __name__ == "__main__":
    raise SystemExit(main(json.loads(sys.argv[1])))
