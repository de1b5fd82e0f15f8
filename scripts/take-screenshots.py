"""Take the screenshots in docs/screenshots: every screen in every theme at two sizes.

    xvfb-run -a -s "-screen 0 1920x1200x24" python scripts/take-screenshots.py [--only NAME]

(with a window manager such as openbox running on that display, dialogs sit where a desktop
puts them). Two windows run in this one process: the teacher's, which hosts "Class chat", and
Sam's, which finds it on the Join page and joins it; a few classmates talk over raw sockets.
Everything stays on 127.0.0.1. Each screen is written as
docs/screenshots/<theme>/<width>x<height>/<screen>.png.
"""

import argparse
import gc
import os
import socket
import subprocess
import sys
import tempfile
import time
import tkinter as tk
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
HOME = Path(tempfile.mkdtemp(prefix="chatgui-shots-"))
os.environ["CHATGUI_BIND"] = "127.0.0.1"
os.environ["CHATGUI_DISCOVERY_INTERFACES"] = "127.0.0.1"  # rooms announced on this PC only
sys.path.insert(0, str(ROOT))

from chatgui.ui.app import ChatApp  # noqa: E402
from chatgui.ui.help_window import show_shortcuts  # noqa: E402
from chatgui.ui.room_history import history_info as room_history_info  # noqa: E402
from chatgui.ui.settings import Settings  # noqa: E402

THEMES = ("light", "dark", "high contrast")
SIZES = ((800, 600), (1920, 1080))
CHANNEL = "#class-chat"
Closer = Callable[[], None]
WHOLE_SCREEN = (
    "Settings on a whole screen, as a projector (800x600) and a laptop (1280x800) show it, "
    "its body scrolling where the screen is short: "
    "[800x600 screen](light/screen-800x600/settings.png), "
    "[1280x800 screen](light/screen-1280x800/settings.png) "
    "(not made by this script: a window of its own on an Xvfb of that size, with openbox)."
)
"""A line under the table: those two pictures are of a whole screen, not of a window."""


@dataclass
class Lab:
    """The two windows, their Tk roots, and the classmates' sockets."""

    teacher: ChatApp
    teacher_root: tk.Tk
    student: ChatApp
    student_root: tk.Tk
    port: int
    people: dict[str, socket.socket] = field(default_factory=dict)
    others: list[subprocess.Popen[bytes]] = field(default_factory=list)
    asked_about_the_lesson_view: bool = False

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            for root in (self.teacher_root, self.student_root):
                root.update()
            self.answer_pings()
            time.sleep(0.01)

    def answer_pings(self) -> None:
        """The classmates stay in the room while the pictures are taken (minutes)."""
        for sock in self.people.values():
            try:
                received = sock.recv(65536, socket.MSG_DONTWAIT)
            except BlockingIOError:
                continue
            for line in received.decode("utf-8", "replace").splitlines():
                if line.startswith("PING"):
                    sock.sendall(f"PONG{line[4:]}\r\n".encode())

    def say(self, nick: str, text: str, pause: float = 0.2) -> None:
        self.people[nick].sendall(f"PRIVMSG {CHANNEL} :{text}\r\n".encode())
        self.pump(pause)


def shoot(lab: Lab, app: ChatApp, root: tk.Tk, name: str, theme: str, size: str) -> None:
    """The screen's part under `root`'s window, popups and dialogs over it included."""
    root.lift()
    lab.pump(0.6)
    folder = OUT / theme.replace(" ", "-") / size
    folder.mkdir(parents=True, exist_ok=True)
    area = f"{root.winfo_width()}x{root.winfo_height()}+{root.winfo_rootx()}+{root.winfo_rooty()}"
    target = folder / f"{name}.png"
    subprocess.run(["import", "-window", "root", "-crop", area, "+repage", str(target)], check=True)
    print("wrote", target.relative_to(ROOT))


def classmate(port: int, nick: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(f"NICK {nick}\r\nUSER {nick} 0 * :{nick}\r\nJOIN {CHANNEL}\r\n".encode())
    return sock


def other_room(title: str, name: str) -> subprocess.Popen[bytes]:
    """Another room announced on this PC, so the Join page lists more than one."""
    home = Path(tempfile.mkdtemp(prefix="chatgui-other-"))
    command = [sys.executable, "-m", "chatgui", "serve", "--bind", "127.0.0.1", "--port", "0"]
    command += ["--room", title, "--name", name]
    env = dict(os.environ, CHATGUI_HOME=str(home))
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)


# --- the screens: each opens what it shows and returns how to close it again ---


def start_page(lab: Lab) -> Closer:
    lab.student.start.show("choice")
    return lambda: None


def host_page(lab: Lab) -> Closer:
    lab.student.start.show("host")
    return lambda: None


def join_page(lab: Lab) -> Closer:
    lab.student.start.show("join")
    lab.pump(2.5)  # the finder's answers come in
    return lambda: None


def chat(lab: Lab) -> Closer:
    return lambda: None


def member_menu(lab: Lab) -> Closer:
    teacher = lab.teacher
    assert teacher.page is not None
    root = lab.teacher_root
    teacher.page.teacher.open_member_menu("Sam", root.winfo_rootx() + 200, root.winfo_rooty() + 120)
    menu = teacher.page.teacher.member_menu
    assert menu is not None
    return menu.unpost


def lesson_view(lab: Lab) -> Closer:
    lab.teacher.show_lesson(True)
    if not lab.asked_about_the_lesson_view:  # a line for it to show, said once
        lab.say("Jonas", "Is the lesson view what the computer sends?", 0.5)
        lab.asked_about_the_lesson_view = True
    return lambda: lab.teacher.show_lesson(False)


def how_to_join(lab: Lab) -> Closer:
    page = lab.teacher.page
    assert page is not None
    page.view.how_button.invoke()
    lab.pump(0.3)
    return lambda: close_dialogs(lab.teacher_root)


def bans(lab: Lab) -> Closer:
    page = lab.teacher.page
    assert page is not None
    page.teacher.tools.show_bans()
    lab.pump(0.3)
    return lambda: close_dialogs(lab.teacher_root)


def ban(lab: Lab) -> Closer:
    page = lab.teacher.page
    assert page is not None
    page.teacher.ask_ban("Sam")
    lab.pump(0.3)
    return lambda: close_dialogs(lab.teacher_root)


def find(lab: Lab) -> Closer:
    page = lab.teacher.page
    assert page is not None
    lab.teacher.find()
    page.view.find.text.set("friday")
    page.view.find.find()
    return page.view.find.close


def close_room(lab: Lab) -> Closer:
    """Closing the window with a class in the room asks first."""
    lab.teacher.ask_before(lambda: None)
    lab.pump(0.3)
    return lambda: close_dialogs(lab.teacher_root)


def room_history(lab: Lab) -> Closer:
    room_history_info(lab.teacher_root, lab.teacher.session)
    lab.pump(0.5)
    return lambda: close_dialogs(lab.teacher_root)


def settings(lab: Lab) -> Closer:
    lab.student.open_settings()
    lab.pump(0.3)
    return lambda: close_dialogs(lab.student_root)


def shortcuts(lab: Lab) -> Closer:
    show_shortcuts(lab.student_root)
    lab.pump(0.3)
    return lambda: close_dialogs(lab.student_root)


def private_chat(lab: Lab) -> Closer:
    page = lab.student.page
    assert page is not None
    page.open_private("Ms_Rivera")
    return lambda: page.view.show(CHANNEL)


def close_dialogs(root: tk.Tk) -> None:
    """Close every dialog as its window's X does."""
    for child in root.winfo_children():
        if isinstance(child, tk.Toplevel):
            closing = str(child.protocol("WM_DELETE_WINDOW"))
            if closing:
                child.tk.eval(closing)
            else:
                child.destroy()


@dataclass(frozen=True)
class Screen:
    name: str
    whose: str  # "teacher" or "student"
    opens: Callable[[Lab], Closer]


BEFORE_JOINING = (
    Screen("start", "student", start_page),
    Screen("host-page", "student", host_page),
    Screen("join-page", "student", join_page),
)
IN_THE_ROOM = (
    Screen("chat-teacher", "teacher", chat),
    Screen("chat-student", "student", chat),
    Screen("private-chat", "student", private_chat),
    Screen("member-menu", "teacher", member_menu),
    Screen("lesson-view", "teacher", lesson_view),
    Screen("how-to-join", "teacher", how_to_join),
    Screen("bans", "teacher", bans),
    Screen("ban", "teacher", ban),
    Screen("find", "teacher", find),
    Screen("history", "teacher", room_history),
    Screen("close-room", "teacher", close_room),
    Screen("settings", "student", settings),
    Screen("shortcuts", "student", shortcuts),
)
AFTER_CLOSING = (Screen("room-closed", "student", chat),)


def take(lab: Lab, screens: tuple[Screen, ...], only: str | None) -> None:
    for screen in screens:
        if only and screen.name != only:
            continue
        app, root = (
            (lab.teacher, lab.teacher_root)
            if screen.whose == "teacher"
            else (lab.student, lab.student_root)
        )
        for theme in THEMES:
            app.looks.set_theme(theme)
            for width, height in SIZES:
                root.geometry(f"{width}x{height}+0+0")
                lab.pump(0.4)
                close = screen.opens(lab)
                shoot(lab, app, root, screen.name, theme, f"{width}x{height}")
                close()
        app.looks.set_theme("light")


def write_index() -> None:
    """docs/screenshots/README.md: every screen, a row each, every theme and size a column."""
    screens = [s.name for s in (*BEFORE_JOINING, *IN_THE_ROOM, *AFTER_CLOSING)]
    columns = [(theme.replace(" ", "-"), f"{w}x{h}") for theme in THEMES for w, h in SIZES]
    lines = [
        "# Every screen, in every theme, at 800x600 and 1920x1080",
        "",
        "Taken by `scripts/take-screenshots.py` (a teacher's window and a student's, side by",
        "side on one display; click a picture for its full size).",
        "",
        "| screen | " + " | ".join(f"{theme} {size}" for theme, size in columns) + " |",
        "| --- |" + " --- |" * len(columns),
    ]
    for name in screens:
        cells = [
            f"[![{name}]({theme}/{size}/{name}.png)]({theme}/{size}/{name}.png)"
            for theme, size in columns
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", WHOLE_SCREEN]
    (OUT / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def busy_room(lab: Lab) -> None:
    """A morning's chat: grouped lines, a link, emoji, a mention, a pinned announcement."""
    teacher = lab.teacher.page
    assert teacher is not None
    teacher.handle_input(CHANNEL, "/pin Homework: page 42, exercises 3 to 7, due Friday")
    lab.pump(0.3)
    for nick in ("Aisha", "Jonas", "Mei", "Lee"):
        lab.people[nick] = classmate(lab.port, nick)
    lab.pump(1.0)
    lab.say("Aisha", "Good morning! Is the homework due Friday?")
    lab.say("Aisha", "I can't find page 42 in my book 😕")
    lab.say("Jonas", "It's in the second half, after the map of Europe 🇫🇷")
    lab.say("Mei", "日本語で書いてもいいですか (Can I write in Japanese?)")
    teacher.handle_input(CHANNEL, "Yes Mei, of course. Friday it is 👍")
    lab.pump(0.3)
    teacher.handle_input(CHANNEL, "Here's the worksheet: https://example.org/worksheet")
    lab.pump(0.3)
    student = lab.student.page
    assert student is not None
    student.handle_input(CHANNEL, "Thanks @Ms_Rivera!\nCan we work in pairs?")
    lab.pump(0.3)
    lab.say("Lee", "Sam, want to pair up?")
    lab.people["Aisha"].sendall(f"HAND {CHANNEL}\r\n".encode())
    lab.people["Lee"].sendall(b"AWAY :at the library\r\n")
    lab.pump(1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="take only this screen (e.g. chat-teacher)")
    only = parser.parse_args().only
    # Tk variables must die on the main thread; without a mainloop, a collection started on
    # a worker thread would call Tcl from there (see tests/ui/conftest.py).
    gc.disable()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    os.environ["CHATGUI_PORT"] = str(port)
    (HOME / "teacher").mkdir()
    (HOME / "student").mkdir()
    os.environ["CHATGUI_HOME"] = str(HOME / "teacher")
    teacher_root = tk.Tk(className="chatgui")
    teacher = ChatApp(teacher_root, Settings(name="Ms_Rivera"))
    teacher.start.host_now("Ms_Rivera", "Class chat")  # its room keeps its history there
    os.environ["CHATGUI_HOME"] = str(HOME / "student")
    student_root = tk.Tk(className="chatgui")
    student = ChatApp(student_root, Settings(name="Sam"))
    lab = Lab(teacher, teacher_root, student, student_root, port)
    lab.others = [other_room("Science club", "Mr_Okafor"), other_room("Year 9 French", "Mme_Roy")]
    try:
        lab.pump(2.0)
        take(lab, BEFORE_JOINING, only)
        student.start.join_now("Sam", f"127.0.0.1:{port}")
        lab.pump(2.0)
        busy_room(lab)
        take(lab, IN_THE_ROOM, only)
        teacher.leave()  # the host closes the room: Sam's window says so above his box
        lab.pump(3.0)
        take(lab, AFTER_CLOSING, only)
    finally:  # the other rooms would go on announcing themselves on this PC
        for other in lab.others:
            other.terminate()
    if not only:
        write_index()
    for sock in lab.people.values():
        sock.close()
    student.quit()
    teacher.quit()


if __name__ == "__main__":
    main()
