"""Load YAML safely, keeping the line and column of every key and value.

The loader never runs a YAML constructor: it reads libyaml's event stream (C-accelerated
when available) and builds plain Python values itself, so no tag can instantiate an
object. On the way it enforces the rules editors rely on:

* the file is UTF-8, at most :data:`MAX_BYTES` long, nested at most :data:`MAX_DEPTH`
  and holds at most :data:`MAX_NODES` values (which bounds loading time: a file at the
  limit loads in well under a second); the nesting limit is reported where it is crossed
  whatever limit of its own the YAML library has;
* anchors and aliases are refused (no alias bomb can cost anything);
* duplicate keys are errors; keys are plain strings;
* scalars follow the YAML 1.2 core schema: only ``true``/``false`` are booleans, so
  ``no`` stays the text ``no``; numbers remember the text they were written as, so a text
  field given ``1.10`` reads ``"1.10"``; dates are not parsed (``2017-10-02`` is text until
  the model asks for a date);
* strings are NFC-normalised; characters XML 1.0 forbids are errors naming the field;
* a number too long for Python to convert (over 4,300 digits) is an error, not a crash;
* syntax errors are placed where the editor has to look: a key missing its colon and a
  quote never closed are reported at their start, not where the parser gave up, and an
  unclosed ``[`` or ``{`` says on which line it was opened.

:attr:`Document.blocks` records where the text of each block scalar (``|`` or ``>``)
starts, so later checks can point at a line inside it.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml

from .errors import BuildError, Diagnostic, KeyPath, format_path
from .paths import open_checked

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _EventLoader

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 50_000  # a 40 KB module holds about 500; this bounds loading time

# YAML 1.2 core schema, as the spec gives it (plus "1_000"-style digits refused).
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
# Characters XML 1.0 does not allow (tab, LF and CR are fine).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class YInt(int):
    """An integer that remembers how it was written."""

    src: str


class YFloat(float):
    """A float that remembers how it was written (``1.10`` stays ``"1.10"`` as text)."""

    src: str


@dataclass
class Document:
    """A loaded YAML file: its data and where every node stood."""

    path: Path
    name: str  # as shown in messages: relative to the project root
    data: Any
    values: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    # block scalars (| or >): line and column of the first line of their text
    blocks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    sha256: str = ""  # of the bytes read from the file (what the build records as input)

    def where(self, path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``path`` (its key when ``key``), falling back to the nearest
        enclosing node that has a position."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))

    def diagnostic(
        self,
        path: KeyPath,
        message: str,
        *,
        key: bool = False,
        hint: str | None = None,
        severity: str = "error",
    ) -> Diagnostic:
        line, col = self.where(path, key=key)
        return Diagnostic(
            self.name, line, col, message, severity=severity, key=format_path(path), hint=hint
        )


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _fail(name: str, mark_or_pos, message: str, hint: str | None = None, key: str = "") -> NoReturn:
    line, col = mark_or_pos if isinstance(mark_or_pos, tuple) else _pos(mark_or_pos)
    raise BuildError([Diagnostic(name, line, col, message, key=key, hint=hint)])


def _scalar(event: yaml.ScalarEvent, name: str, path: KeyPath) -> Any:
    value = event.value
    if event.tag not in (None, "!") and event.tag not in _STANDARD_TAGS:
        _fail(
            name,
            event.start_mark,
            f"YAML tag {event.tag!r} is not allowed",
            "remove the tag; course files hold plain text, numbers and lists",
            format_path(path),
        )
    plain = not event.style and event.tag is None
    if not plain:
        return _text(value, name, event.start_mark, path)
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _INT.match(value):
        try:
            number = YInt(int(value, 0) if value[:2] in ("0o", "0x") else int(value))
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            _fail(
                name,
                event.start_mark,
                f"the number {value[:20]}… has too many digits",
                "write a shorter number, or quote it if it is text",
                format_path(path),
            )
        number.src = value
        return number
    if _FLOAT.match(value):
        number = YFloat(
            float(
                value.replace(".inf", "inf")
                .replace(".Inf", "inf")
                .replace(".INF", "inf")
                .replace(".nan", "nan")
                .replace(".NaN", "nan")
                .replace(".NAN", "nan")
            )
        )
        number.src = value
        return number
    return _text(value, name, event.start_mark, path)


def _text(value: str, name: str, mark, path: KeyPath, what: str = "text") -> str:
    bad = _XML_INVALID.search(value)
    if bad:
        char = bad.group()
        _fail(
            name,
            mark,
            f"{what} contains the character U+{ord(char):04X}, which documents cannot hold",
            "delete it or replace it with a visible character",
            format_path(path),
        )
    return unicodedata.normalize("NFC", value)


def _check_source_text(text: str, name: str) -> None:
    bad = _XML_INVALID.search(text)
    if bad:
        before = text[: bad.start()]
        line = before.count("\n") + 1
        col = bad.start() - (before.rfind("\n") + 1) + 1
        _fail(
            name,
            (line, col),
            f"the file contains the control character U+{ord(bad.group()):04X}",
            "delete it; only tabs and line breaks are allowed",
        )


def _decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_BYTES:
        _fail(
            name,
            (1, 1),
            f"file is larger than the limit of {MAX_BYTES:,} bytes",
            "split the content into several modules",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        _fail(
            name,
            (line, col),
            f"file is not valid UTF-8 text (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8",
        )
    _check_source_text(text, name)
    return text


def parse(text: str, name: str = "<string>", path: Path | None = None) -> Document:
    """Build a :class:`Document` from YAML text, raising :class:`BuildError` on any problem."""
    _check_source_text(text, name)
    try:
        return _build(text, name, path, _EventLoader)
    except yaml.MarkedYAMLError as exc:
        if _EventLoader is yaml.SafeLoader or not _library_limit(exc):
            _syntax_error(name, exc, text.split("\n"))
        limit = exc
    except yaml.YAMLError as exc:  # reader errors from the C parser carry no mark
        _fail(name, (1, 1), f"YAML error: {exc}")
    # The YAML library's own nesting limit fired (libyaml ≥ 0.2.6 stops at 1000 levels),
    # maybe before it handed over a single event: its scanner looks ahead for the ':' of a
    # possible key, so `key: [[[[…` never reaches the depth check. Parsed again up to the
    # bracket where the limit fired, the text is shallow enough for the library and the
    # tool's limit is reported where it is crossed (a cut at a bracket splits no name).
    cut = limit.problem_mark.index if limit.problem_mark is not None else -1
    if 0 <= cut < len(text) and text[cut] in "[{":
        with contextlib.suppress(yaml.YAMLError):  # it ends inside open brackets
            _build(text[:cut], name, path, _EventLoader)
    # Nothing the tool refuses before the library's limit, which is then below the tool's:
    # the pure-Python parser, which has no limit of its own, loads what the tool allows.
    try:
        return _build(text, name, path, yaml.SafeLoader)
    except yaml.MarkedYAMLError as again:
        if _library_limit(again):  # a pure-Python limit too: still the tool's message
            _fail(name, _mark_of(again), f"nesting is deeper than {MAX_DEPTH} levels")
        _syntax_error(name, again, text.split("\n"))
    except yaml.YAMLError as again:
        _fail(name, (1, 1), f"YAML error: {again}")


def _library_limit(exc: yaml.MarkedYAMLError) -> bool:
    """Whether a parser error is the YAML library's own nesting limit (libyaml ≥ 0.2.6:
    "exceeded maximum nesting depth", "while increasing flow level")."""
    text = f"{exc.problem or ''} {exc.context or ''}".casefold()
    return "nesting" in text or "depth" in text


def _mark_of(exc: yaml.MarkedYAMLError) -> tuple[int, int]:
    mark = exc.problem_mark or exc.context_mark
    return _pos(mark) if mark is not None else (1, 1)


def _syntax_error(name: str, exc: yaml.MarkedYAMLError, lines: list[str]) -> NoReturn:
    """Raise a located error for a YAML syntax error, placed where the editor has to look
    and, for the usual mistakes (a tab, an unquoted colon), saying how to fix it."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    context = exc.context
    start = exc.context_mark
    hint = "check indentation, colons and quotes on this line or the one before"
    tabby = "tab" in problem or "cannot start any token" in problem
    if mark is not None:
        tab = _tab_before(lines, mark) if tabby else None
        if tab is not None:
            _fail(
                name,
                tab,
                "a tab character is used to indent this line; YAML indents with spaces only",
                "replace the tab with spaces (set your editor to insert spaces for tabs)",
            )
        if "mapping values are not allowed" in problem:
            line = lines[mark.line] if mark.line < len(lines) else ""
            _fail(
                name,
                mark,
                "a colon followed by a space inside a text makes YAML read a new key here",
                "put the text in quotes: " + _quoted_suggestion(line),
            )
    if start is not None and (
        context == "while scanning a simple key" or "end of stream" in problem
    ):
        # the parser gave up lines later; the key without its colon, or the quote
        # never closed, is where the editor has to look
        mark = start
    elif (
        start is not None
        and mark is not None
        and start.line != mark.line
        and context
        and "flow" in context
    ):
        context = f"{context} opened on line {start.line + 1}"
    if context:
        problem = f"{problem} ({context})"
    _fail(name, mark if mark else (1, 1), f"YAML syntax error: {problem}", hint)


def _tab_before(lines: list[str], mark) -> tuple[int, int] | None:
    """Line and column of a tab in the indentation of the error's line or the one before."""
    for number in (mark.line, mark.line - 1):
        if 0 <= number < len(lines):
            line = lines[number]
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            if "\t" in indent:
                return (number + 1, indent.index("\t") + 1)
    return None


def _quoted_suggestion(line: str) -> str:
    """``key: "the text: with a colon"`` for the line ``key: the text: with a colon``."""
    stripped = line.strip()
    prefix = ""
    if stripped.startswith("- "):
        prefix, stripped = "- ", stripped[2:]
    key, sep, text = stripped.partition(": ")
    if sep and key.replace("_", "").isalnum() and text:
        prefix, stripped = f"{prefix}{key}: ", text
    text = stripped.replace("\\", "\\\\").replace('"', '\\"')
    shown = text if len(text) <= 60 else text[:57] + "…"
    return f'{prefix}"{shown}"'


def _build(text: str, name: str, path: Path | None, loader: type) -> Document:
    """The document from the event stream of ``loader``; the tool's own rules raise
    :class:`BuildError`, the parser's errors propagate."""
    doc = Document(path=path or Path(name), name=name, data=None)
    # stack entries: [container, keypath, pending_key, pending_key_mark, seen_keys]
    stack: list[list[Any]] = []
    lines = text.split("\n")
    nodes = 0
    documents = 0
    root: Any = None
    have_root = False

    def attach(value: Any, mark) -> None:
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            doc.values[()] = _pos(mark)
            return
        top = stack[-1]
        container, cpath = top[0], top[1]
        if isinstance(container, list):
            child = (*cpath, len(container))
            container.append(value)
            doc.values[child] = _pos(mark)
            return
        if top[2] is None:  # this scalar is a key
            if not isinstance(value, str):
                if isinstance(value, (YInt, YFloat)):
                    value = value.src
                elif isinstance(value, bool) or value is None:
                    _fail(
                        name,
                        mark,
                        "a key must be a name, not true/false/null",
                        key=format_path(cpath),
                    )
                else:
                    _fail(
                        name,
                        mark,
                        "a key must be a plain name, not a list or mapping",
                        key=format_path(cpath),
                    )
            child = (*cpath, value)
            if value in top[4]:
                line, _ = top[4][value]
                _fail(
                    name,
                    mark,
                    f"duplicate key {value!r} (first given on line {line})",
                    "keep one of them",
                    format_path(child),
                )
            top[4][value] = _pos(mark)
            top[2] = value
            doc.keys[child] = _pos(mark)
            return
        key = top[2]
        container[key] = value
        doc.values[(*cpath, key)] = _pos(mark)
        top[2] = None

    def child_path() -> KeyPath:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top[0], list):
            return (*top[1], len(top[0]))
        return (*top[1], top[2]) if top[2] is not None else top[1]

    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                _fail(
                    name,
                    event.start_mark,
                    "a file holds one YAML document; found a second",
                    "remove the '---' line or split the file",
                )
            continue
        nodes += 1
        if nodes > MAX_NODES:
            _fail(name, event.start_mark, f"file has more than {MAX_NODES:,} YAML nodes")
        if isinstance(event, yaml.AliasEvent):
            _fail(
                name,
                event.start_mark,
                f"aliases (*{event.anchor}) are not supported",
                "write the content out in full; share content through modules instead",
                format_path(child_path()),
            )
        if getattr(event, "anchor", None):
            _fail(
                name,
                event.start_mark,
                f"anchors (&{event.anchor}) are not supported",
                "write the content out in full; share content through modules instead",
                format_path(child_path()),
            )
        if isinstance(event, yaml.ScalarEvent):
            in_key = bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is None
            path_here = child_path()
            if event.style in ("|", ">") and not in_key:
                doc.blocks[path_here] = _block_start(lines, event.start_mark)
            attach(
                _scalar(event, name, path_here)
                if not in_key
                else _key_scalar(event, name, path_here),
                event.start_mark,
            )
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.tag not in (None, "!") and event.tag not in _STANDARD_TAGS:
                _fail(
                    name,
                    event.start_mark,
                    f"YAML tag {event.tag!r} is not allowed",
                    "remove the tag; course files hold plain text, numbers and lists",
                    format_path(child_path()),
                )
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                _fail(
                    name,
                    event.start_mark,
                    "a key must be a plain name, not a list or mapping",
                    key=format_path(stack[-1][1]),
                )
            if len(stack) >= MAX_DEPTH:
                _fail(name, event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels")
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            path_here = child_path()
            attach(container, event.start_mark)
            stack.append([container, path_here, None, None, {}])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
    if not have_root:
        doc.data = None
        doc.values[()] = (1, 1)
    else:
        doc.data = root
    return doc


def _block_start(lines: list[str], mark) -> tuple[int, int]:
    """Line and column of the first text line of the block scalar whose ``|``/``>`` indicator
    is at ``mark`` (the line after the indicator; its indentation gives the column)."""
    for number in range(mark.line + 1, len(lines)):
        line = lines[number]
        if line.strip():
            return (mark.line + 2, len(line) - len(line.lstrip(" ")) + 1)
    return _pos(mark)


def _key_scalar(event: yaml.ScalarEvent, name: str, path: KeyPath) -> Any:
    if event.tag not in (None, "!") and event.tag not in _STANDARD_TAGS:
        return _scalar(event, name, path)  # refuses the tag
    if not event.style and event.tag is None:
        return _scalar(event, name, path)
    return _text(event.value, name, event.start_mark, path, what="a key")


def load_file(path: Path, name: str, roots: Sequence[Path] | None = None) -> Document:
    """Read and parse one YAML file; ``name`` is what messages call it. The file must be a
    regular file inside one of ``roots`` when given (see :mod:`builder.paths`)."""
    with open_checked(path, name, roots) as opened:
        try:
            raw = opened.handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise BuildError(
                [Diagnostic(name, 0, 0, f"cannot read file: {exc.strerror}")]
            ) from None
    text = _decode(raw, name)
    doc = parse(text, name, path)
    doc.sha256 = hashlib.sha256(raw).hexdigest()
    return doc


def plain(value: Any) -> Any:
    """A copy of loaded data with plain ``int``/``float`` (for JSON and jsonschema)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, YInt):
        return int(value)
    if isinstance(value, YFloat):
        return float(value)
    return value
