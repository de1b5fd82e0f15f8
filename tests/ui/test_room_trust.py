"""A student's window trusts a room by its key (issue 17), in a real window over real sockets.

Rooms are ChatServers listening with TLS on 127.0.0.1 (port 0), and impostors are raw TLS
servers with keys of their own that record every byte they receive. Announcements are made
here as RoomFound events and given to the window as its finder would.
"""

from __future__ import annotations

import queue
import secrets
import tkinter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chatgui.events import ChatEvent, RoomFound, ServerStarted
from chatgui.net.server import ChatServer
from chatgui.net.tls_identity import room_identity
from chatgui.protocol.room_code import room_code
from chatgui.protocol.server.model import ServerConfig
from chatgui.store.room_keys import RoomKeys
from chatgui.ui.app import ChatApp
from chatgui.ui.room_trust import RoomTrust, found_room
from chatgui.ui.settings import Settings, load_settings
from tests.net.client.test_tls_rooms import RecordingTlsServer
from tests.support import free_port, screenshot, wait_until
from tests.ui.roomkit import stop_app

pytestmark = pytest.mark.slow
JOINED_WITHIN_S = 15.0
KEY_CHANGED = "This room's key has changed since you last joined"


class TlsRoom:
    """A room listening with TLS (and plain) on 127.0.0.1, with a key of its own."""

    def __init__(self, key_folder: Path) -> None:
        events: queue.Queue[ChatEvent] = queue.Queue()
        self.server = ChatServer(
            ServerConfig(rooms=("#class",)),
            events,
            bind="127.0.0.1",
            port=0,
            tls=room_identity(key_folder),
            tls_port=0,
        )
        self.server.start()
        started = events.get(timeout=5)
        assert isinstance(started, ServerStarted), started
        assert started.tls_port is not None
        self.port, self.tls_port, self.fingerprint = (
            started.port,
            started.tls_port,
            started.fingerprint,
        )

    def stop(self) -> None:
        self.server.stop()


@pytest.fixture
def rooms(tmp_path: Path) -> Iterator[Callable[[str], TlsRoom]]:
    started: list[TlsRoom] = []

    def start(name: str) -> TlsRoom:
        started.append(TlsRoom(tmp_path / name))
        return started[-1]

    yield start
    for room in started:
        room.stop()


@pytest.fixture
def impostors(tmp_path: Path) -> Iterator[Callable[..., RecordingTlsServer]]:
    started: list[RecordingTlsServer] = []

    def start(port: int = 0) -> RecordingTlsServer:
        started.append(RecordingTlsServer(tmp_path / f"impostor{len(started)}", port))
        return started[-1]

    yield start
    for impostor in started:
        impostor.listener.close()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHATGUI_HOME", str(tmp_path / "sam"))
    return tmp_path / "sam"


def unique(title: str) -> str:
    """A title no other room on this machine has: the window's own finder hears the rooms
    other tests announce meanwhile, and a second room of the same title and host would add
    its address to the label."""
    return f"{title} {secrets.token_hex(3)}"


def window(tk_root: tkinter.Tk, settings: Settings | None = None) -> ChatApp:
    tk_root.geometry("900x700+0+0")
    app = ChatApp(tk_root, settings or Settings(name="Sam"))
    app.start.show("join")
    tk_root.update()
    return app


def announced(
    title: str,
    tls_port: int | None,
    fingerprint: str | None,
    plain_port: int | None = None,
    host: str = "Ms_Rivera",
    disputed: bool = False,
) -> RoomFound:
    """A room as a host's announcement gives it. The plain port is a closed one unless said:
    the join can only work over TLS."""
    return RoomFound(
        key=secrets.token_hex(8),
        room=title,
        host=host,
        password=False,
        addresses=("127.0.0.1",),
        port=plain_port or free_port(),
        version="test",
        via=("broadcast",),
        tls_port=tls_port,
        fingerprint=fingerprint,
        channel="#class",
        disputed=disputed,
    )


def show(app: ChatApp, room: RoomFound, tk_root: tkinter.Tk) -> int:
    """Give the window an announcement as its finder would; the row that shows it."""
    app.on_event(room)
    tk_root.update()
    return next(n for n, found in enumerate(app.start.found.rooms) if found.key == room.key)


def join_found(app: ChatApp, room: RoomFound, tk_root: tkinter.Tk, code: str = "") -> None:
    """Pick `room` in the list and press Join: its row is found at the click, as other rooms
    heard on the network meanwhile may have moved it."""
    row = next(n for n, found in enumerate(app.start.found.rooms) if found.key == room.key)
    box = app.start.found.listbox
    box.selection_clear(0, "end")
    box.selection_set(row)
    box.event_generate("<<ListboxSelect>>")
    app.start.code.set(code)
    tk_root.update()
    app.start.connect_button.invoke()


def shown(app: ChatApp, room: RoomFound, tk_root: tkinter.Tk) -> RoomFound:
    """`room`, once the window lists it."""
    show(app, room, tk_root)
    return room


def join_typed(app: ChatApp, address: str, tk_root: tkinter.Tk, code: str = "") -> None:
    app.start.address.set(address)
    app.start.code.set(code)
    tk_root.update()
    assert app.start.problems() == {}
    app.start.connect_button.invoke()


def joined(app: ChatApp, tk_root: tkinter.Tk) -> None:
    try:
        wait_until(
            lambda: app.page is not None and app.session.channel == "#class",
            JOINED_WITHIN_S,
            tk_root,
            what="the window in the room",
        )
    except AssertionError as timed_out:
        said = app.start.message.get() or "nothing"
        raise AssertionError(f"{timed_out}; the Join page says: {said}") from None


def refused(app: ChatApp, tk_root: tkinter.Tk, words: str) -> str:
    wait_until(lambda: words in app.start.message.get(), JOINED_WITHIN_S, tk_root, what=words)
    assert app.page is None
    assert app.client is None
    return app.start.message.get()


def in_sight(widget: tkinter.Misc, tk_root: tkinter.Tk) -> bool:
    """Whether the whole of `widget` shows inside the window (not pushed off its bottom)."""
    tk_root.update()
    bottom = widget.winfo_rooty() + widget.winfo_height()
    return (
        bool(widget.winfo_ismapped()) and bottom <= tk_root.winfo_rooty() + tk_root.winfo_height()
    )


def kept_keys() -> set[str | None]:
    keys = RoomKeys()
    return {keys.key_of(room) for room in keys.rooms()}


def test_a_found_room_is_joined_over_tls_with_its_key_and_shows_its_code(
    tk_root: tkinter.Tk, home: Path, rooms: Callable[[str], TlsRoom], tmp_path: Path
) -> None:
    room = rooms("teacher")
    app = window(tk_root)
    try:
        title = unique("Class chat")
        found = announced(title, room.tls_port, room.fingerprint)
        row = show(app, found, tk_root)
        label = app.start.found.listbox.get(row)
        assert label == f"{title} — hosted by Ms_Rivera — code {room_code(room.fingerprint)}"
        screenshot(tmp_path / "join-list-with-code.png")
        join_found(app, found, tk_root)
        joined(app, tk_root)  # its plain port is closed: this was TLS
        assert kept_keys() == {room.fingerprint}
        assert RoomKeys().key_of(found_room(found)) == room.fingerprint
    finally:
        stop_app(app)
    again = window(tk_root, load_settings())  # a restart: the room is among those joined before
    try:
        assert again.start.rooms_list.get(0) == f"ircs://127.0.0.1:{room.tls_port}"
        again.start.rooms_list.selection_set(0)
        again.start.rooms_list.event_generate("<<ListboxSelect>>")
        tk_root.update()
        again.start.connect_button.invoke()
        joined(again, tk_root)  # over TLS again, with the key kept under that address
        assert RoomKeys().key_of(f"127.0.0.1:{room.tls_port}") == room.fingerprint
    finally:
        stop_app(again)


def test_a_found_room_with_no_tls_is_joined_plain(
    tk_root: tkinter.Tk, home: Path, rooms: Callable[[str], TlsRoom]
) -> None:
    room = rooms("teacher")
    app = window(tk_root)
    try:
        title = unique("Plain chat")
        plain = announced(title, None, None, plain_port=room.port)
        row = show(app, plain, tk_root)
        assert app.start.found.listbox.get(row) == f"{title} — hosted by Ms_Rivera"
        join_found(app, plain, tk_root)
        joined(app, tk_root)
        assert kept_keys() == set()
    finally:
        stop_app(app)


def test_an_announced_key_the_room_does_not_have_is_refused_before_anything_is_sent(
    tk_root: tkinter.Tk, home: Path, impostors: Callable[..., RecordingTlsServer], tmp_path: Path
) -> None:
    impostor = impostors()
    teachers_key = room_identity(tmp_path / "teachers-key").fingerprint
    app = window(tk_root)
    try:
        join_found(
            app, shown(app, announced("Class chat", impostor.port, teachers_key), tk_root), tk_root
        )
        said = refused(app, tk_root, "This room's key is not the one announced for it")
        assert "pretending" in said  # a first join: nothing "changed since you last joined"
        impostor.close()
        assert impostor.handshake_done.is_set()
        assert impostor.received == b""
    finally:
        stop_app(app)


def test_a_changed_key_is_refused_with_a_warning_and_the_code_lets_the_new_key_in(
    tk_root: tkinter.Tk,
    home: Path,
    rooms: Callable[[str], TlsRoom],
    impostors: Callable[..., RecordingTlsServer],
    tmp_path: Path,
) -> None:
    first = rooms("teacher")
    app = window(tk_root)
    try:
        join_found(
            app,
            shown(app, announced("Class chat", first.tls_port, first.fingerprint), tk_root),
            tk_root,
        )
        joined(app, tk_root)
        app.leave()
        app.start.show("join")
        # Someone else announces the same room, with a key of its own, honestly announced.
        impostor = impostors()
        fake = announced("Class chat", impostor.port, impostor.identity.fingerprint)
        join_found(app, shown(app, fake, tk_root), tk_root)
        said = refused(app, tk_root, KEY_CHANGED)
        assert "pretending" in said
        assert "Ask your teacher for the room code" in said
        assert app.start.code_entry.focus_get() is app.start.code_entry
        assert in_sight(app.start.error, tk_root)
        screenshot(tmp_path / "key-changed.png")
        impostor.close()
        assert impostor.received == b""
        assert kept_keys() == {first.fingerprint}  # never followed silently
        # The teacher made a new key: the code on the teacher's screen lets the student in.
        second = rooms("teachers-new-key")
        renewed = announced("Class chat", second.tls_port, second.fingerprint)
        join_found(app, shown(app, renewed, tk_root), tk_root, code=room_code(second.fingerprint))
        joined(app, tk_root)
        assert RoomKeys().key_of(found_room(renewed)) == second.fingerprint
    finally:
        stop_app(app)


def test_a_typed_address_with_the_code_joins_and_its_key_is_kept_after_a_restart(
    tk_root: tkinter.Tk,
    home: Path,
    rooms: Callable[[str], TlsRoom],
    impostors: Callable[..., RecordingTlsServer],
) -> None:
    room = rooms("teacher")
    app = window(tk_root)
    address = f"127.0.0.1:{room.tls_port}"
    try:
        join_typed(app, address, tk_root, code=room_code(room.fingerprint).lower())
        joined(app, tk_root)
    finally:
        stop_app(app)
    room.stop()
    impostor = impostors(room.tls_port)  # something else answers at the same address
    again = window(tk_root)  # the window starts again
    try:
        join_typed(again, address, tk_root)  # no code typed: the kept key is expected
        refused(again, tk_root, KEY_CHANGED)
        impostor.close()
        assert impostor.received == b""
    finally:
        stop_app(again)


def test_a_wrong_code_is_refused_before_the_name_is_sent(
    tk_root: tkinter.Tk, home: Path, impostors: Callable[..., RecordingTlsServer], tmp_path: Path
) -> None:
    impostor = impostors()
    teachers_code = room_code(room_identity(tmp_path / "teachers-key").fingerprint)
    app = window(tk_root)
    try:
        join_typed(app, f"127.0.0.1:{impostor.port}", tk_root, code=teachers_code)
        refused(app, tk_root, "not the code you typed")
        impostor.close()
        assert impostor.handshake_done.is_set()
        assert impostor.received == b""
        assert kept_keys() == set()
    finally:
        stop_app(app)


def test_a_code_that_is_not_one_is_pointed_out_under_its_field(
    tk_root: tkinter.Tk, home: Path
) -> None:
    app = window(tk_root)
    try:
        app.start.address.set("10.0.0.5")
        app.start.code.set("E5TN-WHGG")
        tk_root.update()
        assert "room code" in app.start.problems()["code"]
        assert "6697" in app.start.code_hint.cget("text")
    finally:
        stop_app(app)


def test_a_disputed_room_is_never_joined_without_the_code(
    tk_root: tkinter.Tk, home: Path, rooms: Callable[[str], TlsRoom], tmp_path: Path
) -> None:
    room = rooms("teacher")
    other_key = room_identity(tmp_path / "someone-elses-key").fingerprint
    app = window(tk_root)
    try:
        real = announced("Maths", room.tls_port, room.fingerprint, disputed=True)
        show(app, real, tk_root)
        show(app, announced("Maths", free_port(), other_key, disputed=True), tk_root)
        row = next(n for n, r in enumerate(app.start.found.rooms) if r.key == real.key)
        label = app.start.found.listbox.get(row)
        assert "two computers claim it" in label
        assert room_code(room.fingerprint) in label
        warning = app.start.found.status.get()
        assert warning.startswith(
            "Two computers claim this room: ask your teacher for the room code"
        )
        screenshot(tmp_path / "disputed.png")
        join_found(app, real, tk_root)
        tk_root.update()
        assert "room code" in app.start.message.get()
        assert app.client is None
        assert app.start.code_entry.focus_get() is app.start.code_entry
        join_found(app, real, tk_root, code=room_code(room.fingerprint))
        joined(app, tk_root)
        assert kept_keys() == {room.fingerprint}
    finally:
        stop_app(app)


def test_a_typed_address_is_joined_over_tls_first_and_its_key_kept(
    tk_root: tkinter.Tk, home: Path, rooms: Callable[[str], TlsRoom]
) -> None:
    """The room's plain address typed without a code: the window tries TLS at the room's
    usual TLS port first (here the room's own ports stand for 6667 and 6697)."""
    room = rooms("teacher")
    app = window(tk_root)
    app.trust = RoomTrust(usual_ports=(room.port, room.tls_port))
    try:
        join_typed(app, f"127.0.0.1:{room.port}", tk_root)
        joined(app, tk_root)
        assert app.session.address_text == f"ircs://127.0.0.1:{room.tls_port}"
        assert app.page is not None
        assert app.page.view.status.get().startswith("Connected securely to ")
        assert RoomKeys().key_of(f"127.0.0.1:{room.tls_port}") == room.fingerprint
    finally:
        stop_app(app)


def test_a_typed_address_with_no_tls_at_the_usual_port_is_joined_plain(
    tk_root: tkinter.Tk, home: Path
) -> None:
    events: queue.Queue[ChatEvent] = queue.Queue()
    plain_room = ChatServer(ServerConfig(rooms=("#class",)), events, bind="127.0.0.1", port=0)
    plain_room.start()
    started = events.get(timeout=5)
    assert isinstance(started, ServerStarted)
    app = window(tk_root)
    app.trust = RoomTrust(usual_ports=(started.port, free_port()))  # nothing listens there
    try:
        join_typed(app, f"127.0.0.1:{started.port}", tk_root)
        joined(app, tk_root)
        assert app.session.address_text == f"127.0.0.1:{started.port}"
        assert app.page is not None
        assert app.page.view.status.get() == f"Connected to 127.0.0.1:{started.port} as Sam"
        assert RoomKeys().rooms() == []
    finally:
        stop_app(app)
        plain_room.stop()
