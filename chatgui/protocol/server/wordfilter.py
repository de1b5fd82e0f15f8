"""The word filter: words the host does not want in the room, blocked or masked as ***.

The filter reads text as a person sees it, so a word can't be hidden from it by a trick a
reader would not notice. Text is compared after NFKD (full-width letters and ligatures become
plain ones), without accents and invisible characters (a zero-width space or a bold code inside
a word leaves one word), with look-alike letters folded (đ → d, ł → l, a Cyrillic "\u0430" → a)
and case ignored. Matching is by whole word: "Crème" matches "creme" but "class" does not match
"classic". A multiline message is read whole, as it is shown (a word cut across two of its
lines is one word), and so is the text in its client tags (a reaction is text too).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from chatgui import limits
from chatgui.protocol.text import BLANK_LETTERS, FORMATTING

ACTIONS = ("block", "mask")
MASK = "***"
_UNSEEN_CATEGORIES = ("Cf", "Mn", "Me")  # format characters (zero-width space…), accents
# Letters that look like others (Unicode TR 39 confusables), upper and lower case: the filter
# reads each as the letters it passes for. Accents are off by then: a Cyrillic "ё" reads as "e".
_LOOK_ALIKES = str.maketrans(
    {
        **dict(zip("ĐđÐðŁłØøıĦħŦŧ", "DdDdLlOoiHhTt", strict=True)),
        **{"Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "TH", "þ": "th"},
        **dict(zip("АВЕКМНОРСТУХЅІЈ", "ABEKMHOPCTYXSIJ", strict=True)),  # noqa: RUF001
        **dict(zip("авекмнорстух", "abekmhopctyx", strict=True)),
        **dict(zip("ѕіјԁһԛԝү", "sijdhqwy", strict=True)),  # noqa: RUF001
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),  # noqa: RUF001
        **dict(zip("αβεικνορτυχω", "abeiknoptuxw", strict=True)),
    }
)

_PLAIN_WORD = re.compile(r"[a-z0-9_]+")
"""A word of lower-cased plain ASCII text: letters, digits and '_' (as _is_word says)."""

Lines = list[tuple[str, bool]]
"""A message's lines, each with True when it is glued to the one before (multiline-concat)."""


def fold(text: str) -> str:
    """`text` as the filter compares it: what a reader sees, folded (see the module's doc)."""
    return "".join(_as_read(text))


def _as_read(text: str) -> list[str]:
    """What each character of `text` reads as, folded: "" for one that can't be seen (a
    zero-width space, an accent, a bold or colour code with its numbers). Other controls, a
    line break or the \\x01 around "ACTION waves", read as gaps between words."""
    seen = [_fold_character(char) for char in text]
    for code in FORMATTING.finditer(text):
        seen[code.start() : code.end()] = [""] * (code.end() - code.start())
    return seen


@lru_cache(maxsize=4096)
def _fold_character(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    seen = "".join(c for c in decomposed if not _unseen(c))
    return seen.translate(_LOOK_ALIKES).casefold()


def _unseen(char: str) -> bool:
    return unicodedata.category(char) in _UNSEEN_CATEGORIES or char in BLANK_LETTERS


def _is_word(folded: str) -> bool:
    """Letters, digits and '_' (an accented letter has lost its accent by now)."""
    return all(c.isalnum() or c == "_" for c in folded)


def read_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) for every word in `text` as a reader sees it.

    Nearly every message is plain text: printable ASCII, where each character reads as
    itself in lower case and a word is a run of letters, digits and '_'. It is read in one
    regular-expression pass, not a character at a time (that costs ~25 µs a message)."""
    if _is_plain(text):
        lowered = text.lower()
        return [(m.start(), m.end(), m.group()) for m in _PLAIN_WORD.finditer(lowered)]
    return read_each_character(text)


def _is_plain(text: str) -> bool:
    """Printable ASCII only: each character reads as itself (in lower case)."""
    return text.isascii() and text.isprintable()


def read_each_character(text: str) -> list[tuple[int, int, str]]:
    """read_words(), for any text: each character folded as it reads; characters that can't be
    seen belong to the word they are in or follow (an accent, a zero-width space)."""
    words: list[tuple[int, int, str]] = []
    start = end = 0
    word = ""
    for index, seen in enumerate(_as_read(text)):
        if not seen:
            end = index + 1 if word else end
        elif _is_word(seen):
            if not word:
                start = index
            word += seen
            end = index + 1
        elif word:
            words.append((start, end, word))
            word = ""
    if word:
        words.append((start, end, word))
    return words


def words_in(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every word in `text`, in order."""
    return [(start, end) for start, end, _ in read_words(text)]


@dataclass(frozen=True)
class WordFilter:
    """The folded words and what to do with a message that holds one."""

    words: frozenset[str] = frozenset()
    action: str = "block"

    def check(self, text: str) -> str | None:
        """`text` with filtered words masked, or None when it must be blocked."""
        checked = self.check_message([(text, False)], {})
        return None if checked is None else checked[0][0][0]

    def check_message(
        self, lines: Lines, tags: dict[str, str]
    ) -> tuple[Lines, dict[str, str]] | None:
        """The lines of a message and its client tags with filtered words masked, or None
        when the message must be blocked. The lines are read joined, as they are shown."""
        if not self.words:
            return lines, tags
        whole = lines[0][0] if len(lines) == 1 else _joined(lines)[0]
        spans = self._filtered(whole)
        tag_spans = {key: self._filtered(value) for key, value in tags.items()}
        if not spans and not any(tag_spans.values()):
            return lines, tags
        if self.action == "block":
            return None
        masked_tags = {key: _masked(value, tag_spans[key]) for key, value in tags.items()}
        _, owners = _joined(lines)
        return _masked_lines(lines, whole, owners, spans), masked_tags

    def _filtered(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) of each filtered word in `text`. Plain text without any of them
        (nearly every message) is answered after one pass, with no word's place worked out."""
        if _is_plain(text) and self.words.isdisjoint(_PLAIN_WORD.findall(text.lower())):
            return []
        return [(start, end) for start, end, word in read_words(text) if word in self.words]


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in reversed(spans):
        text = text[:start] + MASK + text[end:]
    return text


def _joined(lines: Lines) -> tuple[str, list[int]]:
    """The lines as one text (a line feed between lines, nothing before a glued one), and for
    each of its characters the index of the line it came from (-1 for a line feed)."""
    text = ""
    owners: list[int] = []
    for index, (line, glued) in enumerate(lines):
        if index and not glued:
            text += "\n"
            owners.append(-1)
        text += line
        owners += [index] * len(line)
    return text, owners


def _masked_lines(
    lines: Lines, whole: str, owners: list[int], spans: list[tuple[int, int]]
) -> Lines:
    """The lines with each span of `whole` replaced by *** in the line where it starts. A glued
    line that held nothing but the end of a masked word is left out."""
    pieces: list[list[str]] = [[] for _ in lines]
    starts = dict(spans)
    index = 0
    while index < len(whole):
        if index in starts:
            pieces[owners[index]].append(MASK)
            index = starts[index]
            continue
        if owners[index] >= 0:
            pieces[owners[index]].append(whole[index])
        index += 1
    masked = [("".join(piece), glued) for piece, (_, glued) in zip(pieces, lines, strict=True)]
    return [
        (text, glued)
        for (text, glued), (was, _) in zip(masked, lines, strict=True)
        if text or not was
    ]


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
