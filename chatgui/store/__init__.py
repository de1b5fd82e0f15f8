"""What is kept on disk: the host's message history and the keys of rooms joined before.

The history is an SQLite file (stdlib sqlite3, WAL) in the user's data folder.

It implements the server core's HistoryStore (chatgui.protocol.server.message_store) and
imports only the protocol core, events, limits and paths. The room's account key is kept
beside the file (account_key.py). Each hosting of a room is a lesson in it (lessons.py).
"""

from chatgui.store.account_key import account_key_beside
from chatgui.store.lesson_book import LessonBook, Said
from chatgui.store.lessons import Lesson, LessonPlan
from chatgui.store.room_keys import RoomKeys
from chatgui.store.sqlite_history import SqliteHistory

__all__ = [
    "Lesson",
    "LessonBook",
    "LessonPlan",
    "RoomKeys",
    "Said",
    "SqliteHistory",
    "account_key_beside",
]
