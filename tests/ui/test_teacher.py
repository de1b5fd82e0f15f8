"""The teacher's controls in real Tk windows: the member menu, the Room menu, raised hands,
questions for the host, and the lesson view.

The host is a ChatApp hosting on 127.0.0.1 (its own server and client threads). Students are
raw LineClients, or a second ChatApp on a second Tk root in this process, so both windows can
be read. Every line crosses real sockets; the server decides who may do what.
"""

from __future__ import annotations

import json
import tkinter
from pathlib import Path

from chatgui import limits
from chatgui.events import Hand
from chatgui.ui.app import ChatApp
from chatgui.ui.ask import Ask
from chatgui.ui.bans_dialog import BY_COMPUTER, BanDialog
from chatgui.ui.hands_panel import HandsPanel
from chatgui.ui.settings import Settings, load_settings, settings_path
from chatgui.ui.word_filter_dialog import WordFilterDialog
from tests.lineclient import LineClient
from tests.support import screenshot, wait_until
from tests.ui.roomkit import (
    CHANNEL,
    host_room,
    join_peer,
    member_rows,
    members,
    press,
    stop_app,
    transcript_text,
    type_line,
    writer_of,
)

HOST = "Ms_Rivera"


def labels(menu: tkinter.Menu) -> list[str]:
    last = menu.index("end")
    if last is None:
        return []
    return [str(menu.entrycget(i, "label")) for i in range(last + 1) if menu.type(i) != "separator"]


def invoke(menu: tkinter.Menu, label: str) -> None:
    """Choose the entry whose label starts with `label`, as a click on it would."""
    last = menu.index("end")
    assert last is not None, "the menu is empty"
    for index in range(last + 1):
        if menu.type(index) != "separator" and str(menu.entrycget(index, "label")).startswith(
            label
        ):
            menu.invoke(index)
            return
    raise AssertionError(f"no {label!r} in the menu: {labels(menu)}")


def view_menu(root: tkinter.Tk) -> tkinter.Menu:
    bar = root.nametowidget(root.cget("menu"))
    return root.nametowidget(bar.entrycget(bar.index("View"), "menu"))  # type: ignore[no-any-return]


def member_row_y(app: ChatApp, nick: str) -> int:
    assert app.page is not None
    box = app.page.view.member_list.row_box(nick)
    assert box, f"{nick}'s row is not on screen"
    return int(box[1] + box[3] // 2)


def right_click_member(app: ChatApp, root: tkinter.Tk, nick: str) -> tkinter.Menu:
    """Right-click `nick` in the member list; return the menu that opened."""
    assert app.page is not None
    tree = app.page.view.member_list.tree
    root.update()
    tree.event_generate("<Button-3>", x=10, y=member_row_y(app, nick), rootx=300, rooty=200)
    root.update()
    menu = app.page.teacher.member_menu
    assert menu is not None, "no member menu opened"
    return menu


def answer(app: ChatApp, root: tkinter.Tk, text: str) -> Ask:
    """Type `text` into the open question window and press OK."""
    dialog = app.page.teacher.dialog
    assert isinstance(dialog, Ask), "no question window is open"
    dialog.answer.set(text)
    dialog.ok_button.invoke()
    root.update()
    return dialog


def test_labels_say_host_and_helper(host: ChatApp, tk_root: tkinter.Tk, port: int) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    assert host.page is not None
    wait_until(
        lambda: member_rows(host)[:2] == ["Host  1", HOST],
        5,
        tk_root,
        what="the host in the Host section",
    )
    menu = right_click_member(host, tk_root, "Sam")
    menu.unpost()
    invoke(menu, "Make helper")
    wait_until(
        lambda: member_rows(host)[2:4] == ["Helpers  1", "Sam"],
        5,
        tk_root,
        what="Sam in the Helpers section",
    )
    sam.expect(rf"MODE {CHANNEL} \+o Sam")
    sam.close()
    host.leave()  # back at the start screen: the Room menu holds everyone's entries, down to
    # Leave, and no control of the room left behind
    assert labels(host.room_menu)[-1] == "Leave"
    assert "Lock room" not in labels(host.room_menu)
    assert "Raise or lower my hand" not in labels(host.room_menu)
    invoke(host.room_menu, "Leave")


def test_host_mutes_a_student_from_the_member_menu(
    host: ChatApp, tk_root: tkinter.Tk, port: int, tmp_path: Path
) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    aisha = join_peer(port, "Aisha", tk_root, host)
    menu = right_click_member(host, tk_root, "Sam")
    screenshot(tmp_path / "member-menu.png")
    menu.unpost()
    assert labels(menu)[:2] == ["Private message to Sam", "Mute"]
    assert "Make helper" in labels(menu)
    invoke(menu, "Mute")
    sam.expect(r" MODE #class-chat \+b m:Sam!\*@\*$")
    wait_until(
        lambda: "Mute" not in labels(host.page.teacher.build_member_menu("Sam")),
        5,
        tk_root,
        what="the menu offering Unmute once Sam is muted",
    )
    assert "Unmute" in labels(host.page.teacher.build_member_menu("Sam"))
    wait_until(
        lambda: "\N{GEAR} Ms_Rivera muted Sam." in transcript_text(host),
        5,
        tk_root,
        what="the room told in words, once",
    )
    assert "m:Sam" not in transcript_text(host)  # the MODE line itself is not shown too
    assert "chatgui.local" not in transcript_text(host)

    sam.send(f"PRIVMSG {CHANNEL} :can anyone hear me")
    sam.expect(r" 404 Sam #class-chat :You are muted")
    aisha.expect_nothing("can anyone hear me", within=0.5)
    tk_root.update()
    assert "can anyone hear me" not in transcript_text(host)

    invoke(host.page.teacher.build_member_menu("Sam"), "Unmute")
    sam.expect(r" MODE #class-chat -b m:Sam!\*@\*$")
    sam.send(f"PRIVMSG {CHANNEL} :back again")
    aisha.expect(r"PRIVMSG #class-chat :back again")
    sam.close()
    aisha.close()


def test_ban_by_name_or_by_computer_says_what_a_computer_ban_means(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    watcher = join_peer(port, "Kim", tk_root, host)
    invoke(host.page.teacher.build_member_menu("Sam"), "Ban…")
    dialog = host.page.teacher.dialog
    assert isinstance(dialog, BanDialog)
    shown = " ".join(
        str(w.cget("text"))
        for w in dialog.window.winfo_children()[0].winfo_children()
        if w.winfo_class() in ("TLabel", "TRadiobutton")
    )
    assert "By name" in shown
    assert "By computer: also everyone at 127.0.0.1" in shown
    assert "a whole lab" in shown
    dialog.reason.set("spamming the room")
    dialog.ok_button.invoke()  # by name, as chosen unless the teacher picks the computer
    sam.expect(rf"KICK {CHANNEL} Sam :spamming the room")
    watcher.expect(rf"MODE {CHANNEL} \+b Sam!\*@\*$")
    watcher.expect_nothing(r"\+b \*!\*@", within=0.5)
    sam.send(f"JOIN {CHANNEL}")
    sam.expect(r" 474 Sam #class-chat ")
    sam.close()

    lee = join_peer(port, "Lee", tk_root, host)
    invoke(host.page.teacher.build_member_menu("Lee"), "Ban…")
    dialog = host.page.teacher.dialog
    assert isinstance(dialog, BanDialog)
    dialog.how.set(BY_COMPUTER)
    dialog.ok_button.invoke()
    watcher.expect(rf"MODE {CHANNEL} \+b \*!\*@127\.0\.0\.1$")
    lee.expect(rf"KICK {CHANNEL} Lee")
    lee.close()
    watcher.close()


def locked(app: ChatApp) -> bool:
    """The room is locked as the server last reported it (not as the box was last clicked)."""
    return "i" in app.page.teacher.modes.get(CHANNEL, {})


def test_lock_from_the_room_menu_refuses_a_new_joiner(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    assert "Lock room" in labels(host.room_menu)
    invoke(host.room_menu, "Lock room")
    wait_until(lambda: locked(host), 5, tk_root, what="the server's +i in the host's window")
    assert host.page.teacher.locked.get()
    late = LineClient(port)
    late.register("Late")
    late.send(f"JOIN {CHANNEL}")
    late.expect(r" 473 Late #class-chat ")
    invoke(host.room_menu, "Lock room")
    wait_until(lambda: not locked(host), 5, tk_root, what="the server's -i in the host's window")
    assert not host.page.teacher.locked.get()
    late.send(f"JOIN {CHANNEL}")
    late.expect(rf":Late!\S+ JOIN :?{CHANNEL}")
    late.close()


def test_lesson_view_shows_lines_but_never_a_secret(
    tk_root: tkinter.Tk, port: int, tmp_path: Path
) -> None:
    app = ChatApp(tk_root, Settings(name=HOST))
    tk_root.geometry("900x700+0+0")
    invoke(view_menu(tk_root), "Show what is sent")  # on, before the room opens
    assert app.lesson_shown.get()
    app.start.show("host")
    app.start.password.set("open-sesame")
    host_room(app, tk_root)
    assert app.page is not None
    pane = app.page.view.lesson
    wait_until(lambda: "JOIN" in pane.text(), 10, tk_root, what="the JOIN in the lesson view")
    app.page.teacher.ask_password()
    answer(app, tk_root, "kangaroo42")
    wait_until(lambda: "+k" in pane.text(), 10, tk_root, what="the MODE +k in the lesson view")
    sam = LineClient(port)
    sam.send("PASS open-sesame")
    sam.register("Sam")
    sam.send(f"JOIN {CHANNEL} kangaroo42")
    sam.send(f"PRIVMSG {CHANNEL} :hi everyone")
    wait_until(lambda: "hi everyone" in pane.text(), 10, tk_root, what="Sam's line")
    screenshot(tmp_path / "lesson.png")
    text = pane.text()
    assert "→ PASS ***" in text
    assert "→ NICK Ms_Rivera" in text
    assert ":Sam!~Sam@127.0.0.1 PRIVMSG #class-chat :hi everyone" in text
    for secret in (app.session.host_secret, "kangaroo42", "open-sesame"):
        assert secret not in text
        assert secret not in transcript_text(app)

    invoke(view_menu(tk_root), "Show what is sent")  # off again
    assert not app.lesson_shown.get()
    tk_root.update()
    assert not app.page.view.lesson.frame.winfo_manager()
    sam.send(f"PRIVMSG {CHANNEL} :after the pane closed")
    wait_until(lambda: "after the pane closed" in transcript_text(app), 10, tk_root)
    assert "after the pane closed" not in pane.text()
    sam.close()
    stop_app(app)


def test_hands_questions_and_a_helper_window(
    host: ChatApp, tk_root: tkinter.Tk, port: int, student: tuple[ChatApp, tkinter.Tk]
) -> None:
    sam, sam_root = student

    def pump() -> None:
        sam_root.update()

    sam.start.join_now("Sam", f"127.0.0.1:{port}")
    wait_until(
        lambda: (
            pump() or ("Sam" in members(host) and sam.page is not None and HOST in members(sam))
        ),
        15,
        tk_root,
        what="Sam's window in the room",
    )
    assert sam.page is not None
    assert host.page is not None
    # A student sees no room settings and no actions on others.
    assert "Lock room" not in labels(sam.room_menu)
    assert labels(sam.page.teacher.build_member_menu(HOST)) == [f"Private message to {HOST}"]

    # Sam raises a hand; the host's queue shows it; Lower in the host's window clears both.
    assert sam.page.view.hand_button.winfo_manager()
    assert not host.page.view.hand_button.winfo_manager()  # the host lowers hands, never raises
    sam.page.view.hand_button.invoke()
    wait_until(
        lambda: pump() or sam.page.view.hand_up,  # type: ignore[union-attr]
        10,
        tk_root,
        what="Sam's button showing the hand is up",
    )
    wait_until(
        lambda: "1. Sam" in host.page.view.hands.text(), 10, tk_root, what="the host's queue"
    )  # type: ignore[union-attr]
    assert host.page.view.hands.frame.winfo_manager()
    assert "✋ Sam raised a hand (1st in line)." in transcript_text(host)
    assert not sam.page.view.hands.frame.winfo_manager()  # students don't see the queue
    host.page.view.hands.lower_buttons["Sam"].invoke()
    wait_until(
        lambda: pump() or (not sam.page.view.hand_up and not host.page.view.hands.hands),  # type: ignore[union-attr]
        10,
        tk_root,
        what="the hand lowered in both windows",
    )
    assert not host.page.view.hands.frame.winfo_manager()

    # A question for the host only: shown on both sides, marked.
    watcher = join_peer(port, "Aisha", tk_root, host)
    sam.page.teacher.ask_privately()
    answer(sam, sam_root, "can I present first?")
    wait_until(
        lambda: pump() or "can I present first?" in transcript_text(host),
        10,
        tk_root,
        what="the question in the host's room transcript",
    )
    assert "🔒 to the host and helpers only: can I present first?" in transcript_text(host)
    assert writer_of(host, "can I present first?") == "Sam"
    wait_until(
        lambda: pump() or "only: can I present first?\n" in transcript_text(sam),
        10,
        tk_root,
        what="the question in Sam's window, sent",
    )
    watcher.expect_nothing("present first", within=0.5)

    # The host makes Sam a helper: Sam's window offers helper actions, not the host's.
    invoke(host.page.teacher.build_member_menu("Sam"), "Make helper")
    wait_until(
        lambda: pump() or sam.page.teacher.in_charge(CHANNEL), 10, tk_root, what="Sam a helper"
    )
    pump()
    room = labels(sam.room_menu)
    assert "Lock room" in room
    assert "Word filter…" not in room
    on_aisha = labels(sam.page.teacher.build_member_menu("Aisha"))
    assert "Mute" in on_aisha
    assert "Make helper" not in on_aisha
    assert on_aisha.count("Remove helper") == 0
    assert labels(sam.page.teacher.build_member_menu(HOST)) == [f"Private message to {HOST}"]
    assert "Word filter…" in labels(host.room_menu)
    watcher.close()


def test_a_muted_student_reads_why(
    host: ChatApp, tk_root: tkinter.Tk, port: int, student: tuple[ChatApp, tkinter.Tk]
) -> None:
    sam, sam_root = student
    sam.start.join_now("Sam", f"127.0.0.1:{port}")
    wait_until(
        lambda: sam_root.update() or ("Sam" in members(host) and sam.page is not None),
        15,
        tk_root,
        what="Sam's window in the room",
    )
    invoke(host.page.teacher.build_member_menu("Sam"), "Mute")
    wait_until(
        lambda: sam_root.update() or "\N{GEAR} Ms_Rivera muted Sam." in transcript_text(sam),
        10,
        tk_root,
        what="Sam told of the mute, in the room, in words",
    )
    assert "muted" not in transcript_text(sam, "*")  # said once, where it happened
    assert sam.page is not None
    sam.page.view.input.set("hello?")
    sam.page.view.input._send(None)  # type: ignore[arg-type]
    wait_until(
        lambda: (
            sam_root.update()
            or "hello? (not sent: You are muted in Class chat:" in transcript_text(sam)
        ),
        10,
        tk_root,
        what="the refusal in words beside Sam's line",
    )
    assert " 404" not in transcript_text(sam)


def test_word_filter_from_the_room_menu(host: ChatApp, tk_root: tkinter.Tk, port: int) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    aisha = join_peer(port, "Aisha", tk_root, host)
    invoke(host.room_menu, "Word filter")
    dialog = host.page.teacher.dialog
    assert isinstance(dialog, WordFilterDialog)
    dialog.words.insert("1.0", "a sentence is not a word " * 3)
    dialog.save_button.invoke()
    assert dialog.is_open(), "a list the server can't use keeps the window open"
    assert dialog.problem.get()
    dialog.words.delete("1.0", "end")
    dialog.words.insert("1.0", "crème\n\nbrûlée\n")
    dialog.action.set("block")
    dialog.save_button.invoke()
    assert not dialog.is_open()
    assert load_settings(settings_path()).word_filter == ["crème", "brûlée"]
    aisha.expect(r"NOTICE #class-chat :The host set the word filter")
    sam.send(f"PRIVMSG {CHANNEL} :I love CREME")
    sam.expect(r" 404 Sam #class-chat :Your message to #class-chat was not sent: it contains")
    aisha.expect_nothing("CREME", within=0.3)
    sam.send(f"PRIVMSG {CHANNEL} :I love cream")
    aisha.expect(r"PRIVMSG #class-chat :I love cream")
    sam.close()
    aisha.close()


def test_shift_f10_opens_the_member_menu_and_slow_mode_by_command(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    sam = join_peer(port, "Sam", tk_root, host)
    assert host.page is not None
    host.page.view.member_list.select("Sam")
    press(host.page.view.member_list.tree, "<Shift-F10>")
    menu = host.page.teacher.member_menu
    assert menu is not None
    menu.unpost()
    assert labels(menu)[0] == "Private message to Sam"
    assert "Ban…" in labels(menu)

    type_line(host, "/slow 30")
    sam.expect(rf"MODE {CHANNEL} \+W :?30")
    wait_until(
        lambda: "Slow mode… (30 s)" in labels(host.room_menu), 5, tk_root, what="the menu's 30 s"
    )
    sam.send(f"PRIVMSG {CHANNEL} :one")
    sam.send(f"PRIVMSG {CHANNEL} :two")
    sam.expect(r" 404 Sam #class-chat :Slow mode is on in #class-chat: wait \d+ more seconds")
    sam.close()


def test_the_room_password_is_typed_behind_dots(host: ChatApp, tk_root: tkinter.Tk) -> None:
    """The host's screen is often projected: the password dialog masks it like the Join page."""
    host.page.teacher.ask_pin()
    pin = host.page.teacher.dialog
    assert isinstance(pin, Ask)
    assert pin.entry.cget("show") == ""
    host.page.teacher.ask_password()
    dialog = host.page.teacher.dialog
    assert isinstance(dialog, Ask)
    assert dialog.entry.cget("show") == "•"
    dialog.cancel()


def test_messages_sent_or_refused_are_forgotten(host: ChatApp, tk_root: tkinter.Tk) -> None:
    """The window keeps where each of our messages was typed only until the server answers."""
    type_line(host, "good morning")
    type_line(host, "/msg Nobody are you there?")
    wait_until(
        lambda: (
            "not sent" in transcript_text(host, "Nobody")
            and "good morning" in transcript_text(host)
            and "sending…" not in transcript_text(host)
        ),
        5,
        tk_root,
        what="one message sent and one refused",
    )
    assert [host.page.pending_conversation(local_id) for local_id in (1, 2)] == [None, None]


def test_slow_mode_asks_again_for_seconds_not_in_plain_digits(
    host: ChatApp, tk_root: tkinter.Tk
) -> None:
    """ "²" passes str.isdigit() but not int(): the dialog says what to type, nothing breaks."""
    host.page.teacher.ask_slow()
    answer(host, tk_root, "²")
    wait_until(
        lambda: "Slow mode needs a number of seconds" in transcript_text(host),
        5,
        tk_root,
        what="the advice about seconds",
    )
    assert "Slow mode… (" not in " ".join(labels(host.room_menu))


def test_a_hand_raised_at_an_impossible_time_is_shown_without_one(tk_root: tkinter.Tk) -> None:
    """A server's clock is not ours: a time the calendar cannot show becomes "?"."""
    panel = HandsPanel(tk_root, lambda nick: None)
    panel.set((Hand("Sam", 1e20), Hand("Aisha", float("inf"))))
    assert panel.text() == "1. Sam (?)\n2. Aisha (?)"
    panel.frame.destroy()


def test_a_word_filter_edited_by_hand_beyond_the_limits_is_set_aside(tmp_path: Path) -> None:
    """A settings file whose word filter the server could not use must not stop hosting."""
    path = tmp_path / "settings.json"
    usable = {"word_filter": ["crème"], "word_filter_action": "mask"}
    path.write_text(json.dumps(usable), encoding="utf-8")
    assert load_settings(path).word_filter == ["crème"]
    too_many = {"word_filter": ["w"] * (limits.WORD_FILTER_MAX_WORDS + 1)}
    path.write_text(json.dumps(too_many), encoding="utf-8")
    assert load_settings(path).word_filter == []


def test_a_student_joins_a_room_with_a_password_from_the_join_page(
    host: ChatApp, tk_root: tkinter.Tk, port: int, student: tuple[ChatApp, tkinter.Tk]
) -> None:
    """The password typed on the Join page is also the room's password (+k) set later on."""
    sam, sam_root = student
    watcher = join_peer(port, "Aisha", tk_root, host)
    type_line(host, "/password kangaroo42")
    watcher.expect(r" MODE #class-chat \+k \*$")  # a student: the password is not shown
    sam.start.password.set("kangaroo42")
    sam.start.join_now("Sam", f"127.0.0.1:{port}")
    wait_until(
        lambda: sam_root.update() or "Sam" in members(host),  # type: ignore[func-returns-value]
        15,
        tk_root,
        what="Sam in the locked-by-password room",
    )
    watcher.close()
