"""What each client event changes in the chat view: lines, notices, members, status.

Notices have a symbol of their own (→ joined, ← left, ✎ new name, ⚙ control, ⚠ problem) and their
own style, so no typed text can pass for one.
"""

import re
from typing import TYPE_CHECKING

from chatgui import events, limits
from chatgui.protocol.names import casefold, is_channel
from chatgui.protocol.room_titles import title_of_channel
from chatgui.ui import wording
from chatgui.ui.chat_view import SERVER, ChatView
from chatgui.ui.transcript import (
    HAND,
    INFO,
    JOINED,
    LEFT,
    PRIVATE,
    RENAMED,
    SETTING,
    WARNING,
    is_control,
)

if TYPE_CHECKING:
    from chatgui.ui.app import ChatApp


def route(app: "ChatApp", view: ChatView, event: events.ChatEvent) -> None:
    """Apply one client event to the view."""
    if isinstance(event, events.MessageReceived):
        _message(app, view, event)
    elif isinstance(event, events.MessageSent):
        _mark(app, view, event.local_id, "", event.msgid, settled=True)
    elif isinstance(event, events.MessageQueued):
        _mark(app, view, event.local_id, wording.waiting_for(event.for_person))
    elif isinstance(event, events.MessageRefused):
        room = _room_of(view, event.conversation)
        reason = wording.refusal(event.code, room, event.reason, event.conversation.lstrip("@"))
        _mark(app, view, event.local_id, f"not sent: {reason}", settled=True)
    elif isinstance(event, events.Joined):
        _joined(app, view, event)
    elif isinstance(event, events.Parted):
        _parted(app, view, event)
    elif isinstance(event, events.MembersChanged):
        view.set_members(event.channel, event.members)
        app.closing.members_seen(event.members)
        app.teacher.refresh()
    elif isinstance(event, events.RoomModesChanged):
        app.teacher.modes_changed(event)
    elif isinstance(event, events.HandsChanged):
        app.teacher.hands_changed(event)
        if event.news:
            view.open(event.channel).add_notice(HAND, event.news)
    elif isinstance(event, events.RawLine):
        if app.lesson_shown.get():
            view.lesson.add(event.direction, event.at, event.text)
    elif isinstance(event, events.NickChanged):
        _nick_changed(app, view, event)
    elif isinstance(event, events.NameTaken):
        _name_taken(app, view, event)
    elif isinstance(event, events.HistoryLoaded):
        _history_loaded(view, event)
    elif isinstance(event, events.SearchResults):
        view.find.show_host_results(event)
    elif isinstance(event, events.TopicChanged):
        _topic_changed(app, view, event)
    elif isinstance(event, events.Invited):
        app.teacher.tools.invited(event)
    elif isinstance(event, events.ScreenCleared):
        app.teacher.tools.screen_cleared(event)
    else:
        _connection(app, view, event)


def _topic_changed(app: "ChatApp", view: ChatView, event: events.TopicChanged) -> None:
    view.set_topic(event.channel, event.topic)  # said in words by its control line
    app.teacher.tools.topic_changed(event)


def _connection(app: "ChatApp", view: ChatView, event: events.ChatEvent) -> None:
    if isinstance(event, events.ConnectionLost):
        app.outage.lost(event)
    elif isinstance(event, events.Connecting) and event.attempt > 1:
        view.status.set(f"Reconnecting (attempt {event.attempt})…")
    elif isinstance(event, events.RoomClosed):
        app.closing.room_closed()
    elif isinstance(event, events.RoomsListed):
        _rooms_listed(app, view, event)
        app.teacher.rooms.listed(event)
    elif isinstance(event, events.StudentRooms):
        app.teacher.rooms.student_rooms(event)
    elif isinstance(event, events.Problem):
        where = event.conversation or ""
        if casefold(where) not in view.transcripts:  # a room we could not join: said here
            where = view.conversation_name() or SERVER
        about = event.conversation or where  # the room refused, wherever it is said
        text = event.text
        if event.code:
            text = wording.refusal(event.code, _room_of(view, about), text, about.lstrip("@"))
        view.open(where).add_notice(WARNING, text)
    elif isinstance(event, events.ServerText):
        view.open(SERVER).add_notice(INFO, event.text)
    elif isinstance(event, events.AwayChanged):
        pass  # shown in the member list (greyed)
    elif isinstance(event, events.HistoryStatus):
        app.history_status = event
        view.open(app.channel or SERVER).add_notice(WARNING, wording.history_kept(event))
    elif isinstance(event, events.HostWarning):
        view.open(app.channel or SERVER).add_notice(WARNING, event.text)
    elif isinstance(event, events.HistoryCleared):
        view.open(event.room).add_notice(INFO, "The room's history on this computer was cleared.")


def _history_loaded(view: ChatView, event: events.HistoryLoaded) -> None:
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


def _message(app: "ChatApp", view: ChatView, event: events.MessageReceived) -> None:
    if _one_conversation_too_many(view, event):
        words = f"{event.sender} wrote to you privately: {event.text}"
        view.open(SERVER).add_notice(PRIVATE, words, event.at)
        view.count_unread(SERVER)
        return
    control = is_control(event)
    mention = not event.own and not control and _mentions(event.text, app.nick)
    transcript = view.open(event.conversation)
    if control:
        transcript.add_notice(SETTING, event.text, event.at, event.msgid)
    else:
        transcript.add_message(
            event.sender,
            event.text,
            event.at,
            own=event.own,
            mention=mention,
            action=event.kind == "action",
            msgid=event.msgid,
            to_helpers=event.to_helpers,
            badge=event.badge,
        )
    if event.to_helpers:
        app.teacher.tools.question_arrived(event.conversation)
    view.count_unread(event.conversation)
    focused = app.root.focus_displayof() is not None
    if mention and not focused:
        app.mentions += 1
        app.show_title()
        app.root.bell()


def _one_conversation_too_many(view: ChatView, event: events.MessageReceived) -> bool:
    """A private message from someone new while PRIVATE_CONVERSATIONS_MAX are open: someone
    writing under name after name must not fill the window with conversations, so it is
    shown with the room's messages instead."""
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
    return re.search(rf"(?<![\w-]){re.escape(nick)}(?![\w-])", text, re.IGNORECASE) is not None


def _mark(
    app: "ChatApp",
    view: ChatView,
    local_id: int,
    status: str,
    msgid: str | None = None,
    settled: bool = False,
) -> None:
    conversation = app.pending_conversation(local_id, settled)
    if conversation is not None:
        view.open(conversation).mark(local_id, status, msgid)


def _joined(app: "ChatApp", view: ChatView, event: events.Joined) -> None:
    if event.is_me:
        app.channel = app.channel or event.channel
        if event.channel == app.channel and not app.room:  # one of a server's many rooms
            app.room = title_of_channel(app.channel)
        title = app.room if event.channel == app.channel else title_of_channel(event.channel)
        again = casefold(event.channel) in view.transcripts  # back after an outage: stay put
        transcript = view.open(event.channel, show=not again, title=title)
        transcript.mark_joining()
        transcript.add_notice(JOINED, f"You joined {title}")
        app.closing.rejoined(event.channel)
        if app.server is not None and app.history_status is not None:
            transcript.add_notice(INFO, wording.history_kept(app.history_status))
        if app.server is not None and app.join_info.problem:
            transcript.add_notice(WARNING, app.join_info.problem)
        app.show_title()
    else:
        view.open(event.channel).add_presence(True, event.nick)


def _parted(app: "ChatApp", view: ChatView, event: events.Parted) -> None:
    if event.is_me and event.by:
        app.closing.removed(event.channel, event.by, event.reason, event.msgid)
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


def _nick_changed(app: "ChatApp", view: ChatView, event: events.NickChanged) -> None:
    """Said in each room we share and in our private conversation with them, which goes on
    under the new name; our own new name goes into the title, status bar and settings."""
    line = f"{event.old} is now {event.new}"
    for room in event.rooms:
        view.open(room).add_notice(RENAMED, line)
    if casefold(event.old) in view.transcripts:
        now_called = view.rename(event.old, event.new)
        view.open(now_called).add_notice(RENAMED, line)
        app.follow_rename(event.old, now_called)
    if event.is_me:
        app.own_name_changed(event.new)


def _name_taken(app: "ChatApp", view: ChatView, event: events.NameTaken) -> None:
    if event.plain_letters:
        line = (
            f"This server takes names in plain letters only: you are {event.given} here, "
            f"and {event.wanted} is sent as your full name, which other chat programs can show."
        )
        app.own_name_changed(event.given, typed=event.wanted)
    else:
        line = f"{event.wanted} is taken here; you are {event.given}"
        view.status.set(f"{view.status.get()} ({event.wanted} is taken here)")
    view.open(view.conversation_name() or SERVER).add_notice(INFO, line)


def _rooms_listed(app: "ChatApp", view: ChatView, event: events.RoomsListed) -> None:
    if app.client is None or app.channel:
        return
    if len(event.rooms) == 1:
        app.client.join(event.rooms[0][0], app.room_key)
    elif event.rooms:
        app.room = ""  # the network's name is no room's title: the room joined gives it
        names = ", ".join(f"{title_of_channel(name)} ({name})" for name, _, _ in event.rooms)
        view.open(SERVER, show=True).add_notice(
            INFO, f"Rooms here: {names}. Type /join and a room's name, like /join #class."
        )
    else:
        view.open(SERVER, show=True).add_notice(
            INFO, "There is no room here yet. Type /join and a name to open one."
        )
