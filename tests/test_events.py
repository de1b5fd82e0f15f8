"""ChatEvent is the union of every event class in events.py: the window's matches over it
(ChatApp.on_event, then ChatPage.on_event ending in assert_never) are then checked by mypy for
every event there is."""

import dataclasses
import inspect
import typing

from chatgui import events

CARRIED = {events.Member, events.Hand}
"""Carried inside events (a member list, a queue of hands), never posted alone."""


def event_classes() -> set[type]:
    return {
        cls
        for _, cls in inspect.getmembers(events, inspect.isclass)
        if dataclasses.is_dataclass(cls) and cls.__module__ == events.__name__
    }


def test_chat_event_names_every_event_class() -> None:
    assert set(typing.get_args(events.ChatEvent)) == event_classes() - CARRIED
