"""SEARCH (soju.im/search): a person's rooms and private conversations, searched by words,
sender and time in the history store, and answered as CHATHISTORY is (chathistory.py): a
batch of the matches, each with its own time and msgid, only from what they may read.
"""

from typing import TYPE_CHECKING

from chatgui import limits
from chatgui.protocol import caps, names, numerics
from chatgui.protocol.message import Message, unescape_tag_value
from chatgui.protocol.server.chathistory import (
    BadRequest,
    parse_time,
    readable_conversation,
    readable_from,
    request_limit,
    send_batch,
)
from chatgui.protocol.server.conversation_owners import identity_key
from chatgui.protocol.server.kept_entries import replayed
from chatgui.protocol.server.message_store import SearchQuery

if TYPE_CHECKING:
    from chatgui.protocol.server.context import ServerContext
    from chatgui.protocol.server.model import Person


def on_search(server: "ServerContext", person: "Person", message: Message) -> None:
    """The matches `person` may read, newest first, in a batch (a FAIL says what was wrong)."""
    store = server.history
    if store is None:
        server.reply(person, numerics.ERR_UNKNOWNCOMMAND, "SEARCH", "Unknown command")
        return
    if store.problem:
        why = f"Messages could not be searched: {store.problem}"
        server.fail(person, "SEARCH", "INTERNAL_ERROR", why)
        return
    try:
        query = _search_query(server, person, message.params[0])
    except BadRequest as error:
        server.fail(person, "SEARCH", "INVALID_PARAMS", str(error))
        return
    found = [
        entry
        for entry in store.search(query)
        if entry.position >= readable_from(server, person, entry.conversation)
    ]
    lines = [line for entry in found for line in replayed(entry)]
    send_batch(server, person, (caps.SEARCH,), lines)


def _search_query(server: "ServerContext", person: "Person", text: str) -> SearchQuery:
    """SEARCH's attributes (key=value;… with message-tag escaping) as a query."""
    attrs: dict[str, str] = {}
    for item in text.split(";"):
        key, _, value = item.partition("=")
        if key:
            attrs[key] = unescape_tag_value(value)
    unknown = set(attrs) - {"in", "text", "from", "after", "before", "limit"}
    if unknown:
        raise BadRequest(f"Unknown search attribute {sorted(unknown)[0]!r}")
    conversations = tuple(sorted(person.channels))
    private_of = identity_key(server, person)
    if "in" in attrs:
        conversation = readable_conversation(server, person, attrs["in"])
        if conversation is None:
            raise BadRequest(f"You can search only rooms you are in, not {attrs['in']}")
        conversations, private_of = (conversation,), ""
    limit = request_limit(
        attrs.get("limit", str(limits.SEARCH_MAX_RESULTS)), limits.SEARCH_MAX_RESULTS
    )
    return SearchQuery(
        conversations=conversations,
        private_of=private_of,
        text=attrs.get("text", ""),
        sender=names.casefold(attrs.get("from", "")),
        after=parse_time(attrs["after"]) if "after" in attrs else float("-inf"),
        before=parse_time(attrs["before"]) if "before" in attrs else float("inf"),
        limit=limit,
    )
