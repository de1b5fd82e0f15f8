"""A room of hundreds of idle people: none of them holds a buffer of the server's while idle.

Each connection's received lines waiting to be handled, its partial line and its output
waiting to be sent are made when there is something to hold, and let go once it is handled
or sent (framing.py, server_connection.py), so an idle person costs only who they are.
"""

from __future__ import annotations

import gc
import socket
import sys
import time
from collections.abc import Callable

from chatgui.net.server_connection import Connection
from tests.net.server.netsupport import Dialer, StartServer


def _buffers_held(conn: Connection) -> list[object]:
    """The lists and byte buffers `conn` holds, its decoder's and encoder's included (the
    encoder's lines waiting to be sent are a list)."""
    held: list[object] = [conn.inbox] if conn.inbox is not None else []
    for framer in (conn.decoder, conn.output):
        refs = gc.get_referents(framer) if framer is not None else []
        held += [r for r in refs if isinstance(r, bytearray | list) or (isinstance(r, bytes) and r)]
    return held


def _framers_held(conn: Connection) -> list[object]:
    """The decoder and encoder `conn` keeps: none while nothing of a line nor of its output
    waits, so an idle person costs neither."""
    return [framer for framer in (conn.decoder, conn.output) if framer is not None]


def _soon(check: Callable[[], bool]) -> bool:
    """Whether `check` holds within 2 s: a reply can arrive before the server ends its turn."""
    deadline = time.monotonic() + 2
    while not check() and time.monotonic() < deadline:
        time.sleep(0.01)
    return check()


def test_an_idle_person_holds_no_buffers(start_server: StartServer, dial: Dialer) -> None:
    running = start_server()
    amy = dial(running.port, "amy")
    ben = dial(running.port, "ben")
    amy.send("JOIN #class")
    amy.expect(r" 366 amy #class ")
    ben.send("JOIN #class")
    ben.expect(r" 366 ben #class ")
    amy.send_raw(b"PRIVMSG #class :half a li")  # amy is mid-line; ben is idle
    amy.send("PING :here")
    amy.expect(r"^:ben!\S+ JOIN #class$")
    ben.send("PING :here")
    ben.expect(r"PONG .*here")
    people = running.server._state.people
    by_nick = {people[c.id].nick: c for c in list(running.server._connections.values())}
    amy_conn, ben_conn = by_nick["amy"], by_nick["ben"]
    assert _soon(lambda: _buffers_held(ben_conn) == []), _buffers_held(ben_conn)
    assert _framers_held(ben_conn) == []
    # her half line ended with the PING's CR LF
    assert _soon(lambda: _buffers_held(amy_conn) == []), _buffers_held(amy_conn)
    assert _framers_held(amy_conn) == []
    amy.send_raw(b"PRIVMSG #class :half")
    ben.send("PING :again")
    ben.expect(r"PONG .*again")
    assert _soon(lambda: _buffers_held(amy_conn) == [b"PRIVMSG #class :half"])
    assert _framers_held(amy_conn) == [amy_conn.decoder]
    amy.send_raw(b" a line\r\n")
    assert ben.expect(r"PRIVMSG #class") == ":amy!~amy@127.0.0.1 PRIVMSG #class :half a line"
    assert _soon(lambda: _framers_held(amy_conn) == [])


def test_a_class_that_joined_together_holds_no_output_once_it_went(
    start_server: StartServer, dial: Dialer
) -> None:
    """Each newcomer's JOIN goes to everyone in the room: once it is sent, nobody keeps the
    lines, a list of them, or a buffer."""
    running = start_server()
    pupils = [dial(running.port, f"p{n}") for n in range(20)]
    for pupil in pupils:
        pupil.send("JOIN #class")
    for pupil in pupils:
        pupil.expect(r" 366 p\d+ #class ")
    last = pupils[-1]
    last.send("PING :done")
    last.expect(r"PONG .*done")
    connections = list(running.server._connections.values())
    assert len(connections) == 20
    assert _soon(lambda: all(_buffers_held(c) == [] for c in connections))
    assert all(_framers_held(c) == [] for c in connections)


def test_a_plain_connection_keeps_the_c_socket_object(
    start_server: StartServer, dial: Dialer
) -> None:
    """The room keeps each plain connection as the C socket object the socket module's
    Python one wraps (its __slots__ and weak references cost 40 bytes more a person)."""
    running = start_server()
    amy = dial(running.port, "amy")
    amy.send("PING :here")
    amy.expect(r"PONG .*here")
    [conn] = list(running.server._connections.values())
    assert type(conn.sock) is socket.SocketType
    with socket.socket() as python_one:
        assert sys.getsizeof(conn.sock) < sys.getsizeof(python_one)
