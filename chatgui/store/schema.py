"""The history file's tables, its word index and the SQL pieces the store's queries share.

Kept apart from the store so the shape of the file can be read in one place: what each
column holds, and how files of each earlier version are brought up to this one.
"""

from collections.abc import Iterable

from chatgui.protocol.server.message_store import MESSAGE_COMMANDS

SCHEMA_VERSION = 6
SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,         -- the order entries were stored in
    msgid TEXT NOT NULL,            -- one QUIT in two rooms is one msgid, kept in each
    at REAL NOT NULL,               -- server time, seconds since the epoch
    conversation TEXT NOT NULL,     -- casefolded room, or "key1,key2": two people's identities
    command TEXT NOT NULL,
    sender TEXT NOT NULL,           -- casefolded nick, for SEARCH from=
    source TEXT NOT NULL,           -- nick!user@host
    params TEXT NOT NULL,           -- JSON list of the parameters as relayed, but the last
    text TEXT NOT NULL,             -- the last parameter: what was said, for SEARCH text=
    tags TEXT NOT NULL,             -- JSON object of the client-only tags
    address TEXT NOT NULL DEFAULT '', -- the host of `source`: whose lines go first when full
    sender_key TEXT NOT NULL DEFAULT '', -- in a private conversation, the writer's identity
    lesson INTEGER NOT NULL DEFAULT 0, -- the lessons row it was said in
    UNIQUE (conversation, msgid)
);
CREATE TABLE IF NOT EXISTS lessons (
    id INTEGER PRIMARY KEY AUTOINCREMENT, -- never used again: a pending file names its lesson
    room TEXT NOT NULL,             -- the casefolded room the host opened ('' for none)
    title TEXT NOT NULL,            -- the room as the host named it ("Class chat")
    started REAL NOT NULL,
    ended REAL                      -- when the host closed the room; NULL while it is open,
                                    -- or after a crash (the next start continues it)
);
CREATE TABLE IF NOT EXISTS private_people (
    person TEXT NOT NULL,           -- an identity key, one of the two in `conversation`
    conversation TEXT NOT NULL,
    PRIMARY KEY (person, conversation)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS private_people_gone AFTER DELETE ON messages
WHEN substr(old.conversation, 1, 1) NOT IN ('#', '&')
    AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation = old.conversation) BEGIN
    DELETE FROM private_people WHERE conversation = old.conversation;
END;
"""
"""private_people: whose private conversations are which, kept by the batch's insert
(rows.py) and a trigger on delete, so TARGETS, SEARCH and finding a partner by name read one
person's conversations through an index, never the whole file."""
# No index on `at` alone: each index costs a page written per message, and pruning by age
# finds the oldest by id (the order stored) anyway.
WORDS = """
CREATE INDEX IF NOT EXISTS messages_by_address ON messages (conversation, address, id);
CREATE VIRTUAL TABLE IF NOT EXISTS message_words USING fts5(
    text, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS message_words_removed AFTER DELETE ON messages
WHEN old.command IN ('PRIVMSG', 'NOTICE') BEGIN
    INSERT INTO message_words (message_words, rowid, text) VALUES ('delete', old.id, old.text);
END;
"""
"""Version 2: the words of every message, indexed (SQLite FTS5), kept in step with the
table (by the batch's insert, rows.py, and a trigger on delete), so SEARCH reads only the
messages that have the words; and the sender's address, indexed per room, so pruning finds
the biggest writer's oldest lines at once."""
MIGRATION_FROM_1 = """
ALTER TABLE messages ADD COLUMN address TEXT NOT NULL DEFAULT '';
UPDATE messages SET address = substr(source, instr(source, '@') + 1);
"""
MIGRATION_FROM_2 = """
ALTER TABLE messages ADD COLUMN sender_key TEXT NOT NULL DEFAULT '';
DELETE FROM messages WHERE substr(conversation, 1, 1) NOT IN ('#', '&');
"""
"""Version 3: private conversations are kept under their people's identities, not their
names. Those of version 2 were kept by name pair, and a name says nothing of who had it:
they are removed (a room's history stays), so nobody who takes a name reads them."""
MIGRATION_FROM_3 = """
ALTER TABLE messages ADD COLUMN lesson INTEGER NOT NULL DEFAULT 0;
INSERT INTO lessons (room, title, started, ended)
    SELECT conversation, conversation, MIN(at), MAX(at) FROM messages
    WHERE substr(conversation, 1, 1) IN ('#', '&') GROUP BY conversation ORDER BY MAX(at);
UPDATE messages SET lesson = (SELECT id FROM lessons WHERE room = messages.conversation)
    WHERE substr(conversation, 1, 1) IN ('#', '&');
INSERT INTO lessons (room, title, started, ended)
    SELECT '', '', MIN(at), MAX(at) FROM messages WHERE lesson = 0 HAVING COUNT(*) > 0;
UPDATE messages SET lesson = (SELECT MAX(id) FROM lessons) WHERE lesson = 0;
"""
"""Version 4: each run of a room is a lesson, and a late joiner reads only this lesson's talk.
What a file of version 3 kept becomes one ended lesson per room (named by the room), and its
private messages one lesson of their own, so the host can still read, export or delete them."""
LESSON_INDEX = """
CREATE INDEX IF NOT EXISTS messages_by_lesson ON messages (lesson, conversation, at, id);
DROP INDEX IF EXISTS messages_by_conversation;
"""
"""Every read of a conversation is within one lesson: this index serves those that take its
joins and leaves too (and replaces version 3's by conversation). Reads of messages alone go
through version 6's messages_said, which costs a message a second index page (~0.3 µs of the
writer's, bench/history_fanout.py)."""
MIGRATION_FROM_4 = """
DROP TRIGGER IF EXISTS private_people_added;
DROP TRIGGER IF EXISTS message_words_added;
"""
"""Version 5: a batch's words and private conversations are added by two statements after
it (rows.py), not by a trigger for each row: ~0.8 µs a message less for the writer thread
(bench/history_fanout.py). The rows and the word index stay as they were."""


def sql_list(words: Iterable[str]) -> str:
    """Fixed words (never anyone's input) as an SQL list: ('PRIVMSG', 'NOTICE')."""
    return "(" + ", ".join(f"'{word}'" for word in words) + ")"


MESSAGES_ONLY = f"command IN {sql_list(MESSAGE_COMMANDS)}"
"""Exactly as the index of messages alone was made with: SQLite uses the index only for a
WHERE that says the same."""
FILL_THE_WORDS = f"""
INSERT INTO message_words (rowid, text)
SELECT id, text FROM messages WHERE {MESSAGES_ONLY};
"""
"""A file made by version 1 gets its messages' words indexed, once, when opened."""
COLUMNS = "id, msgid, at, conversation, command, source, params, text, tags, sender_key"
MESSAGES_INDEX = f"""
CREATE INDEX IF NOT EXISTS messages_said ON messages (lesson, conversation, at, id)
WHERE {MESSAGES_ONLY};
"""
"""Version 6: a room's messages without its joins and leaves, in the order they were said.
A late joiner's replay, CHATHISTORY without event-playback, TARGETS, a search in one room
without a word, and the host's lessons (their message counts, History…) read messages through
it: what they return, not every join and leave after them (an assembly of 500 joining kept
500 rows that each replay stepped over). Its WHERE is MESSAGES_ONLY, as the queries say it:
SQLite uses it only for queries that say the same."""
PRIVATE_OF = "conversation IN (SELECT conversation FROM private_people WHERE person = ?)"
"""The private conversations of one identity key (an empty key has none)."""


def rooms_or_private(rooms: int) -> str:
    """The condition "in one of `rooms` rooms (? each) or a private conversation of ?": the
    rooms' IN list is left out when empty, as SQLite reads the whole table for `IN ()`."""
    if not rooms:
        return PRIVATE_OF
    return f"(conversation IN ({', '.join('?' * rooms)}) OR {PRIVATE_OF})"
