"""Any Word document as a style base: what it lacks comes from the built-in theme.

A theme's ``handout:`` or ``guide:`` may be any .docx or .dotx — made in Word, in LibreOffice,
by python-docx. The renderers ask for styles by *role* (``heading-1``, ``note``, ``table`` …).
For each role, :class:`StyleBase` uses the style the theme's ``styles:`` names, or else the
name the built-in theme gives that role (``templates/default/theme.yaml``). When the document
defines that style, the document's own definition is used: its fonts, colours, page set-up,
headers and footers all stay. When it does not, the built-in theme's definition is copied in
from its ``handout.docx`` / ``guide.docx``, as pandoc's ``--reference-doc`` does: the style,
the styles it is based on (unless the document has them: a copied style sits on the
document's own ``Normal``), the styles its ``next`` and ``link`` name, the list numbering it
refers to, and right-aligned tab stops moved to the document's own right margin. Only the
styles a document really uses are copied.

A style the theme *maps* by a name of its own must exist: :func:`mapping_problems` reports
every such mapping at once, each at its line in ``theme.yaml``, with the closest name the
document has. What a third-party document needs mending first (a .dotx, a LibreOffice
export) is mended by :mod:`builder.render.docx_package`.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from docx.oxml.ns import qn
from lxml import etree

from ..errors import BuildError, Diagnostic, choice_hint, suggest
from ..inputs import read_input
from ..paths import BUILTIN_THEMES, MAX_TEXT_TEMPLATE_BYTES, TRUSTED_ROOTS, read_bytes, read_office
from .docx_package import numbering_element, tidy
from .ooxml_order import insert_in_order

BASE_THEME = "default"
THEME_PART = "word/theme/theme1.xml"
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
# where the schema lets a style point at another style
_STYLE_REFS = ("basedOn", "next", "link")
# Word's ids of the styles a document falls back on, by type
WORD_DEFAULTS = {
    "paragraph": "Normal",
    "character": "DefaultParagraphFont",
    "table": "TableNormal",
    "numbering": "NoList",
}
_DROP = ("rsid",)  # revision ids of the built-in file mean nothing in another document


# ---------------------------------------------------------------------- the built-in base


@dataclass(frozen=True)
class Base:
    """The built-in theme's Word template for one document kind, parsed once."""

    roles: dict[str, tuple[str, str]]  # role → (style type, style name)
    styles: dict[str, etree._Element]  # style id → w:style
    nums: dict[str, etree._Element]  # numId → w:num
    abstracts: dict[str, etree._Element]  # abstractNumId → w:abstractNum
    text_width: int | None
    index: dict[tuple[str, str], str]  # (type, casefolded name or id) → style id
    theme: bytes | None  # the theme part


def base_for(kind: str) -> Base:
    """The built-in base for ``kind`` (``handout`` or ``guide``), read as an input of the
    artefact (a change to the built-in theme rebuilds what copied from it)."""
    folder = BUILTIN_THEMES / BASE_THEME
    spec = folder / "theme.yaml"
    spec_data = read_input(
        spec, lambda: read_bytes(spec, _shown(spec), None, limit=MAX_TEXT_TEMPLATE_BYTES)
    )
    names = (yaml.safe_load(spec_data) or {}).get(kind) or f"{kind}.docx"
    path = folder / names
    data = read_input(path, lambda: read_office(path, _shown(path), TRUSTED_ROOTS, kind))
    return _parse_base(spec_data, data)


def _shown(path: Path) -> str:
    return f"(built-in)/{path.relative_to(BUILTIN_THEMES).as_posix()}"


@lru_cache(maxsize=4)
def _parse_base(spec_data: bytes, data: bytes) -> Base:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"), _XML)
        names = set(archive.namelist())
        numbering = (
            etree.fromstring(archive.read("word/numbering.xml"), _XML)
            if "word/numbering.xml" in names
            else None
        )
        body = etree.fromstring(archive.read("word/document.xml"), _XML)
        theme = archive.read(THEME_PART) if THEME_PART in names else None
    by_id = {el.get(qn("w:styleId")): el for el in styles.iterchildren(qn("w:style"))}
    index = _index(styles)
    roles: dict[str, tuple[str, str]] = {}
    for role, name in ((yaml.safe_load(spec_data) or {}).get("styles") or {}).items():
        for kind in ("paragraph", "character", "table", "numbering"):
            if (kind, str(name).casefold()) in index:
                roles[str(role)] = (kind, str(name))
                break
    nums: dict[str, etree._Element] = {}
    abstracts: dict[str, etree._Element] = {}
    if numbering is not None:
        nums = {el.get(qn("w:numId")): el for el in numbering.iterchildren(qn("w:num"))}
        abstracts = {
            el.get(qn("w:abstractNumId")): el for el in numbering.iterchildren(qn("w:abstractNum"))
        }
    sect = body.find(f"{qn('w:body')}/{qn('w:sectPr')}")
    return Base(roles, by_id, nums, abstracts, text_width(sect), index, theme)


def text_width(sect_pr: etree._Element | None) -> int | None:
    """The width between the margins of a section, in twentieths of a point."""
    if sect_pr is None:
        return None
    size, margins = sect_pr.find(qn("w:pgSz")), sect_pr.find(qn("w:pgMar"))
    try:
        return (
            int(size.get(qn("w:w")))
            - int(margins.get(qn("w:left")))
            - int(margins.get(qn("w:right")))
        )
    except (AttributeError, TypeError, ValueError):
        return None


def _index(styles: etree._Element) -> dict[tuple[str, str], str]:
    """(type, casefolded name or id) → style id; names win over ids."""
    elements = list(styles.iterchildren(qn("w:style")))
    out: dict[tuple[str, str], str] = {}
    for el in elements:
        name, style_id = _name(el), el.get(qn("w:styleId"))
        if name and style_id:
            out.setdefault((_type(el), name.casefold()), style_id)
    for el in elements:
        style_id = el.get(qn("w:styleId"))
        if style_id:
            out.setdefault((_type(el), style_id.casefold()), style_id)
    return out


def _is_default(el: etree._Element) -> bool:
    return el.get(qn("w:default")) in ("1", "true", "on")


def _type(el: etree._Element) -> str:
    return el.get(qn("w:type")) or "paragraph"


def _name(el: etree._Element) -> str | None:
    name = el.find(qn("w:name"))
    return name.get(qn("w:val")) if name is not None else None


# ---------------------------------------------------------------------- checking a mapping


def mapping_problems(
    data: bytes, shown: str, styles: Mapping[str, tuple[str, object]], kind: str
) -> list[Diagnostic]:
    """Every ``styles:`` entry that cannot work with the Word document ``data`` (shown as
    ``shown``): an unknown role, or a style name of the theme's own that the document lacks.
    ``styles`` maps role → (style name, the theme.yaml :class:`~builder.load.Document` that
    gave it)."""
    base = base_for(kind)
    index, names = _document_styles(data)
    out = []
    for role, (name, doc) in styles.items():
        where = ("styles", role)
        if role not in base.roles:
            hint = choice_hint(role, base.roles, "style roles")
            out.append(doc.diagnostic(where, f"unknown style role {role!r}", key=True, hint=hint))
            continue
        style_type, builtin = base.roles[role]
        if (style_type, name.casefold()) in index or name.casefold() == builtin.casefold():
            continue
        message = f"{shown} has no {style_type} style {name!r} (role {role!r})"
        other = sorted(t for (t, n) in names if n.casefold() == name.casefold())
        if other:
            message += f"; its style of that name is a {other[0]} style"
        hint = _style_hint(name, style_type, builtin, names, Path(shown).name)
        out.append(doc.diagnostic(where, message, hint=hint))
    return out


def role_styles(
    data: bytes, kind: str, mapping: Mapping[str, str] | None = None
) -> dict[str, tuple[str, str]]:
    """Role → (style name, where it comes from) for the Word document ``data`` used as the
    ``kind`` template (``handout``/``guide``): ``"document"`` when the document has the
    style, ``"built-in"`` when it would be copied in, ``"missing"`` for a mapped name the
    document lacks. For ``theme inspect`` and the like."""
    index, _ = _document_styles(data)
    out = {}
    for role, (style_type, builtin) in base_for(kind).roles.items():
        name = (mapping or {}).get(role) or builtin
        if (style_type, name.casefold()) in index:
            out[role] = (name, "document")
        else:
            out[role] = (name, "built-in" if name.casefold() == builtin.casefold() else "missing")
    return out


def _style_hint(
    name: str, style_type: str, builtin: str, names: set[tuple[str, str]], file: str
) -> str:
    """The closest style of ``style_type`` the document has (names compared regardless of
    case), else its styles of that type; and that leaving the role out works."""
    has = {n.casefold(): n for (t, n) in sorted(names) if t == style_type}
    fallback = has.get(builtin.casefold())
    without = (
        f"leave the role out to use the document's {fallback!r}"
        if fallback
        else f"leave the role out to use the built-in style {builtin!r}"
    )
    near = difflib.get_close_matches(name.casefold(), sorted(has), n=len(has) or 1, cutoff=0.6)
    close = builtin.casefold() if builtin.casefold() in near else suggest(name.casefold(), has)
    if close and has[close] == fallback:
        return f"did you mean {fallback!r}? (leaving the role out uses it too)"
    if close:
        return f"did you mean {has[close]!r}? or {without}"
    listed = choice_hint(name, has.values(), f"{style_type} styles in {file}", limit=20)
    return f"{listed}; or {without}" if listed else without[0].upper() + without[1:]


def _document_styles(data: bytes) -> tuple[dict[tuple[str, str], str], set[tuple[str, str]]]:
    """The style index and the (type, name) of every named style of the Word file ``data``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            styles = etree.fromstring(archive.read("word/styles.xml"), _XML)
        except KeyError:
            return {}, set()
    elements = styles.iterchildren(qn("w:style"))
    return _index(styles), {(_type(el), _name(el)) for el in elements if _name(el)}


# ---------------------------------------------------------------------- resolving and copying


class StyleBase:
    """Role → style id in one open python-docx ``document``, copying in from the built-in
    base what the document lacks (on first use of a role)."""

    def __init__(
        self, document, mapping: Mapping[str, str], kind: str, shown: str, width: int | None
    ):
        self.document = document
        self.mapping = mapping
        self.shown = shown
        self.base = base_for(kind)
        tidy(document, self.base.theme)
        self.width = width
        self.styles = document.styles.element
        self.index = _index(self.styles)
        self.ids = {el.get(qn("w:styleId")) for el in self.styles.iterchildren(qn("w:style"))}
        self.named = {
            (_name(el) or "").casefold() for el in self.styles.iterchildren(qn("w:style"))
        }
        self.adopted: dict[str, str] = {}  # built-in style id → id in the document
        self.numbers: dict[str, str] = {}  # built-in numId → numId in the document
        self.abstracts: dict[str, str] = {}  # built-in abstractNumId → id in the document

    def style_id(self, role: str, kind: str = "paragraph") -> str:
        """The id of the style for ``role`` of type ``kind`` in the document."""
        builtin = self.base.roles.get(role)
        default = builtin[1] if builtin and builtin[0] == kind else None
        name = self.mapping.get(role) or default or role
        found = self.index.get((kind, name.casefold()))
        if found is not None:
            return found
        if default is not None and name.casefold() == default.casefold():
            base_id = self.base.index.get((kind, default.casefold()))
            if base_id is not None:
                return self.adopt(base_id)
        raise BuildError(
            f"{self.shown} has no {kind} style {name!r} (role {role!r} in theme.yaml `styles:`)"
        )

    def numbering(self, role: str, style_id: str) -> str | None:
        """The numId the style ``style_id`` numbers its paragraphs with (through the styles
        it is based on); for a style without one, the built-in style's numbering for
        ``role``, copied in. None when neither has any."""
        seen = set()
        style = self.document.styles.element.get_by_id(style_id)
        while style is not None and style_id not in seen:
            seen.add(style_id)
            num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
            if num_id is not None:
                value = num_id.get(qn("w:val"))
                return value if value and value != "0" else None
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else ""
            style = self.document.styles.element.get_by_id(style_id) if style_id else None
        builtin = self.base.roles.get(role)
        key = ("paragraph", builtin[1].casefold()) if builtin else None
        source = self.base.styles.get(self.base.index.get(key, ""))
        path = f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}"
        num_id = source.find(path) if source is not None else None
        if num_id is None or num_id.get(qn("w:val")) not in self.base.nums:
            return None
        return self._adopt_num(num_id.get(qn("w:val")))

    def _existing(self, base_id: str) -> str | None:
        """The document's own style matching the built-in style ``base_id`` (same type, by
        name, else by id), or the copy already made of it."""
        if base_id in self.adopted:
            return self.adopted[base_id]
        source = self.base.styles.get(base_id)
        if source is None:
            return None
        kind, name = _type(source), _name(source) or base_id
        found = self.index.get((kind, name.casefold()))
        found = found or self.index.get((kind, base_id.casefold()))
        if found is None and (_is_default(source) or WORD_DEFAULTS.get(kind) == base_id):
            found = self._default(kind)  # the document's Normal under another name
        return found

    def adopt(self, base_id: str) -> str:
        """The document's id for built-in style ``base_id``, copying it (and what it refers
        to) into the document when the document has no style of that type and name."""
        found = self._existing(base_id)
        if found is not None:
            return found
        source = self.base.styles.get(base_id)
        if source is None:
            raise BuildError(f"the built-in theme's Word template has no style {base_id!r}")
        style = copy.deepcopy(source)
        new_id = self._free_id(base_id)
        self.adopted[base_id] = new_id  # before following references: they may loop
        style.set(qn("w:styleId"), new_id)
        kind, name = _type(style), _name(style) or base_id
        if style.get(qn("w:default")) and self._has_default(kind):
            del style.attrib[qn("w:default")]
        if name.casefold() in self.named:  # a style of another type has that name
            style.find(qn("w:name")).set(qn("w:val"), f"{name} ({kind})")
            name = f"{name} ({kind})"
        for local in _DROP:
            for el in list(style.iter(qn(f"w:{local}"))):
                el.getparent().remove(el)
        for local in _STYLE_REFS:
            ref = style.find(qn(f"w:{local}"))
            if ref is not None:
                target = ref.get(qn("w:val"))
                if target in self.base.styles:
                    ref.set(qn("w:val"), self.adopt(target))
                elif (kind, target.casefold()) not in self.index:
                    style.remove(ref)
        self._adopt_numbering(style)
        self._fit_tabs(style)
        self.styles.append(style)
        self.ids.add(new_id)
        self.named.add(name.casefold())
        self.index.setdefault((kind, name.casefold()), new_id)
        self.index.setdefault((kind, new_id.casefold()), new_id)
        return new_id

    def _free_id(self, wanted: str) -> str:
        candidate, number = wanted, 1
        while candidate in self.ids:
            number += 1
            candidate = f"{wanted}{number}"
        return candidate

    def _has_default(self, kind: str) -> bool:
        return self._default(kind) is not None

    def _default(self, kind: str) -> str | None:
        """The id of the document's default style of type ``kind``, if it marks one."""
        for el in self.styles.iterchildren(qn("w:style")):
            if _type(el) == kind and _is_default(el):
                return el.get(qn("w:styleId"))
        return None

    def _fit_tabs(self, style: etree._Element) -> None:
        """Right-aligned tab stops at the built-in page's right margin move to the
        document's (a table of contents' page numbers stay inside the text area)."""
        if not self.width or not self.base.text_width:
            return
        for tab in style.iter(qn("w:tab")):
            pos = tab.get(qn("w:pos"))
            right = tab.get(qn("w:val")) == "right" and pos and pos.lstrip("-").isdigit()
            if right and int(pos) >= self.base.text_width - 60:
                tab.set(qn("w:pos"), str(self.width))

    # ------------------------------------------------------------------ numbering

    def _adopt_numbering(self, style: etree._Element) -> None:
        num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is None or num_id.get(qn("w:val")) in (None, "0"):
            return
        base_num = num_id.get(qn("w:val"))
        if base_num not in self.base.nums:
            num_id.getparent().getparent().remove(num_id.getparent())
            return
        num_id.set(qn("w:val"), self._adopt_num(base_num))

    def _adopt_num(self, base_num: str) -> str:
        if base_num in self.numbers:
            return self.numbers[base_num]
        numbering = numbering_element(self.document)
        source = self.base.nums[base_num]
        abstract_ref = source.find(qn("w:abstractNumId"))
        abstract = self._adopt_abstract(numbering, abstract_ref.get(qn("w:val")))
        num = copy.deepcopy(source)
        new_id = str(1 + max(_ints(numbering, "num", "numId"), default=0))
        num.set(qn("w:numId"), new_id)
        num.find(qn("w:abstractNumId")).set(qn("w:val"), abstract)
        insert_in_order(numbering, num, ("numIdMacAtCleanup",))
        self.numbers[base_num] = new_id
        return new_id

    def _adopt_abstract(self, numbering: etree._Element, base_abstract: str) -> str:
        if base_abstract in self.abstracts:
            return self.abstracts[base_abstract]
        abstract = copy.deepcopy(self.base.abstracts[base_abstract])
        new_id = str(1 + max(_ints(numbering, "abstractNum", "abstractNumId"), default=-1))
        abstract.set(qn("w:abstractNumId"), new_id)
        for local in ("styleLink", "numStyleLink", "lvlPicBulletId"):
            for el in list(abstract.iter(qn(f"w:{local}"))):
                el.getparent().remove(el)
        for ref in list(abstract.iter(qn("w:pStyle"))):
            target = self._existing(ref.get(qn("w:val")) or "")
            if target is None:
                ref.getparent().remove(ref)
            else:
                ref.set(qn("w:val"), target)
        nsid = abstract.find(qn("w:nsid"))
        taken = {el.get(qn("w:val")) for el in numbering.iter(qn("w:nsid"))}
        if nsid is not None and nsid.get(qn("w:val")) in taken:
            seed = f"{nsid.get(qn('w:val'))}:{new_id}".encode()
            nsid.set(qn("w:val"), hashlib.sha256(seed).hexdigest()[:8].upper())
        insert_in_order(numbering, abstract, ("num", "numIdMacAtCleanup"))
        self.abstracts[base_abstract] = new_id
        return new_id


def _ints(parent: etree._Element, local: str, attr: str) -> list[int]:
    out = []
    for el in parent.iterchildren(qn(f"w:{local}")):
        value = el.get(qn(f"w:{attr}"))
        if value and value.isdigit():
            out.append(int(value))
    return out
