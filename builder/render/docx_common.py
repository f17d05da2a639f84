"""What the handout and the guide share: a writer over a theme's Word style base.

:class:`DocxWriter` opens the theme's template, clears its specimen body and appends
paragraphs, runs and tables as raw WordprocessingML. Formatting lives in the template: the
writer only names styles, by *role* (``heading-1``, ``note``, ``table`` …) mapped to style
names by the theme's ``styles:`` and resolved to style ids once per document (python-docx
would look each name up again on every call, about 1 ms a paragraph).

Paragraph and run properties are written in exactly one place each (:meth:`DocxWriter._ppr`,
:meth:`DocxWriter._rpr`): the course language goes on every run, and a right-to-left language
turns on ``w:bidi`` / ``w:rtl`` there, so RTL needs no other change.

Fixed prose comes from the theme's Jinja2 text templates (``handout-welcome.md.j2`` …),
rendered in the sandbox and written by :meth:`DocxWriter.prose`, which understands a tiny
markup: blank lines separate blocks; ``## `` and ``### `` start headings; ``- `` bullets;
``[ ] `` checklist items; ``> `` a note box; ``**strong**`` inside a line.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from jinja2 import TemplateError
from lxml import etree

from ..context import Namespace, course_values, hint_of, join_list
from ..errors import BuildError, Diagnostic
from ..i18n import N_, Messages, course_messages, language_tag
from ..templating import gettext_context, render
from ..theme import Theme
from ..view import CourseView
from .docx_package import as_document
from .docx_styles import StyleBase
from .ooxml_order import insert_in_order, ppr_after

RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku-arab", "ps", "sd", "syr", "ug", "ur", "yi"}
)
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_STRONG = re.compile(r"\*\*(.+?)\*\*")
# CT_Settings children that come after w:updateFields
_AFTER_UPDATE_FIELDS = frozenset(
    {
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "mathPr",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    }
)


# What follows w:bidi in a sectPr, w:rtl and w:lang in an rPr (the schema's sequences), so that
# direction and language can be added to a template's own properties in the right place.
_SECT_AFTER_BIDI = frozenset({"rtlGutter", "docGrid", "printerSettings", "sectPrChange"})
_RPR_AFTER_LANG = frozenset({"eastAsianLayout", "specVanish", "oMath"})
_RPR_AFTER_RTL = frozenset({"cs", "em", "lang"}) | _RPR_AFTER_LANG


def _keep_next_off() -> etree._Element:
    element = etree.Element(qn("w:keepNext"))
    element.set(qn("w:val"), "0")
    return element


def scale_line_spacing(styles, factor: float) -> None:
    """Every automatic line spacing of ``styles`` (styles.xml), the document default
    included, multiplied by ``factor`` (exact and at-least spacing is left as it is)."""
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    if defaults is not None and defaults.find(qn("w:spacing")) is None:
        insert_in_order(defaults, etree.Element(qn("w:spacing")), ppr_after("spacing"))
    for spacing in styles.iter(qn("w:spacing")):
        rule = spacing.get(qn("w:lineRule"), "auto")
        if rule != "auto":
            continue
        line = int(spacing.get(qn("w:line"), "240"))
        spacing.set(qn("w:line"), str(round(line * factor)))
        spacing.set(qn("w:lineRule"), "auto")


def is_rtl(language: str) -> bool:
    tag = language.casefold()
    return tag in RTL_LANGUAGES or tag.split("-")[0] in RTL_LANGUAGES


def paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines; single line breaks inside a block are wrapping."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [
        " ".join(line.strip() for line in block.splitlines()).strip()
        for block in blocks
        if block.strip()
    ]


@dataclass(frozen=True)
class Cell:
    """A table cell: paragraphs as (role, text) pairs."""

    paragraphs: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, *items: tuple[str, str] | str, role: str = "table-text") -> Cell:
        pairs = ((role, item) if isinstance(item, str) else item for item in items)
        return cls(tuple(pair for pair in pairs if pair[1]))


def template_context(course: CourseView, kind: str, label: str) -> dict:
    """What the theme's text templates and header/footer fields can use (see
    :mod:`builder.context`)."""
    values: dict = course_values(
        language=course.language,
        course_id=course.id,
        title=course.title,
        subtitle=course.subtitle or "",
        city=course.city,
        country=course.country,
        dates=course.dates_label,
        hosts=[h.name for h in course.hosts],
        audience=course.audience or "",
        region_id=course.region.id,
        region_name=course.region.name,
        countries=course.region.countries,
        description=course.description or "",
        when=course.dates_when or course.dates_label,
        days=len(course.days),
        modules=[m.title for m in course.modules],
        module_count=len(course.modules),
    )
    values["document"] = Namespace("document", {"kind": kind, "label": label})
    # {% trans %} blocks and _() in the edition's language (the builder's catalogues)
    values.update(gettext_context(course_messages(course)))
    return values


def template_diagnostic(name: str, exc: BaseException, where: str = "") -> Diagnostic:
    """A theme text template's error at its file and line."""
    if isinstance(exc, TemplateError):
        message = exc.message or type(exc).__name__
    else:
        message = "nested too deeply"
    return Diagnostic(
        name,
        getattr(exc, "lineno", None) or 1,
        1,
        f"{where}template error: {message}",
        hint=hint_of(exc, {"course": 1, "region": 1, "document": 1})
        or "the text templates can use course.*, region.* and document.*",
    )


def join_names(names: Sequence[str], language: str = "en") -> str:
    return join_list(names, language)


class DocxWriter:
    """Append styled content to a copy of a theme's Word template; ``save()`` gives bytes."""

    def __init__(self, theme: Theme, role: str, course: CourseView):
        self.theme = theme
        self.course = course
        self.language = course.language
        self.rtl = is_rtl(course.language)
        self.messages = course_messages(course)
        # runs carry the edition's tag refined by the host country (ar-DZ) when it reads
        # right to left, and the theme's complex-script font for its letters
        self.lang_tag = language_tag(course) if self.rtl else course.language
        self.cs_font = theme.options.complex_script_font if self.rtl else None
        path = theme.file(role)
        data = theme.open(role)
        try:
            self.document = docx.Document(io.BytesIO(as_document(data.getvalue())))
        except Exception as exc:  # a broken user template is a user error
            raise BuildError(f"theme {theme.name!r}: cannot open {path.name}: {exc}") from None
        if self.rtl:
            scale_line_spacing(
                self.document.styles.element, theme.options.complex_script_line_spacing
            )
        self.template_name = path.name
        self.shown_name = theme.shown.get(role, path.name)
        self.body = self.document.element.body
        self.sect_pr = self.body.find(qn("w:sectPr"))
        if self.sect_pr is None:  # a template without page set-up: Word's defaults apply
            self.sect_pr = etree.SubElement(self.body, qn("w:sectPr"))
        for child in list(self.body):
            if child is not self.sect_pr:
                self.body.remove(child)
        self._ids: dict[str, str] = {}
        self._bookmark = 0
        self._insert_before = self.sect_pr  # where top-level content goes
        self._toc_anchor: etree._Element | None = None
        self.toc_entries: list[tuple[str, str]] = []  # (heading text, bookmark)
        self.text_width = self._text_width()
        # the document's own styles, and the built-in theme's for the roles it lacks
        self.styles = StyleBase(self.document, theme.styles, role, self.shown_name, self.text_width)

    # ------------------------------------------------------------------ styles

    def style_id(self, role: str, kind: str = "paragraph") -> str:
        """The style id for ``role`` (theme ``styles:`` map, else the built-in name), cached."""
        key = f"{kind}:{role}"
        cached = self._ids.get(key)
        if cached is not None:
            return cached
        style_id = self.styles.style_id(role, kind)  # copies in a built-in style if need be
        self._ids[key] = style_id
        return style_id

    def _text_width(self) -> int:
        """Text width in twentieths of a point, from the template's page set-up."""
        size, margins = self.sect_pr.find(qn("w:pgSz")), self.sect_pr.find(qn("w:pgMar"))
        if size is None or margins is None:
            return 9638
        width = int(size.get(qn("w:w")))
        return width - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))

    # ------------------------------------------------------------------ the two property helpers

    def _ppr(
        self, p: etree._Element, style_id: str | None, num_id: int | None = None, level: int = 0
    ) -> None:
        """Every paragraph property the renderers write goes through here.

        With ``style_id`` None the paragraph keeps its own properties (a template's header
        or footer) and only gets the writing direction.
        """
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = etree.Element(qn("w:pPr"))
            p.insert(0, ppr)
        if style_id is not None:
            etree.SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), style_id)
        if num_id is not None:
            num = etree.SubElement(ppr, qn("w:numPr"))
            etree.SubElement(num, qn("w:ilvl")).set(qn("w:val"), str(level))
            etree.SubElement(num, qn("w:numId")).set(qn("w:val"), str(num_id))
        if self.rtl and ppr.find(qn("w:bidi")) is None:
            insert_in_order(ppr, etree.Element(qn("w:bidi")), ppr_after("bidi"))

    def _rpr(
        self, r: etree._Element, char_style_id: str | None = None, rpr: etree._Element | None = None
    ) -> None:
        """Every run property the renderers write goes through here."""
        if rpr is None:
            rpr = etree.SubElement(r, qn("w:rPr"))
        if char_style_id:
            etree.SubElement(rpr, qn("w:rStyle")).set(qn("w:val"), char_style_id)
        if self.cs_font:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                fonts = etree.Element(qn("w:rFonts"))
                style = rpr.find(qn("w:rStyle"))
                rpr.insert(0 if style is None else rpr.index(style) + 1, fonts)
            fonts.set(qn("w:cs"), self.cs_font)
        if self.rtl:
            insert_in_order(rpr, etree.Element(qn("w:rtl")), _RPR_AFTER_RTL)
        lang = etree.Element(qn("w:lang"))
        lang.set(qn("w:val"), self.lang_tag)
        if self.rtl:
            lang.set(qn("w:bidi"), self.lang_tag)
        insert_in_order(rpr, lang, _RPR_AFTER_LANG)

    # ------------------------------------------------------------------ paragraphs and runs

    def _new_paragraph(self, parent: etree._Element | None) -> etree._Element:
        if parent is None:
            p = etree.Element(qn("w:p"))
            self._insert_before.addprevious(p)
            return p
        return etree.SubElement(parent, qn("w:p"))

    def paragraph(
        self,
        role: str,
        text: str = "",
        *,
        parent: etree._Element | None = None,
        num_id: int | None = None,
        level: int = 0,
        markup: bool = False,
    ) -> etree._Element:
        """A paragraph in ``role``'s style; ``markup`` turns ``**x**`` into strong runs."""
        p = self._new_paragraph(parent)
        self._ppr(p, self.style_id(role), num_id, level)
        if text:
            if markup:
                self.rich(p, text)
            else:
                self.run(p, text)
        return p

    def run(self, p: etree._Element, text: str, role: str | None = None) -> etree._Element:
        """A run of ``text`` (line breaks and tabs kept) in an optional character style."""
        r = etree.SubElement(p, qn("w:r"))
        self._rpr(r, self.style_id(role, "character") if role else None)
        for index, line in enumerate(text.split("\n")):
            if index:
                etree.SubElement(r, qn("w:br"))
            for piece_index, piece in enumerate(line.split("\t")):
                if piece_index:
                    etree.SubElement(r, qn("w:tab"))
                if piece:
                    t = etree.SubElement(r, qn("w:t"))
                    t.text = piece
                    if piece != piece.strip():
                        t.set(XML_SPACE, "preserve")
        return r

    def rich(self, p: etree._Element, text: str) -> None:
        """Runs for ``text`` with ``**strong**`` spans."""
        position = 0
        for match in _STRONG.finditer(text):
            if match.start() > position:
                self.run(p, text[position : match.start()])
            self.run(p, match.group(1), "strong")
            position = match.end()
        if position < len(text):
            self.run(p, text[position:])

    def labelled(self, role: str, label: str, text: str, **kwargs) -> etree._Element:
        """``Label:`` in the label character style, then text."""
        p = self.paragraph(role, **kwargs)
        self.run(p, label, "label")
        self.run(p, f" {text}")
        return p

    def text_block(self, role: str, text: str) -> None:
        """One paragraph per blank-line-separated block of ``text``."""
        for block in paragraphs(text):
            self.paragraph(role, block)

    def heading(self, level: int, text: str, *, toc: bool = False) -> etree._Element:
        """A heading; ``toc`` bookmarks it and lists it in the table of contents."""
        p = self.paragraph(f"heading-{level}")
        if toc:
            self.toc_entries.append((text, self.bookmark(p, text)))
        else:
            self.run(p, text)
        return p

    def bookmark(self, p: etree._Element, text: str) -> str:
        """Wrap ``text`` in a bookmark (for the table of contents); returns its name."""
        self._bookmark += 1
        name = f"_Toc{self._bookmark:06d}"
        start = etree.SubElement(p, qn("w:bookmarkStart"))
        start.set(qn("w:id"), str(self._bookmark))
        start.set(qn("w:name"), name)
        self.run(p, text)
        etree.SubElement(p, qn("w:bookmarkEnd")).set(qn("w:id"), str(self._bookmark))
        return name

    def bullets(self, items: Iterable[str | tuple[str, int]], role: str = "bullet") -> None:
        """Bulleted items; an item may be ``(text, level)`` for nesting."""
        for item in items:
            text, level = (item, 0) if isinstance(item, str) else item
            self.paragraph(role if level == 0 else f"{role}-2", text)

    def numbered(self, items: Iterable[str], role: str = "number") -> list[etree._Element]:
        """A numbered list that starts again at 1."""
        num_id = self.restart_numbering(role)
        return [self.paragraph(role, text, num_id=num_id) for text in items]

    def ruled_page(
        self, heading: str, line_role: str = "notes-line", heading_role: str = "notes-heading"
    ) -> None:
        """A heading and as many ruled lines as fill the rest of its page.

        The count follows from the template: page height less margins, the heading's
        space, and the line style's exact line height.
        """
        self.paragraph(heading_role, heading)
        for _ in range(self.lines_per_page(line_role)):
            last = self.paragraph(line_role)
        # the lines keep together; the last one must not chain them to what follows (a
        # template whose headings do not start a page would push the whole page on)
        last.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").addnext(_keep_next_off())

    def lines_per_page(self, role: str, reserve: int = 1400) -> int:
        height = 14000
        size, margins = self.sect_pr.find(qn("w:pgSz")), self.sect_pr.find(qn("w:pgMar"))
        if size is not None and margins is not None:
            height = (
                int(size.get(qn("w:h")))
                - abs(int(margins.get(qn("w:top"))))
                - abs(int(margins.get(qn("w:bottom"))))
            )
        style = self.document.styles.element.get_by_id(self.style_id(role))
        found = style.find(f"{qn('w:pPr')}/{qn('w:spacing')}") if style is not None else None
        line = int(found.get(qn("w:line"), "0")) if found is not None else 0
        if found is None or found.get(qn("w:lineRule")) != "exact" or line < 200:
            line = 454
        return max(1, (height - reserve) // line)

    # ------------------------------------------------------------------ fields

    def field(self, parent: etree._Element, instruction: str, cached: str = "") -> None:
        """A complex field ``{ instruction }`` with an optional cached result."""
        self._field_char(parent, "begin")
        self._instr(parent, instruction)
        self._field_char(parent, "separate")
        if cached:
            self.run(parent, cached)
        self._field_char(parent, "end")

    def toc_here(self) -> None:
        """Mark where the table of contents goes; :meth:`finish_toc` fills it at the end."""
        self._toc_anchor = self._new_paragraph(None)

    def finish_toc(self) -> None:
        if self._toc_anchor is None:
            return
        self._insert_before = self._toc_anchor
        try:
            self.toc(self.toc_entries)
        finally:
            self._insert_before = self.sect_pr
        self._toc_anchor.getparent().remove(self._toc_anchor)
        self._toc_anchor = None

    def toc(self, entries: Sequence[tuple[str, str]]) -> None:
        """The table of contents: one ``toc 1`` line per entry (text, bookmark).

        Each line links to its heading and ends with a ``PAGEREF`` field to the heading's
        bookmark. LibreOffice computes those when it lays the document out (so a PDF made
        from it has the right page numbers) and Word refreshes them on opening
        (``updateFields``). A ``TOC`` field would not do: LibreOffice shows a TOC field's
        stored result verbatim, so its page numbers would stay blank in every PDF.
        """
        for text, name in entries:
            p = self.paragraph("toc-1")
            link = etree.SubElement(p, qn("w:hyperlink"))
            link.set(qn("w:anchor"), name)
            link.set(qn("w:history"), "1")
            self.run(link, text)
            self.run(link, "\t")
            self.field(link, f"PAGEREF {name} \\h")
        self.update_fields_on_open()

    def _field_char(self, parent: etree._Element, kind: str) -> None:
        r = etree.SubElement(parent, qn("w:r"))
        self._rpr(r)
        etree.SubElement(r, qn("w:fldChar")).set(qn("w:fldCharType"), kind)

    def _instr(self, parent: etree._Element, instruction: str) -> None:
        r = etree.SubElement(parent, qn("w:r"))
        self._rpr(r)
        instr = etree.SubElement(r, qn("w:instrText"))
        instr.set(XML_SPACE, "preserve")
        instr.text = f" {instruction} "

    def update_fields_on_open(self) -> None:
        """Ask Word to refresh fields (the table of contents) when it opens the file."""
        settings = self.document.settings.element
        if settings.find(qn("w:updateFields")) is not None:
            return
        element = etree.Element(qn("w:updateFields"))
        element.set(qn("w:val"), "true")
        insert_in_order(settings, element, _AFTER_UPDATE_FIELDS)  # CT_Settings' order

    # ------------------------------------------------------------------ numbering

    def restart_numbering(self, role: str) -> int:
        """A new ``w:num`` over the abstract numbering of ``role``'s style, restarting at 1."""
        base = self.styles.numbering(role, self.style_id(role))
        if base is None:
            raise BuildError(
                f"theme {self.theme.name!r}: style {self.theme.style(role)!r} in "
                f"{self.template_name} is not a numbered list style"
            )
        numbering = self.document.part.numbering_part.element
        abstract_id = None
        new_id = 0
        for num in numbering.iterchildren(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            new_id = max(new_id, int(num_id))
            if num_id == base:
                abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        if abstract_id is None:
            raise BuildError(
                f"theme {self.theme.name!r}: numbering {base} of style "
                f"{self.theme.style(role)!r} is missing from {self.template_name}"
            )
        new_id += 1
        num = etree.SubElement(numbering, qn("w:num"))
        num.set(qn("w:numId"), str(new_id))
        etree.SubElement(num, qn("w:abstractNumId")).set(qn("w:val"), abstract_id)
        override = etree.SubElement(num, qn("w:lvlOverride"))
        override.set(qn("w:ilvl"), "0")
        etree.SubElement(override, qn("w:startOverride")).set(qn("w:val"), "1")
        return new_id

    # ------------------------------------------------------------------ tables

    def layout_table(
        self, widths: Sequence[int], *, centred: bool = False, flush: bool = False
    ) -> etree._Element:
        """A borderless table for layout (no table style: the document's plain table) at the
        writer's position, fixed columns ``widths`` twips wide; ``centred`` on the page,
        ``flush`` without left and right cell margins. The caller adds its rows."""
        tbl = etree.Element(qn("w:tbl"))
        self._insert_before.addprevious(tbl)
        tbl_pr = etree.SubElement(tbl, qn("w:tblPr"))
        if self.rtl:
            etree.SubElement(tbl_pr, qn("w:bidiVisual"))
        width = etree.SubElement(tbl_pr, qn("w:tblW"))
        width.set(qn("w:w"), str(sum(widths)))
        width.set(qn("w:type"), "dxa")
        if centred:
            etree.SubElement(tbl_pr, qn("w:jc")).set(qn("w:val"), "center")
        etree.SubElement(tbl_pr, qn("w:tblLayout")).set(qn("w:type"), "fixed")
        if flush:
            margins = etree.SubElement(tbl_pr, qn("w:tblCellMar"))
            for side in ("left", "right"):
                mar = etree.SubElement(margins, qn(f"w:{side}"))
                mar.set(qn("w:w"), "0")
                mar.set(qn("w:type"), "dxa")
        grid = etree.SubElement(tbl, qn("w:tblGrid"))
        for value in widths:
            etree.SubElement(grid, qn("w:gridCol")).set(qn("w:w"), str(value))
        return tbl

    def table(
        self,
        widths: Sequence[float],
        header: Sequence[str] | None,
        rows: Iterable[Sequence[Cell | str]],
        role: str = "table",
    ) -> etree._Element:
        """A table in ``role``'s table style; ``widths`` are relative column weights.

        The header row repeats on every page; rows never split across pages.
        """
        total = sum(widths)
        twips = [int(self.text_width * w / total) for w in widths]
        twips[-1] = self.text_width - sum(twips[:-1])
        tbl = etree.Element(qn("w:tbl"))
        self._insert_before.addprevious(tbl)
        tbl_pr = etree.SubElement(tbl, qn("w:tblPr"))
        etree.SubElement(tbl_pr, qn("w:tblStyle")).set(qn("w:val"), self.style_id(role, "table"))
        if self.rtl:
            etree.SubElement(tbl_pr, qn("w:bidiVisual"))
        width = etree.SubElement(tbl_pr, qn("w:tblW"))
        width.set(qn("w:w"), str(self.text_width))
        width.set(qn("w:type"), "dxa")
        etree.SubElement(tbl_pr, qn("w:tblLayout")).set(qn("w:type"), "fixed")
        look = etree.SubElement(tbl_pr, qn("w:tblLook"))
        for attr, value in (
            ("val", "04A0"),
            ("firstRow", "1" if header else "0"),
            ("lastRow", "0"),
            ("firstColumn", "0"),
            ("lastColumn", "0"),
            ("noHBand", "0"),
            ("noVBand", "1"),
        ):
            look.set(qn(f"w:{attr}"), value)
        grid = etree.SubElement(tbl, qn("w:tblGrid"))
        for w in twips:
            etree.SubElement(grid, qn("w:gridCol")).set(qn("w:w"), str(w))
        if header:
            self._row(
                tbl, twips, [Cell.of(text, role="table-heading") for text in header], header=True
            )
        for row in rows:
            self._row(tbl, twips, [c if isinstance(c, Cell) else Cell.of(c) for c in row])
        return tbl

    def _row(
        self, tbl: etree._Element, twips: Sequence[int], cells: Sequence[Cell], header: bool = False
    ) -> None:
        tr = etree.SubElement(tbl, qn("w:tr"))
        tr_pr = etree.SubElement(tr, qn("w:trPr"))
        etree.SubElement(tr_pr, qn("w:cantSplit"))
        if header:
            etree.SubElement(tr_pr, qn("w:tblHeader"))
        for width, cell in zip(twips, cells, strict=True):
            tc = etree.SubElement(tr, qn("w:tc"))
            tc_pr = etree.SubElement(tc, qn("w:tcPr"))
            tc_w = etree.SubElement(tc_pr, qn("w:tcW"))
            tc_w.set(qn("w:w"), str(width))
            tc_w.set(qn("w:type"), "dxa")
            items = cell.paragraphs or (("table-text", ""),)
            for role, text in items:
                self.paragraph(role, text, parent=tc)

    # ------------------------------------------------------------------ prose templates

    def prose(self, template: str, context: dict, *, heading_base: int = 2) -> bool:
        """Render the theme text template ``template`` and write it; False if absent."""
        found = self.theme.text(template)
        if found is None:
            return False
        source, shown = found
        try:
            text = render(source, context)
        except (TemplateError, RecursionError) as exc:  # errors and limits: file and line
            raise BuildError([template_diagnostic(shown, exc)]) from None
        self.markup(text, heading_base=heading_base)
        return True

    def markup(self, text: str, *, heading_base: int = 2) -> None:
        for block in re.split(r"\n\s*\n", text.strip()):
            lines = [line.rstrip() for line in block.strip().splitlines()]
            if not lines:
                continue
            head = lines[0]
            if head.startswith("#"):
                hashes = len(head) - len(head.lstrip("#"))
                level = min(3, heading_base + hashes - 2)
                self.paragraph(f"heading-{max(level, 1)}", head[hashes:].strip())
                lines = lines[1:]
                if not lines:
                    continue
                head = lines[0]
            if all(line.startswith(("- ", "* ")) for line in lines):
                for line in lines:
                    self.paragraph("bullet", line[2:].strip(), markup=True)
            elif all(line.startswith("[ ]") for line in lines):
                for line in lines:
                    self.paragraph("checklist", line[3:].strip(), markup=True)
            elif head.startswith(">"):
                text_lines = [line.lstrip(">").strip() for line in lines]
                self.paragraph("note", " ".join(text_lines), markup=True)
            else:
                self.paragraph("body", " ".join(line.strip() for line in lines), markup=True)

    # ------------------------------------------------------------------ header, footer, saving

    # the words the built-in theme's Word footers translate with _() ("Page 3 of 12"), so
    # that `make messages` puts them in the catalogues
    FOOTER_WORDS = (N_("Page"), N_("of"), N_("not for participants"))

    def fill_headers(self, context: dict) -> None:
        """Render ``{{ … }}`` in the template's header and footer text; set their language."""
        for rel in self.document.part.rels.values():
            if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
                continue
            element = rel.target_part.element
            for t in element.iter(qn("w:t")):
                if t.text and "{{" in t.text:
                    try:
                        t.text = render(t.text, context)
                    except (TemplateError, RecursionError) as exc:
                        problem = template_diagnostic(self.shown_name, exc, "header/footer ")
                        raise BuildError([replace(problem, line=0, column=0)]) from None
            for r in element.iter(qn("w:r")):
                rpr = r.find(qn("w:rPr"))
                if rpr is None:
                    rpr = etree.Element(qn("w:rPr"))
                    r.insert(0, rpr)
                if rpr.find(qn("w:lang")) is None and rpr.find(qn("w:rtl")) is None:
                    # the template's own run formatting stays; language (and direction)
                    # are added last, where the schema puts them
                    self._rpr(r, None, rpr)
            for p in element.iter(qn("w:p")):
                self._ppr(p, None)

    def set_properties(self, *, title: str, subject: str, category: str) -> None:
        """Core properties fixed from the course (build time from SOURCE_DATE_EPOCH)."""
        props = self.document.core_properties
        when = self.course.build_time.replace(tzinfo=None, microsecond=0)
        props.title = title
        props.subject = subject
        props.category = category
        props.author = join_names([h.name for h in self.course.hosts], self.language)[:255]
        props.last_modified_by = "course-builder"
        props.keywords = f"{self.course.region.name}; {self.course.place}"
        props.language = self.language
        props.comments = ""
        props.revision = 1
        props.created = when
        props.modified = when
        props.identifier = self.course.id

    def save(self) -> bytes:
        if self.rtl:
            for sect_pr in self.document.element.body.iter(qn("w:sectPr")):
                if sect_pr.find(qn("w:bidi")) is None:  # page furniture right to left
                    insert_in_order(sect_pr, etree.Element(qn("w:bidi")), _SECT_AFTER_BIDI)
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


# ---------------------------------------------------------------------- shared sections

HOST_ROLES = (
    ("host", N_("Hosted by")),
    ("organiser", N_("Organised by")),
    ("partner", N_("In partnership with")),
    ("funder", N_("With the support of")),
)

# the words of the built-in theme's page footer ({{ _("Page") }} 3 {{ _("of") }} 10)
FOOTER_WORDS = (N_("Page"), N_("of"), N_("not for participants"))

ACTIVITY_KINDS = {
    "discussion": N_("Discussion"),
    "group-exercise": N_("Group exercise"),
    "case-study": N_("Case study"),
    "quiz": N_("Quiz"),
    "role-play": N_("Role play"),
}


def words_for(course: CourseView) -> Messages:
    """The builder's fixed words in the course's language (see :mod:`builder.i18n`)."""
    return course_messages(course)


def write_cover(
    w: DocxWriter,
    course: CourseView,
    label: str,
    context: dict,
    template: str,
    words: Messages | None = None,
) -> None:
    """The cover page: document label, title, subtitle, where, when, hosts, cover text."""
    gettext = (words or words_for(course)).gettext
    w.paragraph("cover-kicker", label)
    w.paragraph("title", course.title)
    w.paragraph(
        "subtitle",
        course.subtitle or gettext("Regional workshop · {region}", region=course.region.name),
    )
    w.paragraph("cover-label", gettext("Where"))
    w.paragraph("cover-details", course.place)
    w.paragraph("cover-label", gettext("When"))
    w.paragraph("cover-details", course.dates_label)
    for role, heading in HOST_ROLES:
        names = [h.name for h in course.hosts if h.role == role]
        if names:
            w.paragraph("cover-label", gettext(heading))
            for name in names:
                w.paragraph("cover-details", name)
    w.paragraph("body")
    w.prose(template, context)


def session_line(session, extra: Sequence[str] = (), words: Messages | None = None) -> str:
    """``Day 1 · 09:30–11:00 · 90 minutes`` (and ``extra`` parts)."""
    gettext = (words or Messages("en")).gettext
    parts = [
        gettext("Day {number}", number=session.day),
        f"{session.start}–{session.end}",
        gettext("{minutes} minutes", minutes=session.minutes),
        *extra,
    ]
    module = session.module
    if module is not None and module.presenter:
        parts.append(gettext("Presented by {name}", name=module.presenter))
    return " · ".join(parts)


def module_titles(course: CourseView, words: Messages | None = None) -> dict[tuple[int, int], str]:
    """(day, index) → ``Module N · title`` for every module session, in agenda order."""
    gettext = (words or Messages("en")).gettext
    out: dict[tuple[int, int], str] = {}
    number = 0
    for session in course.sessions:
        if session.module is not None:
            number += 1
            out[session.day, session.index] = gettext(
                "Module {number} · {title}", number=number, title=session.module.title
            )
    return out


def module_number(words: Messages, number: int) -> str:
    """``Module 3``: how the run sheet and checklist name a module session."""
    return words.gettext("Module {number}", number=number)
