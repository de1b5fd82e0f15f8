"""The server's output path alone, in-process: CPU per delivery of lines_for, Output.queue and
Output.send_turn over socket pairs, beside bare send() calls of the same bytes.

    python -m bench.output_path                  # two loads, a few seconds each

classroom: one message a turn to 29 people; fanout: 14 messages a turn to 49 people. The
people read nothing while a turn runs; the pairs are emptied between turns, outside the timing.
CPU is the thread's (time.thread_time), so waiting for a shared core counts nothing. The
difference from the bare sends is the Python the output path spends per delivery (making
each message's line included). Nothing asserts.
"""

from __future__ import annotations

import socket
import time

from chatgui.net.admission import Admission
from chatgui.net.loop import NetLoop
from chatgui.net.server_connection import Connection
from chatgui.net.server_output import Output
from chatgui.protocol.message import Message
from chatgui.protocol.server.model import Person, ServerConfig
from chatgui.protocol.server.outgoing import Send
from chatgui.protocol.server.tags import lines_for

PEOPLE = 50
TAGS = {"msgid": "abc123", "time": "2026-12-07T00:00:00.000Z"}


def main() -> None:
    connections: dict[int, Connection] = {}
    readers: list[socket.socket] = []
    for conn_id in range(PEOPLE):
        server_end, reader = socket.socketpair()
        server_end.setblocking(False)
        reader.setblocking(False)
        connections[conn_id] = Connection(conn_id, server_end, "127.0.0.1", "127.0.0.1", print)
        readers.append(reader)
    loop = NetLoop("bench-output", print)  # never started: send_turn is called here
    output = Output(connections, Admission(ServerConfig()), loop, print)
    people = [Person(conn_id, "127.0.0.1", 0.0) for conn_id in range(PEOPLE)]

    def empty_the_readers() -> None:
        for reader in readers:
            try:
                while reader.recv(1 << 20):
                    pass
            except BlockingIOError:
                pass

    def output_path(members: list[Person], lines: int, turns: int) -> float:
        cpu = 0.0
        for _ in range(turns):
            started = time.thread_time()
            for n in range(lines):
                message = Message(
                    "PRIVMSG", ("#class", f"{n} hello, how are you?"), "sam!u@h", TAGS
                )
                for line, conns in lines_for(members, message, {}):
                    output.queue(Send(conns, line))
            output.send_turn()
            cpu += time.thread_time() - started
            empty_the_readers()
        return cpu * 1e6 / (turns * lines * len(members))

    def bare_sends(members: list[Person], lines: int, turns: int) -> float:
        data = b":sam!u@h PRIVMSG #class :0 hello, how are you?\r\n" * lines
        socks = [connections[person.conn].sock for person in members]
        cpu = 0.0
        for _ in range(turns):
            started = time.thread_time()
            for sock in socks:
                sock.send(data)
            cpu += time.thread_time() - started
            empty_the_readers()
        return cpu * 1e6 / (turns * lines * len(members))

    print("CPU per delivery, µs: output path (lines_for, queue, send_turn) / bare send() calls")
    for name, members, lines, turns in [
        ("classroom, 29 people, 1 line a turn", people[:29], 1, 3000),
        ("fanout, 49 people, 14 lines a turn ", people[1:], 14, 500),
    ]:
        ours = output_path(members, lines, turns)
        bare = bare_sends(members, lines, turns)
        print(f"  {name}: {ours:.3f} / {bare:.3f}  (Python per delivery {ours - bare:.3f})")


if __name__ == "__main__":
    main()
