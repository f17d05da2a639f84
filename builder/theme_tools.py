"""``course-builder theme``: look inside an organisation's templates, and start a theme on them.

:func:`inspect_pptx` lists a PowerPoint template's slide masters and the layouts of each,
with their placeholders (type, idx, size) and the roles each layout would serve with no
mapping (:mod:`builder.deck.layouts`); :func:`inspect_docx` lists a Word document's
paragraph, character and table styles and the style roles each would serve.
:func:`new_theme` writes ``templates/<name>/`` with the files copied in and a commented
``theme.yaml`` holding what was detected: the layout of every role, the fonts, the colours.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from lxml import etree

from .errors import BuildError
from .paths import BUILTIN_THEMES, read_office

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
EMU_PER_CM = 360000
ROLE_ORDER = (
    "title",
    "agenda",
    "section",
    "content",
    "two-content",
    "table",
    "chart",
    "picture",
    "quote",
    "figure",
    "figure-text",
    "diagram",
    "comparison",
    "break",
    "closing",
)


def _cm(emu: int) -> str:
    return f"{emu / EMU_PER_CM:.1f}"


def _read(path: Path, kind: str) -> bytes:
    if not path.is_file():
        raise BuildError(f"{path}: no such file")
    return read_office(path, path.name, None, kind)


def role_layouts(path: Path, master: int | str | None = None) -> dict[str, str | None]:
    """Role → the layout of ``path`` that serves it with no mapping (None: the role falls
    back to another, see ``FALLBACKS``)."""
    from .deck.layouts import Layouts
    from .deck.template import template_metrics

    metrics = template_metrics(path, master)
    layouts = Layouts({}, metrics)
    out: dict[str, str | None] = {}
    for role in ROLE_ORDER:
        found = layouts.find("content", role)
        out[role] = found.name if found else None
    return out


def _scheme(path: Path, master_index: int) -> tuple[dict[str, str], dict[str, str]]:
    """(theme fonts ``mj``/``mn``, theme colours ``dk1`` … ``accent6``) of a master."""
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from .deck.template import _font_scheme

    prs = Presentation(io.BytesIO(_read(path, "deck")))
    master = prs.slide_masters[master_index]
    fonts = _font_scheme(master)
    colours: dict[str, str] = {}
    try:
        theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
    except (KeyError, etree.XMLSyntaxError):
        return fonts, colours
    scheme = theme.find(f".//{{{A}}}clrScheme")
    for slot in [] if scheme is None else scheme:
        value = slot.find(f"{{{A}}}srgbClr")
        system = slot.find(f"{{{A}}}sysClr")
        if value is not None:
            colours[etree.QName(slot).localname] = value.get("val")
        elif system is not None:
            colours[etree.QName(slot).localname] = system.get("lastClr", "")
    return fonts, colours


def inspect_pptx(path: Path) -> str:
    """A PowerPoint template described: masters, layouts, placeholders, roles served."""
    from .deck.template import template_metrics

    first = template_metrics(path)
    lines = [
        f"{path.name}: PowerPoint template, slides {_cm(first.width)} × {_cm(first.height)} cm, "
        f"{len(first.masters)} slide master(s)"
    ]
    for number, name in enumerate(first.masters, 1):
        metrics = template_metrics(path, number)
        roles = role_layouts(path, number)
        serves: dict[str, list[str]] = {}
        for role, layout in roles.items():
            if layout:
                serves.setdefault(layout, []).append(role)
        fonts, colours = _scheme(path, number - 1)
        chosen = " (used unless theme.yaml says `master:`)" if number == 1 else ""
        lines.append("")
        lines.append(f"master {number} {name or '(unnamed)'!s}{chosen}")
        if fonts:
            lines.append(f"  fonts: headings {fonts.get('mj', '?')}, body {fonts.get('mn', '?')}")
        if colours:
            lines.append("  colours: " + ", ".join(f"{k} #{v}" for k, v in colours.items()))
        if metrics.samples:
            lines.append("  text styles: from the master's sample text (a LibreOffice template)")
        for layout in metrics.layouts.values():
            role_text = ", ".join(serves.get(layout.name, [])) or "-"
            lines.append(f"  layout {layout.name!r}: serves {role_text}")
            shown = ([layout.title] if layout.title else []) + list(layout.boxes)
            for box in shown:
                level = box.level(0)
                lines.append(
                    f"    {box.type:<9} idx {box.idx:<3} {_cm(box.w)} × {_cm(box.h)} cm at "
                    f"({_cm(box.x)}, {_cm(box.y)}), {level.size:g} pt {level.font or ''}".rstrip()
                )
            furniture = [
                name
                for name, present in (("footer", layout.footer), ("slide number", layout.number))
                if present
            ]
            if furniture:
                lines.append(f"    + {' and '.join(furniture)}")
        missing = [role for role, layout in roles.items() if layout is None]
        if missing:
            lines.append(
                "  roles with no layout (their slides use a stand-in): " + ", ".join(missing)
            )
    return "\n".join(lines)


def docx_styles(path: Path) -> dict[str, list[str]]:
    """Style type (paragraph, character, table) → the names of the styles of a .docx."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document(io.BytesIO(_read(path, "handout")))
    kinds = {
        WD_STYLE_TYPE.PARAGRAPH: "paragraph",
        WD_STYLE_TYPE.CHARACTER: "character",
        WD_STYLE_TYPE.TABLE: "table",
    }
    out: dict[str, list[str]] = {name: [] for name in kinds.values()}
    for style in document.styles:
        kind = kinds.get(style.type)
        if kind and style.name:
            out[kind].append(style.name)
    return out


def style_roles(path: Path) -> dict[str, str | None]:
    """Style role → the style of the document at ``path`` with the name the built-in theme
    gives that role (None: the document has none)."""
    import yaml

    spec = yaml.safe_load((BUILTIN_THEMES / "default" / "theme.yaml").read_text("utf-8"))
    names = {n.casefold(): n for names in docx_styles(path).values() for n in names}
    return {role: names.get(style.casefold()) for role, style in spec["styles"].items()}


def inspect_docx(path: Path) -> str:
    styles = docx_styles(path)
    roles = style_roles(path)
    serves: dict[str, list[str]] = {}
    for role, name in roles.items():
        if name:
            serves.setdefault(name, []).append(role)
    lines = [f"{path.name}: Word document"]
    for kind, names in styles.items():
        lines.append("")
        lines.append(f"{kind} styles ({len(names)}):")
        for name in sorted(names, key=str.casefold):
            role = ", ".join(serves.get(name, []))
            lines.append(f"  {name}" + (f"  → {role}" if role else ""))
    missing = [role for role, name in roles.items() if name is None]
    if missing:
        lines.append("")
        lines.append("style roles this document has no style for: " + ", ".join(missing))
    return "\n".join(lines)


def inspect(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".pptx", ".potx"):
        return inspect_pptx(path)
    if suffix in (".docx", ".dotx"):
        return inspect_docx(path)
    raise BuildError(f"{path}: not a PowerPoint (.pptx) or Word (.docx) file")


def _theme_yaml(name: str, deck: Path | None, docx: Path | None, target: Path) -> str:
    lines = [
        "# yaml-language-server: $schema=../../schemas/theme.schema.json",
        f"# Theme {name!r}, written by `course-builder theme new`"
        + (f" from {deck.name}" if deck else "")
        + (f" and {docx.name}" if docx else "")
        + ".",
        "# Whatever it does not give comes from the built-in theme (extends: default).",
        f"name: {name}",
        "extends: default",
    ]
    if deck:
        lines += _deck_lines(target / "deck.pptx")
    if docx:
        lines += _docx_lines(target / "handout.docx")
    return "\n".join(lines) + "\n"


def _deck_lines(deck: Path) -> list[str]:
    from .deck.template import template_metrics

    metrics = template_metrics(deck)
    roles = role_layouts(deck)
    fonts, colours = _scheme(deck, 0)
    masters = ", ".join(f"{i} {n!r}" if n else str(i) for i, n in enumerate(metrics.masters, 1))
    lines = [
        "deck: deck.pptx",
        f"# slide master to use (deck.pptx has: {masters}), by name or number from 1",
        "# master: 1",
        "# role → slide layout in deck.pptx, as detected (placeholders matched by type and",
        "# position). Change a name to use another layout; `course-builder theme inspect",
        "# deck.pptx` lists them all with their placeholders.",
        "layouts:",
    ]
    fallback = []
    for role, layout in roles.items():
        if layout:
            lines.append(f"  {role}: {_quote(layout)}")
        else:
            fallback.append(role)
    if fallback:
        lines.append(f"# no layout for {', '.join(fallback)}: their slides use a stand-in role")
    if fonts:
        lines.append(
            f"# the template's fonts: headings {fonts.get('mj', '?')}, body {fonts.get('mn', '?')}."
        )
    missing = sorted({f for f in fonts.values() if f and f != "Calibri"})
    if missing:
        lines += [
            "# Give their font files (or metric-compatible ones) in this folder so that slide",
            "# text is fitted exactly; without them it is fitted with a cautious estimate:",
            "# fonts:",
        ]
        for font in missing:
            stem = font.replace(" ", "")
            lines += [
                f"#   {font}:",
                f"#     regular: fonts/{stem}-Regular.ttf",
                f"#     bold: fonts/{stem}-Bold.ttf",
            ]
    if colours:
        lines.append(
            "# the template's colours (used as they are): "
            + ", ".join(f"{k} #{v}" for k, v in colours.items())
        )
    return lines


def _docx_lines(docx: Path) -> list[str]:
    roles = style_roles(docx)
    lines = ["handout: handout.docx", "guide: guide.docx"]
    missing = [role for role, style in roles.items() if style is None]
    found = {role: style for role, style in roles.items() if style}
    lines.append(
        f"# {len(found)} of the {len(roles)} style roles found in handout.docx by their usual "
        "names;"
    )
    if missing:
        lines.append("# no style for: " + ", ".join(missing))
        lines.append("# map one to a style of the document under styles:, e.g.")
        lines.append(f"# styles:\n#   {missing[0]}: Normal")
    return lines


def _quote(text: str) -> str:
    import json

    plain = text.replace(" ", "").replace("-", "").isalnum() and ":" not in text
    return text if plain and not text[0].isdigit() else json.dumps(text, ensure_ascii=False)


def new_theme(root: Path, name: str, deck: Path | None, docx: Path | None) -> Path:
    """Write ``templates/<name>/`` on the given templates; returns the folder."""
    import re

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise BuildError(
            f"theme name {name!r}: use lower-case letters, digits and hyphens (e.g. acme)"
        )
    if deck is None and docx is None:
        raise BuildError("give --pptx, --docx or both: the templates the theme is made from")
    target = root / "templates" / name
    if target.exists():
        raise BuildError(f"{target}: already exists; choose another name or remove it")
    if deck is not None:
        _read(deck, "deck")
    if docx is not None:
        _read(docx, "handout")
    target.mkdir(parents=True)
    try:
        if deck is not None:
            shutil.copyfile(deck, target / "deck.pptx")
        if docx is not None:
            shutil.copyfile(docx, target / "handout.docx")
            shutil.copyfile(docx, target / "guide.docx")
        (target / "theme.yaml").write_text(_theme_yaml(name, deck, docx, target), "utf-8")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target
