"""Themes: folders under ``templates/`` holding office templates and Jinja2 text templates.

A theme's ``theme.yaml`` names its files, maps roles (``title``, ``section``, ``content`` …)
to layout names in the deck template and to style names in the Word templates, and may
``extends:`` another theme. Lookup goes child first, then its parents, so a branded theme
can override one template or one layout name and inherit the rest.

:func:`load_theme` checks a theme as a whole, once, and reports every problem at the place
that names it: ``theme.yaml`` errors (typed options included) at their line and column; an
office template that is missing, linked from outside the project, too large, a zip bomb,
not of its kind or unreadable at its ``deck:``/``handout:``/``guide:`` key; a slide layout
missing from the deck template (or lacking placeholders) at its ``layouts:`` entry; a
``styles:`` entry naming an unknown role, or a style of its own the Word template lacks, at
that entry (see :mod:`builder.render.docx_styles`: built-in names need no style, they are
copied in); a ``.j2`` text template with a syntax error at its own line. Every file is read through
:mod:`builder.paths`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateSyntaxError

from .errors import BuildError, Diagnostic, relative, suggest
from .inputs import input_exists, read_input
from .load import Document, load_file
from .model import ThemeFile, ThemeOptions
from .paths import (
    BUILTIN_THEMES,
    MAX_FONT_BYTES,
    MAX_TEXT_TEMPLATE_BYTES,
    TRUSTED_ROOTS,
    Refused,
    allowed,
    decode_utf8,
    read_bytes,
    read_office,
    read_text,
)
from .templating import environment
from .validate import validate_document

THEMES_DIR = "templates"
ROLES = ("deck", "handout", "guide")


@dataclass(frozen=True)
class Theme:
    """A theme with its ``extends`` chain flattened (child first)."""

    name: str
    chain: tuple[Path, ...]  # theme folders, child first
    files: dict[str, Path] = field(default_factory=dict)  # deck/handout/guide → file
    layouts: dict[str, str] = field(default_factory=dict)
    styles: dict[str, str] = field(default_factory=dict)
    options: ThemeOptions = field(default_factory=ThemeOptions)
    root: Path | None = None
    roots: tuple[Path, ...] | None = None  # where its files may lie (None: anywhere)
    shown: dict[str, str] = field(default_factory=dict)  # role → file name in messages
    # (shown name, sha256) of each theme.yaml along the chain: inputs of every artefact
    specs: tuple[tuple[str, str], ...] = ()
    fonts: dict[str, dict[str, Path]] = field(default_factory=dict)  # typeface → style → file

    def file(self, role: str) -> Path:
        """The office template for ``role`` (``deck``, ``handout``, ``guide``)."""
        if role not in self.files:
            raise BuildError(f"theme {self.name!r} provides no {role} template")
        return self.files[role]

    def open(self, role: str) -> io.BytesIO:
        """The checked bytes of the office template for ``role``, ready for python-pptx or
        python-docx."""
        path = self.file(role)
        name = self.shown.get(role, path.name)
        return io.BytesIO(read_input(path, lambda: read_office(path, name, self.roots, role)))

    def text_template(self, name: str) -> Path | None:
        """The first ``name`` (e.g. ``handout-welcome.md.j2``) along the chain."""
        for folder in self.chain:
            candidate = folder / name
            if input_exists(candidate):
                return candidate
        return None

    def text(self, name: str) -> tuple[str, str] | None:
        """(source, name in messages) of the text template ``name``; None when absent."""
        path = self.text_template(name)
        if path is None:
            return None
        shown = _shown(path, self.root)
        raw = read_input(
            path, lambda: read_bytes(path, shown, self.roots, limit=MAX_TEXT_TEMPLATE_BYTES)
        )
        return decode_utf8(raw, shown), shown

    def font_data(self, path: Path) -> bytes:
        """The checked bytes of one of the theme's font files, recorded as an input."""
        shown = _shown(path, self.root)
        return read_input(path, lambda: read_bytes(path, shown, self.roots, limit=MAX_FONT_BYTES))

    def layout(self, role: str, default: str | None = None) -> str:
        return self.layouts.get(role, default or role)

    def style(self, role: str, default: str | None = None) -> str:
        return self.styles.get(role, default or role)


def theme_names(root: Path) -> list[str]:
    """The themes a course can name: the project's (``templates/<name>/``) and the built-in
    ones."""
    found = set()
    for base in (root / THEMES_DIR, BUILTIN_THEMES):
        if base.is_dir():
            found |= {p.parent.name for p in base.glob("*/theme.yaml")}
    return sorted(found)


def theme_folder(root: Path, name: str) -> Path:
    """The folder of theme ``name``: the project's own when it has one (it overrides the
    built-in theme of that name), else the built-in one (which may not exist)."""
    own = root / THEMES_DIR / name
    if os.path.lexists(own / "theme.yaml") or not (BUILTIN_THEMES / name).is_dir():
        return own
    return BUILTIN_THEMES / name


def _shown(path: Path, root: Path | None) -> str:
    """``path`` as messages name it: relative to the project, even through a link; a file of
    a built-in theme as ``(built-in)/default/…``."""
    if path.is_relative_to(BUILTIN_THEMES) and not (root and path.is_relative_to(root)):
        return f"(built-in)/{path.relative_to(BUILTIN_THEMES).as_posix()}"
    if root is None:
        return str(path)
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return relative(path, root)


def _merge_options(base: ThemeOptions, child: ThemeOptions) -> ThemeOptions:
    """``base`` with the options ``child`` gives (labels one by one)."""
    given = child.model_fields_set
    update = {key: getattr(child, key) for key in given if key != "deck_labels"}
    if "deck_labels" in given:
        labels = child.deck_labels
        update["deck_labels"] = base.deck_labels.model_copy(
            update={key: getattr(labels, key) for key in labels.model_fields_set}
        )
    return base.model_copy(update=update)


def load_theme(root: Path, name: str, trusted: Sequence[Path] = TRUSTED_ROOTS) -> Theme:
    """Load theme ``name`` from ``root/templates`` with its parents, and check it whole.

    Its files must lie in the project or in one of the ``trusted`` folders."""
    root = root.resolve()
    roots = (root, *trusted)
    chain: list[tuple[Path, ThemeFile, Document]] = []
    seen: list[str] = []
    current: str | None = name
    while current:
        if current in seen:
            loop = " → ".join([*seen, current])
            message = f"themes extend each other in a loop: {loop}"
            raise BuildError([chain[-1][2].diagnostic(("extends",), message)])
        seen.append(current)
        folder = theme_folder(root, current)
        spec = folder / "theme.yaml"
        shown = _shown(spec, root)
        if not os.path.lexists(spec):
            close = suggest(current, theme_names(root))
            hint = f"did you mean {close!r}?" if close else None
            message = f"theme {current!r} not found"
            if chain:
                raise BuildError([chain[-1][2].diagnostic(("extends",), message, hint=hint)])
            raise BuildError([Diagnostic(shown, 0, 0, message, hint=hint)])
        doc = load_file(spec, shown, roots)
        parsed, problems = validate_document(doc, ThemeFile)
        if problems:
            raise BuildError(problems)
        chain.append((folder, parsed, doc))
        current = parsed.extends

    named: dict[str, tuple[Path, str, Document]] = {}  # role → (folder, file name, doc)
    layouts: dict[str, tuple[str, Document]] = {}
    styles: dict[str, str] = {}
    style_docs: dict[str, Document] = {}  # role → the theme.yaml that maps it
    options = ThemeOptions()
    fonts: dict[str, tuple[Path, object, Document]] = {}  # typeface → (folder, files, doc)
    for folder, parsed, doc in reversed(chain):  # parents first, children override
        for role in ROLES:
            filename = getattr(parsed, role)
            if filename:
                named[role] = (folder, filename, doc)
        layouts.update({key: (value, doc) for key, value in parsed.layouts.items()})
        styles.update(parsed.styles)
        style_docs.update(dict.fromkeys(parsed.styles, doc))
        options = _merge_options(options, parsed.options)
        fonts.update({name: (folder, files, doc) for name, files in parsed.fonts.items()})

    problems: list[Diagnostic] = []
    files: dict[str, Path] = {}
    shown_names: dict[str, str] = {}
    for role, (folder, filename, doc) in named.items():
        target = _check_office(role, folder, filename, doc, root, roots, problems)
        if target is not None:
            files[role] = target
            shown_names[role] = _shown(folder / filename, root)
    if "deck" in files:
        problems += _check_layouts(files["deck"], layouts, named["deck"][2])
    mapping = {role: (value, style_docs[role]) for role, value in styles.items()}
    for role in ("handout", "guide"):
        if role in files:
            _check_styles(role, files[role], shown_names[role], roots, mapping, problems)
    problems += _check_text_templates([folder for folder, _, _ in chain], root, roots)
    font_files = _check_fonts(fonts, root, roots, problems)
    if problems:
        raise BuildError(problems)
    return Theme(
        name=name,
        chain=tuple(f for f, _, _ in chain),
        files=files,
        layouts={key: value for key, (value, _) in layouts.items()},
        styles=styles,
        options=options,
        root=root,
        roots=roots,
        shown=shown_names,
        specs=tuple((doc.name, doc.sha256) for _, _, doc in chain),
        fonts=font_files,
    )


def _check_office(
    role: str,
    folder: Path,
    filename: str,
    doc: Document,
    root: Path,
    roots: tuple[Path, ...],
    problems: list[Diagnostic],
) -> Path | None:
    """The checked file for ``role``, or None with the problem added to ``problems``."""
    subject = f"{role} template {filename!r}"
    candidate = Path(filename)
    if candidate.is_absolute() or ".." in candidate.parts:
        problems.append(doc.diagnostic((role,), f"{subject} lies outside the theme folder"))
        return None
    path = folder / candidate
    if not os.path.lexists(path):
        problems.append(doc.diagnostic((role,), f"{subject} not found in {folder.name}/"))
        return None
    try:
        target = allowed(path, _shown(path, root), roots)
        data = read_office(target, _shown(path, root), roots, role)
    except Refused as exc:
        problems.append(exc.at(doc, (role,), subject))
        return None
    try:
        if role == "deck":
            from .deck.template import template_metrics

            template_metrics(target)
        else:
            import docx

            from .render.docx_package import as_document

            docx.Document(io.BytesIO(as_document(data)))
    except Exception as exc:  # a damaged package: python-pptx/docx raise many kinds
        reason = str(exc).removeprefix(f"cannot read the deck template {target.name}: ")
        problems.append(doc.diagnostic((role,), f"{subject} cannot be opened: {reason}"))
        return None
    return target


def _check_styles(
    role: str,
    path: Path,
    shown: str,
    roots: tuple[Path, ...],
    mapping: dict[str, tuple[str, Document]],
    problems: list[Diagnostic],
) -> None:
    """Every ``styles:`` entry names a role the renderers have and, when it names a style
    of its own, a style the Word template has (a built-in name needs none: the built-in
    theme's style is copied in). Problems both templates share are reported once."""
    from .render.docx_styles import mapping_problems

    data = read_office(path, shown, roots, role)
    problems += [p for p in mapping_problems(data, shown, mapping, role) if p not in problems]


def _check_fonts(
    fonts: dict[str, tuple[Path, object, Document]],
    root: Path,
    roots: tuple[Path, ...],
    problems: list[Diagnostic],
) -> dict[str, dict[str, Path]]:
    """Each font file named under ``fonts:`` lies in its theme folder and is a readable
    TrueType or OpenType font; problems are reported at its key."""
    from .deck.fonts import STYLES, check_font

    out: dict[str, dict[str, Path]] = {}
    for typeface, (folder, files, doc) in fonts.items():
        for style in STYLES:
            filename = getattr(files, style)
            if filename is None:
                continue
            key = ("fonts", typeface, style)
            subject = f"font file {filename!r}"
            candidate = Path(filename)
            if candidate.is_absolute() or ".." in candidate.parts:
                problems.append(doc.diagnostic(key, f"{subject} lies outside the theme folder"))
                continue
            path = folder / candidate
            if not os.path.lexists(path):
                problems.append(doc.diagnostic(key, f"{subject} not found in {folder.name}/"))
                continue
            try:
                data = read_bytes(path, _shown(path, root), roots, limit=MAX_FONT_BYTES)
            except Refused as exc:
                problems.append(exc.at(doc, key, subject))
                continue
            reason = check_font(data)
            if reason:
                problems.append(doc.diagnostic(key, f"{subject} {reason}"))
                continue
            out.setdefault(typeface, {})[style] = path
    return out


def _check_layouts(
    deck: Path, layouts: dict[str, tuple[str, Document]], deck_doc: Document
) -> list[Diagnostic]:
    """Every layout the deck uses exists in the deck template with the placeholders its
    role fills (see ``CONTRACTS`` in :mod:`builder.deck.layouts`). A role with a stand-in
    (``FALLBACKS``) may be missing when the theme does not name a layout for it."""
    from .deck.layouts import CONTRACTS, FALLBACKS, ICONS, required
    from .deck.template import template_metrics

    metrics = template_metrics(deck)
    names = sorted(metrics.layouts)
    out = []
    wanted = [(role, role) for role in CONTRACTS]
    wanted += [(kind, "content") for kind in layouts if kind not in CONTRACTS and kind != ICONS]
    for key, role in wanted:
        if key in layouts:
            layout, doc = layouts[key]
            where: tuple = ("layouts", key)
        else:
            layout, doc, where = key, deck_doc, ("deck",)
        found = metrics.layouts.get(layout)
        if found is None:
            if key in FALLBACKS and key not in layouts:
                continue
            close = suggest(layout, names)
            out.append(
                doc.diagnostic(
                    where,
                    f"{deck.name} has no slide layout named {layout!r} (role {key!r})",
                    hint=f"did you mean {close!r}?" if close else f"layouts: {', '.join(names)}",
                )
            )
            continue
        need = CONTRACTS[role]
        if found.title is None or len(found.boxes) < required(role):
            out.append(
                doc.diagnostic(
                    where,
                    f"{deck.name}: layout {layout!r} (role {key!r}) needs a title and "
                    f"{required(role)} content placeholder(s) ({', '.join(need)}); it has "
                    f"{len(found.boxes)}" + ("" if found.title else " and no title"),
                )
            )
    if ICONS in layouts and layouts[ICONS][0] not in metrics.layouts:
        layout, doc = layouts[ICONS]
        out.append(
            doc.diagnostic(("layouts", ICONS), f"{deck.name} has no slide layout named {layout!r}")
        )
    return out


def _check_text_templates(
    folders: list[Path], root: Path, roots: tuple[Path, ...]
) -> list[Diagnostic]:
    """Each ``.j2`` text template the theme uses (the child's where both have one) can be
    read and parses."""
    out: list[Diagnostic] = []
    seen: set[str] = set()
    env = environment()
    for folder in folders:
        for path in sorted(folder.glob("*.j2")):
            if path.name in seen:
                continue
            seen.add(path.name)
            shown = _shown(path, root)
            try:
                source = read_text(path, shown, roots, limit=MAX_TEXT_TEMPLATE_BYTES)
                env.parse(source)
            except BuildError as exc:
                out.extend(exc.diagnostics)
            except TemplateSyntaxError as exc:
                out.append(
                    Diagnostic(
                        shown,
                        exc.lineno or 1,
                        1,
                        f"template error: {exc.message}",
                        hint="check the {{ }} and {% %} pairs",
                    )
                )
            except RecursionError:
                out.append(Diagnostic(shown, 1, 1, "template error: nested too deeply"))
    return out
