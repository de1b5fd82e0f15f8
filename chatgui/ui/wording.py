"""Events and failures in words: what happened, and what to do about it. Never a traceback."""

import re

from chatgui.events import ConnectFailed, HistoryStatus
from chatgui.protocol.client.secrecy import (
    IDENTITY,
    NOT_ENCRYPTED,
    OPERATOR_PASSWORD,
    ROOM_PASSWORD,
    SERVER_PASSWORD,
)
from chatgui.protocol.names import is_channel

_FAILURES = {
    "refused": "Nobody is hosting at {where}. Check the address, or ask the host to open the room.",
    "timed out": (
        "{where} did not answer. Check the address; if it is right, the host's firewall may be "
        "blocking chatgui (on the host: allow chatgui on private networks)."
    ),
    "name not found": (
        "There is no computer called {host} on this network. Check the spelling, or type the "
        "address shown on the host's screen."
    ),
    "no route": "This computer can't reach {where}. Check that it is on the school network.",
    "server full": "The room at {where} is full. Ask the host to make room.",
    "wrong password": (
        "That password is not right, or too many wrong ones were tried from this computer "
        "(then wait a minute). Ask the host for the room password."
    ),
    "wrong host key": (
        "That host key is not right, or it was used already, or too many wrong ones were tried "
        "from this computer (then wait a minute). Check the key the room printed when it "
        "started, or leave the Host key empty to join as a student."
    ),
    "key changed": (
        "This room's key has changed since you last joined: someone may be pretending to be "
        "the room. Nothing was sent to it. Ask your teacher for the room code and type it in "
        "Room code (if your teacher made a new key, the code lets you in)."
    ),
    "wrong code": (
        "The room at {where} answered, but its code is not the code you typed. Check the code "
        "on your teacher's screen; if you typed it right, someone may be pretending to be the "
        "room: tell your teacher. Nothing was sent to it."
    ),
    "not trusted": (
        "{where} showed a certificate that no trusted authority vouches for, so it may not be "
        "the server it claims to be. Nothing was sent. Check the address with your school's "
        "IT staff."
    ),
    "wrong name": (
        "{where} showed a certificate made for another name, so it may not be the server you "
        "typed. Nothing was sent. Check the address with your school's IT staff."
    ),
    "expired": (
        "{where} showed a certificate that is out of date. Nothing was sent. Check that this "
        "computer's date and time are right; if they are, tell your school's IT staff."
    ),
    "not encrypted": (
        "The password was not sent: the connection to {where} is not encrypted, so others on "
        "the network could read it. Ask the host to turn on encryption (TLS), then join with "
        "the secure address (it starts with ircs:// or ends in :6697)."
    ),
    "banned": "The host has removed you from this room.",
    "tls": "A secure connection to {where} could not be made. Check the address and the port.",
    "no answer": (
        "Something at {where} accepted the connection but never answered. Check that it is a "
        "chat room, and the port."
    ),
    "nick unavailable": "Every version of that name is taken. Choose another name.",
    "name refused": "The room did not take that name: {detail}. Choose another name.",
}


def connect_failed(event: ConnectFailed) -> str:
    """One sentence for a failed connection attempt."""
    host = f"[{event.host}]" if ":" in event.host else event.host
    where = host if event.port == 6667 else f"{host}:{event.port}"
    template = _FAILURES.get(event.reason)
    if template is None:
        return f"Could not connect to {where} ({event.detail}). Check the address."
    detail = event.detail.rstrip(".") or "no reason given"
    return template.format(where=where, host=event.host, detail=detail)


def room_gone(reason: str) -> str:
    """Said in the transcripts when the room goes away; `reason` is the client's word."""
    if reason in ("no route", "name not found"):
        why = "this computer is not on the network right now"
    else:
        why = "the host's computer stopped answering"
    return f"The room is gone ({why}). Trying again…"


def back_in_the_room() -> str:
    return "Back in the room."


def trying_again() -> str:
    return "The room is away. Trying to get back in…"


def connection_lost() -> str:
    """The banner above the message box while the room is away."""
    return "Connection lost — trying again… messages you send will wait"


def reconnecting() -> str:
    """The banner while a try to get back in is under way."""
    return "Reconnecting… messages you send will wait"


def waiting_for(person: str) -> str:
    """Beside a line not sent yet: the room is away, or `person` is not back yet."""
    return f"waiting for {person} to come back…" if person else "waiting…"


def worker_crashed(role: str) -> str:
    return (
        f"Something went wrong in the {role} part of chatgui. Close it and open it again; "
        "the details are in the log file."
    )


# --- Rooms found on the network (docs/discovery.md) ---


def looking_for_rooms() -> str:
    return "Looking for rooms on this network…"


def pick_a_room() -> str:
    return "Pick a room and press Enter, or type an address below."


def no_rooms_found() -> str:
    return (
        "No rooms found on this network. Ask the host for the address shown on their screen "
        '(under "Others can join at") and type it below.'
    )


ROOM_CODE_HINT = "From your teacher's screen: joins securely, on port 6697 or the port typed."
DISPUTED = "Two computers claim this room: ask your teacher for the room code"
"""Beside a room on the Join page that two announcements claim with different keys."""


def connected(where: str, name: str, encrypted: bool, readable: bool) -> str:
    """The status bar once in: "securely" when the connection is encrypted, a warning when others on
    the network could read it (plain, to another computer)."""
    if encrypted:
        return f"Connected securely to {where} as {name}"
    if readable:
        return f"Connected to {where} as {name}, not encrypted: others on the network can read it"
    return f"Connected to {where} as {name}"


def key_not_announced() -> str:
    return (
        "This room's key is not the one announced for it: someone may be pretending to be the "
        "room. Nothing was sent to it. Ask your teacher for the room code and type it in Room "
        "code."
    )


def disputed_room(room: str) -> str:
    return (
        f"Two computers claim to be {room}: one of them is pretending. Ask your teacher for "
        "the room code, type it in Room code, then press Enter."
    )


def disputed_rooms(rooms: list[str]) -> str:
    """Under the Join page's list when two computers claim a room (or several)."""
    return f"{DISPUTED} ({', '.join(rooms)})."


def password_needed(room: str) -> str:
    return f"{room} needs a password. Type the room password below, then press Enter."


_FIREWALL = {
    "Windows": (
        'allow chatgui on private networks when Windows asks (or: Start → "Allow an app '
        'through Windows Firewall" → Change settings → tick chatgui, or python, under Private)'
    ),
    "macOS": (
        "System Settings → Network → Firewall → Options → allow incoming connections for "
        "chatgui (or python)"
    ),
    "Linux": "allow TCP port {port} in the firewall, for example: sudo ufw allow {port}",
}


def found_room_unreachable(room: str, host: str, port: int, reason: str) -> str:
    """A room listed on the network that refused us or did not answer: most likely the host's
    firewall lets the announcement out but no connection in. Says what the host should do."""
    steps = "; ".join(f"{system}: {how.format(port=port)}" for system, how in _FIREWALL.items())
    return (
        f"{room} (hosted by {host}) is on the network, but joining it {_failure(reason)}. "
        f"The host's firewall is probably blocking chatgui. On the host's computer — {steps}."
    )


def _failure(reason: str) -> str:
    return {"refused": "was refused", "timed out": "timed out"}.get(reason, f"failed ({reason})")


def history_kept(status: HistoryStatus) -> str:
    """What the host's computer keeps of the room, and where, in one or two sentences."""
    if status.problem:
        return status.problem
    if not status.kept:
        return "This room's messages are not kept: people who join see only what is said after."
    days = f"{status.retention_days:g} day{'' if status.retention_days == 1 else 's'}"
    private = (
        "Private messages are kept too."
        if status.private_kept
        else ("Private messages are not kept.")
    )
    return f"This room's messages are kept on this computer in {status.path} for {days}. {private}"


def history_save_failed(path: str, error: OSError) -> str:
    reason = error.strerror or str(error)
    return (
        f"The conversation could not be saved to {path} ({reason}). "
        "Choose another folder, such as your Documents, and try again."
    )


# --- Refusals from the room's server: what was refused, and what to do ---


def refusal(code: str, room: str, text: str, channel: str = "") -> str:
    """A server's refusal (an error numeric or a FAIL code, with its own text) as a sentence
    about `room` (its title); `channel` is what to type to join it, when that is the advice.

    chatgui's server already writes sentences; other servers write "Cannot send to channel".
    Either way the person reads what happened and what to do, never a bare number."""
    where = room or "this room"
    lowered = text.lower()
    if code == NOT_ENCRYPTED:
        return _not_sent(text, where)
    if code.endswith("SLOW_MODE") or "slow mode" in lowered:
        seconds = re.search(r"\d+", text)
        wait = f"wait {seconds.group()} more seconds" if seconds else "wait a little"
        return f"Slow mode is on in {where}: {wait}, then send your message again. It was not sent."
    if code.endswith("WORD_FILTERED"):
        return (
            "Your message was not sent: it has a word the host does not allow here. "
            "Say it another way and send it again."
        )
    if code.endswith("NO_HELPERS"):
        return f"No host or helper is in {where} right now, so your question was not sent."
    if code == "473":
        return f"{where} is locked: nobody new can join. Ask the host to let you in."
    if code == "474":
        return f"You can't join {where}: the host has banned you until the room closes."
    if code == "475" and "too many wrong passwords" in lowered:
        said = re.search(r"wait \d+ seconds?", text)
        wait = said.group() if said else "wait a minute"
        return f"Too many wrong passwords were tried from this computer: {wait}, then try again."
    if code == "475":
        typed = channel if is_channel(channel) else where
        return f"{where} needs a password. Type /join {typed} and the password the host gives you."
    if code == "482":
        own = ("only the host can", "you can't", "the host can't", "nobody can")
        if lowered.startswith(own):  # chatgui's own sentence: what was refused, and why
            return text.rstrip(".") + "."
        return f"Only the host and helpers of {where} can do that."
    if code == "404":
        return _cannot_send(where, lowered, text)
    return text


_HELD_BACK = {
    SERVER_PASSWORD: "The server password was not sent",
    ROOM_PASSWORD: "The password for {where} was not sent",
    OPERATOR_PASSWORD: "The operator password was not sent",
    IDENTITY: (
        "This computer's proof of who you are (it keeps your private messages yours) was not sent"
    ),
}


def _not_sent(what: str, where: str) -> str:
    """A password the client held back (protocol/client/secrecy.py), and what to do."""
    said = _HELD_BACK.get(what, "A password was not sent").format(where=where)
    return (
        f"{said}: the connection is not encrypted, so others on the network could read it. "
        "Ask the host to turn on encryption (TLS), then join with the secure address."
    )


def _cannot_send(where: str, lowered: str, text: str) -> str:
    if "muted" in lowered:
        return (
            f"You are muted in {where}: your messages reach nobody until the host or a helper "
            "unmutes you. You can still raise your hand."
        )
    if "+m" in lowered or "voice" in lowered or "moderated" in lowered:
        return (
            f"Only the host, helpers and people given a voice can talk in {where} right now. "
            "Raise your hand to ask to speak."
        )
    if "banned" in lowered or "+b" in lowered:
        return f"You can't talk in {where}: the host has banned you until the room closes."
    return f"You can't talk in {where} right now ({text})."
