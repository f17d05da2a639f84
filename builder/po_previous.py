"""The previous English text of a fuzzy message (``#| msgid``), written and read back whole.

Babel writes a previous msgid as a comment re-wrapped at the line width, so a long text comes
out as ``#| msgid "" "first line…`` with continuation lines that are no PO syntax; and Babel's
reader has no notion of ``#|`` at all: it keeps those lines as translator comments. After two
``translate extract`` runs the translator sees scraps of English as comments and no previous
text. Here the lines are written the way GNU gettext writes them::

    #| msgid ""
    #| "The first line of the old English text "
    #| "and its continuation."

and read back into ``Message.previous_id``.
"""

from __future__ import annotations

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import normalize, unescape

PREFIX = "#| "


def insert_previous(text: str, catalog: Catalog, width: int) -> str:
    """``text`` (the catalogue written without previous msgids) with the ``#| msgid`` lines of
    each message that has one, just before its ``msgctxt`` (or ``msgid``) line."""
    by_start: dict[str, str] = {}
    for message in catalog:
        if message.id and message.previous_id:
            start = _first_line(message, width)
            old = normalize(str(message.previous_id[0]), prefix=PREFIX, width=width)
            by_start[start] = f"{PREFIX}msgid {old}"
    if not by_start:
        return text
    out = []
    for line in text.split("\n"):
        previous = by_start.pop(line, None)
        if previous is not None:
            out.append(previous)
        out.append(line)
    return "\n".join(out)


def _first_line(message: Message, width: int) -> str:
    """The line that opens ``message`` in the written file (its context is unique there)."""
    if message.context:
        return "msgctxt " + normalize(message.context, width=width).split("\n")[0]
    return "msgid " + normalize(str(message.id), width=width).split("\n")[0]


def take_previous(message: Message) -> None:
    """Move ``#|`` lines, which Babel's reader keeps as comments (``| msgid "…"``), into
    ``message.previous_id``; other comments stay."""
    kept: list[str] = []
    parts: list[str] = []
    field = None
    for comment in message.user_comments:
        if not comment.startswith("|"):
            kept.append(comment)
            continue
        body = comment[1:].strip()
        keyword, _, rest = body.partition(" ")
        if keyword in ("msgid", "msgctxt", "msgid_plural"):
            field, body = keyword, rest.strip()
        if field == "msgid" and len(body) >= 2 and body[0] == body[-1] == '"':
            parts.append(unescape(body))
    message.user_comments = kept
    if parts:
        message.previous_id = ["".join(parts)]
