"""The room's dialogs in a real window: each marks its main button, closes on Escape, answers
Enter where it has one answer, can't be made smaller than its content, scrolls its list when
the list is long, and fits an 800x600 screen after Ctrl+plus three times."""

from __future__ import annotations

import tkinter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chatgui.events import ServerStarted
from chatgui.ui.app import ChatApp
from chatgui.ui.ask import Ask
from chatgui.ui.bans_dialog import BanDialog, BansDialog
from chatgui.ui.closing import Confirm
from chatgui.ui.dialog import PRIMARY
from chatgui.ui.invite_offer import InviteOffer
from chatgui.ui.join_info import HowToJoin
from chatgui.ui.save_choice import SaveChoice
from chatgui.ui.settings import Settings
from chatgui.ui.word_filter_dialog import WordFilterDialog
from tests.ui.roomkit import press, stop_app
from tests.ui.test_pages_start import cut_off

Opened = tuple[tkinter.Toplevel, tkinter.Misc, list[object]]
"""A dialog's window, its main button, and what its callbacks were given."""


def ask(root: tkinter.Tk) -> Opened:
    said: list[object] = []
    dialog = Ask(root, "Rename", "Your new name?", said.append, initial="Sam_L")
    return dialog.window, dialog.ok_button, said


def ban(root: tkinter.Tk) -> Opened:
    said: list[object] = []
    dialog = BanDialog(root, "Tom", "10.0.0.7", lambda why, how: said.append(how))
    return dialog.window, dialog.ok_button, said


def invite(root: tkinter.Tk) -> Opened:
    said: list[object] = []
    dialog = InviteOffer(root, "Ms_Rivera", "Maths", lambda: said.append("join"))
    return dialog.window, dialog.join_button, said


def save_choice(root: tkinter.Tk) -> Opened:
    said: list[object] = []
    dialog = SaveChoice(root, 3, said.append)
    return dialog.window, dialog.leave_button, said


def bans(root: tkinter.Tk) -> Opened:
    said: list[object] = []
    dialog = BansDialog(root, "Maths", said.append)
    dialog.show(tuple((f"Sam{n}!*@*", "Ms_Rivera") for n in range(40)))
    return dialog.window, dialog.button, said


def word_filter(root: tkinter.Tk) -> Opened:
    said: list[object] = []
    dialog = WordFilterDialog(root, [f"word{n}" for n in range(40)], "block", record(said))
    return dialog.window, dialog.save_button, said


def how_to_join(root: tkinter.Tk) -> Opened:
    said: list[object] = []
    started = ServerStarted(("10.0.0.5",), 6667, tls_port=6697, fingerprint="ab" * 32)
    dialog = HowToJoin(root, "Maths", started, "VOV2-XK5L", lambda: said.append("closed"))
    close = next(w for w in all_widgets(dialog.top) if w.winfo_class() == "TButton")
    return dialog.top, close, said


def confirm(root: tkinter.Tk) -> Opened:
    said: list[object] = []
    dialog = Confirm(root, "Close the room?", "Keep it open", "Close it", lambda: said.append(1))
    return dialog.window, dialog.keep_button, said


def record(said: list[object]) -> Callable[[list[str], str], None]:
    def saved(words: list[str], action: str) -> None:
        said.append(words)

    return saved


def all_widgets(widget: tkinter.Misc) -> Iterator[tkinter.Misc]:
    for child in widget.winfo_children():
        yield child
        yield from all_widgets(child)


DIALOGS = [ask, ban, invite, save_choice, bans, word_filter, how_to_join, confirm]
ONE_ANSWER: dict[Callable[[tkinter.Tk], Opened], list[object]] = {
    ask: ["Sam_L"],
    ban: ["name"],
    invite: ["join"],
    how_to_join: ["closed"],
}


@pytest.fixture
def app(tk_root: tkinter.Tk, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[ChatApp]:
    monkeypatch.setenv("CHATGUI_HOME", str(tmp_path / "home"))
    tk_root.geometry("800x600+0+0")
    chat = ChatApp(tk_root, Settings(name="Sam"))
    tk_root.update()
    try:
        yield chat
    finally:
        stop_app(chat)


@pytest.mark.parametrize("open_dialog", DIALOGS, ids=lambda f: f.__name__)
def test_a_dialog_marks_its_main_button_and_keeps_its_size(
    app: ChatApp, tk_root: tkinter.Tk, open_dialog: Callable[[tkinter.Tk], Opened]
) -> None:
    window, main, _ = open_dialog(tk_root)
    tk_root.update()
    assert main.cget("style") == PRIMARY
    smallest = tuple(int(n) for n in window.wm_minsize())
    assert smallest == (window.winfo_reqwidth(), window.winfo_reqheight())


@pytest.mark.parametrize("open_dialog", DIALOGS, ids=lambda f: f.__name__)
def test_escape_closes_a_dialog_with_nothing_done(
    app: ChatApp, tk_root: tkinter.Tk, open_dialog: Callable[[tkinter.Tk], Opened]
) -> None:
    window, main, said = open_dialog(tk_root)
    tk_root.update()
    press(main, "<Escape>")
    assert not window.winfo_exists()
    assert said in ([], ["closed"])  # How to join says it closed, and nothing else


@pytest.mark.parametrize("open_dialog", list(ONE_ANSWER), ids=lambda f: f.__name__)
def test_enter_gives_a_dialogs_one_answer(
    app: ChatApp, tk_root: tkinter.Tk, open_dialog: Callable[[tkinter.Tk], Opened]
) -> None:
    window, main, said = open_dialog(tk_root)
    tk_root.update()
    press(main, "<Return>")
    assert said == ONE_ANSWER[open_dialog]
    assert not window.winfo_exists()


@pytest.mark.parametrize("open_dialog", [bans, word_filter], ids=lambda f: f.__name__)
def test_a_long_list_in_a_dialog_has_a_scrollbar(
    app: ChatApp, tk_root: tkinter.Tk, open_dialog: Callable[[tkinter.Tk], Opened]
) -> None:
    window, _, _ = open_dialog(tk_root)
    tk_root.update()
    bars = [w for w in all_widgets(window) if w.winfo_class() == "TScrollbar"]
    assert [bar.winfo_ismapped() for bar in bars] == [True]


@pytest.mark.parametrize("open_dialog", DIALOGS, ids=lambda f: f.__name__)
def test_a_dialog_fits_800x600_after_ctrl_plus_three_times(
    app: ChatApp, tk_root: tkinter.Tk, open_dialog: Callable[[tkinter.Tk], Opened]
) -> None:
    for _ in range(3):
        app.looks.zoom(1)
    window, _, _ = open_dialog(tk_root)
    tk_root.update()
    assert window.winfo_width() <= 800
    assert window.winfo_height() <= 600
    assert cut_off(window) == []
