"""The member list: every member reachable with a scrollbar and a count, sections by role,
and the selection kept when the list changes (issue 19). Real windows, real sockets."""

from __future__ import annotations

import tkinter

from chatgui.ui.app import ChatApp
from chatgui.ui.member_list import AWAY, HAND, MUTED, MemberList
from tests.lineclient import LineClient
from tests.support import wait_until
from tests.ui.layoutkit import classmates, settle
from tests.ui.roomkit import CHANNEL, members


def member_list(app: ChatApp) -> MemberList:
    assert app.page is not None
    return app.page.view.member_list


def select_member(app: ChatApp, nick: str) -> None:
    member_list(app).select(nick)


def selected_member(app: ChatApp) -> str | None:
    return member_list(app).selected()


def scrollbar_shown(app: ChatApp) -> bool:
    return bool(member_list(app).scrollbar.winfo_ismapped())


def test_thirty_members_are_all_reachable_with_a_scrollbar(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    with classmates(port, 30, tk_root, host):
        settle(tk_root)
        assert scrollbar_shown(host), "30 members and no sign that more are below"


def test_the_selected_member_stays_selected_when_the_list_changes(
    host: ChatApp, tk_root: tkinter.Tk, port: int
) -> None:
    with classmates(port, 5, tk_root, host):
        select_member(host, "Mei")
        late = LineClient(port)
        try:
            late.register("Zoe")
            late.send(f"JOIN {CHANNEL}")
            wait_until(lambda: "Zoe" in members(host), 10, tk_root, what="Zoe in the list")
            assert selected_member(host) == "Mei"
            late.send("AWAY :library")
            late.send(f"PART {CHANNEL}")
            wait_until(lambda: "Zoe" not in members(host), 10, tk_root, what="Zoe gone")
            assert selected_member(host) == "Mei"
        finally:
            late.close()


def test_sections_with_counts_and_icons(host: ChatApp, tk_root: tkinter.Tk, port: int) -> None:
    with classmates(port, 4, tk_root, host) as (_, jonas, _, lee):
        assert host.page is not None
        host.page.handle_input(CHANNEL, "/helper Aisha")
        host.page.handle_input(CHANNEL, "/mute Mei")
        jonas.send(f"HAND {CHANNEL}")
        lee.send("AWAY :library")
        expected = [
            "Host  1",
            "Ms_Rivera",
            "Helpers  1",
            "Aisha",
            "Everyone  3",
            f"Jonas  {HAND}",
            f"Lee  {AWAY}",
            f"Mei  {MUTED}",
        ]
        wait_until(lambda: member_list(host).rows() == expected, 10, tk_root, what="sections")
        assert host.page.view.members_shown()
        tree = member_list(host).tree
        assert "section" in tree.item("section:Everyone", "tags")
        select_member(host, "Lee")
        assert "away" in tree.item(tree.selection()[0], "tags")
        tree.selection_set("section:Host")  # a heading is no one
        tk_root.update()
        assert selected_member(host) is None
