"""The history file's tables, its word index and the SQL pieces the store's queries share.

Kept apart from the store so the shape of the file can be read in one place: what each
column holds, and how version 1 files are brought up to version 2.
"""

from chatgui.protocol.server.history_store import PRIVATE_SEPARATOR

SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,         -- the order entries were stored in
    msgid TEXT NOT NULL,            -- one QUIT in two rooms is one msgid, kept in each
    at REAL NOT NULL,               -- server time, seconds since the epoch
    conversation TEXT NOT NULL,     -- casefolded room, or "nick1,nick2" for private messages
    command TEXT NOT NULL,
    sender TEXT NOT NULL,           -- casefolded nick, for SEARCH from=
    source TEXT NOT NULL,           -- nick!user@host
    params TEXT NOT NULL,           -- JSON list of the parameters as relayed, but the last
    text TEXT NOT NULL,             -- the last parameter: what was said, for SEARCH text=
    tags TEXT NOT NULL,             -- JSON object of the client-only tags
    address TEXT NOT NULL DEFAULT '', -- the host of `source`: whose lines go first when full
    UNIQUE (conversation, msgid)
);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages (conversation, at, id);
"""
# No index on `at` alone: each index costs a page written per message, and pruning by age
# finds the oldest by id (the order stored) anyway.
WORDS = """
CREATE INDEX IF NOT EXISTS messages_by_address ON messages (conversation, address, id);
CREATE VIRTUAL TABLE IF NOT EXISTS message_words USING fts5(
    text, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS message_words_added AFTER INSERT ON messages
WHEN new.command IN ('PRIVMSG', 'NOTICE') BEGIN
    INSERT INTO message_words (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS message_words_removed AFTER DELETE ON messages
WHEN old.command IN ('PRIVMSG', 'NOTICE') BEGIN
    INSERT INTO message_words (message_words, rowid, text) VALUES ('delete', old.id, old.text);
END;
"""
"""Version 2: the words of every message, indexed (SQLite FTS5), kept in step with the
table by triggers, so SEARCH reads only the messages that have the words; and the sender's
address, indexed per room, so pruning finds the biggest writer's oldest lines at once."""
MIGRATION_FROM_1 = """
ALTER TABLE messages ADD COLUMN address TEXT NOT NULL DEFAULT '';
UPDATE messages SET address = substr(source, instr(source, '@') + 1);
"""
FILL_THE_WORDS = """
INSERT INTO message_words (rowid, text)
SELECT id, text FROM messages WHERE command IN ('PRIVMSG', 'NOTICE');
"""
"""A file made by version 1 gets its messages' words indexed, once, when opened."""
COLUMNS = "id, msgid, at, conversation, command, source, params, text, tags"
MESSAGES_ONLY = "command IN ('PRIVMSG', 'NOTICE')"
PRIVATE_OF = "(substr(conversation, 1, ?) = ? OR substr(conversation, -?) = ?)"
"""A private conversation of one nick: it starts with "nick," or ends with ",nick"."""


def private_of(nick: str) -> tuple[object, ...]:
    """The values for PRIVATE_OF; an empty nick matches nothing."""
    if not nick:
        return (0, "\0", 0, "\0")
    start, end = nick + PRIVATE_SEPARATOR, PRIVATE_SEPARATOR + nick
    return (len(start), start, len(end), end)
