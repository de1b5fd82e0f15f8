"""Talking: PRIVMSG, NOTICE and TAGMSG to rooms and people, and draft/multiline batches.

Every relayed message gets a msgid and a time. The sender gets its own copy back when it
asked for echo-message. Client-only tags (those starting with '+') travel with the message.
Control characters are taken out of the text and the tags (text.without_controls), and the
word filter reads both (moderation.screen). A message to "@#room" (ISUPPORT STATUSMSG)
reaches only the room's host and helpers.
"""

import re
from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import caps, names, numerics
from chatgui.protocol.message import Message
from chatgui.protocol.server import clear_screen, moderation
from chatgui.protocol.server.channels import hidden_from, is_operator
from chatgui.protocol.server.conversation_owners import identity_key
from chatgui.protocol.server.message_store import private_conversation
from chatgui.protocol.server.model import Multiline
from chatgui.protocol.text import without_controls

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Channel, Person
    from chatgui.protocol.server.wordfilter import Lines

STATUSMSG = "@"
"""A target "@#room" means the room's host and helpers only (ISUPPORT STATUSMSG=@)."""
# IRCv3 message-tags: <client_prefix> [ <vendor> '/' ] <key_name>, key_name = letters, digits, '-'
_CLIENT_TAG = re.compile(r"\+([A-Za-z0-9.-]+/)?[A-Za-z0-9-]+")


def client_tags(tags: dict[str, str]) -> dict[str, str]:
    """The well-formed client-only tags a sender attached, relayed without control characters."""
    return {k: without_controls(v) for k, v in tags.items() if _CLIENT_TAG.fullmatch(k)}


def on_message(server: "ServerContext", person: "Person", message: Message) -> None:
    command, params = message.command, message.params
    quiet = command == "NOTICE"
    if not params:
        if not quiet:
            server.reply(person, numerics.ERR_NORECIPIENT, f"No recipient given ({command})")
        return
    text = without_controls(params[1]) if len(params) > 1 else ""
    if command != "TAGMSG" and not text:
        if not quiet:
            server.reply(person, numerics.ERR_NOTEXTTOSEND, "No text to send")
        return
    target = params[0]
    room = room_of(server, target)
    whole_room = room is not None and target[0] != STATUSMSG and command != "TAGMSG"
    recipients = find_recipients(server, person, command, target, room, listed=not whole_room)
    if recipients is None:
        return
    lines = [] if command == "TAGMSG" else [(text, False)]
    tags = client_tags(message.tags) if message.tags else {}  # most messages have none
    if server.word_filter.words or (room is not None and room.slow_s is not None):
        screened = _screen(server, person, command, target, room, lines, tags)
        if screened is None:
            return
        lines, tags = screened
    if tags:  # only a client tag can ask to clear everyone's screen
        checked = clear_screen.checked_tags(server, person, command, target, tags)
        if checked is None:
            return
        tags = checked
    params = (target, lines[0][0]) if lines else (target,)
    person.last_spoke = server.now
    own = server.server_tags()  # the client's tags, if any, go first
    relayed = Message(command, params, person.prefix, {**tags, **own} if tags else own)
    if command == "TAGMSG":
        recipients = [p for p in recipients if caps.MESSAGE_TAGS in p.caps]
    echo = caps.ECHO_MESSAGE in person.caps
    if whole_room and room is not None:  # by the room's groups of readers, no list of everyone
        server.send_to_channel(room, relayed, None if echo else person)
    else:
        server.send_to_all([*recipients, person] if echo else recipients, relayed)
    if command != "TAGMSG" and server.history is not None:
        _remember(server, person, relayed)
    if command == "PRIVMSG" and not whole_room and not names.is_channel(target):
        _tell_if_away(server, person, recipients)


def _remember(server: "ServerContext", person: "Person", relayed: Message) -> None:
    """Keep a room's message; a private one only when the host chose to keep those. A question
    to the host and helpers (@#room) is not kept: a room's history is for everyone in it.
    Without a history nothing is looked up."""
    if server.history is None:
        return
    target = relayed.params[0]
    if target.startswith(STATUSMSG):
        return
    if names.is_channel(target):
        server.remember(names.casefold(target), relayed)
        return
    recipient = server.find_person(target)
    if server.config.keep_private and recipient is not None:  # kept under who they are
        mine = identity_key(server, person)
        conversation = private_conversation(mine, identity_key(server, recipient))
        server.remember(conversation, relayed, sender_key=mine)


def _tell_if_away(server: "ServerContext", person: "Person", recipients: list["Person"]) -> None:
    for recipient in recipients:
        if recipient.away is not None:
            server.reply(person, numerics.RPL_AWAY, recipient.nick, recipient.away)


def _screen(
    server: "ServerContext",
    person: "Person",
    command: str,
    target: str,
    room: "Channel | None",
    lines: "Lines",
    tags: dict[str, str],
) -> tuple["Lines", dict[str, str]] | None:
    """Slow mode and the word filter for everyone but the host, helpers and server operators."""
    if room is not None and is_operator(room, person):
        return lines, tags
    if person.is_host or "o" in person.modes:
        return lines, tags
    return moderation.screen(server, person, command, target, room, lines, tags)


def room_of(server: "ServerContext", target: str) -> "Channel | None":
    """The room a message to `target` goes to ("#room", or "@#room" for its host and helpers),
    looked up once for everything the message passes through; None for a person or no room."""
    name = target.removeprefix(STATUSMSG)
    return server.channels.get(names.casefold(name)) if names.is_channel(name) else None


def find_recipients(
    server: "ServerContext",
    person: "Person",
    command: str,
    target: str,
    room: "Channel | None",
    listed: bool = True,
) -> list["Person"] | None:
    """Who receives a message from `person` to `target`, or None (with a reply) if nobody may.
    `room` is room_of(target). With `listed` False a room's members are not listed (an empty
    list: the line goes to the room's groups of readers), only checked that it may be sent."""
    quiet = command == "NOTICE"
    if target.startswith(STATUSMSG) and names.is_channel(target[1:]):
        return _host_and_helpers(server, person, command, target[1:], room)
    if room is not None or names.is_channel(target):  # room_of found it, or there is none
        channel = room
        if channel is None or hidden_from(channel, person):
            if not quiet:
                server.reply(person, numerics.ERR_NOSUCHNICK, target, "No such nick/channel")
            return None
        refusal = _why_not_heard(channel, person)
        if refusal is not None:
            if not quiet:
                server.reply(person, numerics.ERR_CANNOTSENDTOCHAN, channel.name, refusal)
            return None
        if not listed:
            return []
        people, sender = server.people, person.conn  # looked up once, not once per member
        return [people[c] for c in channel.members if c != sender]
    recipient = server.find_person(target)
    if recipient is None:
        if not quiet:
            server.reply(person, numerics.ERR_NOSUCHNICK, target, "No such nick/channel")
        return None
    return [recipient]


def _host_and_helpers(
    server: "ServerContext", person: "Person", command: str, name: str, channel: "Channel | None"
) -> list["Person"] | None:
    """The host and helpers of room `name` (`channel`, None when there is no such room), for a
    message to "@#room" from one of its members."""
    if channel is None or person.conn not in channel.members:
        why = f"Join {name} first: only its members can write to its host and helpers"
        server.reply(person, numerics.ERR_CANNOTSENDTOCHAN, name, why)
        return None
    in_charge = [
        server.people[conn]
        for conn, status in channel.members.items()
        if conn != person.conn and ("o" in status or "q" in status)
    ]
    if not in_charge:
        why = f"No host or helper is in {channel.name} right now: your message was not sent"
        server.fail(person, command, "NO_HELPERS", why, STATUSMSG + channel.name)
        return None
    return in_charge


def _why_not_heard(channel: "Channel", person: "Person") -> str | None:
    status = channel.members.get(person.conn)
    if status is None:
        return "Cannot send to channel (+n) - join the room first" if "n" in channel.modes else None
    if "o" in status or "q" in status or "o" in person.modes:  # is_operator, status at hand
        return None
    # Banned and muted are read together; a room without bans or mutes has nothing to read.
    banned, muted = moderation.verdict(channel, person) if channel.bans else (False, False)
    if muted:
        return f"You are muted in {channel.name}: only the host or a helper can unmute you"
    if "v" in status:
        return None
    if "m" in channel.modes:
        return "Cannot send to channel (+m) - only people with a voice can talk now"
    if banned:
        return "Cannot send to channel (+b) - you are banned"
    return None


def on_batch(server: "ServerContext", person: "Person", message: Message) -> None:
    reference = message.params[0]
    if (
        reference.startswith("+")
        and message.param(1) == caps.MULTILINE
        and len(message.params) >= 3
    ):
        if caps.MULTILINE not in person.caps:
            server.fail(person, "BATCH", "MULTILINE_INVALID", "Ask for draft/multiline first")
            return
        tags = client_tags(message.tags)
        label = message.tags.get("label", "")
        person.multiline = Multiline(reference[1:], message.params[2], "", tags, label)
    elif reference.startswith("-") and person.multiline is not None:
        batch, person.multiline = person.multiline, None
        if batch.failed and reference[1:] == batch.ref:
            return  # already answered with FAIL
        if reference[1:] == batch.ref and batch.lines:
            _deliver_multiline(server, person, batch)
        else:
            server.fail(person, "BATCH", "MULTILINE_INVALID", "That batch was empty or unknown")
    else:
        server.fail(person, "BATCH", "INVALID_REFTAG", "Only draft/multiline batches are accepted")


def add_to_multiline(server: "ServerContext", person: "Person", message: Message) -> None:
    """A line inside a draft/multiline batch: collect it, within the named limits."""
    batch = person.multiline
    assert batch is not None
    if batch.failed:
        return
    valid = (
        message.tags.get("batch") == batch.ref
        and message.command in ("PRIVMSG", "NOTICE")
        and batch.command in ("", message.command)
        and len(message.params) == 2
        and names.casefold(message.params[0]) == names.casefold(batch.target)
    )
    if not valid:
        batch.failed = True
        server.fail(
            person, "BATCH", "MULTILINE_INVALID", "A line in the batch does not belong to it"
        )
        return
    text = without_controls(message.params[1])
    concat = caps.MULTILINE_CONCAT in message.tags
    batch.command = message.command
    # Each line feed joining two lines counts towards max-bytes too (IRCv3 multiline).
    batch.size += len(text.encode("utf-8")) + (1 if batch.lines and not concat else 0)
    batch.lines.append((text, concat))
    if batch.size > limits.MULTILINE_MAX_BYTES:
        batch.failed = True
        limit = str(limits.MULTILINE_MAX_BYTES)
        why = "Multiline batch max-bytes exceeded"
        server.fail(person, "BATCH", "MULTILINE_MAX_BYTES", why, limit)
    elif len(batch.lines) > limits.MULTILINE_MAX_LINES:
        batch.failed = True
        limit = str(limits.MULTILINE_MAX_LINES)
        why = "Multiline batch max-lines exceeded"
        server.fail(person, "BATCH", "MULTILINE_MAX_LINES", why, limit)


def _joined(lines: list[tuple[str, bool]]) -> str:
    """A multiline message's text as one string: its lines joined by LF, concat lines by nothing."""
    text = ""
    for index, (line, concat) in enumerate(lines):
        text += line if concat or index == 0 else "\n" + line
    return text


def _deliver_multiline(server: "ServerContext", person: "Person", batch: Multiline) -> None:
    room = room_of(server, batch.target)
    recipients = find_recipients(server, person, batch.command, batch.target, room)
    if recipients is None:
        return
    screened = _screen(server, person, batch.command, batch.target, room, batch.lines, batch.tags)
    if screened is None:
        return
    lines, client = screened
    target = batch.target
    tags = {**client, **server.server_tags()}
    ref = "ml" + tags["msgid"]
    as_batch = [Message("BATCH", (f"+{ref}", caps.MULTILINE, target), person.prefix, tags)]
    as_lines: list[Message] = []
    for text, concat in lines:
        line_tags = {"batch": ref, caps.MULTILINE_CONCAT: ""} if concat else {"batch": ref}
        as_batch.append(Message(batch.command, (target, text), person.prefix, line_tags))
        if text:
            # The batch's tags (msgid, client tags) go on the first line only (IRCv3 multiline).
            plain_tags = {"time": tags["time"]} if as_lines else tags
            as_lines.append(Message(batch.command, (target, text), person.prefix, plain_tags))
    as_batch.append(Message("BATCH", (f"-{ref}",), person.prefix))
    whole = Message(batch.command, (target, _joined(lines)), person.prefix, tags)
    _remember(server, person, whole)
    echo = [person] if caps.ECHO_MESSAGE in person.caps else []
    understand: list[Person] = []
    others: list[Person] = []
    for recipient in recipients + echo:
        batches = caps.MULTILINE in recipient.caps and caps.BATCH in recipient.caps
        (understand if batches else others).append(recipient)
    for line in as_batch:
        server.send_to_all(understand, line)
    for line in as_lines:
        server.send_to_all(others, line)
