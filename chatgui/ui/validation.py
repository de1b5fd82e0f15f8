"""Checks of what people type in the dialogs, as pure functions returning a sentence or None."""

import getpass
import unicodedata

from chatgui import limits
from chatgui.protocol.client.address import AddressProblem, parse_address
from chatgui.protocol.names import nick_problem, shown_text_problem, suggest_nick
from chatgui.protocol.room_code import typed_code
from chatgui.protocol.room_titles import channel_for_title


def typed_name(text: str) -> str:
    """The name as typed, in the form the room takes: a letter and an accent typed as two
    characters (some keyboards do) become the accented letter (NFC), as they look."""
    return unicodedata.normalize("NFC", text.strip())


def name_problem(name: str) -> str | None:
    """Why this display name can't be used ("Names can't contain spaces. Try Sam_L")."""
    return nick_problem(typed_name(name))


def room_name_problem(room: str) -> str | None:
    text = room.strip()
    if not text:
        return "Give the room a name, for example Class chat."
    if len(text) > limits.ROOM_TITLE_MAX_CHARS:
        return f"Room names can be at most {limits.ROOM_TITLE_MAX_CHARS} characters long."
    if any(unicodedata.category(c)[0] == "C" for c in text):
        return "Room names can't contain control or invisible characters: type the name again."
    if channel_for_title(text) is None:
        if not any(c.isalnum() for c in text):
            return "Use some letters or digits in the room name."
        return "Use letters of one alphabet in the room name."
    return shown_text_problem(text, "Room names")  # or Join pages would not list it


def channel_for_room(room: str) -> str:
    """The IRC channel behind a room name the Host page accepted: "Class chat" → "#class-chat"."""
    return channel_for_title(room) or "#room"


def host_key_problem(key: str) -> str | None:
    """The key a `serve` room printed: letters and digits in groups, or nothing."""
    if key and not all(c.isascii() and (c.isalnum() or c in " -") for c in key.strip()):
        return "A host key is letters and digits in groups, like 7KQ4-M2XD-9PWA."
    if len(key) > 40:
        return "A host key is three groups of four letters and digits, like 7KQ4-M2XD-9PWA."
    return None


def password_problem(password: str) -> str | None:
    if password and (" " in password or "," in password or ":" in password):
        return "Room passwords can't contain spaces, commas or colons."
    if len(password) > 50:
        return "Room passwords can be at most 50 characters long."
    return None


def room_code_problem(code: str) -> str | None:
    """A room code from the teacher's screen, or nothing (it is optional)."""
    if code.strip() and typed_code(code) is None:
        return "A room code is 16 letters and digits in four groups, like E5TN-WHGG-ZN77-YQ3A."
    return None


def address_problem(address: str) -> str | None:
    try:
        parse_address(address)
    except AddressProblem as problem:
        return str(problem)
    return None


def default_name() -> str:
    """A first guess at the person's name: the computer's user name, made valid."""
    try:
        return suggest_nick(getpass.getuser())
    except (OSError, KeyError):  # no user name known (rare, on some Windows set-ups)
        return ""
