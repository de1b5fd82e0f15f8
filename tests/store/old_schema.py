"""Pieces of earlier versions' history files, to make such files in tests."""

from chatgui.store.schema import WORDS

WORDS_ADDED_BY_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS message_words_added AFTER INSERT ON messages
WHEN new.command IN ('PRIVMSG', 'NOTICE') BEGIN
    INSERT INTO message_words (rowid, text) VALUES (new.id, new.text);
END;
"""
PRIVATE_PEOPLE_ADDED_BY_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS private_people_added AFTER INSERT ON messages
WHEN substr(new.conversation, 1, 1) NOT IN ('#', '&') BEGIN
    INSERT OR IGNORE INTO private_people (person, conversation) VALUES
        (substr(new.conversation, 1, instr(new.conversation, ',') - 1), new.conversation),
        (substr(new.conversation, instr(new.conversation, ',') + 1), new.conversation);
END;
"""
"""Versions 2 to 4 added each row's words, and version 3 and 4 each private conversation's
people, by a trigger on insert."""
WORDS_OF_VERSION_4 = WORDS + WORDS_ADDED_BY_TRIGGER
