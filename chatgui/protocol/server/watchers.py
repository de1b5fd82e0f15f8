"""Who watches which name, for MONITOR (the command is monitor.py's): data of its own, so
context.ServerContext can name it without importing a module of handlers."""

from chatgui import limits
from chatgui.protocol import names


class Watchers:
    """Who watches which name (folded), and each person's own list, kept in step."""

    def __init__(self) -> None:
        self.by_name: dict[str, set[int]] = {}
        self.by_person: dict[int, dict[str, str]] = {}  # conn → folded → as asked

    def add(self, conn: int, name: str) -> bool:
        """Watch `name`; False when the person's list is full."""
        mine = self.by_person.setdefault(conn, {})
        folded = names.casefold(name)
        if folded not in mine and len(mine) >= limits.MONITOR_MAX_NAMES:
            return False
        mine[folded] = name
        self.by_name.setdefault(folded, set()).add(conn)
        return True

    def remove(self, conn: int, name: str) -> None:
        folded = names.casefold(name)
        self.by_person.get(conn, {}).pop(folded, None)
        watching = self.by_name.get(folded)
        if watching is not None:
            watching.discard(conn)
            if not watching:
                del self.by_name[folded]

    def forget(self, conn: int) -> None:
        """The person left: their whole list goes."""
        for name in list(self.by_person.pop(conn, {}).values()):
            self.remove(conn, name)

    def of(self, conn: int) -> list[str]:
        return list(self.by_person.get(conn, {}).values())
