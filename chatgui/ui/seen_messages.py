"""SeenMessages: the message ids one conversation shows, so that a copy arriving again (from
the room's history, or the echo of our own line) is not shown twice. The oldest are
forgotten with the lines dropped from the top."""


class SeenMessages:
    """Message ids, oldest first. Tk thread only, like the transcript that keeps them."""

    def __init__(self) -> None:
        self._msgids: dict[str, None] = {}  # a dict keeps the order they came in

    def __contains__(self, msgid: str) -> bool:
        return msgid in self._msgids

    def first_time(self, msgid: str | None) -> bool:
        """False for a message already shown (the same msgid); remembers the new ones. A
        message without an id is always new."""
        if msgid is None:
            return True
        if msgid in self._msgids:
            return False
        self._msgids[msgid] = None
        return True

    def keep_newest(self, count: int) -> None:
        """Forget all but the newest `count`: each line kept has at most one id."""
        for msgid in list(self._msgids)[: max(0, len(self._msgids) - count)]:
            del self._msgids[msgid]
