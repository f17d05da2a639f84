"""Content translation the way translators work: gettext PO files, one per YAML file.

``course-builder translate extract --lang fr`` writes, for every YAML file of the project
(modules, outlines, session packs, regions, sources …),
``courses/translations/fr/<same path>.po``: each translatable text field is a message whose
*context* is its key path (``slides[3].bullets[2]``), whose *msgid* is the English text and
whose location comment is the YAML file and line. Translators fill the ``msgstr`` with any PO
editor or translation platform (``po2xliff`` from translate-toolkit converts for CAT tools).

When an English text changes, ``extract`` keeps the old translation marked *fuzzy*, with the
previous English text (``#| msgid``) for the translator to compare; a message whose English
text is gone is kept as obsolete (``#~``). At build time a translation is used only when it
is not fuzzy, not empty and made for the English text the YAML holds now; otherwise the
English text is shown and ``check`` reports the file as needing retranslation.

A field is translatable when its model type is text (a title, a bullet, a paragraph) and it
is not one of :data:`NOT_TRANSLATED` (paths, ids of other files, formats, document symbols).
"""

from __future__ import annotations

import datetime as dt
import io
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po
from pydantic import AfterValidator, BaseModel

from .errors import WARNING, BuildError, Diagnostic, KeyPath, format_path
from .inputs import read_input
from .load import Document
from .model import Bullet, Category, DatedText, Row, _not_blank
from .po_previous import insert_previous, take_previous

TRANSLATIONS = "translations"
MAX_PO_BYTES = 4 * 1024 * 1024
# text fields whose value is not prose: file paths, ids of other files, formats, symbols
NOT_TRANSLATED = frozenset(
    {
        "id",
        "path",
        "file",
        "number_format",
        "version",
        "layout",
        "document",
        "sources",
        "symbol",
        "skip_slides",
        "language",
        "use",
    }
)


# --------------------------------------------------------------------------- what is text


def _is_text(annotation: Any) -> bool:
    if typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        return args[0] is str and any(
            isinstance(m, AfterValidator) and m.func is _not_blank for m in args[1:]
        )
    return False


def _options(annotation: Any) -> list[Any]:
    """The alternatives of a union (or the annotation itself), Annotated wrappers kept."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated and not _is_text(annotation):
        return _options(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _options(arg)]
    return [annotation]


def _by_fit(options: list[Any], data: Any) -> list[Any]:
    """The options of a union, the models that know every key of a mapping ``data`` first: a
    session ``{item: exercise, description: …}`` is a plain session, not a module session."""
    if not isinstance(data, dict):
        return options

    def misfit(option: Any) -> int:
        if isinstance(option, type) and issubclass(option, BaseModel):
            return sum(key not in option.model_fields for key in data)
        return len(data) + 1

    return sorted(options, key=misfit)


def texts_of(data: Any, annotation: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every translatable text in ``data`` (loaded YAML valid for ``annotation``)."""
    for option in _by_fit(_options(annotation), data):
        origin = typing.get_origin(option)
        if isinstance(data, str) and _is_text(option):
            yield path, data
            return
        if isinstance(data, dict) and isinstance(option, type) and issubclass(option, BaseModel):
            for key, value in data.items():
                info = option.model_fields.get(key)
                if info is not None and key not in NOT_TRANSLATED:
                    kind = info.annotation
                    if info.metadata:  # pydantic keeps a field's own Annotated[] apart
                        kind = typing.Annotated[(kind, *info.metadata)]
                    inner = path if _transparent(option, key, data) else (*path, key)
                    yield from texts_of(value, kind, inner)
            return
        if isinstance(data, dict) and origin is dict:
            value_type = typing.get_args(option)[1]
            for key, value in data.items():
                yield from texts_of(value, value_type, (*path, key))
            return
        if isinstance(data, list) and origin is list:
            item_type = typing.get_args(option)[0]
            for index, value in enumerate(data):
                yield from texts_of(value, item_type, (*path, index))
            return


# A dated item written as a mapping keeps its text where the plain form has it:
# `bullets[2]` for `- {text: …, from: 2019-04}` as for `- …`, so that dating an item does not
# change its translation's key. A bullet with sub-bullets keeps its text at `….text`.
TRANSPARENT = {DatedText: "text", Category: "text", Bullet: "text", Row: "cells"}


def _transparent(model: type, key: str, data: dict) -> bool:
    if TRANSPARENT.get(model) != key:
        return False
    return not (model is Bullet and data.get("sub"))


# --------------------------------------------------------------------------- files


def po_name(doc_name: str, language: str) -> str:
    """``courses/modules/x.yaml`` → ``courses/translations/<language>/modules/x.po``."""
    parts = Path(doc_name).with_suffix(".po").parts
    return Path(parts[0], TRANSLATIONS, language, *parts[1:]).as_posix()


def _catalog(doc: Document, model: type[BaseModel], language: str, when: dt.datetime) -> Catalog:
    catalog = Catalog(
        locale=language.replace("-", "_"),
        project="course-builder",
        creation_date=when,
        revision_date=when,
        fuzzy=False,
        header_comment=(
            f"# {language} translation of {doc.name}, written by `course-builder translate "
            f"extract`.\n# Fill each msgstr; keep {{{{ … }}}} expressions as they are. A "
            "fuzzy entry shows\n# the previous English text (#| msgid): check it, then "
            "remove the fuzzy flag."
        ),
    )
    for path, text in texts_of(doc.data, model):
        line, _ = doc.where(path)
        catalog.add(text, "", locations=[(doc.name, line)], context=format_path(path))
    return catalog


PO_WIDTH = 100


def _write(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=PO_WIDTH, sort_output=False, ignore_obsolete=False)
    text = insert_previous(out.getvalue().decode("utf-8"), catalog, PO_WIDTH)
    return text.encode("utf-8")


def extract(
    project, language: str, when: dt.datetime, only: set[str] | None = None
) -> list[tuple[Path, str]]:
    """Write or update the PO file of every YAML file (of those named in ``only``, when
    given) for ``language``; (path, what happened)."""
    done = []
    for doc, model in project.translatable_documents():
        if only is not None and doc.name not in only:
            continue
        template = _catalog(doc, model, language, when)
        target = project.root / po_name(doc.name, language)
        if target.is_file():
            catalog = _merge(_read(target.read_bytes(), po_name(doc.name, language)), template)
            status = "updated"
        else:
            catalog, status = template, "created"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = _write(catalog)
        if target.is_file() and target.read_bytes() == data:
            status = "unchanged"
        else:
            target.write_bytes(data)
        done.append((target, status))
    return done


def _merge(old: Catalog, template: Catalog) -> Catalog:
    """``template`` (the current English texts) with the translations of ``old``, matched by
    key path: a translation made for another English text is kept, marked fuzzy, with that
    text as its previous msgid; translations of texts that are gone become obsolete."""
    by_key = {m.context: m for m in old if m.id and m.context}
    for message in template:
        if not message.id:
            continue
        before = by_key.pop(message.context, None)
        if before is None or not before.string:
            continue
        message.string = before.string
        message.user_comments = list(before.user_comments)
        if before.id != message.id:
            message.flags.add("fuzzy")
            message.previous_id = [str(before.id)]
        elif before.fuzzy:
            message.flags.add("fuzzy")
            message.previous_id = list(before.previous_id)
    for key, message in by_key.items():
        if message.string:
            template.obsolete[(message.id, key)] = message
    template.header_comment = old.header_comment
    return template


def _read(data: bytes, name: str) -> Catalog:
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        line = line + 1 if isinstance(line, int) else 0  # Babel counts lines from 0
        problem = Diagnostic(name, line, 1 if line else 0, f"not a valid PO file: {exc}")
        raise BuildError([problem]) from None
    for message in catalog:
        take_previous(message)
    return catalog


# --------------------------------------------------------------------------- using them


@dataclass(frozen=True)
class Entry:
    source: str  # the English text it translates
    text: str  # the translation ("" when untranslated)
    fuzzy: bool
    line: int  # line of its msgstr in the PO file


@dataclass
class FileTranslation:
    """The messages of one PO file, by key path."""

    name: str  # the PO file as messages name it
    entries: dict[str, Entry] = field(default_factory=dict)

    def usable(self, key: str, source: str) -> Entry | None:
        entry = self.entries.get(key)
        if entry and entry.text and not entry.fuzzy and entry.source == source:
            return entry
        return None


@dataclass
class Translations:
    """One language's PO files, by the YAML file they translate."""

    language: str
    files: dict[str, FileTranslation] = field(default_factory=dict)  # by YAML name
    # (YAML name, key path) of every text an edition resolved with these showed
    shown: set[tuple[str, str]] = field(default_factory=set)

    def of(self, doc_name: str) -> FileTranslation | None:
        return self.files.get(doc_name)


def load_translations(project, language: str) -> Translations:
    """Read the PO files of ``language`` (each through the input store, so a changed
    translation rebuilds what uses it); a broken file is a located error."""
    from .paths import read_bytes

    found = Translations(language)
    problems: list[Diagnostic] = []
    for doc, _model in project.translatable_documents():
        name = po_name(doc.name, language)
        path = project.root / name
        if not path.exists():
            continue
        try:
            data = read_input(
                path, lambda p=path, n=name: read_bytes(p, n, (project.root,), limit=MAX_PO_BYTES)
            )
            catalog = _read(data, name)
        except BuildError as exc:
            problems += exc.diagnostics
            continue
        lines = data.decode("utf-8", errors="replace").split("\n")
        entries = {}
        for message in catalog:
            if not message.id or not message.context:
                continue
            entries[message.context] = Entry(
                str(message.id),
                str(message.string or ""),
                message.fuzzy,
                _msgstr_line(lines, message.lineno or 0),
            )
        found.files[doc.name] = FileTranslation(name, entries)
    if problems:
        raise BuildError(problems)
    return found


def _msgstr_line(lines: list[str], start: int) -> int:
    """The (1-based) line of the msgstr of the message whose msgid is on 0-based ``start``."""
    for index in range(start, len(lines)):
        if lines[index].startswith("msgstr"):
            return index + 1
    return start + 1


def report(
    project, language: str, translations: Translations, names: set[str] | None = None
) -> list[Diagnostic]:
    """Warnings for what an edition in ``language`` would show in the source language: a
    missing PO file, untranslated messages, translations made for an older English text
    (for the YAML files in ``names`` when given; only the texts the editions resolved with
    ``translations`` showed, when they recorded any)."""
    out = []
    shown = translations.shown
    for doc, model in project.translatable_documents():
        if names is not None and doc.name not in names:
            continue
        texts = list(texts_of(doc.data, model))
        if shown:
            texts = [(p, text) for p, text in texts if (doc.name, format_path(p)) in shown]
        if not texts:
            continue
        name = po_name(doc.name, language)
        po = translations.of(doc.name)
        if po is None:
            out.append(
                Diagnostic(
                    name,
                    0,
                    0,
                    f"no {language} translation of {doc.name} ({len(texts)} texts)",
                    severity=WARNING,
                    hint=f"run `course-builder translate extract --lang {language}`",
                )
            )
            continue
        missing = [format_path(p) for p, text in texts if po.usable(format_path(p), text) is None]
        stale = [k for k in missing if k in po.entries and po.entries[k].text]
        if missing:
            first = po.entries.get(missing[0])
            out.append(
                Diagnostic(
                    name,
                    first.line if first else 0,
                    1 if first else 0,
                    f"{len(missing)} of {len(texts)} texts are shown in the source language "
                    f"({len(stale)} need retranslation: the English changed)",
                    severity=WARNING,
                    key=missing[0],
                    hint="translate them (fuzzy entries show the previous English text), then "
                    f"run `course-builder translate extract --lang {language}` again",
                )
            )
    return out
