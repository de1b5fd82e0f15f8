"""What the server core sends one connection, read from ServerState's outgoing items: each
Send's line, and each line of those written as one piece (SendFramed: a welcome, LUSERS,
the MOTD)."""

from __future__ import annotations

from chatgui.protocol.server.outgoing import Outgoing, Send, SendFramed


def lines_to(out: list[Outgoing], conn: int) -> list[bytes]:
    """The lines `out` sends connection `conn`, in order, without their CR LF."""
    lines: list[bytes] = []
    for item in out:
        if isinstance(item, Send) and conn in item.conns:
            lines.append(item.line)
        elif isinstance(item, SendFramed) and conn in item.conns:
            lines += item.wire.split(b"\r\n")[:-1]
    return lines
