"""Every limit and interval chatgui enforces, named in one place with the reason for it.

Imports nothing: the protocol core, the server, the client and the UI all read these names.
docs/limits.md lists them for people; tests check each one at N and N+1.
"""

# --- Lines on the wire (RFC 1459 §2.3, IRCv3 message-tags) ---
MAX_LINE_BYTES = 512
"""A line without its tags, CR LF included: the IRC limit every server and client expects."""
MAX_TAG_BYTES = 8191
"""The tag section, leading '@' and trailing space included (IRCv3 message-tags)."""
MAX_CLIENT_TAG_BYTES = 4094
"""Tags a client may send (IRCv3 message-tags), leaving room for the server's own tags."""
MAX_INCOMING_SERVER_LINE_BYTES = 4096
"""Lines a server sends us, tags excluded: servers add prefixes, so be generous but bounded."""
MAX_PARAMS = 15
"""Parameters in one message (RFC 1459 §2.3): more are refused as malformed."""

# --- Names (advertised in ISUPPORT) ---
NICK_MAX_CHARS = 30
"""Longest nick: long enough for "Firstname_Lastname", short enough for the member list."""
CHANNEL_MAX_CHARS = 50
"""Longest channel name, '#' included (RFC 2812 §1.3)."""
ROOM_TITLE_MAX_CHARS = 40
"""Longest room title ("Class chat"), as the Host page and `serve --room` take it: it fits a
title bar, the room list and a Join page line, and its channel name fits CHANNEL_MAX_CHARS."""
SHARED_VALUES = 256
"""Capability sets and lists of rooms kept once for everyone who holds an equal one
(server/one_copy.py): far more than a class's different ones, few enough to cost nothing."""
SKELETON_CACHE_NAMES = 256
"""Names whose look-alike skeleton is remembered (the nick table keeps those of everyone here),
and what they are at a glance (lookalike.resemblances): a new name is compared with the
teacher's and helpers' on every NICK, so theirs are worked out once, not each time."""
REALNAME_MAX_BYTES = 120
"""Longest real name (USER, SETNAME), in UTF-8 bytes: 120 ASCII letters or 40 Chinese ones, so
WHO and WHOIS answers about a person fit in a line."""

# --- The server: what one person may use, so nobody can spoil the room for the others ---
MAX_CONNECTIONS = 1000
"""Connections in total: far above a school's lab, well below the process's file limit (500
on Windows: LOOP_OWN_SOCKETS)."""
MAX_CONNECTIONS_PER_ADDRESS = 50
"""Connections from one IP address: a lab of 30 behind one (thin clients, NAT), with spares.
The default of `serve --max-per-address` and of the Settings' "Connections from one computer"."""
LISTEN_BACKLOG = 1024
"""Connections the system may hold waiting to be accepted: a whole lab logging in at once."""
MAX_CHANNELS_PER_USER = 20
"""Rooms one person may be in at once."""
ROOM_GROUP_SIZE = 64
"""Members of a room in one group of readers (model.Channel.readers): a join copies one group of
at most this many (512 bytes of connections, in Python's small-object pools), not the whole room,
so an assembly of hundreds joining at once leaves no large freed lists behind in the heap."""
TOPIC_MAX_CHARS = 390
"""Longest topic; with its prefix the TOPIC line still fits in 512 bytes."""
KICK_REASON_MAX_CHARS = 390
"""Longest kick reason."""
AWAY_MAX_CHARS = 200
"""Longest away message."""
SENDQ_MAX_BYTES = 1_048_576
"""Output waiting for one person. Past it, that person stopped reading and is dropped. A loop
turn that gathers this much output sends it at once, not at the turn's end."""
RECV_CHUNK_BYTES = 65536
"""Bytes read from one socket per readiness event."""
SEND_CHUNK_BYTES = 65536
"""Most bytes offered to one send(). A TLS socket that could not take them must be offered at
least as many again, so what waits is always offered in pieces of this size."""
MEMORY_RELEASE_QUIET_S = 0.5
"""Once no one has come into or left the room for this long, its loop gives the memory allocator's
free pages back to the system (glibc's malloc_trim): the holes a class's arrival left in the loop
thread's heap do not stay in the room's memory while it sits idle. Short, as a turn's trim costs
microseconds; not every turn, so a crowd coming in is not slowed by pages given back and taken
again."""
SERVER_TURN_MOST_READY = 8
"""Sockets the room's loop serves in one turn at most (the rest wait for the next, a moment
later): what a turn writes is held until its end, so a hundred people registering or joining
at once would otherwise hold all their welcomes and the room's news of them together, and
leave that much more memory taken. A classroom's turn rarely has more ready than this."""
READ_GATHER_S = 0.002
"""After a read, the client reads its server again no sooner than this: in a flood its thread
follows a few dozen lines a turn, not one or two (each turn takes the GIL back from the
window's thread); lines are shown at most this much later, and a line after a quiet time at
once."""
FLOOD_LINES_PER_S = 10
"""Lines a second one person may keep sending: far above typing, well below a script. The
default of `serve --flood LINES/BURST` and of the Settings' "Slow down people who send too fast"."""
FLOOD_BURST_LINES = 100
"""Lines one person may send at once before the rate above holds them: a long paste."""
SETTINGS_PACE_MAX_LINES = 10_000
"""The most lines a second, or at once, the Settings dialog takes for the hosted room's pace:
past it, slowing down means nothing (its switch turns it off instead)."""
FLOOD_COST_S = 1 / FLOOD_LINES_PER_S
"""Penalty per line (RFC 1459 §8.10): sustained, at most ten lines a second per person."""
FLOOD_ALLOWANCE_S = FLOOD_BURST_LINES / FLOOD_LINES_PER_S
"""Penalty a person may run up before the server stops reading them: a 100-line burst."""
PING_IDLE_S = 30.0
"""Silence after which the server sends a PING to check the peer is still there."""
PING_TIMEOUT_S = 30.0
"""Time to answer that PING; a vanished PC is dropped within PING_IDLE_S + PING_TIMEOUT_S."""
REGISTRATION_TIMEOUT_S = 60.0
"""Time a new connection has to send NICK and USER."""
WHOWAS_HISTORY = 200
"""People remembered for WHOWAS after they leave."""
WHOWAS_REPLIES_MAX = 10
"""Entries one WHOWAS answers at most, whatever count it asks: a question of one line must not
cost the room 200 replies."""
MULTILINE_MAX_BYTES = 4096
"""A draft/multiline message: at least 4 KB arrives as one message (whiteboard item 4)."""
MULTILINE_MAX_LINES = 100
"""Lines in one draft/multiline message."""
LIST_MAX_BANS = 100
"""Entries in a channel's ban list."""
SLOW_MODE_MAX_S = 3600
"""Longest slow mode (+W): an hour between messages is already silence; more is a typo."""
WORD_FILTER_MAX_WORDS = 500
"""Words in the word filter: a long school list fits, and checking a message stays cheap."""
WORD_FILTER_WORD_MAX_CHARS = 40
"""Longest word in the word filter: longer entries are sentences, not words."""
HAND_QUEUE_MAX = 200
"""Raised hands waiting in one room: a whole lab, with room to spare."""
SERVER_STOP_TIMEOUT_S = 1.0
"""How long stopping the server may take, closing messages included."""
SERVER_PROCESS_GRACE_S = 0.5
"""How much longer than SERVER_STOP_TIMEOUT_S the room's process may take to end before it is
killed; also how long its last events may take to reach the window."""
DEFAULT_PORT = 6667
"""The IRC port: the host tries it first, then the next free ones."""
PORT_SEARCH_SPAN = 20
"""How many ports after DEFAULT_PORT the host tries when it is taken."""
DEFAULT_TLS_PORT = 6697
"""The port for IRC over TLS (RFC 7194): the host tries it first, then the next free ones."""
TLS_HANDSHAKE_TIMEOUT_S = 10.0
"""A TLS handshake not finished by then is closed: a stalled one holds a place of its address."""
TLS_CERTIFICATE_DAYS = 3650
"""How long the room's self-signed certificate says it is valid (its key is what is checked)."""
STS_POLICIES_MAX = 100
"""Servers remembered as TLS-only (IRCv3 sts, sts_policies.py); past it, those ending soonest go."""
STS_DURATION_MAX_S = 31_622_400  # 366 days
"""The longest a server's sts policy is kept, whatever duration it asks for."""

# --- The server: wrong passwords (room key, server password, OPER), counted per address ---
PASSWORD_FREE_TRIES = 5
"""Wrong passwords one address may try at once: enough for typos, too few to guess with."""
PASSWORD_FIRST_WAIT_S = 1.0
"""The wait after the free tries; it doubles with each further wrong password."""
PASSWORD_MAX_WAIT_S = 60.0
"""The longest wait between two password tries: trying every 6-digit one would take 2 years."""
PASSWORD_FORGET_S = 600.0
"""An address with no wrong password for this long starts afresh (a whole lab may typo)."""
PASSWORD_ADDRESSES_MAX = 4096
"""Addresses whose wrong passwords are remembered; the longest quiet is forgotten first."""
PASSWORD_ALERT_AT = (5, 20, 100, 1000)
"""Wrong passwords from one address at which the host is told (not at every try)."""

# --- The server: identities proven with SASL PLAIN (sasl.py) ---
SASL_MAX_BYTES = 1200
"""Base64 text one AUTHENTICATE exchange may send in all (three 400-byte chunks): a name and
password fit many times over; more is refused with 905 before anything is decoded."""
SASL_TRIES_PER_CONNECTION = 3
"""Exchanges one connection may start (finished, failed or aborted): a client retries once or
twice; a guesser has to reconnect, which costs it a connection and a registration."""
SASL_FREE_NEW_ACCOUNTS = 40
"""Accounts never proven before from one computer that it may prove at once: a lab of 30
behind one address logs in freely; after these, each new one waits like a wrong password."""
SASL_KNOWN_ACCOUNTS_PER_COMPUTER = 50
"""Accounts remembered per computer as proven from it lately: a window that reconnects (as
often as it likes) proves a known one, which is never counted or made to wait."""
ACCOUNT_NAME_BYTES = 8
"""Bytes of the keyed hash shown as an account's name (13 base32 letters): 2^64 tries to hit
one someone else has, so guessing a visible account is hopeless as well as slowed."""
IDENTITY_SECRET_BYTES = 32
"""The random secret a window keeps as its identity, and the server's account key."""
PRIVATE_PARTNERS_SEARCHED = 500
"""A person's private conversations looked through for one with a partner who has left, by
the nick the partner last had: far more people than a class has to write to."""

# --- The server: a fair share for each address ---
ADDRESS_FLOOD_COST_S = 0.02
"""Penalty per line on the sender's address, shared by its connections: 50 lines/s, a whole lab."""
ADDRESS_FLOOD_ALLOWANCE_S = 2.0
"""Penalty an address may run up before its connections wait their turn: a 100-line burst."""
FLOOD_LINE_BYTES = 512
"""Each further this many bytes of a line (big client tags) cost one more line."""
FLOOD_WEIGHT_NICK = 10
"""Lines a name change costs once registered: it goes to everyone who shares a room."""
FLOOD_WEIGHT_NEW_ROOM = 5
"""Lines a JOIN costs for each room it makes: a new room is kept, listed and recorded."""
FLOOD_WEIGHT_SEARCH = 10
"""Lines a SEARCH of the history costs: it reads the store."""
FLOOD_WEIGHT_CHATHISTORY = 5
"""Lines a CHATHISTORY request costs: up to a hundred messages read and sent."""
FLOOD_WEIGHT_LIST = 5
"""Lines a LIST costs: a line for every room."""
FLOOD_WEIGHT_WHO = 5
"""Lines a WHO costs: a line for every person it matches."""
INBOX_MAX_BYTES = 262_144
"""Unhandled input one may have waiting (a full outbox after a reconnect); past it: dropped."""
ADDRESS_INBOX_MAX_BYTES = 2_097_152
"""Unhandled input from one address (2 MiB: a lab behind one router reconnecting at once);
past it, its biggest writer is dropped, so 50 connections hold no more than a few."""
RESERVED_CONNECTIONS = 200
"""The last slots of MAX_CONNECTIONS: only for addresses with few connections yet. A room that
takes fewer (Windows: 500) keeps the same share of its places (100)."""
RESERVED_SLOT_MAX_PER_ADDRESS = 2
"""An address with this many connections gets no reserved slot: a PC's window and a spare."""
HOST_RESERVE_CONNECTIONS = 4
"""Connections over every cap kept for the host's own window (from 127.0.0.1, with its secret)."""
LOOP_OWN_SOCKETS = 8
"""Sockets a room's loop watches that are nobody's connection: its wake-up socket, up to four
listening ones (IPv4 and IPv6, plain and TLS) and spares. Where the loop can watch only so
many (select() on Windows: 512, net/polls.py), a room takes that many people less these and
HOST_RESERVE_CONNECTIONS: 500 there."""
HOST_PROOF_TIMEOUT_S = 5.0
"""Time such a connection has to show the host secret before it is closed."""
MAX_ROOMS_MADE_PER_PERSON = 20
"""Rooms one person may have made that still exist: as many as they may be in at once."""
MAX_ROOMS_MADE_PER_ADDRESS = 30
"""Rooms the people at one address may have made that still exist: a lab in groups."""

# --- The server: what a student's commands make it do ---
BAN_REMEMBERS_MAX = 10
"""People a ban or mute remembers by connection, so a new name doesn't escape it; a mask
covering more is a pattern (an address, "*") and covers them by the pattern alone."""
FLOOD_REPLY_LINES = 20
"""Lines of answer each line of a command's weight pays for; each further this many cost one
more (a history page is paid by CHATHISTORY's weight; twenty rooms' on one JOIN are not)."""
FLOOD_WEIGHT_BAN = 5
"""Lines each ban or mute set costs beyond its MODE line: it is matched against everyone."""
ADDRESS_SENDQ_MAX_BYTES = 4_194_304
"""Output waiting for one address (4 MiB: four frozen readers' SENDQ_MAX_BYTES); past it, the
address's connection with the most waiting is dropped, so non-readers can't fill the memory."""
HAND_RAISE_GAP_S = 10.0
"""A hand raised again within this long is refused: up and down in a loop would be a flood
of notices to the room, past a mute and slow mode."""
CLIENT_BANS_KEPT_MAX = 200
"""Bans of one room the window keeps for its Bans… dialog: twice what chatgui's server allows
(LIST_MAX_BANS), so another server's list is shown whole, and a hostile one's is bounded."""
KEY_HOLDERS_MAX = 1000
"""People a room remembers as let in under its password, to let them back in after an outage
without it (they are not shown it): as many as can be connected (MAX_CONNECTIONS)."""
CLEAR_SCREEN_GAP_S = 10.0
"""Everyone's screen cleared again by the same person within this long is refused: a helper's
window in a loop must not keep the class from reading anything."""

# --- Names held for their people (protocol/server/held_names.py) ---
HOST_NAME_HOLD_S = 7200.0
"""How long the host's name stays the host's after the host's last connection went: longer
than any lesson, since a window that crashed may take a restart or an update to come back.
Nobody else may take the name meanwhile. `serve --host NAME` holds it from the start, until
the host first comes."""
HELPER_NAME_GRACE_S = 300.0
"""How long a helper who dropped keeps their name, and gets their helper status back in the
host's rooms when they come back with the same identity: a reconnect, a restarted window."""
HELD_NAMES_MAX = 50
"""Helpers' names held at once in all: a class's helpers, many times over. Past it, the
oldest hold ends. Only people the host made helpers are held for, so no student can
reserve names."""
HELD_NAMES_PER_COMPUTER_MAX = 3
"""Helpers' names held at once for one computer: a helper with a window and an IRC program,
with one to spare. Past it, that computer's oldest hold ends."""
HOST_KEY_GROUPS = 3
"""Groups of four letters and digits in the host key `serve` prints: 12 characters of 31
(about 59 bits), short enough to type, and with wrong keys slowed (PASSWORD_*) unguessable."""

# --- The host's history (chatgui/store/) ---
HISTORY_REPLAY_MESSAGES = 100
"""Messages of the lesson a late joiner without chathistory is sent after joining (the host
may change it)."""
CHATHISTORY_MAX_PER_REQUEST = 100
"""Messages one CHATHISTORY request may return (ISUPPORT CHATHISTORY): a screenful and more."""
HISTORY_RETENTION_DAYS = 365.0
"""Messages older than this are deleted: a school year, then gone."""
HISTORY_MAX_PER_ROOM = 50_000
"""Messages kept per room; past it the biggest writer's oldest go first. A lesson is ~1,000."""
HISTORY_MAX_BYTES = 268_435_456
"""Size cap of the history file (256 MiB): earlier lessons are pruned first to stay below."""
HISTORY_PRUNE_START_FRACTION = 0.9
"""Pruning for size starts when the file's used pages reach this share of the cap."""
HISTORY_PRUNE_BATCH = 200
"""Entries deleted per step of pruning (~10 ms): a question to the history waits no longer."""
HISTORY_PRUNE_INTERVAL_S = 60.0
"""How soon after new messages the host checks whether the history needs pruning (a quiet
room is next checked when its oldest message passes the retention)."""
HISTORY_FLUSH_INTERVAL_S = 5.0
"""Messages wait (safe, in the pending file) this long at most before going into SQLite, or
until HISTORY_FLUSH_BATCH wait. A flush costs ~0.9 ms however few it moves: a class's 30
lines a second cost ~35 µs each flushed every second, ~12 every 5 s. Questions (CHATHISTORY,
SEARCH) flush first, so they never miss a line."""
HISTORY_CHECKPOINT_PAGES = 1000
"""Pages (4 KiB) the history's write-ahead log grows to before the writer thread copies it
into the file (SQLite's default); a quiet room does nothing, and closing copies the rest."""
HISTORY_BUSY_TIMEOUT_S = 0.2
"""How long the store waits for a database another program has locked before giving up."""
LESSON_BOOK_BUSY_TIMEOUT_S = 2.0
"""How long the host's History… waits for the running room's write to the file (a few ms)."""

# --- The host's history against one student: fair caps, the word index, private files ---
SEARCH_MAX_EXAMINED = 2000
"""Messages one SEARCH reads at most (those with the words, newest first): a few ms."""
HISTORY_MAX_TAG_BYTES = 300
"""Client tags kept with a message (replies, reactions): a 4 KB tag flood can't fill the file."""
HISTORY_PRUNE_SAMPLE = 5000
"""A full file's newest lines looked at to find who wrote most lately (their oldest go first)."""
HISTORY_FULL_PRUNE_TRIES = 20
"""Batches a file at its size cap may prune at once to keep a second's new lines, then stop."""
HISTORY_PRUNE_HEADROOM_FRACTION = 0.05
"""A file at its size cap may grow this much while pruning: deleting writes to the word index."""
HISTORY_FLUSH_BATCH = 1000
"""Messages moved into SQLite in one go (a batch's statements, ~7 ms on the writer thread; a
question waits no longer); more wait for the next. Larger batches write each page fewer times."""

MONITOR_MAX_NAMES = 100
"""Names one person may watch with MONITOR (ISUPPORT MONITOR=100): a class, with room to spare."""
MONITOR_LINE_CHARS = 400
"""MONITOR answers list names in comma lists cut at this length, so every line fits in 512 bytes."""

# --- The client ---
CONNECT_TIMEOUT_S = 5.0
"""A connection attempt gives up after this long: connecting and registering included."""
RECONNECT_BACKOFF_S = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0)
"""Waits between reconnection attempts; the last one repeats. Each is jittered by ±20 %."""
RECONNECT_BACKOFF_LAN_S = (1.0, 1.5)
"""The waits for a room on this network (a private, link-local or loopback address, or .local):
a host back after a crash is found within 2 s, and a school network takes the tries easily."""
PRIVATE_WAIT_FOR_RETURN_S = 300.0
"""After an outage, a private message to someone not back yet waits this long for them (a
laptop restarted, a window opened again); then it is marked not sent."""
PRIVATE_WAIT_KNOWN_PEOPLE_MAX = 2000
"""People seen in our rooms on one connection whom a private message may wait for after an
outage; past it, newcomers are not remembered (a server inventing names can't fill memory)."""
OUTBOX_MAX_MESSAGES = 500
"""Messages typed while disconnected that wait to be sent; past it, typing is refused."""
EVENT_QUEUE_MAX = 10_000
"""Events waiting for the window. A full queue makes the worker wait, which slows the server."""
RELAY_PREFIX_ALLOWANCE_BYTES = 80
"""Room left in each line we send for the "!user@host" the server adds after our nick when
relaying (the nick itself is counted in bytes: a name of 30 Chinese letters is 90)."""
NICK_RETRIES = 9
"""Nick in use: try name_2 … name_10 before giving up."""

# --- The client, against a server that misbehaves ---
SERVER_OPEN_BATCHES_MAX = 20
"""Batches a server may have open towards us at once; more are not followed (their lines come
as plain lines), so a server that never closes them can't fill the window's memory."""
SERVER_BATCH_LINES_MAX = 1000
"""Lines kept of one batch (a history page, search results, a multiline message hold far
fewer); the rest are dropped."""
SERVER_ROOMS_MAX = 50
"""Rooms a server may put us in (a JOIN we get for ourselves); more are not followed, so a
server joining us to thousands can't fill the window with views."""
HISTORY_ANSWER_TIMEOUT_S = 15.0
"""How long the window waits for the server to answer a history request: one that never does
must not hold the room's new messages back for ever."""
SEND_MIN_TEXT_BYTES = 64
"""Text that must fit in one line beside a name we write to, or the name is refused: a name a
server made up (400 letters) would leave no room, or cut a message into dozens of lines."""

# --- Finding rooms on the network (docs/discovery.md) ---
DISCOVERY_PORT = 6667
"""UDP port of the broadcast "who hosts a room?" fallback: the IRC number, one firewall rule."""
DISCOVERY_MAX_PACKET_BYTES = 512
"""Largest broadcast packet sent or read; bigger ones are ignored unread."""
ROOM_RECORD_MAX_BYTES = 400
"""A room's DNS-SD TXT record (RFC 6763 §6.2: under 400 bytes fits one 512-byte DNS message)."""
ROOM_RECORD_FIELD_MAX_BYTES = 100
"""The room and host names in the record are cut to this, so a record always fits."""
DISCOVERY_QUERY_INTERVAL_S = 3.0
"""How often an open Join page asks "who hosts a room?" by broadcast."""
DISCOVERY_ROOM_EXPIRY_S = 10.0
"""A room heard of only by broadcast is dropped after this long without an answer."""
DISCOVERY_ANSWER_MIN_GAP_S = 0.5
"""A host broadcasts its answer at most twice a second, however many ask (rate limit)."""
DISCOVERY_MAX_ROOMS = 200
"""Rooms one Join page keeps track of: a flood of forged answers can't fill the memory."""
DISCOVERY_RECORD_TTL_S = 120
"""mDNS lifetime of a room's records: a host that vanished without a goodbye goes within it."""
DISCOVERY_STOP_TIMEOUT_S = 2.0
"""How long stopping discovery may take, goodbye packets included."""
DISCOVERY_KEY_CHECKS_AT_ONCE = 4
"""TLS handshakes a Join page makes at once to check a claim on a listed room (its key at a
new address, or a goodbye); more claims wait for the host's next announcement."""
DISCOVERY_KEY_CHECKS_PER_S = 8
"""Key checks a Join page starts per second: a flood of forged claims can't make it knock on
many doors; a claim past it is not believed, and a goodbye past it only doubted."""
DISCOVERY_KEY_CHECK_TIMEOUT_S = 2.0
"""A key check with no finished handshake by then counts as "the room is not there"."""

# --- Room history, the client's side (IRCv3 draft/chathistory, soju.im/search) ---
HISTORY_PAGE_MESSAGES = 100
"""Messages asked for in one CHATHISTORY request (fewer when the server's ISUPPORT says so)."""
HISTORY_CATCH_UP_MAX_MESSAGES = 500
"""Missed messages fetched after a reconnect; a longer absence says some were not fetched."""
SEARCH_MAX_RESULTS = 100
"""Messages one search on the host lists: enough to find something, short enough to read."""

# --- The window ---
UI_POLL_MS = 50
"""How often the window looks for worker events when idle: about 0.5 % of a core."""
UI_BATCH_MAX = 100
"""Events handled per turn of the Tk loop, so a flood of lines never freezes the window: a turn
of 100 lines is a few ms of work and layout (200 made the worst stall about twice as long, for
the same lines a second)."""
UI_TURN_MS = 15
"""How long one turn of the Tk loop may spend on worker events before the window redraws and
reads the keyboard again: with the redraw, a turn stays under 30 ms in a flood."""
SYSTEM_LOOK_TIMEOUT_S = 1.0
"""Longest wait for the computer to say whether it is in dark mode (`defaults`, `gsettings`) at
start, for the "System" theme; past it the window opens in the light theme."""
PRIVATE_CONVERSATIONS_MAX = 40
"""Private conversations others may open in the window (a lab writing to the teacher); a
message from someone new past it is shown in Notices, not in a new one."""
COPIED_SHOWN_MS = 1500
"""How long the host's address chip says "Copied" after a click, before the address is back."""
TRANSCRIPT_MAX_LINES = 5000
"""Lines kept in one conversation's view; older ones are dropped from the widget."""
GROUP_GAP_S = 300
"""A pause after which someone's next message starts a new group (avatar, name and time
again), as chat apps do: within it, their lines go on under the first without them."""
FOLDED_NAMES_MAX = 500
"""Names one folded line of joins and leaves keeps to show when clicked; past it, a join flood
is only counted ("and 2,000 others"), so it can't grow one line without end."""
INPUT_HISTORY_MAX = 100
"""Earlier messages that Up and Down recall."""
INPUT_LINES_MAX = 6
"""Lines the message box grows to with its text; past them it scrolls, so a long message
never pushes the conversation off the window."""
COMPLETIONS_SHOWN_MAX = 6
"""Names the list after @ shows at once; typing more letters narrows it."""
ROOM_LIST_REFRESH_S = 2.0
"""How often the host's room list asks the server for every room and its count (LIST): a
room a student opens or leaves shows within this, and the host's LIST costs the room nothing."""
LESSON_VIEW_MAX_LINES = 500
"""Raw lines kept in the lesson view: a lesson's worth; older ones scroll away."""
DISCOVERY_QUIET_S = 4.0
"""Seconds of finding nothing after which the Join page says so and how to join by address."""
ROOM_KEYS_MAX = 500
"""Rooms whose keys a student's window remembers (room_keys.py); the ones joined longest ago
go first. Years of classes, in a file of a few tens of kilobytes."""
ROOM_KEYS_FILE_MAX_BYTES = 262144
"""A room keys file larger than this is not read (taken as damaged): 500 rooms fit easily."""

# --- Notice from behind (ui/notify.py) ---
ALERTS_PER_MINUTE_MAX = 6
"""Sounds, taskbar flashes and desktop notifications the window gives in any minute: a flood
of 1,000 lines gives at most this many; the count in the title still says how many came."""
NOTIFICATION_TEXT_MAX = 200
"""Characters of a message a desktop notification shows (it comes from the network); longer
text is cut with "…"."""
NOTIFICATION_TITLE_MAX = 80
"""Characters of a desktop notification's heading ("Sam in Class chat")."""
