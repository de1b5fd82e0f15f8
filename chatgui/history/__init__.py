"""The host's message history: an SQLite file (stdlib sqlite3, WAL) in the user's data folder.

It implements the server core's HistoryStore (chatgui.protocol.server.history_store) and
imports only the protocol core, events and limits.
"""

from chatgui.history.store import SqliteHistory

__all__ = ["SqliteHistory"]
