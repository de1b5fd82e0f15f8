"""One copy of a value that many people hold the same: their capabilities, their rooms, a
real name many give, the address of a lab's router.

A class of chatgui windows asks for the same capabilities and sits in the same room, so each
person holding an equal frozenset or tuple of their own (a set of a dozen capabilities is
about 700 bytes) would cost a room of hundreds far more than the people themselves. The
values are immutable: sharing one changes nothing for anyone. Bounded (SHARED_VALUES): a
value seen once and not since is forgotten, and then simply kept by whoever holds it. Not
sys.intern: on some Pythons (3.12.0-3.12.4) an interned string is never freed, so names a
student makes up by the thousand would stay for good.
"""

from collections.abc import Hashable
from functools import lru_cache
from typing import TypeVar, cast

from chatgui.limits import SHARED_VALUES

_Value = TypeVar("_Value", bound=Hashable)


@lru_cache(maxsize=SHARED_VALUES, typed=True)
def _first(value: Hashable) -> Hashable:
    return value


def one_copy(value: _Value) -> _Value:
    """The first kept value equal to `value` (the same type), or `value` itself."""
    return cast(_Value, _first(value))
