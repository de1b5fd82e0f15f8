"""The word filter: words the host does not want in the room, blocked or masked as ***.

Matching is by whole word and ignores case and accents, so "Crème" matches "creme" but
"class" does not match "classic". Text is compared after NFKD (which also turns look-alikes
such as full-width letters or the "fi" ligature into plain ones), with combining marks
removed and casefold().
"""

import unicodedata
from dataclasses import dataclass

from chatgui import limits

ACTIONS = ("block", "mask")
MASK = "***"


def fold(text: str) -> str:
    """`text` as the filter compares it: no accents, no case, compatibility forms unified."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold()


def _is_word_char(char: str) -> bool:
    """Letters, digits, '_' and accents on them; a combining mark belongs to its letter."""
    return char.isalnum() or char == "_" or unicodedata.combining(char) != 0


def words_in(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every word in `text`, in order."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for index, char in enumerate(text):
        if _is_word_char(char):
            if start is None:
                start = index
        elif start is not None:
            spans.append((start, index))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


@dataclass(frozen=True)
class WordFilter:
    """The folded words and what to do with a message that holds one."""

    words: frozenset[str] = frozenset()
    action: str = "block"

    def check(self, text: str) -> str | None:
        """`text` with filtered words masked, or None when it must be blocked."""
        if not self.words:
            return text
        spans = [(s, e) for s, e in words_in(text) if fold(text[s:e]) in self.words]
        if not spans:
            return text
        if self.action == "block":
            return None
        for start, end in reversed(spans):
            text = text[:start] + MASK + text[end:]
        return text


def build_word_filter(words: list[str] | tuple[str, ...], action: str) -> WordFilter:
    """A WordFilter from the host's list. Raises ValueError saying what to fix.

    Blank entries are skipped; every other entry must be one word (letters and digits only).
    """
    if action not in ACTIONS:
        raise ValueError(f'the word filter action must be "block" or "mask", not {action!r}')
    entries = [word.strip() for word in words if word.strip()]
    if len(entries) > limits.WORD_FILTER_MAX_WORDS:
        raise ValueError(
            f"the word filter holds at most {limits.WORD_FILTER_MAX_WORDS} words, "
            f"not {len(entries)}: shorten the list"
        )
    folded: set[str] = set()
    for entry in entries:
        if len(entry) > limits.WORD_FILTER_WORD_MAX_CHARS:
            raise ValueError(
                f"{entry[:20]!r}… is longer than {limits.WORD_FILTER_WORD_MAX_CHARS} letters: "
                "the filter takes single words"
            )
        if words_in(entry) != [(0, len(entry))]:
            raise ValueError(f"{entry!r} is not a single word: the filter matches whole words")
        folded.add(fold(entry))
    return WordFilter(frozenset(folded), action)
