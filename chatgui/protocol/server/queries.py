"""Questions and personal settings: WHO, WHOIS, WHOWAS, ISON, USERHOST, LUSERS, INFO, MOTD, TIME,
VERSION, AWAY, SETNAME and OPER (whose wrong passwords are slowed: guesses.py)."""

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import caps, masks, names, numerics
from chatgui.protocol.message import Message
from chatgui.protocol.server.channels import member_prefix
from chatgui.protocol.server.guesses import count_wrong, password_matches, wait_sentence
from chatgui.protocol.server.moderation import filtered_text
from chatgui.protocol.server.registration import send_isupport, send_lusers, send_motd
from chatgui.protocol.text import cut_to_bytes, is_number, without_controls

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Channel, Person


def on_who(server: "ServerContext", person: "Person", message: Message) -> None:
    mask = message.param(0, "*")
    channel = server.find_channel(mask) if names.is_channel(mask) else None
    if channel is not None:
        if "s" not in channel.modes or person.conn in channel.members:
            for conn in channel.members:
                _who_line(server, person, server.people[conn], channel)
    else:
        for other in list(server.nicks.values()):
            if masks.mask_matches(mask, other.nick) or masks.mask_matches(mask, other.prefix):
                _who_line(server, person, other, None)
    server.reply(person, numerics.RPL_ENDOFWHO, mask, "End of WHO list")


def _who_line(
    server: "ServerContext", person: "Person", other: "Person", channel: "Channel | None"
) -> None:
    flags = "G" if other.away is not None else "H"
    if "o" in other.modes:
        flags += "*"
    if channel is not None:
        flags += member_prefix(channel.members[other.conn], caps.MULTI_PREFIX in person.caps)
    name = channel.name if channel is not None else "*"
    server.reply(
        person,
        numerics.RPL_WHOREPLY,
        name,
        other.user,
        other.host,
        server.config.name,
        other.nick,
        flags,
        f"0 {other.realname}",
    )


def on_whois(server: "ServerContext", person: "Person", message: Message) -> None:
    nick = message.params[-1]
    other = server.find_person(nick)
    if other is None:
        server.reply(person, numerics.ERR_NOSUCHNICK, nick, "No such nick/channel")
    else:
        server.reply(
            person, numerics.RPL_WHOISUSER, other.nick, other.user, other.host, "*", other.realname
        )
        rooms = [
            member_prefix(server.channels[key].members[other.conn], False)
            + server.channels[key].name
            for key in sorted(other.channels)
            if "s" not in server.channels[key].modes or key in person.channels
        ]
        if rooms:
            server.reply(person, numerics.RPL_WHOISCHANNELS, other.nick, " ".join(rooms))
        server.reply(person, numerics.RPL_WHOISSERVER, other.nick, server.config.name, "chatgui")
        if other.account is not None:  # to everyone: it tells two Sams apart, and proves nothing
            server.reply(
                person, numerics.RPL_WHOISACCOUNT, other.nick, other.account, "is logged in as"
            )
        if other.away is not None:
            server.reply(person, numerics.RPL_AWAY, other.nick, other.away)
        if "o" in other.modes:
            server.reply(person, numerics.RPL_WHOISOPERATOR, other.nick, "is an IRC operator")
        idle = str(int(server.now - (other.last_spoke or other.connected_at)))
        signon = str(int(other.connected_at))
        server.reply(
            person, numerics.RPL_WHOISIDLE, other.nick, idle, signon, "seconds idle, signon time"
        )
    server.reply(person, numerics.RPL_ENDOFWHOIS, nick, "End of /WHOIS list")


def on_whowas(server: "ServerContext", person: "Person", message: Message) -> None:
    """The newest first, `count` of them when a positive count is given, else all kept
    (modern.ircdocs.horse, WHOWAS), never more than WHOWAS_REPLIES_MAX."""
    nick = message.params[0]
    found = [d for d in server.whowas if names.casefold(d.nick) == names.casefold(nick)]
    count = message.param(1)
    wanted = int(count) if is_number(count) and int(count) > 0 else limits.WHOWAS_REPLIES_MAX
    found = found[: min(wanted, limits.WHOWAS_REPLIES_MAX)]
    if not found:
        server.reply(person, numerics.ERR_WASNOSUCHNICK, nick, "There was no such nickname")
    for departed in found:
        server.reply(
            person,
            numerics.RPL_WHOWASUSER,
            departed.nick,
            departed.user,
            departed.host,
            "*",
            departed.realname,
        )
    server.reply(person, numerics.RPL_ENDOFWHOWAS, nick, "End of WHOWAS")


def on_ison(server: "ServerContext", person: "Person", message: Message) -> None:
    wanted = " ".join(message.params).split()
    present = [other.nick for nick in wanted if (other := server.find_person(nick)) is not None]
    server.reply(person, numerics.RPL_ISON, " ".join(present))


def on_userhost(server: "ServerContext", person: "Person", message: Message) -> None:
    entries = []
    for nick in message.params[:5]:
        other = server.find_person(nick)
        if other is not None:
            oper = "*" if "o" in other.modes else ""
            away = "-" if other.away is not None else "+"
            entries.append(f"{other.nick}{oper}={away}{other.user}@{other.host}")
    server.reply(person, numerics.RPL_USERHOST, " ".join(entries))


def on_lusers(server: "ServerContext", person: "Person", message: Message) -> None:
    send_lusers(server, person)


def on_info(server: "ServerContext", person: "Person", message: Message) -> None:
    """What this server is (modern.ircdocs.horse, INFO): RPL_INFO lines, then RPL_ENDOFINFO."""
    for line in (
        f"chatgui {server.config.version}: a chat room for a classroom",
        "Its own IRC server, written in Python; the host keeps the room's history.",
    ):
        server.reply(person, numerics.RPL_INFO, line)
    server.reply(person, numerics.RPL_ENDOFINFO, "End of INFO list")


def on_motd(server: "ServerContext", person: "Person", message: Message) -> None:
    send_motd(server, person)


def on_time(server: "ServerContext", person: "Person", message: Message) -> None:
    stamp = datetime.fromtimestamp(server.now, UTC).strftime("%A %d %B %Y -- %H:%M:%S UTC")
    server.reply(person, numerics.RPL_TIME, server.config.name, stamp)


def on_version(server: "ServerContext", person: "Person", message: Message) -> None:
    version = f"chatgui-{server.config.version}"
    server.reply(
        person, numerics.RPL_VERSION, version, server.config.name, "a classroom chat server"
    )
    send_isupport(server, person)


def on_away(server: "ServerContext", person: "Person", message: Message) -> None:
    text = filtered_text(server, person, without_controls(message.param(0)))
    if text is None:
        why = "Your away message was not set: it contains a word the host does not allow."
        server.fail(person, "AWAY", "WORD_FILTERED", why)
        return
    text = text[: limits.AWAY_MAX_CHARS]
    person.away = text or None
    if text:
        server.reply(person, numerics.RPL_NOWAWAY, "You have been marked as being away")
    else:
        server.reply(person, numerics.RPL_UNAWAY, "You are no longer marked as being away")
    notice = Message("AWAY", (text,) if text else (), person.prefix, server.server_tags())
    for other in server.neighbours(person):
        if caps.AWAY_NOTIFY in other.caps:
            server.send(other, notice)


def on_setname(server: "ServerContext", person: "Person", message: Message) -> None:
    person.realname = cut_to_bytes(without_controls(message.params[0]), limits.REALNAME_MAX_BYTES)
    change = Message("SETNAME", (person.realname,), person.prefix, server.server_tags())
    for other in [person, *server.neighbours(person)]:
        if caps.SETNAME in other.caps:
            server.send(other, change)


def on_oper(server: "ServerContext", person: "Person", message: Message) -> None:
    wait = wait_sentence(server, person)
    if wait is not None:
        server.reply(person, numerics.ERR_PASSWDMISMATCH, wait)
        return
    if not _is_oper(server, message.params[0], message.params[1]):
        count_wrong(server, person, "an operator password")
        server.reply(person, numerics.ERR_PASSWDMISMATCH, "Password incorrect")
        return
    person.modes |= {"o"}
    server.opers.add(person.conn)
    server.reply(person, numerics.RPL_YOUREOPER, "You are now an IRC operator")
    server.send(person, Message("MODE", (person.nick, "+o"), server.config.name))


def _is_oper(server: "ServerContext", name: str, password: str) -> bool:
    """Every entry is compared in full, so the time taken tells nothing about any of them."""
    found = False
    for oper_name, oper_password in server.config.opers:
        same_name = password_matches(name, oper_name)
        found |= same_name & password_matches(password, oper_password)
    return found
