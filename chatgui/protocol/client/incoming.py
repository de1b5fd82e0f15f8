"""Messages that arrive: PRIVMSG, NOTICE, CTCP, draft/multiline batches, and our own echoes.

With echo-message our own message comes back from the server: that is when it counts as
sent (MessageSent, with the server's msgid and time), and it is not shown a second time.
The lines of a history or search batch are collected and handed to chathistory.py at its end;
they are records of the past, so they never confirm an echo or get a CTCP answer.
"""

from dataclasses import replace

from chatgui import limits
from chatgui.events import MessageReceived, MessageRefused, MessageSent, ServerText, StudentRooms
from chatgui.protocol import caps, names, numerics
from chatgui.protocol.client import chathistory
from chatgui.protocol.client.hands import hand_note
from chatgui.protocol.client.rooms import badge_of
from chatgui.protocol.client.state import Handlers, OpenBatch, SessionState, is_word, says_why
from chatgui.protocol.message import Message

CTCP_MARK = "\x01"
RECORDS = (caps.HISTORY_BATCH, caps.SEARCH)
"""Batches of messages from the past: a history page, search results."""
COLLECTED = (caps.MULTILINE, *RECORDS)
"""Batches whose lines wait for the batch's end."""


def _on_batch(session: SessionState, message: Message) -> None:
    reference = message.param(0)
    if len(reference) < 2:
        return  # "BATCH +" names no batch: lines can't say they belong to it
    if reference.startswith("+"):
        if len(session.batches) >= limits.SERVER_OPEN_BATCHES_MAX:
            return  # a server that never closes its batches: their lines come as plain lines
        kind, target = message.param(1), message.param(2)
        session.batches[reference[1:]] = OpenBatch(kind, dict(message.tags), target)
        return
    batch = session.batches.pop(reference[1:], None)
    if batch is None:
        return
    if batch.kind == caps.MULTILINE and batch.lines:
        _deliver_multiline(session, batch)
    elif batch.kind in RECORDS:
        recorded = [_recorded(session, line) for line in batch.lines]
        messages = [event for event in recorded if event is not None]
        chathistory.batch_ended(session, batch.kind, batch.target, messages)


def _deliver_multiline(session: SessionState, batch: OpenBatch) -> None:
    text = ""
    for index, line in enumerate(batch.lines):
        joiner = "" if index == 0 or caps.MULTILINE_CONCAT in line.tags else "\n"
        text += joiner + line.param(1)
    first = batch.lines[0]
    combined = Message(first.command, (first.param(0), text), first.source, batch.tags)
    _on_message(session, combined)


def _heard(session: SessionState, message: Message) -> tuple[str, MessageReceived]:
    """A PRIVMSG or NOTICE as the window would show it, worked out once for live lines and
    for history alike: who sent it, where it belongs, its kind ("message" or "notice", CTCP
    not yet read), its time, msgid and badge; with the target the line named."""
    sender = message.nick or session.server_name or "server"
    status, target = split_status(session, message.param(0))
    own = session.is_me(sender)
    from_server = _from_server(message)
    conversation = _conversation(target, sender, own, from_server)
    kind = "notice" if message.command == "NOTICE" else "message"
    at = chathistory.message_time(session, message.tags)
    msgid = chathistory.message_id(message.tags)
    badge = "" if from_server else badge_of(session, sender, conversation)
    heard = MessageReceived(
        conversation,
        sender,
        message.param(1),
        at,
        msgid,
        kind,
        own,
        bool(status),
        badge,
        from_server,
    )
    return target, heard


def _on_message(session: SessionState, message: Message) -> None:
    open_batch = session.batches.get(message.tags["batch"]) if "batch" in message.tags else None
    if open_batch is not None and open_batch.kind in COLLECTED:
        if len(open_batch.lines) < limits.SERVER_BATCH_LINES_MAX:
            open_batch.lines.append(message)
        return
    target, heard = _heard(session, message)
    if not (target and heard.text):
        return  # to nobody, or saying nothing: nothing to show
    if heard.own and caps.ECHO_MESSAGE in session.caps and _confirm_echo(session, heard):
        return  # the window already shows what was typed; now it is marked as sent
    if heard.text.startswith(CTCP_MARK):
        kind, text = _ctcp(session, message.command, heard.sender, heard.text)
        if not text:
            return
        heard = replace(heard, kind=kind, text=text)
    chathistory.deliver(session, heard)


def _recorded(session: SessionState, message: Message) -> MessageReceived | None:
    """A PRIVMSG or NOTICE from history as an event; None for what is not shown (CTCP)."""
    if message.command not in ("PRIVMSG", "NOTICE"):
        return None  # joins, parts … come only with draft/event-playback, which we don't ask
    heard = _heard(session, message)[1]
    if not heard.text.startswith(CTCP_MARK):
        return heard
    verb, _, argument = heard.text.strip(CTCP_MARK).partition(" ")
    return replace(heard, kind="action", text=argument) if verb.upper() == "ACTION" else None


def _from_server(message: Message) -> bool:
    """True for the server's own line: no source, or a server's name ("chatgui.local") rather
    than a person's nick!user@host. What a person writes can't change its source."""
    source = message.source
    return source is None or ("!" not in source and "@" not in source and "." in source)


def split_status(session: SessionState, target: str) -> tuple[str, str]:
    """("@", "#room") for "@#room": a message to the room's operators only (ISUPPORT
    STATUSMSG); ("", target) for anything else."""
    prefixes = session.isupport.get(caps.STATUSMSG, "")
    stripped = target.lstrip(prefixes) if prefixes else target
    if stripped != target and names.is_channel(stripped):
        return target[: len(target) - len(stripped)], stripped
    return "", target


def _conversation(target: str, sender: str, own: bool, from_server: bool) -> str:
    """Where a message belongs: its room, the other person's name, or "*" for the server."""
    if names.is_channel(target):
        return target
    if from_server:
        return "*"
    return target if own else sender


def _confirm_echo(session: SessionState, echo: MessageReceived) -> bool:
    """Count an echo towards the oldest message waiting for one; False if none was."""
    if not session.awaiting_echo:
        return False
    oldest = session.awaiting_echo[0]
    oldest.echoes_left -= 1
    if oldest.echoes_left <= 0:
        session.awaiting_echo.popleft()
        session.emit(MessageSent(oldest.local_id, echo.msgid, echo.at))
        chathistory.note_newest(session, oldest.target, echo.msgid)
    return True


def _ctcp(session: SessionState, command: str, sender: str, text: str) -> tuple[str, str]:
    """Handle a CTCP request; return (kind, text to show), text "" when nothing is shown."""
    body = text.strip(CTCP_MARK)
    verb, _, argument = body.partition(" ")
    verb = verb.upper()
    if verb == "ACTION":
        return "action", argument
    if command == "NOTICE":
        return "notice", f"{verb} reply: {argument}"
    replies = {"VERSION": session.version, "PING": argument}
    if verb in replies and is_word(sender):
        reply = f"{CTCP_MARK}{verb} {replies[verb]}{CTCP_MARK}"
        session.send(Message("NOTICE", (sender, reply)))
        return "notice", ""
    return "notice", f"asked for CTCP {verb} {argument}".rstrip()


def _on_message_refused(session: SessionState, message: Message) -> None:
    """An error in answer to one of our lines: it takes the place of that line's echo."""
    if not says_why(message):
        return
    reason = message.params[-1]
    target = split_status(session, message.param(1))[1] if len(message.params) > 2 else ""
    pending = session.awaiting_echo[0] if session.awaiting_echo else None
    ours = pending is not None and (
        not target
        or names.casefold(target) == names.casefold(split_status(session, pending.target)[1])
    )
    if pending is None or not ours:
        session.problem(target if names.is_channel(target) else None, reason, message.command)
        return
    session.awaiting_echo.popleft()
    session.emit(MessageRefused(pending.local_id, pending.target, reason, message.command))


def _on_standard_reply(session: SessionState, message: Message) -> None:
    """FAIL/WARN/NOTE <command> <code> [context…] :description (IRCv3 standard replies).

    A FAIL for PRIVMSG or NOTICE (slow mode, a filtered word) takes the place of that
    message's echo, like an error numeric does; one for a history request answers it."""
    if message.command == "FAIL" and chathistory.answer_fail(session, message):
        return
    command, code = message.param(0).upper(), message.param(1).upper()
    if message.command == "NOTE" and command == "HAND":
        hand_note(session, code, message)
        return
    if message.command == "NOTE" and command == "ROOMS" and code == "STUDENTS":
        allowed = message.param(2).upper() == "ON"
        session.emit(StudentRooms(allowed, message.params[-1] if len(message.params) > 3 else ""))
        return
    if len(message.params) < 3:
        return  # no command, code and description: nothing a person could read
    description = message.params[-1]
    where = [split_status(session, c)[1] for c in message.params[2:-1]]
    channel = next((c for c in where if names.is_channel(c)), None)
    label = f"{message.command} {command} {code}"
    if message.command == "NOTE":
        session.emit(ServerText(description))
    elif message.command == "FAIL" and command in ("PRIVMSG", "NOTICE") and session.awaiting_echo:
        pending = session.awaiting_echo.popleft()
        session.emit(MessageRefused(pending.local_id, pending.target, description, label))
    else:
        session.problem(channel, description, label)


HANDLERS: Handlers = {
    "BATCH": _on_batch,
    "PRIVMSG": _on_message,
    "NOTICE": _on_message,
    numerics.ERR_NOSUCHNICK: _on_message_refused,
    numerics.ERR_NOSUCHCHANNEL: _on_message_refused,
    numerics.ERR_CANNOTSENDTOCHAN: _on_message_refused,
    numerics.ERR_NOTEXTTOSEND: _on_message_refused,
    numerics.ERR_INPUTTOOLONG: _on_message_refused,
    "FAIL": _on_standard_reply,
    "WARN": _on_standard_reply,
    "NOTE": _on_standard_reply,
}
"""The commands this module takes, and their handlers (session.HANDLERS merges them)."""
