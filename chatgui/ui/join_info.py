"""How others join the host's room: its TLS key, the join line with the room code, and the
"How to join" window, big enough to read on the projector.

The key is made on first use in the host's data folder (tls_identity.py) and kept, so the
room code the class checks is the same every lesson. A key that can't be kept leaves the
room open without encryption, and the teacher is told so in the room.
Tk thread only.
"""

import logging
import tkinter as tk
import tkinter.font as tkfont
from collections.abc import Callable
from tkinter import ttk

from chatgui.events import ServerStarted
from chatgui.net.tls_identity import TlsIdentity, room_identity
from chatgui.paths import data_dir
from chatgui.protocol.client.address import Address
from chatgui.protocol.room_code import fingerprint_shown, room_code
from chatgui.ui.dialog import PRIMARY, dialog_window, keys

log = logging.getLogger(__name__)
CODE_POINTS = 36
"""The room code's size in the How to join window: read from the back of a classroom."""


def joinable(addresses: tuple[str, ...], port: int) -> str:
    """The addresses as people type them: the port only when it is not IRC's usual 6667."""
    return ", ".join(str(Address(address, port, False)) for address in addresses)


class JoinInfo:
    """What the host's window tells the class about joining its room."""

    def __init__(self, root: tk.Misc) -> None:
        self._root = root
        self.problem = ""
        """Why the room is not encrypted, said in the room when the host joins it ("": it is)."""
        self.started: ServerStarted | None = None
        self.window: HowToJoin | None = None

    def key(self, encrypted_only: bool) -> TlsIdentity | None:
        """The room's key, kept in the data folder and made there the first time; None when
        it can't be kept (then `problem` says so, in words for the teacher)."""
        folder = data_dir()
        try:
            identity = room_identity(folder)
        except OSError as error:
            log.warning("the room's key could not be kept in %s: %s", folder, error)
            reason = error.strerror or "it could not be written"
            asked = " (so Encrypted connections only is off this time)" if encrypted_only else ""
            self.problem = (
                f"This room is not encrypted{asked}: its key could not be saved in {folder} "
                f"({reason}). Everyone can join, and anyone on the school network could read "
                "what is said. Make sure that folder can be written, then open the room again."
            )
            return None
        self.problem = ""
        return identity

    def opened(self, event: ServerStarted) -> None:
        self.started = event

    @property
    def code(self) -> str:
        """The room code of the room's key ("" without TLS)."""
        fingerprint = self.started.fingerprint if self.started else ""
        return room_code(fingerprint) if fingerprint else ""

    def own_address(self) -> Address:
        """Where the host's own window joins: the plain port on this computer, else (with the
        plain port off) the TLS one, checking that the key is the room's own."""
        started = self.started
        assert started is not None
        if started.plain or started.tls_port is None:
            return Address("127.0.0.1", started.port, False)
        return Address("127.0.0.1", started.tls_port, True, started.fingerprint)

    def line(self) -> str:
        """The copyable "Others can join at 10.0.0.5" (at the TLS port when plain is off)."""
        started = self.started
        assert started is not None
        return f"Others can join at {joinable(started.addresses, started.port)}"

    def show(self, room: str) -> None:
        """Open the How to join window for `room` (or bring it to the front)."""
        if self.window is not None:
            self.window.top.lift()
            return
        if self.started is not None:
            self.window = HowToJoin(self._root, room, self.started, self.code, self._closed)

    def _closed(self) -> None:
        self.window = None

    def close(self) -> None:
        if self.window is not None:
            self.window.close()


class HowToJoin:
    """The address and the room code in big letters, and a line for other IRC programs."""

    def __init__(
        self,
        parent: tk.Misc,
        room: str,
        started: ServerStarted,
        code: str,
        on_close: Callable[[], None],
    ) -> None:
        self._on_close = on_close
        self.top, frame = dialog_window(parent, f"How to join {room}", padding=24)
        self.code_font = tkfont.Font(
            self.top, family="DejaVu Sans Mono", size=CODE_POINTS, weight="bold"
        )
        address_font = tkfont.Font(self.top, family="DejaVu Sans", size=CODE_POINTS * 2 // 3)
        addresses = joinable(started.addresses, started.port)
        ttk.Label(frame, text=f"In chatgui: Join a room, then pick {room} or type").pack(anchor="w")
        self.address = ttk.Label(frame, text=addresses, font=address_font)
        self.address.pack(anchor="w", pady=(4, 16))
        self.code = ttk.Label(frame, text=code, font=self.code_font)
        if code:
            ttk.Label(frame, text="Room code: check it when you join").pack(anchor="w")
            self.code.pack(anchor="w", pady=(4, 16))
        ttk.Label(frame, text=_other_programs(started), wraplength=640, justify="left").pack(
            anchor="w"
        )
        close = ttk.Button(frame, text="Close", command=self.close, style=PRIMARY)
        close.pack(anchor="e", pady=(16, 0))
        keys(self.top, self.close, self.close)  # one answer: Enter closes it too

    def close(self) -> None:
        self.top.destroy()
        self._on_close()


def _other_programs(started: ServerStarted) -> str:
    """The line for IRC programs other than chatgui: which port, and the key to accept."""
    tls = ""
    if started.tls_port is not None:
        at = joinable(started.addresses, started.tls_port)
        tls = (
            f"with TLS at {at}, accepting the room's own certificate "
            f"(key fingerprint, SHA-256: {fingerprint_shown(started.fingerprint)})"
        )
    if not started.plain:
        return f"Other IRC programs join only {tls}."
    if tls:
        return f"Other IRC programs join at the address above, or {tls}."
    return "Other IRC programs join at the address above (not encrypted)."
