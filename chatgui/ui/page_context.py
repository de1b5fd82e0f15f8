"""PageContext: what every part of the chat page works with, handed to each part as it is made
(teacher.py, room_tools.py, every_room.py, closing.py, outage.py): never the window's owner."""

import tkinter as tk
from dataclasses import dataclass

from chatgui.net.client import ChatClient
from chatgui.ui.chat_view import ChatView
from chatgui.ui.room_session import RoomSession


@dataclass(frozen=True)
class PageContext:
    root: tk.Tk
    session: RoomSession
    """The room, and who we are in it."""
    view: ChatView
    client: ChatClient
    """The connection the page's requests go to (its intent methods)."""
