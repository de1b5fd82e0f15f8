"""The host's message history: an SQLite file (stdlib sqlite3, WAL) in the user's data folder.

It implements the server core's HistoryStore (chatgui.protocol.server.history_store) and
imports only the protocol core, events, limits and paths. The room's account key is kept
beside the file (account_key.py). Each hosting of a room is a lesson in it (lessons.py).
"""

from chatgui.history.account_key import account_key_beside
from chatgui.history.lesson_book import LessonBook, Said
from chatgui.history.lessons import Lesson, LessonPlan
from chatgui.history.store import SqliteHistory

__all__ = ["Lesson", "LessonBook", "LessonPlan", "Said", "SqliteHistory", "account_key_beside"]
