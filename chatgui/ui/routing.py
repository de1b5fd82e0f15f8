"""What each client event changes in the chat view: lines, notices, members, status.

ChatApp.on_event and ChatPage.on_event call these with what each one needs: the view,
the room session, the closing and the client; the chat page keeps its own state (chat_page.py).
Notices have a symbol of their own (→ joined, ← left, ✎ new name, ⚙ control, ⚠ problem) and their
own style, so no typed text can pass for one.
"""

import functools
import re

from chatgui import events, limits
from chatgui.net.client import ChatClient
from chatgui.protocol.names import casefold, is_channel
from chatgui.protocol.room_titles import title_of_channel
from chatgui.ui import wording
from chatgui.ui.chat_view import SERVER, ChatView
from chatgui.ui.closing import Closing
from chatgui.ui.room_session import RoomSession
from chatgui.ui.transcript import (
    INFO,
    JOINED,
    LEFT,
    PRIVATE,
    RENAMED,
    SETTING,
    WARNING,
    is_control,
)


def connecting(view: ChatView, event: events.Connecting) -> None:
    if event.attempt > 1:
        view.status.set(f"Reconnecting (attempt {event.attempt})…")


def problem(view: ChatView, event: events.Problem) -> None:
    where = event.conversation or ""
    if casefold(where) not in view.transcripts:  # a room we could not join: said here
        where = view.conversation_name() or SERVER
    about = event.conversation or where  # the room refused, wherever it is said
    text = event.text
    if event.code:
        text = wording.refusal(event.code, _room_of(view, about), text, about.lstrip("@"))
    view.open(where).add_notice(WARNING, text)


def refusal(view: ChatView, event: events.MessageRefused) -> str:
    """The mark on a message the room refused, in words."""
    room = _room_of(view, event.conversation)
    reason = wording.refusal(event.code, room, event.reason, event.conversation.lstrip("@"))
    return f"not sent: {reason}"


def history_status(view: ChatView, session: RoomSession, event: events.HistoryStatus) -> None:
    session.history_status = event
    view.open(session.channel or SERVER).add_notice(WARNING, wording.history_kept(event))


def host_warning(view: ChatView, session: RoomSession, event: events.HostWarning) -> None:
    view.open(session.channel or SERVER).add_notice(WARNING, event.text)


def history_cleared(view: ChatView, event: events.HistoryCleared) -> None:
    view.open(event.room).add_notice(INFO, "The room's history on this computer was cleared.")


def server_text(view: ChatView, event: events.ServerText) -> None:
    view.open(SERVER).add_notice(INFO, event.text)


def history_loaded(view: ChatView, event: events.HistoryLoaded) -> None:
    """Earlier messages: above what is shown (older pages) or before the live ones (on joining).
    They are marked as earlier and never count as unread or ring the bell."""
    if event.older and not is_channel(event.room) and casefold(event.room) not in view.transcripts:
        return  # asked for under a name the conversation no longer has
    transcript = view.open(event.room)
    if event.older:
        transcript.add_older(event.messages, event.complete)
        return
    transcript.add_earlier(event.messages)
    if not event.complete:
        transcript.add_notice(
            INFO,
            f"More than {limits.HISTORY_CATCH_UP_MAX_MESSAGES} messages were sent while you "
            "were away; the ones after those above were not fetched.",
        )


def message(view: ChatView, nick: str, event: events.MessageReceived) -> bool:
    """Show a message; True when it names us (`nick`) and should be heard."""
    if _one_conversation_too_many(view, event):
        words = f"{event.sender} wrote to you privately: {event.text}"
        view.open(SERVER).add_notice(PRIVATE, words, event.at)
        view.count_unread(SERVER)
        return False
    control = is_control(event)
    mention = not event.own and not control and _mentions(event.text, nick)
    transcript = view.open(event.conversation)
    transcript.hold()  # a turn's messages go in with one insert
    if control:
        transcript.add_notice(SETTING, event.text, event.at, event.msgid)
    else:
        transcript.add_message(
            event.sender,
            event.text,
            event.at,
            own=event.own,
            mention=mention,
            reader=nick if mention else "",
            action=event.kind == "action",
            msgid=event.msgid,
            to_helpers=event.to_helpers,
            badge=event.badge,
        )
    view.count_unread(event.conversation)
    return mention


def _one_conversation_too_many(view: ChatView, event: events.MessageReceived) -> bool:
    """A private message from someone new while PRIVATE_CONVERSATIONS_MAX are open: someone
    writing under name after name must not fill the window with conversations, so it is
    shown in Notices instead."""
    key = casefold(event.conversation)
    if event.own or key == SERVER or key in view.transcripts or is_channel(key.lstrip("@")):
        return False
    private = [k for k in view.transcripts if k != SERVER and not is_channel(k.lstrip("@"))]
    return len(private) >= limits.PRIVATE_CONVERSATIONS_MAX


def _room_of(view: ChatView, conversation: str) -> str:
    """The title of the room a refusal is about ("#room" also for "@#room"), "" for none."""
    room = conversation.lstrip("@")
    if not is_channel(room):
        return ""
    return view.headings.get(casefold(room)) or title_of_channel(room)


def _mentions(text: str, nick: str) -> bool:
    return _mention_of(nick).search(text) is not None


@functools.lru_cache(maxsize=8)
def _mention_of(nick: str) -> re.Pattern[str]:
    """`nick` as a word of its own: made once per name, not once per message."""
    return re.compile(rf"(?<![\w-]){re.escape(nick)}(?![\w-])", re.IGNORECASE)


def joined(
    view: ChatView, session: RoomSession, closing: Closing, problem: str, event: events.Joined
) -> None:
    """Someone joined; we did: the room opens (said with `problem`, the host's, if any)."""
    if not event.is_me:
        view.open(event.channel).add_presence(True, event.nick)
        return
    session.channel = session.channel or event.channel
    if event.channel == session.channel and not session.title:  # one of a server's many rooms
        session.title = title_of_channel(session.channel)
    ours = event.channel == session.channel
    title = session.title if ours else title_of_channel(event.channel)
    again = casefold(event.channel) in view.transcripts  # back after an outage: stay put
    transcript = view.open(event.channel, show=not again, title=title)
    transcript.mark_joining()
    transcript.add_notice(JOINED, f"You joined {title}")
    closing.rejoined(event.channel)
    if session.hosting and session.history_status is not None:
        transcript.add_notice(INFO, wording.history_kept(session.history_status))
    if session.hosting and problem:
        transcript.add_notice(WARNING, problem)


def parted(view: ChatView, closing: Closing, event: events.Parted) -> None:
    if event.is_me and event.by:
        closing.removed(event.channel, event.by, event.reason, event.msgid)
        return
    if event.by:
        return  # a kick is said once, in words, by its control line
    view.open(event.channel).add_presence(False, event.nick, event.reason)
    if event.is_me and event.by is None:
        title = view.headings.get(casefold(event.channel), event.channel)
        view.close(event.channel)
        if event.reason:  # a room the host closed says so in the room we are back in
            back = view.conversation_name() or SERVER
            view.open(back).add_notice(LEFT, f"You left {title} ({event.reason})")


def nick_changed(view: ChatView, event: events.NickChanged) -> str | None:
    """Said in each room we share and in our private conversation with them, which goes on
    under the new name: returned, when there is one."""
    line = f"{event.old} is now {event.new}"
    for room in event.rooms:
        view.open(room).add_notice(RENAMED, line)
    if casefold(event.old) not in view.transcripts:
        return None
    now_called = view.rename(event.old, event.new)
    view.open(now_called).add_notice(RENAMED, line)
    return now_called


def name_taken(view: ChatView, event: events.NameTaken) -> None:
    if event.plain_letters:
        line = (
            f"This server takes names in plain letters only: you are {event.given} here, "
            f"and {event.wanted} is sent as your full name, which other chat programs can show."
        )
    else:
        line = f"{event.wanted} is taken here; you are {event.given}"
        view.status.set(f"{view.status.get()} ({event.wanted} is taken here)")
    view.open(view.conversation_name() or SERVER).add_notice(INFO, line)


def rooms_listed(
    view: ChatView, session: RoomSession, client: ChatClient, event: events.RoomsListed
) -> None:
    """Joined a server, not a room: its one room is joined, or its rooms are listed."""
    if session.channel:
        return
    if len(event.rooms) == 1:
        client.join(event.rooms[0][0], session.room_password)
    elif event.rooms:
        session.title = ""  # the network's name is no room's title: the room joined gives it
        names = ", ".join(f"{title_of_channel(name)} ({name})" for name, _, _ in event.rooms)
        view.open(SERVER, show=True).add_notice(
            INFO, f"Rooms here: {names}. Type /join and a room's name, like /join #class."
        )
    else:
        view.open(SERVER, show=True).add_notice(
            INFO, "There is no room here yet. Type /join and a name to open one."
        )
