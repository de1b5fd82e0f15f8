"""Take the README's screenshots: the start screen, a busy chat, the dark theme, an error,
the find bar, the host's list of every room, and older history loaded above a room's latest
messages.

Run under a display (e.g. `xvfb-run -a python scripts/take-screenshots.py`).
Everything stays on 127.0.0.1: a hosted room and a few scripted classmates on raw sockets.
"""

import gc
import os
import queue
import socket
import subprocess
import sys
import tempfile
import time
import tkinter as tk
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
os.environ.setdefault("CHATGUI_HOME", tempfile.mkdtemp(prefix="chatgui-shots-"))
os.environ["CHATGUI_BIND"] = "127.0.0.1"
os.environ["CHATGUI_DISCOVERY_INTERFACES"] = "127.0.0.1"  # rooms announced on this PC only
sys.path.insert(0, str(ROOT))

from chatgui.events import ChatEvent  # noqa: E402
from chatgui.net.server import ChatServer, ServerConfig  # noqa: E402
from chatgui.ui.app import ChatApp  # noqa: E402
from chatgui.ui.settings import Settings  # noqa: E402


def pump(root: tk.Tk, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        root.update()
        time.sleep(0.01)


def shoot(root: tk.Tk, name: str, with_popups: bool = False) -> None:
    """Save the window as docs/screenshots/`name`. A popup menu is a window of its own, so
    `with_popups` takes the window's part of the whole screen instead."""
    pump(root, 0.5)
    OUT.mkdir(parents=True, exist_ok=True)
    if with_popups:
        size = f"{root.winfo_width()}x{root.winfo_height()}"
        area = f"{size}+{root.winfo_rootx()}+{root.winfo_rooty()}"
        command = ["import", "-window", "root", "-crop", area, "+repage", str(OUT / name)]
    else:
        command = ["import", "-window", str(root.winfo_id()), str(OUT / name)]
    subprocess.run(command, check=True)
    print("wrote", OUT / name)


def classmate(port: int, nick: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(f"NICK {nick}\r\nUSER {nick} 0 * :{nick}\r\nJOIN #class-chat\r\n".encode())
    return sock


def host_controls(app: ChatApp, root: tk.Tk, people: dict[str, socket.socket]) -> None:
    """The host's window with a hand up and the member menu open on Sam."""
    people["Aisha"].sendall(b"HAND #class-chat\r\n")
    people["Mei"].sendall(b"HAND #class-chat\r\n")
    pump(root, 0.5)
    assert app.page is not None
    members = app.page.view.member_list
    members.select("Sam")
    box = members.row_box("Sam")
    assert box is not None
    tree = members.tree
    app.page.teacher.open_member_menu("Sam", tree.winfo_rootx() - 200, tree.winfo_rooty() + box[1])
    shoot(root, "host-controls.png", with_popups=True)
    assert app.page.teacher.member_menu is not None
    app.page.teacher.member_menu.unpost()


def lesson_view(app: ChatApp, root: tk.Tk, port: int) -> None:
    """View → Show what is sent, while a classmate joins and says hello."""
    app.show_lesson(True)
    pump(root, 0.3)
    lee = classmate(port, "Lee")
    pump(root, 0.5)
    lee.sendall(b"PRIVMSG #class-chat :hi, sorry I'm late\r\n")
    pump(root, 0.3)
    app.page.handle_input("#class-chat", "Welcome Lee!")
    pump(root, 0.5)
    shoot(root, "lesson.png")
    app.show_lesson(False)
    lee.close()


def every_room(app: ChatApp, root: tk.Tk, people: dict[str, socket.socket]) -> None:
    """The host's list of every room, after she let students open their own for group work,
    and the Room menu with that setting."""
    root.geometry("1100x700+0+0")
    app.page.teacher.rooms.students_allowed.set(True)
    app.page.teacher.rooms.students_picked()
    pump(root, 0.5)
    for nick, room in (("Sam", "#group-1"), ("Aisha", "#group-1"), ("Mei", "#poster-team")):
        people[nick].sendall(f"JOIN {room}\r\n".encode())
    pump(root, 2.5)
    listbox = app.page.teacher.rooms.listbox
    assert listbox is not None
    listbox.selection_set(1)
    listbox.event_generate("<<ListboxSelect>>")
    shoot(root, "room-list.png")
    app.room_menu.post(root.winfo_rootx() + 8, root.winfo_rooty() + 4)
    shoot(root, "student-rooms-setting.png", with_popups=True)
    app.room_menu.unpost()
    root.geometry("900x700+0+0")


def main() -> None:
    # Tk variables must die on the main thread; without a mainloop, a collection started on
    # a worker thread would call Tcl from there (see tests/ui/conftest.py).
    gc.disable()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    os.environ["CHATGUI_PORT"] = str(port)
    root = tk.Tk(className="chatgui")
    root.geometry("900x700+0+0")
    app = ChatApp(root, Settings(name="Ms_Rivera"))
    shoot(root, "start.png")
    app.start.show("host")
    app.start.room.set("Class chat")
    app.start.open_button.invoke()
    pump(root, 1.5)
    people = {nick: classmate(port, nick) for nick in ("Sam", "Aisha", "Jonas", "Mei")}
    pump(root, 1.0)
    lines = [
        ("Sam", "Good morning! Is the homework due Friday?"),
        ("Aisha", "I think so. Page 42, exercises 3 to 7 😀"),
        ("Jonas", "Ms_Rivera can we use a calculator?"),
        ("Mei", "日本語で書いてもいいですか (Can I write in Japanese?)"),
        ("Sam", "Here's the worksheet: https://example.org/worksheet"),
    ]
    for nick, text in lines:
        people[nick].sendall(f"PRIVMSG #class-chat :{text}\r\n".encode())
        pump(root, 0.3)
    app.page.handle_input("#class-chat", "Yes, calculators are fine. Friday it is 👍")
    pump(root, 0.5)
    people["Jonas"].sendall(b"AWAY :at the library\r\nQUIT :bell rang\r\n")
    pump(root, 1.0)
    shoot(root, "chat.png")
    assert app.page is not None
    app.find()
    app.page.view.find.text.set("friday")
    app.page.view.find.find()
    shoot(root, "find.png")
    app.page.view.find.close()
    app.looks.set_theme("dark")
    shoot(root, "dark.png")
    app.looks.set_theme("light")
    host_controls(app, root, people)
    lesson_view(app, root, port)
    every_room(app, root, people)
    app.leave()
    app.start.show("join")
    app.start.address.set("10.0.0.5 6667")
    shoot(root, "error.png")
    for sock in people.values():
        sock.close()
    history_shot(root, app)
    app.quit()


def history_shot(root: tk.Tk, app: ChatApp) -> None:
    """A room with two lessons of messages kept: join it, scroll to the top, older ones load."""
    events: queue.Queue[ChatEvent] = queue.Queue()
    home = Path(os.environ["CHATGUI_HOME"])
    config = ServerConfig(network="Science club", rooms=("#class-chat",))
    server = ChatServer(config, events, bind="127.0.0.1", port=0, history=home / "club.sqlite3")
    server.start()
    port = events.get(timeout=10).port  # type: ignore[union-attr]
    topics = ["volcanoes", "magnets", "the moon", "plants", "rain", "bridges", "bees"]
    for nick, lines in (("Sam", range(0, 70)), ("Aisha", range(70, 140))):
        talker = classmate(port, nick)
        for n in lines:
            talker.sendall(f"PRIVMSG #class-chat :Question {n}: {topics[n % 7]}?\r\n".encode())
        time.sleep(0.5)
        talker.sendall(b"QUIT :done\r\n")
        talker.close()
    app.start.join_now("Mei", f"127.0.0.1:{port}")
    for _ in range(30):  # a busy machine may take a few seconds
        pump(root, 0.5)
        if app.page is not None and "#class-chat" in app.page.view.transcripts:
            break
    assert app.page is not None
    transcript = app.page.view.transcripts["#class-chat"]
    transcript.widget.yview_moveto(0)  # the older page loads above, then its start shows
    pump(root, 1.5)
    transcript.widget.yview_moveto(0)
    shoot(root, "history.png")
    app.leave()
    server.stop()


if __name__ == "__main__":
    main()
