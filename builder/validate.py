"""Validation, in two phases.

Phase 1 (:func:`validate_document`) checks one loaded file against its typed model and turns
every pydantic error into a located, friendly :class:`Diagnostic`. Phase 2
(:func:`cross_check`) looks across files: ids against file names, unknown module / region /
source ids (with suggestions), duplicate ids, agenda timing, image paths and alt text,
Jinja2 syntax in text fields.

A Jinja2 error inside a block scalar (``|``) is placed on its own line of the block; a
template nested too deeply to parse, and an image path the operating system refuses (too
long, a symbolic-link loop), are diagnostics like any other, never crashes.
"""

from __future__ import annotations

import calendar
import os
import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError
from pydantic import BaseModel, ValidationError

from .errors import WARNING, Diagnostic, KeyPath, format_path, suggest, suggest_key
from .images import MAX_IMAGE_BYTES, image_problem
from .load import Document, YFloat, YInt
from .paths import Refused, read_bytes
from .templating import environment

# Names pydantic puts in error locations for union members (see model.py's Tag()s).
_TAGS = {
    "bullet-text",
    "bullet-map",
    "module-session",
    "plain-session",
    "prompt-text",
    "prompt-map",
    "notes-text",
    "notes-cues",
    "point-text",
    "point-map",
    "row-list",
    "row-map",
    "category-text",
    "category-map",
}


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (YInt, YFloat)):
        return f"the number {value.src}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    text = str(value)
    return f"the text {text[:40] + '…' if len(text) > 40 else text!r}"


def _model_at(model: type[BaseModel], loc: KeyPath) -> type[BaseModel] | None:
    """The model class that owns the last key of ``loc`` (for 'did you mean')."""
    current: Any = model
    for part in loc[:-1]:
        current = _unwrap(current, part)
        if current is None:
            return None
    current = _unwrap_container(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _candidates(annotation: Any) -> Iterator[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _candidates(typing.get_args(annotation)[0])
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _candidates(arg)
    else:
        yield annotation


def _unwrap_container(annotation: Any) -> Any:
    for candidate in _candidates(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return annotation


def _unwrap(annotation: Any, part: Any) -> Any:
    for candidate in _candidates(annotation):
        origin = typing.get_origin(candidate)
        if isinstance(part, int) and origin in (list, tuple):
            return typing.get_args(candidate)[0]
        if isinstance(part, str) and origin is dict:
            return typing.get_args(candidate)[1]
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            field = candidate.model_fields.get(part)
            if field is not None:
                return field.annotation
    return None


def _colon_text(data: Any, loc: KeyPath) -> KeyPath | None:
    """The first place along ``loc`` holding a one-key mapping whose key has spaces, such as
    ``- 8 May 2018: the Council met``: text that YAML read as ``key: value`` because of a
    colon followed by a space."""
    value = data
    for depth in range(len(loc) + 1):
        if (
            isinstance(value, dict)
            and depth > 0
            and len(value) == 1
            and " " in next(iter(value)).strip()
            and not isinstance(next(iter(value.values())), (dict, list))
        ):
            return loc[:depth]
        if depth == len(loc):
            return None
        try:
            value = value[loc[depth]]
        except (KeyError, IndexError, TypeError):
            return None
    return None


# mapping forms of items that may also be plain text: `- {text: …, from: 2019-04}`
_TEXT_MAPS = {"bullet-map", "point-map", "category-map"}
_ITEM_KEYS = {"text", "sub", "from", "until"}


def _colon_item(data: Any, raw_loc: tuple) -> KeyPath | None:
    """A list item that may be plain text or a mapping, read as a one-key mapping whose key
    is no key of the mapping form: ``- Explain: the forms`` meant as text."""
    tags = [i for i, p in enumerate(raw_loc) if p in _TEXT_MAPS]
    if not tags:
        return None
    path = tuple(p for p in raw_loc[: tags[0]] if p not in _TAGS)
    value = data
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    if (
        isinstance(value, dict)
        and len(value) == 1
        and next(iter(value)) not in _ITEM_KEYS
        and not isinstance(next(iter(value.values())), (dict, list))
    ):
        return path
    return None


def _colon_diagnostic(doc: Document, path: KeyPath) -> Diagnostic:
    node: Any = doc.data
    for part in path:
        node = node[part]
    key, value = next(iter(node.items()))
    whole = f"{key}: {'' if value is None else value}".strip()
    shown = whole if len(whole) <= 60 else whole[:57] + "…"
    return doc.diagnostic(
        path,
        f"this text was read as a key and a value because of the colon after {key!r}",
        hint=f'put the whole text in quotes: "{shown}"',
    )


def pydantic_diagnostics(
    exc: ValidationError, doc: Document, model: type[BaseModel]
) -> list[Diagnostic]:
    """Located, friendly diagnostics for every error in ``exc``."""
    out: list[Diagnostic] = []
    colons: list[KeyPath] = []
    for error in exc.errors(include_url=False):
        loc = tuple(p for p in error["loc"] if p not in _TAGS)
        colon = _colon_text(doc.data, loc) or _colon_item(doc.data, error["loc"])
        if colon is not None:
            if colon not in colons:
                colons.append(colon)
                out.append(_colon_diagnostic(doc, colon))
            continue
        kind = error["type"]
        value = error.get("input")
        hint = None
        at_key = False
        if kind == "extra_forbidden":
            at_key = True
            owner = _model_at(model, loc)
            choices = [f.alias or n for n, f in owner.model_fields.items()] if owner else []
            close = suggest_key(str(loc[-1]), choices)
            message = f"unknown key {loc[-1]!r}"
            if close:
                hint = f"did you mean {close!r}?"
            elif choices:
                hint = "allowed keys: " + ", ".join(choices)
        elif kind == "missing":
            message = f"missing required key {loc[-1]!r}"
            loc = loc[:-1]
        elif kind == "literal_error":
            expected = error.get("ctx", {}).get("expected", "")
            options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
            message = f"{_describe(value)} is not allowed here; expected one of: {expected}"
            close = suggest(str(value), options)
            hint = f"did you mean {close!r}?" if close else None
        elif kind in ("int_type", "int_parsing", "int_from_float"):
            message = f"expected a whole number, got {_describe(value)}"
            if isinstance(value, str) and value.strip().isdigit():
                hint = "remove the quotes"
        elif kind in ("float_type", "float_parsing"):
            message = f"expected a number, got {_describe(value)}"
        elif (
            kind == "string_type"
            and isinstance(value, dict)
            and len(value) == 1
            and not isinstance(next(iter(value.values())), (dict, list))
        ):
            out.append(_colon_diagnostic(doc, loc))
            continue
        elif kind == "string_type":
            message = f"expected text, got {_describe(value)}"
            if value is None:
                hint = "write the text after the colon, or remove the key"
        elif kind == "string_too_long":
            limit = error.get("ctx", {}).get("max_length", 0)
            message = f"this text has {len(value):,} characters; at most {limit:,} are allowed here"
            hint = "shorten it, or split it into several items" if limit < 1000 else "shorten it"
        elif kind in ("list_type", "tuple_type"):
            message = f"expected a list, got {_describe(value)}"
            hint = "write each item on its own line starting with '- '"
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            message = f"expected a mapping (key: value lines), got {_describe(value)}"
        elif kind == "string_pattern_mismatch":
            if "pattern" in error.get("ctx", {}) and "a-z0-9" in error["ctx"]["pattern"]:
                message = (
                    f"{_describe(value)} is not a valid id: use lower-case letters, "
                    f"digits and single hyphens, e.g. 'human-trafficking'"
                )
            elif loc and loc[-1] == "month":
                message, hint = _month_problem(value)
            else:
                message = f"{_describe(value)} does not have the expected form"
        elif kind in ("too_short",):
            message = f"needs at least {error['ctx'].get('min_length', 1)} item(s)"
        elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
            message = f"{_describe(value)} is out of range: {error['msg'].lower()}"
        elif kind in (
            "date_from_datetime_parsing",
            "date_parsing",
            "date_type",
            "date_from_datetime_inexact",
        ):
            message, hint = _date_problem(value)
        elif kind == "value_error":
            message = str(error["msg"]).removeprefix("Value error, ")
        elif kind == "session_kind":
            message = error["msg"]
            if isinstance(value, dict):
                close = suggest(next(iter(value), ""), ["module", "item"])
                hint = f"did you mean {close!r}?" if close else None
        else:
            message = error["msg"]
        if message == "must not be empty":
            message = "text must not be empty"
        out.append(doc.diagnostic(loc, message, key=at_key, hint=hint))
    return out


_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _date_problem(value: Any) -> tuple[str, str | None]:
    """Say what is wrong with a date: "there is no 30 February 2019", not just the form."""
    match = _DATE.match(str(value).strip()) if isinstance(value, str) else None
    if match is None:
        return f"expected a date written YYYY-MM-DD, got {_describe(value)}", None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month} in {value!r}", "months run from 01 to 12"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return (
            f"there is no {day} {_MONTHS[month - 1]} {year}",
            f"{_MONTHS[month - 1]} {year} has {last} days",
        )
    return f"expected a date written YYYY-MM-DD, got {_describe(value)}", "write it as YYYY-MM-DD"


def _month_problem(value: Any) -> tuple[str, str | None]:
    match = re.match(r"^(\d{4})-(\d{1,2})$", str(value).strip()) if isinstance(value, str) else None
    if match and not 1 <= int(match.group(2)) <= 12:
        return f"there is no month {int(match.group(2))} in {value!r}", "months run from 01 to 12"
    return (
        f"{_describe(value)} is not a month",
        'write the month as "YYYY-MM", e.g. "2017-10"',
    )


def validate_document(doc: Document, model: type[BaseModel]) -> tuple[Any, list[Diagnostic]]:
    """Phase 1: the typed object (or None) and the diagnostics for one file."""
    if doc.data is None:
        return None, [
            doc.diagnostic(
                (), "file is empty", hint=f"see docs/authoring.md for a {model.__name__} file"
            )
        ]
    if not isinstance(doc.data, dict):
        return None, [
            doc.diagnostic(
                (), f"expected a mapping of keys at the top of the file, got {_describe(doc.data)}"
            )
        ]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, pydantic_diagnostics(exc, doc, model)


def iter_text(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every string value in loaded data with its key path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_text(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_text(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


def check_templates(doc: Document) -> list[Diagnostic]:
    """Jinja2 syntax errors in any text field, located at the field."""
    env = environment()
    out = []
    for path, text in iter_text(doc.data):
        if "{{" not in text and "{%" not in text and "{#" not in text:
            continue
        try:
            env.parse(text)
        except TemplateSyntaxError as exc:
            extra = (exc.lineno or 1) - 1
            if path in doc.blocks:  # | or > block: its text starts on the next line
                line, col = doc.blocks[path]
            else:
                line, col = doc.where(path)
            out.append(
                Diagnostic(
                    doc.name,
                    line + extra,
                    col,
                    f"template error: {exc.message}",
                    key=format_path(path),
                    hint="check the {{ }} and {% %} pairs",
                )
            )
        except RecursionError:
            out.append(
                doc.diagnostic(
                    path,
                    "template error: expression nested too deeply",
                    hint="check the {{ }} and {% %} pairs and brackets",
                )
            )
    return out


def check_image(doc: Document, key: KeyPath, raw: str, root: Path) -> list[Diagnostic]:
    """An image path must stay inside the project and name a PNG, JPEG or GIF image within
    the limits of :mod:`builder.images` that decodes."""
    candidate = Path(raw)
    if candidate.is_absolute():
        return [
            doc.diagnostic(
                key,
                f"image path {raw!r} is absolute",
                hint="give a path relative to this file, inside the project",
            )
        ]
    subject = f"image {raw!r}"
    path = doc.path.parent / candidate
    try:
        try:
            os.lstat(path)
        except FileNotFoundError:
            return [doc.diagnostic(key, f"image {raw!r} not found")]
        target = path.resolve()
        if not os.path.islink(path) and not target.is_relative_to(root.resolve()):
            return [
                doc.diagnostic(
                    key,
                    f"image path {raw!r} leads outside the project",
                    hint="keep images in the project, e.g. courses/images/",
                )
            ]
        data = read_bytes(path, raw, (root,), limit=MAX_IMAGE_BYTES)
    except Refused as exc:
        return [exc.at(doc, key, subject)]
    except (OSError, RuntimeError) as exc:  # name too long, link loop, unreadable
        reason = (
            (exc.strerror or str(exc))
            if isinstance(exc, OSError)
            else "its symbolic links form a loop"
        )
        return [doc.diagnostic(key, f"{subject} cannot be read: {reason}")]
    problem = image_problem(data)
    if problem:
        message, hint = problem
        return [doc.diagnostic(key, f"{subject} {message}", hint=hint)]
    return []


def warn(doc: Document, path: KeyPath, message: str, hint: str | None = None) -> Diagnostic:
    return doc.diagnostic(path, message, hint=hint, severity=WARNING)
