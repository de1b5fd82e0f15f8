"""The SQL of a search: which messages it reads (a bounded number of candidates, found in
the word index) and how the searched text becomes a query no one can turn into syntax."""

from chatgui import limits
from chatgui.protocol.server.message_store import SearchQuery
from chatgui.store.schema import COLUMNS, MESSAGES_ONLY, rooms_or_private


def search_sql(query: SearchQuery, lesson: int) -> tuple[str, tuple[object, ...]]:
    """The SQL (and its values) of a search in `lesson`: the newest `query.limit` matches
    among the candidates, in no order."""
    conditions = ["lesson = ?", rooms_or_private(len(query.conversations)), MESSAGES_ONLY]
    conditions += ["at > ?", "at < ?"]
    values: list[object] = [lesson, *query.conversations, query.private_of]
    values += [query.after, query.before]
    if query.sender:
        conditions.append("sender = ?")
        values.append(query.sender)
    words = words_to_match(query.text)
    if not words and query.text:  # no letters or digits (":)"): read each candidate
        conditions.append("text LIKE ? ESCAPE '\\'")
        values.append("%" + like_escape(query.text) + "%")
    candidates, head = candidates_sql(query, words, lesson)
    # The candidates come newest first, so the first `limit` that match are the newest
    # (no ORDER BY here: sorting would read every candidate before the first answer).
    sql = f"SELECT {COLUMNS} FROM ({candidates}) CROSS JOIN messages ON id = hit"
    return f"{sql} WHERE {' AND '.join(conditions)} LIMIT ?", (*head, *values, query.limit)


def candidates_sql(query: SearchQuery, words: str, lesson: int) -> tuple[str, tuple[object, ...]]:
    """The SQL (and its values) of the ids a search reads, newest first, SEARCH_MAX_EXAMINED
    at most: those with the words; else the newest messages of the one room searched in
    `lesson` (never its joins and leaves); else the newest of the lesson."""
    examined = limits.SEARCH_MAX_EXAMINED
    if words:
        with_words = "SELECT rowid AS hit FROM message_words WHERE message_words MATCH ?"
        return f"{with_words} ORDER BY rowid DESC LIMIT ?", (words, examined)
    if len(query.conversations) == 1 and not query.private_of:
        in_room = "SELECT id AS hit FROM messages WHERE lesson = ? AND conversation = ?"
        in_room += f" AND {MESSAGES_ONLY}"
        room = query.conversations[0]
        return f"{in_room} ORDER BY at DESC, id DESC LIMIT ?", (lesson, room, examined)
    in_lesson = "SELECT id AS hit FROM messages WHERE lesson = ?"
    return f"{in_lesson} ORDER BY id DESC LIMIT ?", (lesson, examined)


def words_to_match(text: str) -> str:
    """An FTS5 query: every word of `text` must begin a word of the message ("home" finds
    "homework"; case and accents aside). Each is quoted, so nothing in it is syntax."""
    words = text.replace("\0", " ").split()  # SQLite would read a NUL as the query's end
    quoted = ['"' + w.replace('"', '""') + '"*' for w in words if any(c.isalnum() for c in w)]
    return " AND ".join(quoted)


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
