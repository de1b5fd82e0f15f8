"""A room's earlier messages from the server: CHATHISTORY (IRCv3 draft/chathistory) and SEARCH
(soju.im/search).

On every join the session asks for what the window has not seen: the messages AFTER the newest
one it shows, page after page up to limits.HISTORY_CATCH_UP_MAX_MESSAGES, or the LATEST page
when it shows none yet. Live messages of the room that arrive meanwhile wait until the answer is
in, and any the answer already holds are dropped: every message comes out once, in order.
Servers without the capability are never asked; nothing changes for them.

incoming.py collects the lines of each history or search batch and hands them here, as
MessageReceived events, when the batch ends.
"""

from datetime import UTC, datetime

from chatgui import limits
from chatgui.events import HistoryLoaded, MessageReceived, SearchResults
from chatgui.protocol import caps
from chatgui.protocol.client.state import Fetch, RoomMarks, SessionState, count, is_word
from chatgui.protocol.message import Message, escape_tag_value
from chatgui.protocol.names import casefold, is_channel


def message_time(session: SessionState, tags: dict[str, str]) -> float:
    """The server-time tag as seconds since the epoch, or the time it arrived."""
    stamp = tags.get("time")
    if stamp:
        try:
            at = datetime.fromisoformat(stamp)
        except ValueError:
            return session.now  # a malformed time tag: use the arrival time
        if 1970 <= at.year < 9999:  # year 1 or 9999 is no time a window can show everywhere
            return (at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp()
    return session.now


def page_size(session: SessionState) -> int:
    """Messages to ask for at once: our page, or less if the server's ISUPPORT says so."""
    advertised = count(session.isupport.get(caps.HISTORY_PAGE, ""))
    if advertised > 0:
        return min(advertised, limits.HISTORY_PAGE_MESSAGES)
    return limits.HISTORY_PAGE_MESSAGES


def message_id(tags: dict[str, str]) -> str | None:
    """The msgid tag, when it is one we can name back to the server (CHATHISTORY AFTER
    msgid=…); a server's odd id, with a space in it, is as good as none."""
    msgid = tags.get("msgid", "")
    return msgid if is_word(msgid) else None


def catch_up(session: SessionState, room: str) -> None:
    """We have just joined `room`: ask for what we missed, if the server keeps history."""
    if caps.CHATHISTORY not in session.caps:
        return
    key = casefold(room)
    newest = session.marks.get(key, RoomMarks()).newest
    fetch = Fetch(room, older=False, asked=page_size(session), after=bool(newest))
    session.fetches[key] = fetch
    if newest:
        _ask(session, fetch, "AFTER", f"msgid={newest}")
    else:
        _ask(session, fetch, "LATEST", "*")


def load_older(session: SessionState, room: str) -> None:
    """Ask for the page before the oldest message shown; HistoryLoaded(older=True) answers."""
    if caps.CHATHISTORY not in session.caps:
        session.emit(HistoryLoaded(room, (), older=True, complete=True))
        return
    fetch = session.fetches.get(casefold(room))
    if fetch is None:
        _ask_older(session, room)
    elif not fetch.older:
        fetch.then_older = True  # once the catch-up is in, so "oldest" is known


def search(session: SessionState, room: str, text: str) -> None:
    """Search `room`'s history on the server; SearchResults answers."""
    if caps.SEARCH not in session.caps:
        problem = "The host of this room can't search its history."
        session.emit(SearchResults(room, text, (), problem))
        return
    attributes = {"in": room, "text": text, "limit": str(limits.SEARCH_MAX_RESULTS)}
    line = ";".join(f"{name}={escape_tag_value(value)}" for name, value in attributes.items())
    session.send(Message("SEARCH", (line,)))
    session.searches.append((room, text))


def deliver(session: SessionState, event: MessageReceived) -> None:
    """A live message: out now, or held while its room's missed messages are on their way."""
    fetch = session.fetches.get(casefold(event.conversation)) if session.fetches else None
    if fetch is not None and not fetch.older:
        fetch.held.append(event)
        return
    note_newest(session, event.conversation, event.msgid)
    session.emit(event)


def note_newest(session: SessionState, room: str, msgid: str | None) -> None:
    """`msgid` is now the newest message of `room` the window shows."""
    if not msgid or not is_channel(room):
        return
    key = casefold(room)
    marks = session.marks.get(key)
    if marks is None:  # not setdefault(): that would build new marks for every message
        marks = session.marks[key] = RoomMarks()
    marks.newest = msgid
    marks.oldest = marks.oldest or msgid


def batch_ended(
    session: SessionState, kind: str, target: str, messages: list[MessageReceived]
) -> None:
    """A chathistory or search batch is complete; `messages` are its lines, oldest first."""
    if kind == caps.SEARCH:
        if session.searches:
            room, text = session.searches.popleft()
            session.emit(SearchResults(room, text, tuple(messages)))
        return
    key = casefold(target)
    fetch = session.fetches.get(key)
    if fetch is None:
        return  # not an answer to us (a plain replay, or a request that was already closed)
    if fetch.older:
        del session.fetches[key]
        marks = session.marks.setdefault(casefold(fetch.room), RoomMarks())  # renamed since?
        if messages and messages[0].msgid:
            marks.oldest = messages[0].msgid
        complete = len(messages) < fetch.asked
        session.emit(HistoryLoaded(fetch.room, tuple(messages), older=True, complete=complete))
        return
    fetch.got += messages
    full = len(messages) >= fetch.asked
    last = messages[-1].msgid if messages else None
    still_wanted = limits.HISTORY_CATCH_UP_MAX_MESSAGES - len(fetch.got)
    if fetch.after and full and last and still_wanted > 0:
        fetch.asked = min(page_size(session), still_wanted)
        _ask(session, fetch, "AFTER", f"msgid={last}")
        return
    _finish_catch_up(session, fetch, complete=not (fetch.after and full))


def answer_fail(session: SessionState, message: Message) -> bool:
    """A FAIL for our history or search request answers what waits for it; True if it did."""
    command = message.param(0).upper()
    description = message.params[-1] if len(message.params) > 2 else "no reason was given"
    if command == "SEARCH" and session.searches:
        room, text = session.searches.popleft()
        session.emit(SearchResults(room, text, (), f"The host could not search: {description}"))
        return True
    if command == "CHATHISTORY" and session.fetches:
        named = [casefold(p) for p in message.params[2:-1] if casefold(p) in session.fetches]
        key = named[0] if named else next(iter(session.fetches))
        _failed(session, session.fetches[key], description)
        return True
    return False


def give_up_waiting(
    session: SessionState, now: float, timeout_s: float = limits.HISTORY_ANSWER_TIMEOUT_S
) -> None:
    """Requests the server has not answered for `timeout_s` end as failed: a server that
    never answers must not hold a room's new messages back for ever."""
    session.now = now
    for fetch in list(session.fetches.values()):
        if now - fetch.asked_at > timeout_s:
            _failed(session, fetch, "the host did not answer.")


def _failed(session: SessionState, fetch: Fetch, description: str) -> None:
    session.problem(fetch.room, f"Earlier messages could not be loaded: {description}")
    if fetch.older:
        del session.fetches[casefold(fetch.room)]
        session.emit(HistoryLoaded(fetch.room, (), older=True, complete=False))
    else:
        _finish_catch_up(session, fetch, complete=False)


def _finish_catch_up(session: SessionState, fetch: Fetch, complete: bool) -> None:
    """Out go the missed messages, then the live ones that waited, minus any seen twice."""
    key = casefold(fetch.room)
    del session.fetches[key]
    if fetch.got:
        marks = session.marks.setdefault(key, RoomMarks())
        marks.oldest = marks.oldest or (fetch.got[0].msgid or "")
        note_newest(session, fetch.room, fetch.got[-1].msgid)
    session.emit(HistoryLoaded(fetch.room, tuple(fetch.got), older=False, complete=complete))
    fetched = {message.msgid for message in fetch.got if message.msgid}
    for event in fetch.held:
        if event.msgid is None or event.msgid not in fetched:
            note_newest(session, event.conversation, event.msgid)
            session.emit(event)
    if fetch.then_older:
        _ask_older(session, fetch.room)


def _ask_older(session: SessionState, room: str) -> None:
    oldest = session.marks.get(casefold(room), RoomMarks()).oldest
    fetch = Fetch(room, older=True, asked=page_size(session))
    session.fetches[casefold(room)] = fetch
    reference = f"msgid={oldest}" if oldest else f"timestamp={_server_time(session.now)}"
    _ask(session, fetch, "BEFORE", reference)


def _ask(session: SessionState, fetch: Fetch, subcommand: str, reference: str) -> None:
    fetch.asked_at = session.now
    session.send(Message("CHATHISTORY", (subcommand, fetch.room, reference, str(fetch.asked))))


def _server_time(now: float) -> str:
    """`now` as the server-time tag writes it: 2026-11-25T07:01:27.000Z."""
    stamp = datetime.fromtimestamp(now, UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")
