"""Names that can be mistaken for each other: UTS #39 skeletons, as Ergo compares nicks.

The skeleton of a name maps each character to the one it can be mistaken for ("I" and "1" to
"l", a Cyrillic o to the Latin one), from Unicode's confusables data (confusables_table.py, made by
scripts/make-confusables.py). Two names with one skeleton look alike. Case is folded after the
mapping, as Ergo does: folding first would lose that "I" looks like "l".
"""

import unicodedata
from functools import cache, lru_cache

from chatgui.limits import SKELETON_CACHE_NAMES
from chatgui.protocol.confusables_table import PAIRS
from chatgui.protocol.names import casefold


@cache
def _mapping() -> dict[int, str]:
    """The confusables table, read once: code point → what it can be mistaken for."""
    table: dict[int, str] = {}
    for entry in "".join(PAIRS).split():
        source, _, target = entry.partition("=")
        table[int(source, 16)] = "".join(chr(int(code, 16)) for code in target.split("+"))
    return table


def load_table() -> None:
    """Read the confusables table now (about 10 ms): a room does when it opens, so the first
    person to log in doesn't wait for it."""
    _mapping()


def prototype(name: str) -> str:
    """UTS #39 skeleton(): NFD, each character by the one it can be mistaken for, NFD again."""
    decomposed = unicodedata.normalize("NFD", name)
    mapped = decomposed.translate(_mapping())
    # Most names are their own prototype: the name itself, not a copy of it, is kept for them
    return unicodedata.normalize("NFD", decomposed if mapped == decomposed else mapped)


@lru_cache(maxsize=SKELETON_CACHE_NAMES)
def skeleton(name: str) -> str:
    """The name's prototype, case folded: "Ms_KeIIy" and "Ms_Kelly" have one skeleton, "Sam"
    and "Sam_2" do not."""
    return casefold(prototype(name))


def resemblance(name: str) -> str:
    """What a reader keeps of a name at a glance: its skeleton without `_` and `-`, and without
    the digits, `_` and `-` at its end. "Ms_Rivera_2", "ms-rivera" and "MsRivera" are all
    "Ms_Rivera" to someone reading quickly."""
    core = name
    while core and (core[-1] in "_-" or unicodedata.category(core[-1]) == "Nd"):
        core = core[:-1]  # a digit of any script, "_" or "-" at the end
    return skeleton(core or name).replace("_", "").replace("-", "")


@lru_cache(maxsize=SKELETON_CACHE_NAMES)
def resemblances(name: str) -> frozenset[str]:
    """What `name` is at a glance (resemblance()), in upper or lower case: two names that
    share one could pass for each other. Remembered, as skeletons are: every new name is
    compared with the teacher's and each helper's."""
    return frozenset((resemblance(name), resemblance(casefold(name))))


def could_pass_for(name: str, other: str) -> bool:
    """True when `name` could be read as `other` at a glance (see resemblance()), in upper or
    lower case: a student's "MS_RIVERA_" beside the teacher's "Ms_Rivera"."""
    return not resemblances(name).isdisjoint(resemblances(other))


def looks_the_same(name: str, other: str) -> bool:
    """True when two different names have one skeleton: "Ms_KeIIy" and "Ms_Kelly"."""
    return casefold(name) != casefold(other) and skeleton(name) == skeleton(other)
