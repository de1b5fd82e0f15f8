"""Controls that can't apply, refused in words before anything is sent: a person who isn't
in the room, oneself, a ban that isn't there, someone let in who is already in. Pure: the
server refuses the same (docs/protocol.md); this says it in the teacher's words at once."""

from chatgui.protocol.names import casefold

NEEDS_PRESENT = ("mute", "unmute", "kick", "ban", "ban-computer", "helper", "unhelper")
"""Controls on someone in the room (a ban by name of someone not in it: /mode +b)."""


def refusal(
    verb: str, nick: str, me: str, room: str, present: bool, banned: bool = False
) -> str | None:
    """Why `verb` on `nick` can't be done in `room` now, or None when it can."""
    if casefold(nick) == casefold(me) and verb in (*NEEDS_PRESENT, "invite"):
        doing = {"ban-computer": "ban", "kick": "remove", "unhelper": "remove as a helper"}
        if verb in ("helper", "invite"):
            return "You are in charge here already."
        return f"You can't {doing.get(verb, verb)} yourself."
    if verb in NEEDS_PRESENT and not present:
        return (
            f"There is nobody called {nick} in {room}, so nothing was done. Check the name in "
            "the list of people on the right."
        )
    if verb == "invite" and present:
        return f"{nick} is in {room} already."
    if verb == "unban" and not banned:
        return f"Nobody called {nick} is banned from {room}. Room → Bans… lists every ban."
    return None
