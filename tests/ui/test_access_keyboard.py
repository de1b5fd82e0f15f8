"""Every action of the chat page without a mouse, in a real window: switching conversations
(Ctrl+Tab typed with xdotool, Ctrl+Shift+Tab, Alt+Down, Alt+Up), F6 between the parts of the
window, a person's menu from the keyboard, and the messages scrolled from the message box
(Page Up, Ctrl+Home, Ctrl+End). The host is a ChatApp hosting on 127.0.0.1; Kim is a raw
IRC client in the room."""

from __future__ import annotations

import tkinter

from chatgui.ui.app import ChatApp
from chatgui.ui.chat_view import SERVER
from chatgui.ui.transcript import INFO
from tests.support import find_window, press_key, wait_until
from tests.ui.roomkit import CHANNEL, join_peer, press


def test_conversations_switch_from_the_keyboard(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    kim = join_peer(port, "Kim", tk_root, host)
    try:
        assert host.page is not None
        view = host.page.view
        view.open("Kim")
        view.show(CHANNEL)
        order = list(view.titles)  # the room messages, the room, Kim
        assert order == [SERVER, CHANNEL, "kim"]
        tk_root.title("chatgui keys")
        window = find_window("^chatgui keys$", 10, tk_root)
        tk_root.focus_force()
        view.input.widget.focus_set()
        tk_root.update()
        press_key(window, "ctrl+Tab", tk_root)
        wait_until(lambda: view.current == "kim", 5, tk_root, what="Ctrl+Tab to Kim")
        assert tk_root.focus_get() == view.input.widget, "the cursor is in Kim's message box"
        press(view.input.widget, "<Control-Tab>")
        assert view.current == SERVER, "round the end of the list"
        press(view.input.widget, "<Control-Shift-Tab>")
        assert view.current == "kim"
        press(view.input.widget, "<Alt-Up>")
        assert view.current == CHANNEL
        press(view.member_list.tree, "<Alt-Down>")
        assert view.current == "kim"
    finally:
        kim.close()


def test_f6_moves_between_the_parts_and_the_menu_key_opens_a_persons_menu(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    kim = join_peer(port, "Kim", tk_root, host)
    try:
        assert host.page is not None
        view = host.page.view
        messages = view.shown_transcript()
        assert messages is not None
        press(view.input.widget, "<F6>")
        assert tk_root.focus_get() == view.member_list.tree
        assert view.member_list.selected() == "Ms_Rivera", "a person chosen, for the Menu key"
        view.member_list.tree.event_generate("<F6>")
        assert tk_root.focus_get() == view.conversations.canvas
        view.conversations.canvas.event_generate("<F6>")
        assert tk_root.focus_get() == messages.widget
        assert int(messages.widget.cget("highlightthickness")) > 0, "the focus is visible"
        messages.widget.event_generate("<F6>")
        assert tk_root.focus_get() == view.input.widget
        view.input.widget.event_generate("<Shift-F6>")
        assert tk_root.focus_get() == messages.widget
        view.member_list.select("Kim")
        press(view.member_list.tree, "<Key-Menu>")
        menu = host.page.teacher.member_menu
        assert menu is not None
        assert menu.entrycget(0, "label") == "Private message to Kim"
        assert menu.winfo_ismapped()
        menu.unpost()
        tk_root.tk.call("tk::MenuUnpost", "")
    finally:
        kim.close()


def test_the_messages_scroll_from_the_message_box(host: ChatApp, tk_root: tkinter.Tk) -> None:
    assert host.page is not None
    view = host.page.view
    shown = view.shown_transcript()
    assert shown is not None
    for number in range(200):
        shown.add_notice(INFO, f"line {number}")
    shown.scroll_to_end()
    tk_root.update()
    bottom = shown.widget.yview()
    press(view.input.widget, "<Prior>")
    assert shown.widget.yview()[0] < bottom[0], "Page Up scrolled the messages"
    press(view.input.widget, "<Control-Home>")
    # the first line in view (not yview()[0] == 0: its fractions drift while Tk measures
    # rewrapped lines again, as at Ctrl+End below)
    assert shown.widget.bbox("1.0") is not None, "Ctrl+Home showed the first line"
    press(view.input.widget, "<Next>")
    assert shown.widget.yview()[0] > 0.0
    press(view.input.widget, "<Control-End>")
    # the last line in view, as the transcript itself asks: yview()'s fractions drift below 1
    # while Tk measures rewrapped lines again, a few at a time (a busy machine shows it)
    assert shown.widget.bbox("end-1c") is not None, "Ctrl+End showed the last line"
