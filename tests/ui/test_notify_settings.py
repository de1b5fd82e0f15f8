"""The notification switches: kept in settings.json, checked when read back, changed in the
Settings dialog (View → Settings…, a real window); and the rules that decide, as functions."""

from __future__ import annotations

import json
import tkinter
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from chatgui import limits
from chatgui.ui.app import ChatApp
from chatgui.ui.notify import AlertBudget, Alerts, Arrival, alerts_for, plain
from chatgui.ui.settings import Settings, load_settings, settings_path
from chatgui.ui.settings_dialog import OPEN_SETTINGS
from tests.ui.roomkit import stop_app

MENTION = Arrival("#class", "Sam", "Kim?", "Class chat", mention=True)
PRIVATE = Arrival("sam", "Sam", "psst", "Sam", private=True)
ROOM_LINE = Arrival("#class", "Sam", "hello", "Class chat")


def test_the_switches_are_on_for_mentions_and_private_messages_by_default() -> None:
    settings = Settings()
    every = Alerts(count=True, sound=True, desktop=True, flash=True)
    assert alerts_for(MENTION, settings) == every
    assert alerts_for(PRIVATE, settings) == every
    assert alerts_for(ROOM_LINE, settings) == Alerts()


def test_what_is_chosen_decides_and_some_lines_never_alert() -> None:
    everything = Settings(notify_about="everything")
    assert alerts_for(ROOM_LINE, everything) == Alerts(count=True, desktop=True, flash=True)
    nothing = Settings(notify_about="nothing")
    assert alerts_for(MENTION, nothing) == Alerts(count=True)  # the title still counts it
    quiet = Settings(notify_sound=False, notify_desktop=False, notify_flash=False)
    assert alerts_for(PRIVATE, quiet) == Alerts(count=True)
    for never in ("own", "system", "reading"):
        arrival = Arrival("#class", "Sam", "Kim!", "Class chat", mention=True, **{never: True})
        assert alerts_for(arrival, everything) == Alerts(), never


def test_the_budget_gives_a_few_alerts_a_minute() -> None:
    now = [0.0]
    budget = AlertBudget(clock=lambda: now[0])
    given_ = [budget.take() for _ in range(1000)]
    assert sum(given_) == limits.ALERTS_PER_MINUTE_MAX
    now[0] = 59.9
    assert not budget.take()
    now[0] = 60.0
    assert budget.take()


@given(st.text(), st.integers(min_value=1, max_value=300))
def test_notification_text_is_one_plain_bounded_line(text: str, most: int) -> None:
    shown = plain(text, most)
    assert len(shown) <= most
    assert not any(unicodedata.category(c)[0] in "CZ" and c != " " for c in shown)
    assert "  " not in shown


def test_damaged_switches_are_read_as_the_safe_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "notify_about": "loud",
                "notify_desktop": "yes",
                "notify_sound": 0,
                "notify_flash": None,
            }
        ),
        encoding="utf-8",
    )
    settings = load_settings(path)
    assert settings.notify_about == "mentions"
    assert (settings.notify_desktop, settings.notify_sound, settings.notify_flash) == (
        True,
        True,
        True,
    )


def test_the_settings_dialog_opens_from_the_view_menu_and_keeps_its_switches(
    tk_root: tkinter.Tk,
) -> None:
    app = ChatApp(tk_root, Settings(name="Kim"))
    try:
        menubar = tk_root.nametowidget(tk_root.cget("menu"))
        view = tk_root.nametowidget(menubar.entrycget("View", "menu"))
        view.invoke(OPEN_SETTINGS)
        tk_root.update()
        dialog = app.settings_dialog
        assert dialog is not None
        assert dialog.is_open()
        view.invoke(OPEN_SETTINGS)  # again: the same window, not a second one
        assert app.settings_dialog is dialog
        boxes = [w for w in _widgets(dialog.window) if w.winfo_class() == "TCheckbutton"]
        assert str(boxes[0].cget("text")) == "Show desktop notifications"
        boxes[0].invoke()  # type: ignore[attr-defined]
        radios = [w for w in _widgets(dialog.window) if w.winfo_class() == "TRadiobutton"]
        radios[1].invoke()  # type: ignore[attr-defined]
        assert not app.settings.notify_desktop
        assert app.settings.notify_about == "everything"
        kept = load_settings(settings_path())
        assert (kept.notify_desktop, kept.notify_about) == (False, "everything")
    finally:
        stop_app(app)


def _widgets(parent: tkinter.Misc) -> list[tkinter.Misc]:
    found = []
    for child in parent.winfo_children():
        found += [child, *_widgets(child)]
    return found
