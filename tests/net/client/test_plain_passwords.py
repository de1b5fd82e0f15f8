"""Passwords only over TLS or to loopback, over real sockets: to 127.0.0.1 the server password
goes as before (the host's window joins its own room that way); to another computer on a plain
connection, neither it nor a room password is sent, and the person is told.

"Another computer" is an honest one: the rule decides on the address typed (Address.on_loopback),
so the test runs in a network namespace of its own (unshare --net) where 10.99.0.1, an address
that is not loopback, is this namespace's own: nothing can leave it.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from chatgui.events import Connected
from chatgui.net.client import ChatClient
from chatgui.protocol.client.address import parse_address
from tests.net.client.ircservers import PROJECT, Events
from tests.net.client.stubserver import StubServer

ON_ANOTHER_ADDRESS = """
import json, queue, time
from chatgui.net.client import ChatClient
from chatgui.events import Connected, ConnectFailed, Problem
from chatgui.protocol.client.address import parse_address
from tests.net.client.stubserver import StubServer

def wait(events, kind):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        event = events.get(timeout=deadline - time.monotonic())
        if isinstance(event, kind):
            return event
    raise AssertionError(f"no {kind.__name__}")

server = StubServer("sasl=PLAIN", host="10.99.0.1")
result = {}
events = queue.Queue()
client = ChatClient(events, identity=b"the window's secret")
client.connect(parse_address(f"10.99.0.1:{server.port}"), "amy", "serverpw")
failed = wait(events, ConnectFailed)
result["failed"] = [failed.reason, server.connections]
client.connect(parse_address(f"10.99.0.1:{server.port}"), "amy")
result["identity"] = [wait(events, Problem).text]
wait(events, Connected)
client.join("#class", "roomkey")
client.join("#open")
result["room"] = [wait(events, Problem).text]
server.wait_heard(b"JOIN #open")
client.close()
server.close()
heard = server.all_heard().decode()
secrets = ("serverpw", "roomkey", "AUTHENTICATE", "#class")
result["heard"] = [word for word in secrets if word in heard]
print(json.dumps(result))
"""


def test_to_another_computer_in_plain_no_password_is_sent_and_that_is_said() -> None:
    setup = 'ip link set lo up && ip addr add 10.99.0.1/32 dev lo && exec "$0" -c "$1"'
    try:
        run = subprocess.run(
            ["unshare", "--net", "sh", "-c", setup, sys.executable, ON_ANOTHER_ADDRESS],
            cwd=PROJECT,
            capture_output=True,
            encoding="utf-8",
            timeout=30,
            check=False,
        )
    except FileNotFoundError:
        pytest.skip("unshare (util-linux) is not installed")
    if run.returncode != 0 and not run.stdout and "unshare" in run.stderr:
        pytest.skip(f"cannot make a network namespace here: {run.stderr.strip()}")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["failed"] == ["not encrypted", 0]  # not even connected
    assert result["identity"] == ["identity"]
    assert result["room"] == ["room password"]
    assert result["heard"] == []


def test_to_this_computer_the_password_goes_as_before(client: ChatClient, events: Events) -> None:
    server = StubServer()
    try:
        client.connect(parse_address(f"127.0.0.1:{server.port}"), "amy", "serverpw")
        events.wait_for(Connected, 10)
        client.join("#class", "roomkey")
        server.wait_heard(b"PASS serverpw\r\n")
        server.wait_heard(b"JOIN #class roomkey\r\n")
    finally:
        server.close()
