"""Joining the server: PASS, NICK, USER, CAP negotiation, the welcome burst, PING and QUIT.

The server password is checked only when the address is not waiting after wrong ones
(guesses.py). A person muted or banned in a room keeps their name there: a new name would
be a way out.
"""

from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import caps, names, numerics
from chatgui.protocol.message import Message
from chatgui.protocol.server.channels import held_by_name, renames_stopped_in
from chatgui.protocol.server.guesses import count_wrong, password_matches, wait_sentence
from chatgui.protocol.server.held_names import comes_back_for, hand_over, refusal, took_name
from chatgui.protocol.server.host_key import presents_a_key, take_charge
from chatgui.protocol.server.lookalikes import look_alike_refusal
from chatgui.protocol.server.model import ServerConfig
from chatgui.protocol.server.moderation import allowed_reason
from chatgui.protocol.server.monitor import arrived
from chatgui.protocol.server.nick_change import give_way, rename
from chatgui.protocol.server.one_copy import one_copy
from chatgui.protocol.server.outgoing import Written
from chatgui.protocol.server.sasl import MECHANISM, abort_exchange
from chatgui.protocol.server.tags import takes
from chatgui.protocol.server.welcome import Part, PartMaker
from chatgui.protocol.text import cut_to_bytes, is_number, without_controls

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person

# No `sts`: the room's certificate is self-signed, so IRC programs that obey sts (WeeChat,
# irssi) would then refuse to come back without a certificate they could verify; chatgui
# clients check the room's key instead (docs/school-network.md).
CAPABILITIES = {
    caps.MESSAGE_TAGS: "",
    caps.SERVER_TIME: "",
    caps.ECHO_MESSAGE: "",
    caps.BATCH: "",
    caps.LABELED_RESPONSE: "",
    caps.MULTI_PREFIX: "",
    caps.USERHOST_IN_NAMES: "",
    caps.AWAY_NOTIFY: "",
    caps.INVITE_NOTIFY: "",
    caps.SETNAME: "",
    caps.STANDARD_REPLIES: "",
    caps.CAP_NOTIFY: "",
    caps.HANDS: "",
    caps.MULTILINE: (
        f"max-bytes={limits.MULTILINE_MAX_BYTES},max-lines={limits.MULTILINE_MAX_LINES}"
    ),
}
HISTORY_CAPABILITIES = {
    caps.CHATHISTORY: "",
    caps.EVENT_PLAYBACK: "",
    caps.SEARCH: "",
}
"""Offered only by a server that keeps history."""
USER_MODES = "io"
CHANNEL_MODES = "biklmnNoqstvW"


def isupport_escape(value: str) -> str:
    """ISUPPORT values can't hold spaces or '=' (or backslashes): they are written as \\xHH."""
    return "".join(f"\\x{ord(c):02X}" if c in " =\\" or ord(c) < 33 else c for c in value)


def offered(server: "ServerContext") -> dict[str, str]:
    """The capabilities this server offers: the history ones only when it keeps history, SASL
    only with an account key."""
    offer = CAPABILITIES if server.history is None else {**CAPABILITIES, **HISTORY_CAPABILITIES}
    return {**offer, caps.SASL: MECHANISM} if server.config.account_key else offer


def isupport(server: "ServerContext") -> list[str]:
    """The honest ISUPPORT tokens: what this server really enforces."""
    history = [
        f"CHATHISTORY={limits.CHATHISTORY_MAX_PER_REQUEST}",
        "MSGREFTYPES=msgid,timestamp",
    ]
    return [
        f"CASEMAPPING={names.CASEMAPPING}",
        f"UTF8MAPPING={names.UTF8MAPPING}",
        "CHANTYPES=#&",
        "PREFIX=(qov)~@+",
        "CHANMODES=b,k,lW,imnNst",
        "EXTBAN=,m",
        "STATUSMSG=@",
        "MODES=4",
        f"NICKLEN={limits.NICK_MAX_CHARS}",
        f"CHANNELLEN={limits.CHANNEL_MAX_CHARS}",
        f"TOPICLEN={limits.TOPIC_MAX_CHARS}",
        f"KICKLEN={limits.KICK_REASON_MAX_CHARS}",
        f"AWAYLEN={limits.AWAY_MAX_CHARS}",
        f"CHANLIMIT=#&:{limits.MAX_CHANNELS_PER_USER}",
        f"MAXLIST=b:{limits.LIST_MAX_BANS}",
        f"NETWORK={isupport_escape(server.config.network)}",
        "UTF8ONLY",
        f"MONITOR={limits.MONITOR_MAX_NAMES}",
        "TARGMAX=PRIVMSG:1,NOTICE:1,TAGMSG:1,JOIN:,PART:,NAMES:1,WHOIS:1",
    ] + (history if server.history is not None else [])


def on_pass(server: "ServerContext", person: "Person", message: Message) -> None:
    if person.registered:
        server.reply(person, numerics.ERR_ALREADYREGISTERED, "You may not reregister")
        return
    person.password = message.params[0]


def on_nick(server: "ServerContext", person: "Person", message: Message) -> None:
    nick = message.param(0)
    if not nick:
        server.reply(person, numerics.ERR_NONICKNAMEGIVEN, "No nickname given")
        return
    problem = names.nick_problem(nick)
    if problem is not None:
        server.reply(person, numerics.ERR_ERRONEUSNICKNAME, nick, problem)
        return
    if person.cap_negotiating and not person.registered:
        person.nick = nick  # free or not is decided at CAP END, once SASL said who they are
        return
    if not _name_free_for(server, person, nick):
        return
    if not person.registered:
        person.nick = nick
        _try_register(server, person)
        return
    held = held_by_name(server, person)
    if held is not None:
        why = f"You can't change your name while you are muted or banned in {held.name}"
        server.reply(person, numerics.ERR_BANNICKCHANGE, nick, held.name, why)
        return
    stopped = renames_stopped_in(server, person)
    if stopped is not None:
        why = f"You can't change your name in {stopped.name}: the host turned renames off"
        server.reply(person, numerics.ERR_NONICKCHANGE, stopped.name, why)
        return
    _take_back(server, person, nick)
    rename(server, person, nick)
    took_name(server, person)


def _name_free_for(server: "ServerContext", person: "Person", nick: str) -> bool:
    """`nick` is free for `person`: nobody else has it (or its person came back for it:
    held_names.comes_back_for), it is held for nobody else, and it could pass for nobody
    else's (lookalikes.py). Else says why (433, or 432 for a look-alike of authority)."""
    holder = server.find_person(nick)
    someone_else = holder if holder is not person else None
    if someone_else is not None and comes_back_for(server, person, someone_else) is None:
        server.reply(person, numerics.ERR_NICKNAMEINUSE, nick, "Nickname is already in use")
        return False
    why = refusal(server, person, nick)
    if why is not None:
        server.reply(person, numerics.ERR_NICKNAMEINUSE, nick, why)
        return False
    look_alike = look_alike_refusal(server, person, nick)
    if look_alike is not None:
        server.reply(person, look_alike.numeric, nick, look_alike.sentence)
        return False
    return True


def _take_back(server: "ServerContext", person: "Person", nick: str) -> None:
    """Whoever else has `nick`, which its person came back for, gets another name."""
    holder = server.find_person(nick)
    if holder is None or holder is person:
        return
    why = comes_back_for(server, person, holder)
    if why is not None:
        hand_over(server, person, holder)
        give_way(server, holder, why)


def on_user(server: "ServerContext", person: "Person", message: Message) -> None:
    if person.registered or person.user:
        server.reply(person, numerics.ERR_ALREADYREGISTERED, "You may not reregister")
        return
    if not (message.params[0] and message.params[3]):  # neither may be empty (as on Ergo;
        # modern.ircdocs.horse asks 461 for an empty username, "even if an empty parameter")
        server.reply(person, numerics.ERR_NEEDMOREPARAMS, "USER", "Not enough parameters")
        return
    user = "".join(c for c in message.params[0] if c.isascii() and c.isalnum())[:10]
    person.user = "~" + (user or "u")
    realname = cut_to_bytes(without_controls(message.params[3]), limits.REALNAME_MAX_BYTES)
    # One string for a name many give ("student") or the nick itself, not a copy each
    person.realname = person.nick if realname == person.nick else one_copy(realname)
    _try_register(server, person)


def on_cap(server: "ServerContext", person: "Person", message: Message) -> None:
    sub = message.params[0].upper()
    target = person.nick
    if sub == "LS":
        person.cap_negotiating = not person.registered
        version = message.param(1)
        person.cap_version = int(version) if is_number(version) else 301
        if person.cap_version >= 302:
            person.caps = one_copy(person.caps | {caps.CAP_NOTIFY})
        listed = [
            _cap_token(name, value, person.cap_version) for name, value in offered(server).items()
        ]
        server.send(person, Message("CAP", (target, "LS", " ".join(listed)), server.config.name))
    elif sub == "REQ":
        person.cap_negotiating = not person.registered
        _cap_request(server, person, message.param(1))
    elif sub == "LIST":
        server.send(
            person,
            Message("CAP", (target, "LIST", " ".join(sorted(person.caps))), server.config.name),
        )
    elif sub == "END":
        abort_exchange(server, person)
        if person.cap_negotiating:
            person.cap_negotiating = False
            _try_register(server, person)
    else:
        server.reply(person, numerics.ERR_INVALIDCAPCMD, sub, "Invalid CAP command")


def _cap_token(name: str, value: str, version: int) -> str:
    return f"{name}={value}" if value and version >= 302 else name


def _cap_request(server: "ServerContext", person: "Person", requested: str) -> None:
    wanted = requested.split()
    known = all(item.removeprefix("-") in offered(server) for item in wanted)
    verdict = "ACK" if known and wanted else "NAK"
    if verdict == "ACK":
        held = set(person.caps)
        caps.acknowledge(held, wanted)
        before, person.caps = takes(person.caps), one_copy(frozenset(held))
        if takes(person.caps) != before:  # in rooms already (CAP REQ after registering)
            for key in person.channels:
                server.channels[key].retake(person.conn, takes(person.caps))
    reply = Message("CAP", (person.nick, verdict, requested), server.config.name)
    server.send(person, reply)


def _try_register(server: "ServerContext", person: "Person") -> None:
    if person.registered or person.nick == "*" or not person.user or person.cap_negotiating:
        return
    if not _password_accepted(server, person):
        return  # a wrong password or host key is said first: no name would help
    if not _name_free_for(server, person, person.nick):
        return
    _take_back(server, person, person.nick)
    person.registered = True
    server.nicks[names.casefold(person.nick)] = person
    took_name(server, person)
    _welcome(server, person)
    arrived(server, person)


def _password_accepted(server: "ServerContext", person: "Person") -> bool:
    """The host secret or the host key makes the host (host_key.py); else the server's
    password, if it has one, is needed.

    An address waiting after too many wrong passwords is refused before anything is checked,
    the host secret included (guesses.py). A wrong server password or host key closes the
    connection with the reason.
    """
    config = server.config
    checks = config.password is not None or presents_a_key(server, person)
    wait = wait_sentence(server, person) if checks else None
    if wait is not None:
        server.reply(person, numerics.ERR_PASSWDMISMATCH, wait)
        server.close(person, "Too many wrong passwords", f"Closing link: {wait}")
        return False
    if take_charge(server, person):
        return True
    if config.password is not None and not password_matches(person.password, config.password):
        count_wrong(server, person, "the server password")
        server.reply(person, numerics.ERR_PASSWDMISMATCH, "Password incorrect")
        server.close(person, "Wrong password", "Closing link: wrong room password")
        return False
    if presents_a_key(server, person):
        count_wrong(server, person, "the host key")
        why = "That host key is not right, or was used already"
        server.reply(
            person,
            numerics.ERR_PASSWDMISMATCH,
            f"{why}: join without one, or ask whoever started the room for the key it printed",
        )
        server.close(person, "Wrong host key", f"Closing link: {why}")
        return False
    return True


def _welcome(server: "ServerContext", person: "Person") -> None:
    """001-005, LUSERS and the MOTD, written as one piece (welcome.py)."""
    config = server.config
    nick = person.nick.encode()
    hello = _part(server, "001", lambda: _hello(config))
    intro = _part(server, "intro", lambda: _intro(config))
    wire = b"".join(
        (
            hello.to(nick, person.prefix.encode()),
            intro.to(nick),
            _supported(server).to(nick),
            _lusers(server, person.nick),
            _motd_part(server).to(nick),
        )
    )
    server.send_written(person, Written(wire))


def _part(server: "ServerContext", name: str, make: PartMaker) -> Part:
    """The welcome's part `name`, the same for everyone but the name (welcome.py)."""
    return server.welcome.part(server.config, server.history is not None, name, make)


def _hello(config: ServerConfig) -> Part:
    """001, its text ended by each person's own nick!user@host (Part.to's `after`)."""
    return Part(config.name, [(numerics.RPL_WELCOME, f"Welcome to {config.network}, ")])


def _intro(config: ServerConfig) -> Part:
    version = f"chatgui-{config.version}"
    source = config.name
    return Part(
        source,
        [
            (numerics.RPL_YOURHOST, f"Your host is {source}, running {version}"),
            (numerics.RPL_CREATED, f"This server was created {config.created}"),
            (numerics.RPL_MYINFO, source, version, USER_MODES, CHANNEL_MODES),
        ],
    )


def send_isupport(server: "ServerContext", person: "Person") -> None:
    """Every ISUPPORT token, twelve to a 005 line."""
    server.send_written(person, _supported(server).written(person.nick))


def _supported(server: "ServerContext") -> Part:
    return _part(server, "isupport", lambda: _isupport(server))


def _isupport(server: "ServerContext") -> Part:
    tokens = isupport(server)
    said = "are supported by this server"
    return Part(
        server.config.name,
        [
            (numerics.RPL_ISUPPORT, *tokens[start : start + 12], said)
            for start in range(0, len(tokens), 12)
        ],
    )


def send_lusers(server: "ServerContext", person: "Person") -> None:
    """The counts, without a look at everyone: hundreds may log in at once."""
    server.send_written(person, Written(_lusers(server, person.nick)))


def _lusers(server: "ServerContext", nick: str) -> bytes:
    """The five lines of counts (251-255) to `nick`, written straight to the wire: the counts
    are numbers, each text a sentence with a space in it, the server's name was checked when
    the room started (ServerConfig) and `nick` passed nick_problem, so nothing needs
    Message.to_bytes' checks, and the bytes are the ones it would write
    (tests/protocol/test_welcome_cache.py)."""
    count = len(server.nicks)  # the registered, by name
    unknown = len(server.people) - count
    source = f":{server.config.name}"
    return (  # RFC 2812's words
        f"{source} {numerics.RPL_LUSERCLIENT} {nick}"
        f" :There are {count} users and 0 services on 1 servers\r\n"
        f"{source} {numerics.RPL_LUSEROP} {nick} {len(server.opers)} :operator(s) online\r\n"
        f"{source} {numerics.RPL_LUSERUNKNOWN} {nick} {unknown} :unknown connection(s)\r\n"
        f"{source} {numerics.RPL_LUSERCHANNELS} {nick} {len(server.channels)}"
        " :channels formed\r\n"
        f"{source} {numerics.RPL_LUSERME} {nick} :I have {count} clients and 0 servers\r\n"
    ).encode()


def send_motd(server: "ServerContext", person: "Person") -> None:
    server.send_written(person, _motd_part(server).written(person.nick))


def _motd_part(server: "ServerContext") -> Part:
    return _part(server, "motd", lambda: _motd(server.config))


def _motd(config: ServerConfig) -> Part:
    source = config.name
    if not config.motd:
        return Part(source, [(numerics.ERR_NOMOTD, "MOTD File is missing")])
    return Part(
        source,
        [
            (numerics.RPL_MOTDSTART, f"- {source} Message of the day -"),
            *((numerics.RPL_MOTD, f"- {line}") for line in config.motd),
            (numerics.RPL_ENDOFMOTD, "End of /MOTD command"),
        ],
    )


def on_ping(server: "ServerContext", person: "Person", message: Message) -> None:
    server.send(
        person, Message("PONG", (server.config.name, message.params[0]), server.config.name)
    )


def on_pong(server: "ServerContext", person: "Person", message: Message) -> None:
    """Nothing to do: any line from a person already proves they are there."""


def on_quit(server: "ServerContext", person: "Person", message: Message) -> None:
    reason = allowed_reason(server, person, without_controls(message.param(0)))
    quit_reason = f"Quit: {reason}" if reason else "Quit"
    server.close(person, quit_reason, f"Closing link: {quit_reason}")
