"""The order in which the chat page's columns give way (page_layout.panes), without a window."""

from chatgui.ui.page_layout import Columns, panes

COLUMNS = Columns(sidebar=150, members=160, conversation_min=300)


def test_all_three_columns_where_they_fit() -> None:
    assert panes(610, COLUMNS, None, members=True) == (True, True)


def test_the_member_list_gives_way_first_then_the_sidebar() -> None:
    assert panes(609, COLUMNS, None, members=True) == (True, False)
    assert panes(449, COLUMNS, None, members=True) == (False, False)


def test_members_asked_for_take_the_sidebars_place() -> None:
    assert panes(500, COLUMNS, True, members=True) == (False, True)
    assert panes(900, COLUMNS, False, members=True) == (True, False)


def test_no_member_list_for_a_private_conversation() -> None:
    assert panes(900, COLUMNS, True, members=False) == (True, False)
