"""RoomSession: the room this window hosts or joined, and who we are in it, from the Host or
Join button to Leave. Each field names one thing; the parts of the chat page read it."""

from dataclasses import dataclass

from chatgui import events


@dataclass
class RoomSession:
    """What the window knows of its room; the events of the room update it."""

    nick: str = ""
    """Our name in the room now (the server may have given another than the one typed)."""
    typed_name: str = ""
    """Our name as typed, where the server made the nick plain ("Zoë" for "Zoe"), or ""."""
    title: str = ""
    """The room's title, as the title bar and headings show it ("Class chat")."""
    channel: str = ""
    """The room's channel on the wire ("#class-chat"); "" until a server of many rooms
    lists them and one is joined."""
    hosting: bool = False
    """This window's own server is the room."""
    host_secret: str = ""
    """Hosting: what our own client tells our own server, which makes it the room's host."""
    room_password: str = ""
    """The Join page's password: the server's, and the room's (+k) too."""
    address_text: str = ""
    """Where we joined, as listed among the rooms joined before."""
    found: events.RoomFound | None = None
    """The room picked from the Join page's list, if it was picked there."""
    caps: frozenset[str] = frozenset()
    """The capabilities the server gave us."""
    history_status: events.HistoryStatus | None = None
    """The host's: whether its history is kept, once it opened."""
