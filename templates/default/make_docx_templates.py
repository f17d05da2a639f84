"""Generate the default theme's Word style bases: ``handout.docx`` and ``guide.docx``.

Run from anywhere: ``python templates/default/make_docx_templates.py``. The outputs are
committed; rerun after editing this script. Everything that makes the documents look the way
they do lives here (and so in the .docx files), not in the renderers: page size and margins,
fonts, the palette, paragraph/character/table styles, list numbering, and the header and
footer. The renderers only name styles (through ``theme.yaml``'s ``styles:`` map).

A branded theme can instead ship its own .docx or .dotx made in Word or LibreOffice: the
styles it defines are used, the ones it lacks are copied in from these files (see
builder/render/docx_styles.py; ``theme.yaml``'s ``styles:`` may map roles to its own names),
and it may put ``{{ course.title }}``, ``{{ course.place }}``, ``{{ course.dates }}`` in its
header and footer; the renderer fills them in (keep each ``{{ … }}`` in one run, i.e. type it
in one go).

Fonts: Calibri, as in the deck (LibreOffice renders it with the metric-compatible Carlito, so
pages break the same way in Word and LibreOffice); Arial for complex scripts (Arabic, Hebrew)
and bullet glyphs; the checklist box from Segoe UI Symbol (DejaVu Sans in LibreOffice).
The theme part (colours and fonts Word offers in its menus) matches both: the deck's palette,
Calibri and Arial. The body text of a sample of every style is left in the template so a theme
author can open it and see the styles; the renderers clear the body before writing.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent

# ------------------------------------------------------------------------- design tokens

FONT = "Calibri"  # LibreOffice renders it with the metric-compatible Carlito
CS_FONT = "Arial"  # complex scripts (Arabic, Hebrew) for right-to-left courses
SYMBOL_FONT = "Arial"  # bullet glyphs present in Word and LibreOffice alike
# Palette shared with the deck (templates/default/make_deck_template.py).
NAVY = "14213D"  # headings, table header rows (the deck's dk2)
TEAL = "0E7C7B"  # accents, rules, second-level headings (the deck's accent1)
INK = "1F2933"  # body text (the deck's dk1)
MUTED = "5B6C7D"  # secondary text, header and footer
RULE = "B8C2CE"  # hairlines and ruled note lines (a shade darker than the deck's, for print)
BAND = "F1F4F8"  # table banding (the deck's lt2)
TINT = "E4F1F1"  # note box fill
ANSWER = "F4F6F8"  # model-answer fill

# A4 in twentieths of a point; 1 cm = 567.
PAGE_W, PAGE_H = 11906, 16838
MARGIN_LR, MARGIN_TOP, MARGIN_BOTTOM = 1247, 1361, 1247  # 2.2 cm, 2.4 cm, 2.2 cm
HEADER, FOOTER = 680, 624
TEXT_W = PAGE_W - 2 * MARGIN_LR  # 9412 = 16.6 cm

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

DOCUMENTS = {
    "handout": "Participant handout",
    "guide": "Facilitator guide · not for participants",
}
# the footer's label, in the edition's language: document.label is the renderer's label
# ("Participant handout"), _() a word from the builder's catalogues
FOOTER_LABELS = {
    "handout": "{{ document.label }}",
    "guide": "{{ document.label }} · {{ _('not for participants') }}",
}

# ------------------------------------------------------------------------- styles


def border(side: str, size: int, color: str, space: int = 0, val: str = "single") -> str:
    return f'<w:{side} w:val="{val}" w:sz="{size}" w:space="{space}" w:color="{color}"/>'


def style(
    kind: str,
    style_id: str,
    name: str,
    *,
    based: str | None = None,
    nxt: str | None = None,
    ppr: str = "",
    rpr: str = "",
    extra: str = "",
    custom: bool = False,
    ui: int | None = None,
    qformat: bool = True,
) -> str:
    parts = [
        f'<w:style w:type="{kind}" w:styleId="{style_id}"'
        + (' w:customStyle="1"' if custom else "")
        + ">",
        f'<w:name w:val="{name}"/>',
    ]
    if based:
        parts.append(f'<w:basedOn w:val="{based}"/>')
    if nxt:
        parts.append(f'<w:next w:val="{nxt}"/>')
    if ui is not None:
        parts.append(f'<w:uiPriority w:val="{ui}"/>')
    if qformat:
        parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append(extra)
    parts.append("</w:style>")
    return "".join(parts)


def sz(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def spacing(before: int = 0, after: int = 0, line: int | None = None, rule: str = "auto") -> str:
    line_attr = f' w:line="{line}" w:lineRule="{rule}"' if line else ""
    return f'<w:spacing w:before="{before}" w:after="{after}"{line_attr}/>'


def color(value: str) -> str:
    return f'<w:color w:val="{value}"/>'


BOLD = "<w:b/><w:bCs/>"
ITALIC = "<w:i/><w:iCs/>"
KEEP = "<w:keepNext/><w:keepLines/>"


def styles_xml() -> str:
    fonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{CS_FONT}"/>'
    defaults = (
        "<w:docDefaults>"
        f"<w:rPrDefault><w:rPr>{fonts}{sz(11)}{color(INK)}"
        '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        f"<w:pPrDefault><w:pPr>{spacing(0, 120, 283)}</w:pPr></w:pPrDefault>"
        "</w:docDefaults>"
    )
    heading_rule = f"<w:pBdr>{border('bottom', 12, TEAL, 6)}</w:pBdr>"
    note_box = (
        f"<w:pBdr>{border('top', 4, TINT, 6)}{border('left', 24, TEAL, 8)}"
        f"{border('bottom', 4, TINT, 6)}{border('right', 4, TINT, 8)}</w:pBdr>"
        f'<w:shd w:val="clear" w:color="auto" w:fill="{TINT}"/>'
    )
    answer_box = (
        f"<w:pBdr>{border('top', 4, ANSWER, 4)}{border('left', 12, TEAL, 8)}"
        f"{border('bottom', 4, ANSWER, 4)}{border('right', 4, ANSWER, 8)}</w:pBdr>"
        f'<w:shd w:val="clear" w:color="auto" w:fill="{ANSWER}"/>'
    )
    styles = [
        # ---- paragraph styles
        style(
            "paragraph", "Normal", "Normal", ui=0, ppr=spacing(0, 120, 283) + "<w:widowControl/>"
        ),
        style(
            "paragraph",
            "CoverKicker",
            "Cover Kicker",
            based="Normal",
            nxt="Title",
            custom=True,
            ppr=spacing(2268, 200, 240) + KEEP,
            rpr=BOLD + "<w:caps/>" + sz(10) + color(TEAL) + '<w:spacing w:val="20"/>',
        ),
        style(
            "paragraph",
            "Title",
            "Title",
            based="Normal",
            nxt="Subtitle",
            ui=10,
            ppr=spacing(0, 240, 240) + KEEP,
            rpr=BOLD + sz(28) + color(NAVY) + '<w:kern w:val="28"/>',
        ),
        style(
            "paragraph",
            "Subtitle",
            "Subtitle",
            based="Normal",
            nxt="Normal",
            ui=11,
            ppr=spacing(0, 480, 264) + f"<w:pBdr>{border('bottom', 12, TEAL, 18)}</w:pBdr>",
            rpr=sz(15) + color(TEAL),
        ),
        style(
            "paragraph",
            "Heading1",
            "heading 1",
            based="Normal",
            nxt="Normal",
            ui=9,
            ppr=KEEP
            + "<w:pageBreakBefore/>"
            + heading_rule
            + spacing(0, 240, 240)
            + '<w:outlineLvl w:val="0"/>',
            rpr=BOLD + sz(18) + color(NAVY),
        ),
        style(
            "paragraph",
            "Heading2",
            "heading 2",
            based="Normal",
            nxt="Normal",
            ui=9,
            ppr=KEEP + spacing(320, 100, 240) + '<w:outlineLvl w:val="1"/>',
            rpr=BOLD + sz(13) + color(TEAL),
        ),
        style(
            "paragraph",
            "Heading3",
            "heading 3",
            based="Normal",
            nxt="Normal",
            ui=9,
            ppr=KEEP + spacing(220, 80, 240) + '<w:outlineLvl w:val="2"/>',
            rpr=BOLD + sz(10.5) + color(NAVY),
        ),
        style(
            "paragraph",
            "TOCHeading",
            "TOC Heading",
            based="Heading1",
            nxt="Normal",
            ui=39,
            ppr='<w:outlineLvl w:val="9"/>',
        ),
        style(
            "paragraph",
            "TOC1",
            "toc 1",
            based="Normal",
            nxt="Normal",
            ui=39,
            ppr=(
                f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'
                + spacing(80, 80, 240)
            ),
            rpr=sz(10.5),
        ),
        style(
            "paragraph",
            "TOC2",
            "toc 2",
            based="TOC1",
            nxt="Normal",
            ui=39,
            ppr='<w:ind w:left="284"/>' + spacing(0, 40, 240),
            rpr=sz(9.5),
        ),
        style(
            "paragraph",
            "ListBullet",
            "List Bullet",
            based="Normal",
            ui=36,
            ppr=(
                '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
                + spacing(0, 80, 276)
                + '<w:ind w:left="357" w:hanging="357"/>'
            ),
        ),
        style(
            "paragraph",
            "ListBullet2",
            "List Bullet 2",
            based="Normal",
            ui=36,
            ppr=(
                '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'
                + spacing(0, 60, 276)
                + '<w:ind w:left="714" w:hanging="357"/>'
            ),
        ),
        style(
            "paragraph",
            "ListNumber",
            "List Number",
            based="Normal",
            ui=36,
            ppr=(
                '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>'
                + spacing(0, 80, 276)
                + '<w:ind w:left="357" w:hanging="357"/>'
            ),
        ),
        style(
            "paragraph",
            "Checklist",
            "Checklist",
            based="Normal",
            custom=True,
            ppr=(
                '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>'
                + spacing(0, 100, 276)
                + '<w:ind w:left="425" w:hanging="425"/>'
            ),
        ),
        style(
            "paragraph",
            "Caption",
            "caption",
            based="Normal",
            nxt="Normal",
            ui=35,
            ppr=spacing(60, 240, 240),
            rpr=ITALIC + sz(8.5) + color(MUTED),
        ),
        style(
            "paragraph",
            "NoteBox",
            "Note Box",
            based="Normal",
            custom=True,
            ppr=note_box + spacing(0, 100, 283) + '<w:ind w:left="170" w:right="170"/>',
        ),
        style(
            "paragraph",
            "ModelAnswer",
            "Model Answer",
            based="Normal",
            custom=True,
            ppr=(answer_box + spacing(40, 160, 276) + '<w:ind w:left="527" w:right="113"/>'),
            rpr=sz(9.5),
        ),
        style(
            "paragraph",
            "SessionLine",
            "Session Line",
            based="Normal",
            nxt="Normal",
            custom=True,
            ppr=spacing(0, 240, 240) + "<w:keepNext/>",
            rpr=sz(9.5) + color(MUTED),
        ),
        style(
            "paragraph",
            "CoverDetails",
            "Cover Details",
            based="Normal",
            custom=True,
            ppr=spacing(0, 60, 264),
            rpr=sz(12) + color(NAVY),
        ),
        style(
            "paragraph",
            "CoverLabel",
            "Cover Label",
            based="Normal",
            nxt="CoverDetails",
            custom=True,
            ppr=spacing(360, 60, 240) + "<w:keepNext/>",
            rpr=BOLD + "<w:caps/>" + sz(8.5) + color(TEAL) + '<w:spacing w:val="10"/>',
        ),
        style(
            "paragraph",
            "TableText",
            "Table Text",
            based="Normal",
            custom=True,
            ppr=spacing(20, 20, 252),
            rpr=sz(9),
        ),
        # no keepNext here: a column of bold cells must not chain a whole table together
        style(
            "paragraph", "TableHeading", "Table Heading", based="TableText", custom=True, rpr=BOLD
        ),
        style(
            "paragraph",
            "TableMuted",
            "Table Muted",
            based="TableText",
            custom=True,
            rpr=ITALIC + color(MUTED),
        ),
        style(
            "paragraph",
            "TableNote",
            "Table Note",
            based="TableText",
            custom=True,
            rpr=sz(8.5) + color(MUTED),
        ),
        style(
            "paragraph",
            "NotesHeading",
            "Notes Heading",
            based="Heading2",
            nxt="NotesLine",
            custom=True,
            ppr="<w:pageBreakBefore/>" + spacing(0, 240, 240),
        ),
        # Empty paragraphs ruled by a bottom border; `between` draws the lines inside a run
        # of them (Word and LibreOffice group paragraphs with identical borders).
        style(
            "paragraph",
            "NotesLine",
            "Notes Line",
            based="Normal",
            custom=True,
            ppr=(
                KEEP + f"<w:pBdr>{border('bottom', 4, RULE, 1)}"
                f"{border('between', 4, RULE, 1)}</w:pBdr>" + spacing(0, 0, 454, "exact")
            ),
        ),
        style(
            "paragraph",
            "Header",
            "header",
            based="Normal",
            ui=99,
            qformat=False,
            ppr=(
                f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>'
                + spacing(0, 0, 240)
                + f"<w:pBdr>{border('bottom', 4, RULE, 4)}</w:pBdr>"
            ),
            rpr=sz(7.5) + color(MUTED),
        ),
        style(
            "paragraph",
            "Footer",
            "footer",
            based="Normal",
            ui=99,
            qformat=False,
            ppr=(
                f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>'
                + spacing(0, 0, 240)
                + f"<w:pBdr>{border('top', 4, RULE, 4)}</w:pBdr>"
            ),
            rpr=sz(7.5) + color(MUTED),
        ),
        # ---- character styles
        style("character", "DefaultParagraphFont", "Default Paragraph Font", ui=1, qformat=False),
        style("character", "Strong", "Strong", based="DefaultParagraphFont", ui=22, rpr=BOLD),
        style("character", "Emphasis", "Emphasis", based="DefaultParagraphFont", ui=20, rpr=ITALIC),
        style(
            "character",
            "Subtle",
            "Subtle",
            based="DefaultParagraphFont",
            custom=True,
            rpr=color(MUTED),
        ),
        style(
            "character",
            "Label",
            "Label",
            based="DefaultParagraphFont",
            custom=True,
            rpr=BOLD + color(TEAL),
        ),
        style(
            "character",
            "Hyperlink",
            "Hyperlink",
            based="DefaultParagraphFont",
            ui=99,
            qformat=False,
            rpr=color(TEAL),
        ),
        # ---- table styles
        style(
            "table",
            "TableNormal",
            "Normal Table",
            ui=99,
            qformat=False,
            extra=(
                '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
                '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
                '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
                "</w:tblCellMar></w:tblPr>"
            ),
        ),
        style(
            "table",
            "CourseTable",
            "Course Table",
            based="TableNormal",
            custom=True,
            ppr=spacing(0, 0, 252),
            rpr=sz(9),
            extra=(
                '<w:tblPr><w:tblStyleRowBandSize w:val="1"/>'
                f"<w:tblBorders>{border('top', 8, NAVY)}{border('bottom', 8, NAVY)}"
                f"{border('insideH', 4, RULE)}</w:tblBorders>"
                '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="113" w:type="dxa"/>'
                '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="113" w:type="dxa"/>'
                "</w:tblCellMar></w:tblPr>"
                '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/>'
                f'<w:color w:val="FFFFFF"/></w:rPr><w:tcPr>'
                f'<w:shd w:val="clear" w:color="auto" w:fill="{NAVY}"/></w:tcPr>'
                "</w:tblStylePr>"
                '<w:tblStylePr w:type="band2Horz"><w:tcPr>'
                f'<w:shd w:val="clear" w:color="auto" w:fill="{BAND}"/></w:tcPr>'
                "</w:tblStylePr>"
            ),
        ),
    ]
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {NS}>'
        + defaults
        + '<w:latentStyles w:defLockedState="0" w:defUIPriority="99" '
        'w:defSemiHidden="0" w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="376"/>'
        + "".join(styles)
        + "</w:styles>"
    )


# ------------------------------------------------------------------------- numbering


def level(
    ilvl: int,
    fmt: str,
    text: str,
    left: int,
    hanging: int,
    *,
    font: str | None = None,
    rpr: str = "",
) -> str:
    fonts = (
        f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:hint="default"/>'
        if font
        else ""
    )
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>'
        f"<w:rPr>{fonts}{rpr}</w:rPr></w:lvl>"
    )


def numbering_xml() -> str:
    bullets = "".join(
        [
            level(0, "bullet", "\u2022", 357, 357, font=SYMBOL_FONT, rpr=color(TEAL)),
            level(1, "bullet", "\u2013", 714, 357, font=SYMBOL_FONT, rpr=color(TEAL)),
            level(2, "bullet", "o", 1071, 357, font="Courier New", rpr=color(TEAL)),
            level(3, "bullet", "\u2013", 1428, 357, font=SYMBOL_FONT, rpr=color(TEAL)),
        ]
    )
    numbers = "".join(
        [
            level(0, "decimal", "%1.", 357, 357, rpr=BOLD + color(TEAL)),
            level(1, "lowerLetter", "%2)", 714, 357, rpr=color(TEAL)),
        ]
    )
    checks = level(
        0, "bullet", "\u2610", 425, 425, font="Segoe UI Symbol", rpr=sz(12) + color(NAVY)
    )
    abstract = [
        (1, "Bullets", bullets),
        (2, "Numbers", numbers),
        (3, "Checklist", checks),
    ]
    body = "".join(
        f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType w:val="hybridMultilevel"/>'
        f'<w:name w:val="{name}"/>{levels}</w:abstractNum>'
        for aid, name, levels in abstract
    )
    nums = "".join(
        f'<w:num w:numId="{aid}"><w:abstractNumId w:val="{aid}"/></w:num>' for aid, _, _ in abstract
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {NS}>'
        + body
        + nums
        + "</w:numbering>"
    )


# ------------------------------------------------------------------------- header, footer


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def field(instr: str, cached: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(cached)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def header_xml() -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {NS}>'
        '<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>'
        + run("{{ course.title }}")
        + "</w:p></w:hdr>"
    )


def footer_xml(kind: str) -> str:
    """The document's label, place and dates, then "Page 3 of 12" in the edition's language
    (``_()``: the builder's catalogues; ``document.label`` is the label in that language)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {NS}>'
        '<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
        + run(f"{FOOTER_LABELS[kind]} · {{{{ course.place }}}} · {{{{ course.dates }}}}")
        + "<w:r><w:tab/></w:r>"
        + run("{{ _('Page') }} ")
        + field("PAGE", "1")
        + run(" {{ _('of') }} ")
        + field("NUMPAGES", "1")
        + "</w:p></w:ftr>"
    )


def empty_part(tag: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{tag} {NS}>'
        '<w:p><w:pPr><w:pStyle w:val="Normal"/><w:spacing w:after="0"/></w:pPr></w:p>'
        f"</w:{tag}>"
    )


# ------------------------------------------------------------------------- document


SPECIMEN = [
    ("CoverKicker", "Cover kicker"),
    ("Title", "Workshop title"),
    ("Subtitle", "Participant handout"),
    ("CoverLabel", "Cover label"),
    ("CoverDetails", "Cover details: city, country and dates"),
    ("Heading1", "Heading 1"),
    ("SessionLine", "Session line: Day 1 · 09:30–11:00 · 90 minutes"),
    ("Heading2", "Heading 2"),
    ("Normal", "Body text. The quick brown fox jumps over the lazy dog."),
    ("ListBullet", "List Bullet"),
    ("ListBullet2", "List Bullet 2"),
    ("ListNumber", "List Number"),
    ("Checklist", "Checklist"),
    ("Heading3", "Heading 3"),
    ("NoteBox", "Note Box: a shaded, bordered paragraph for advice and notices."),
    ("ModelAnswer", "Model Answer: what a good answer contains."),
    ("Caption", "Caption"),
    ("NotesHeading", "Notes Heading"),
    ("NotesLine", None),
    ("NotesLine", None),
    ("NotesLine", None),
]


def document_xml() -> str:
    paragraphs = []
    for style_id, text in SPECIMEN:
        content = run(text) if text else ""
        paragraphs.append(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{content}</w:p>')
    cell = (
        '<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
        '<w:pStyle w:val="TableText"/></w:pPr>{r}</w:p></w:tc>'
    )
    half = TEXT_W // 2
    rows = "".join(
        "<w:tr>" + "".join(cell.format(w=half, r=run(t)) for t in texts) + "</w:tr>"
        for texts in (("Course Table", "Header row"), ("Row", "Band"), ("Row", "Band"))
    )
    table = (
        '<w:tbl><w:tblPr><w:tblStyle w:val="CourseTable"/>'
        f'<w:tblW w:w="{TEXT_W}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{half}"/></w:tblGrid>'
        f"{rows}</w:tbl>"
    )
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
        '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
        '<w:footerReference w:type="default" r:id="rIdFooter"/>'
        '<w:footerReference w:type="first" r:id="rIdFooterFirst"/>'
        f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_LR}" w:bottom="{MARGIN_BOTTOM}" '
        f'w:left="{MARGIN_LR}" w:header="{HEADER}" w:footer="{FOOTER}" w:gutter="0"/>'
        '<w:cols w:space="708"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NS}>'
        "<w:body>"
        + "".join(paragraphs)
        + table
        + '<w:p><w:pPr><w:pStyle w:val="Caption"/></w:pPr>'
        + run("Table caption")
        + "</w:p>"
        + sect
        + "</w:body></w:document>"
    )


SETTINGS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings {NS}>'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="709"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>'
    '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" '
    'w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" '
    'w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink" '
    'w:followedHyperlink="followedHyperlink"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
)

# The theme part (word/theme/theme1.xml): Word requires one beside the main document. Its
# colours are the deck's (templates/default/make_deck_template.py COLOURS), so a theme colour
# picked in Word matches the slides; its fonts are the styles' (Calibri, Arial for complex
# scripts).
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
THEME_COLOURS = (
    ("dk1", INK),
    ("lt1", "FFFFFF"),
    ("dk2", NAVY),
    ("lt2", BAND),
    ("accent1", TEAL),
    ("accent2", "1B4965"),  # deep blue
    ("accent3", "E09F3E"),  # amber
    ("accent4", "5FA8D3"),  # sky
    ("accent5", "7A8B99"),  # slate grey
    ("accent6", "9CC5A1"),  # sage
    ("hlink", TEAL),
    ("folHlink", MUTED),
)


def theme_xml() -> str:
    def fonts(kind: str) -> str:
        return (
            f'<a:{kind}><a:latin typeface="{FONT}"/><a:ea typeface=""/>'
            f'<a:cs typeface="{CS_FONT}"/></a:{kind}>'
        )

    solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    lines = "".join(
        f'<a:ln w="{width}" cap="flat" cmpd="sng" algn="ctr">{solid}'
        '<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
        for width in (6350, 12700, 19050)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<a:theme xmlns:a="{A_NS}" name="Course Builder"><a:themeElements>'
        '<a:clrScheme name="Course Builder">'
        + "".join(
            f'<a:{slot}><a:srgbClr val="{value}"/></a:{slot}>' for slot, value in THEME_COLOURS
        )
        + '</a:clrScheme><a:fontScheme name="Course Builder">'
        + fonts("majorFont")
        + fonts("minorFont")
        + '</a:fontScheme><a:fmtScheme name="Course Builder">'
        f"<a:fillStyleLst>{solid * 3}</a:fillStyleLst>"
        f"<a:lnStyleLst>{lines}</a:lnStyleLst>"
        "<a:effectStyleLst>"
        + "<a:effectStyle><a:effectLst/></a:effectStyle>"
        * 3
        + "</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{solid * 3}</a:bgFillStyleLst>"
        "</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )


FONT_TABLE = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {NS}>'
    f'<w:font w:name="{FONT}"><w:altName w:val="Carlito"/>'
    '<w:panose1 w:val="020F0502020204030204"/><w:charset w:val="00"/>'
    '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    f'<w:font w:name="{CS_FONT}"><w:altName w:val="Liberation Sans"/>'
    '<w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>'
    '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    '<w:font w:name="Courier New"><w:altName w:val="Liberation Mono"/>'
    '<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
    '<w:font w:name="Segoe UI Symbol"><w:altName w:val="DejaVu Sans"/>'
    '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>'
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.theme+xml"/>'
    + "".join(
        f'<Override PartName="/word/{name}.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.wordprocessingml.{kind}+xml"/>'
        for name, kind in (
            ("header1", "header"),
            ("header2", "header"),
            ("footer1", "footer"),
            ("footer2", "footer"),
        )
    )
    + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.extended-properties+xml"/></Types>'
)

PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/extended-properties" Target="docProps/app.xml"/></Relationships>'
)

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + "".join(
        f'<Relationship Id="{rid}" Type="{REL}{kind}" Target="{target}"/>'
        for rid, kind, target in (
            ("rIdStyles", "styles", "styles.xml"),
            ("rIdNumbering", "numbering", "numbering.xml"),
            ("rIdSettings", "settings", "settings.xml"),
            ("rIdFonts", "fontTable", "fontTable.xml"),
            ("rIdTheme", "theme", "theme/theme1.xml"),
            ("rIdHeader", "header", "header1.xml"),
            ("rIdHeaderFirst", "header", "header2.xml"),
            ("rIdFooter", "footer", "footer1.xml"),
            ("rIdFooterFirst", "footer", "footer2.xml"),
        )
    )
    + "</Relationships>"
)


def core_xml(label: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{label} template</dc:title><dc:creator>course-builder</dc:creator>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )


APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
    'properties"><Application>course-builder</Application></Properties>'
)


# Children of w:pPr and w:rPr must follow the schema's sequence or Word rejects the file;
# the style definitions above are written for reading, and put in order here.
PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)
RPR_ORDER = (
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
)


def schema_order(tree: etree._Element) -> None:
    for tag, order in (("pPr", PPR_ORDER), ("rPr", RPR_ORDER)):
        rank = {name: index for index, name in enumerate(order)}
        for element in tree.iter(f"{{{W_NS}}}{tag}"):
            children = sorted(element, key=lambda c: rank[etree.QName(c).localname])
            element[:] = children


def pretty(xml: str) -> bytes:
    """Parse (so a typo fails here, not in Word), order, and serialise compactly."""
    tree = etree.fromstring(xml.encode("utf-8"))
    schema_order(tree)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def package(kind: str) -> bytes:
    label = DOCUMENTS[kind]
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "docProps/core.xml": core_xml(label),
        "docProps/app.xml": APP,
        "word/document.xml": document_xml(),
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/styles.xml": styles_xml(),
        "word/numbering.xml": numbering_xml(),
        "word/settings.xml": SETTINGS,
        "word/fontTable.xml": FONT_TABLE,
        "word/theme/theme1.xml": theme_xml(),
        "word/header1.xml": header_xml(),
        "word/header2.xml": empty_part("hdr"),
        "word/footer1.xml": footer_xml(kind),
        "word/footer2.xml": empty_part("ftr"),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, pretty(xml))
    return out.getvalue()


def check(path: Path) -> None:
    """Open the result with python-docx: every style the theme maps must exist, and the
    theme part Word requires must be related from the document."""
    import docx
    import yaml
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document(str(path))
    document.part.part_related_by(RT.THEME)  # KeyError when missing
    names = {s.name.casefold() for s in document.styles}
    theme = yaml.safe_load((HERE / "theme.yaml").read_text(encoding="utf-8"))
    missing = [n for n in theme.get("styles", {}).values() if n.casefold() not in names]
    if missing:
        raise SystemExit(f"{path.name}: styles named in theme.yaml are missing: {missing}")


def main() -> None:
    for kind in DOCUMENTS:
        path = HERE / f"{kind}.docx"
        path.write_bytes(package(kind))
        check(path)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
