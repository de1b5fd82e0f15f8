"""The window's title bar: the unread count first, then the room, our name and the program.

"(3) Class chat — Sam — chatgui" with three messages not read yet; "Sam — chatgui" while no
room is open. Several windows on one screen stay told apart, and the taskbar shows the count.
"""

TITLE = "chatgui"


def window_title(unread: int, room: str, name: str) -> str:
    """The title for `unread` messages not read, in `room` ("" for none), as `name`."""
    count = f"({unread}) " if unread else ""
    parts = [part for part in (room, name) if part]
    return count + " — ".join([*parts, TITLE])
