"""Generate ``templates/default/deck.pptx``, the default theme's slide master.

Run from the repository root after changing the design::

    python templates/default/make_deck_template.py

The script starts from python-pptx's bundled default template, makes it 16:9, sets the theme
colours (navy, teal accent, light background) and fonts (Calibri; LibreOffice uses Carlito,
its metric twin, or its usual fallback), restyles the master, and reshapes its layouts into the
ten named layouts the deck renderer fills. All formatting lives here, in the template; the
renderer only fills placeholders. Placeholder contract per layout (content placeholders in
``idx`` order, after the title):

========== ================================= =====================================
layout     placeholders                      filled with
========== ================================= =====================================
Title      ctrTitle, subTitle 1, body 13, 14 title, subtitle, place and dates, hosts
Agenda     title, tbl 1, body 13             agenda table, day line
Section    title, body 1                     module title, session line
Content    title, obj 1                      bullets
Two        title, obj 1, obj 2, body 13      bullets, chart or picture, source
Table      title, tbl 1, body 13             table, caption and source
Chart      title, chart 1, body 13           chart, source
Picture    title, pic 1, body 13             picture, caption
Quote      title, body 1, body 13            quotation, attribution
Closing    title, body 1, body 13            closing line, course and hosts
========== ================================= =====================================

Every layout but Title has a footer (course title) and slide-number placeholder. The output
is reproducible: fixed document properties and zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn

HERE = Path(__file__).resolve().parent
OUT = HERE / "deck.pptx"

EMU = 914400  # per inch
SLIDE_W, SLIDE_H = 12192000, 6858000  # 13.333 x 7.5 in, 16:9

NS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)

# --------------------------------------------------------------------------- palette and fonts

COLOURS = {
    "dk1": "1F2933",  # body text: near-black slate
    "lt1": "FFFFFF",
    "dk2": "14213D",  # navy: titles, dark slides
    "lt2": "F1F4F8",  # light background tint
    "accent1": "0E7C7B",  # teal
    "accent2": "1B4965",  # deep blue
    "accent3": "E09F3E",  # amber
    "accent4": "5FA8D3",  # sky
    "accent5": "7A8B99",  # slate grey
    "accent6": "9CC5A1",  # sage
    "hlink": "0E7C7B",
    "folHlink": "5B6C7D",
}
MUTED = "5B6C7D"  # footer, captions
PALE = "A9D6D3"  # pale teal, on navy
RULE = "D5DBE1"  # hairlines
FONT = "Calibri"
TABLE_STYLE_ID = "{8F9C3C8E-2B7A-4C55-9E55-6A1D2C3B4E01}"

# --------------------------------------------------------------------------- geometry (inches)

MARGIN = 0.6
CONTENT_W = 13.333 - 2 * MARGIN
TITLE_BOX = (MARGIN, 0.28, CONTENT_W, 1.24)
BODY_TOP = 1.78
BODY_BOTTOM = 6.62
BODY_BOX = (MARGIN, BODY_TOP, CONTENT_W, BODY_BOTTOM - BODY_TOP)
CAPTION_H = 0.72
VISUAL_BOX = (MARGIN, BODY_TOP, CONTENT_W, BODY_BOTTOM - BODY_TOP - CAPTION_H - 0.05)
CAPTION_BOX = (MARGIN, BODY_BOTTOM - CAPTION_H, CONTENT_W, CAPTION_H)
GUTTER = 0.45
HALF_W = (CONTENT_W - GUTTER) / 2
FOOTER_Y, FOOTER_H = 6.86, 0.42
AGENDA_X = 8.75  # section header: the day's agenda, right of the title
PANEL_W = 5.2  # key figure beside text: the figure's panel
ICON = 0.62  # icons, top right


def emu(inches: float) -> int:
    return int(round(inches * EMU))


def xfrm(box: tuple[float, float, float, float]) -> str:
    x, y, w, h = (emu(v) for v in box)
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'


def fill(colour: str) -> str:
    if colour in COLOURS or colour in ("tx1", "tx2", "bg1", "bg2"):
        return f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>'
    return f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'


def rpr(
    size: int,
    colour: str | None = None,
    bold: bool | None = None,
    italic: bool = False,
    major: bool = False,
) -> str:
    attrs = f' sz="{size * 100}"'
    if bold is not None:
        attrs += f' b="{int(bold)}"'
    if italic:
        attrs += ' i="1"'
    font = (
        '<a:latin typeface="+mj-lt"/><a:ea typeface="+mj-ea"/><a:cs typeface="+mj-cs"/>'
        if major
        else ""
    )
    return f"<a:defRPr{attrs}>{fill(colour) if colour else ''}{font}</a:defRPr>"


def plain_level(
    size: int,
    colour: str,
    *,
    bold: bool | None = None,
    italic: bool = False,
    align: str = "l",
    before: int = 0,
    major: bool = False,
) -> str:
    """A level-1 style without bullets (subtitles, captions, single lines)."""
    return (
        f'<a:lvl1pPr marL="0" indent="0" algn="{align}">'
        f'<a:spcBef><a:spcPts val="{before * 100}"/></a:spcBef><a:buNone/>'
        f"{rpr(size, colour, bold, italic, major)}</a:lvl1pPr>"
    )


# --------------------------------------------------------------------------- shapes


def placeholder(
    sid: int,
    name: str,
    ph: str,
    box=None,
    *,
    body_pr: str = "<a:bodyPr/>",
    lst: str = "",
    prompt: str | None = None,
    field: str | None = None,
) -> str:
    """A placeholder ``p:sp``; ``ph`` holds the ``p:ph`` attributes."""
    custom = ' hasCustomPrompt="1"' if prompt else ""
    sp_pr = (
        f'<p:spPr>{xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        if box
        else "<p:spPr/>"
    )
    if field:
        para = (
            f'<a:p><a:fld id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" type="{field}">'
            f'<a:rPr lang="en-GB"/><a:t>‹#›</a:t></a:fld><a:endParaRPr lang="en-GB"/></a:p>'
        )
    else:
        text = prompt or "Click to edit text"
        para = f'<a:p><a:r><a:rPr lang="en-GB"/><a:t>{text}</a:t></a:r></a:p>'
    return (
        f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{sid}" name="{name}"/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f"<p:nvPr><p:ph {ph}{custom}/></p:nvPr></p:nvSpPr>{sp_pr}"
        f"<p:txBody>{body_pr}<a:lstStyle>{lst}</a:lstStyle>{para}</p:txBody></p:sp>"
    )


def rect(sid: int, name: str, box, colour: str) -> str:
    """A decorative filled rectangle, marked decorative for screen readers."""
    return (
        f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{sid}" name="{name}">'
        '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
        '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
        'decorative" val="1"/></a:ext></a:extLst></p:cNvPr>'
        '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr>{xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill(colour)}'
        "<a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
    )


def glyph(sid: int, name: str, box, text: str, size: int, colour: str) -> str:
    """A decorative text glyph (the large quotation mark)."""
    return (
        f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{sid}" name="{name}">'
        '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
        '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
        'decorative" val="1"/></a:ext></a:extLst></p:cNvPr>'
        '<p:cNvSpPr txBox="1"/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr>{xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
        '</p:spPr><p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" '
        'anchor="t"><a:noAutofit/></a:bodyPr><a:lstStyle/><a:p><a:pPr><a:lnSpc>'
        '<a:spcPct val="100000"/></a:lnSpc></a:pPr>'
        f'<a:r><a:rPr lang="en-GB" sz="{size * 100}" b="1">{fill(colour)}'
        f'<a:latin typeface="Georgia"/></a:rPr><a:t>{text}</a:t></a:r></a:p></p:txBody>'
        "</p:sp>"
    )


def footer(sid: int, on_dark: bool = False) -> str:
    lst_f = plain_level(12, PALE if on_dark else MUTED) if on_dark else ""
    lst_n = (
        plain_level(12, "lt1" if on_dark else "accent1", bold=True, align="r") if on_dark else ""
    )
    return placeholder(
        sid,
        "Footer Placeholder",
        'type="ftr" sz="quarter" idx="11"',
        lst=lst_f,
        prompt="Course title",
    ) + placeholder(
        sid + 1,
        "Slide Number Placeholder",
        'type="sldNum" sz="quarter" idx="12"',
        lst=lst_n,
        field="slidenum",
    )


def caption(sid: int, box=CAPTION_BOX, prompt: str = "Source or caption", align: str = "l") -> str:
    return placeholder(
        sid,
        "Caption Placeholder",
        'type="body" sz="quarter" idx="13"',
        box,
        body_pr='<a:bodyPr anchor="t"><a:noAutofit/></a:bodyPr>',
        lst=plain_level(12, MUTED, italic=True, align=align),
        prompt=prompt,
    )


TITLE = placeholder(2, "Title", 'type="title"', prompt="Slide title")


def sp_tree(*shapes: str) -> str:
    return (
        '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
        '</p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
        '<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
        + "".join(shapes)
        + "</p:spTree>"
    )


def background(colour: str) -> str:
    return f"<p:bg><p:bgPr>{fill(colour)}<a:effectLst/></p:bgPr></p:bg>"


# --------------------------------------------------------------------------- layouts


def agenda_levels() -> str:
    """The day's agenda on a section header: sessions muted, the current one (level 2)
    bold in the accent colour."""

    def level(n: int, colour: str, bold: bool) -> str:
        return (
            f'<a:lvl{n}pPr marL="0" indent="0" algn="l"><a:spcBef><a:spcPts val="600"/>'
            f"</a:spcBef><a:buNone/>{rpr(16, colour, bold)}</a:lvl{n}pPr>"
        )

    return level(1, MUTED, False) + level(2, "accent1", True)


def diagram_levels() -> str:
    """Text styles of timeline and process diagrams: level 1 dates and step titles, level 2
    their text."""
    return (
        '<a:lvl1pPr marL="0" indent="0" algn="ctr"><a:buNone/>'
        f"{rpr(20, 'tx2', True)}</a:lvl1pPr>"
        '<a:lvl2pPr marL="0" indent="0" algn="ctr"><a:spcBef><a:spcPts val="600"/></a:spcBef>'
        f"<a:buNone/>{rpr(18, 'tx1', False)}</a:lvl2pPr>"
    )


def column_levels() -> str:
    """Comparison columns: half the width, so a size smaller than full-width bullets."""
    return body_level(1, 18, 0.3, 0.3, 8, "•", "accent1") + body_level(
        2, 18, 0.66, 0.28, 4, "–", "accent5"
    )


def heading(sid: int, name: str, idx: int, box) -> str:
    return placeholder(
        sid,
        name,
        f'type="body" sz="quarter" idx="{idx}"',
        box,
        body_pr='<a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr>',
        lst=plain_level(22, "accent1", bold=True),
        prompt="Heading",
    )


BODY_LIST = ""  # content placeholders inherit the master's body style


def layouts() -> list[dict]:
    """The ten layouts: name, layout type, optional background, shapes."""
    half_left = (MARGIN, BODY_TOP, HALF_W, BODY_BOTTOM - BODY_TOP)
    half_right = (
        MARGIN + HALF_W + GUTTER,
        BODY_TOP,
        HALF_W,
        BODY_BOTTOM - BODY_TOP - CAPTION_H - 0.05,
    )
    right_caption = (MARGIN + HALF_W + GUTTER, BODY_BOTTOM - CAPTION_H, HALF_W, CAPTION_H)
    dark_title = plain_level(40, "lt1", bold=True, major=True)
    return [
        {
            "name": "Title",
            "type": "title",
            "bg": "dk2",
            "master_shapes": False,
            "shapes": [
                rect(20, "Accent band", (0, 0, 0.28, 7.5), "accent1"),
                rect(21, "Accent rule", (MARGIN + 0.35, 3.72, 1.4, 0.07), "accent1"),
                placeholder(
                    2,
                    "Title",
                    'type="ctrTitle"',
                    (MARGIN + 0.35, 0.5, 11.4, 3.05),
                    body_pr='<a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr>',
                    lst=dark_title,
                    prompt="Workshop title",
                ),
                placeholder(
                    3,
                    "Subtitle",
                    'type="subTitle" idx="1"',
                    (MARGIN + 0.35, 3.9, 11.4, 1.0),
                    body_pr='<a:bodyPr anchor="t"><a:normAutofit/></a:bodyPr>',
                    lst=plain_level(24, PALE),
                    prompt="Subtitle",
                ),
                placeholder(
                    4,
                    "Place and Dates",
                    'type="body" sz="quarter" idx="13"',
                    (MARGIN + 0.35, 4.95, 11.4, 0.55),
                    body_pr='<a:bodyPr anchor="t"><a:normAutofit/></a:bodyPr>',
                    lst=plain_level(20, "lt1", bold=True),
                    prompt="City, Country · dates",
                ),
                placeholder(
                    5,
                    "Hosts",
                    'type="body" sz="quarter" idx="14"',
                    (MARGIN + 0.35, 5.5, 11.4, 1.6),
                    body_pr='<a:bodyPr anchor="t"><a:normAutofit/></a:bodyPr>',
                    lst=plain_level(18, "D6DEE8"),
                    prompt="Hosts and partners",
                ),
            ],
        },
        {
            "name": "Agenda",
            "type": "tbl",
            "shapes": [
                TITLE,
                placeholder(
                    3,
                    "Table Placeholder",
                    'type="tbl" idx="1"',
                    (MARGIN, BODY_TOP + 0.55, CONTENT_W, BODY_BOTTOM - BODY_TOP - 0.55),
                    prompt="Agenda table",
                ),
                placeholder(
                    4,
                    "Day Placeholder",
                    'type="body" sz="quarter" idx="13"',
                    (MARGIN, BODY_TOP, CONTENT_W, 0.45),
                    body_pr='<a:bodyPr anchor="t"><a:noAutofit/></a:bodyPr>',
                    lst=plain_level(18, "accent1", bold=True),
                    prompt="Day and date",
                ),
                footer(8),
            ],
        },
        {
            "name": "Section Header",
            "type": "secHead",
            "bg": "lt2",
            "master_shapes": False,
            "shapes": [
                rect(20, "Accent band", (0, 0, 0.28, 7.5), "accent1"),
                rect(21, "Accent rule", (MARGIN + 0.35, 2.45, 1.4, 0.07), "accent1"),
                rect(
                    22, "Agenda panel", (AGENDA_X - 0.2, 0.9, 13.333 - AGENDA_X - 0.4, 5.7), "lt1"
                ),
                placeholder(
                    2,
                    "Title",
                    'type="title"',
                    (MARGIN + 0.35, 2.7, AGENDA_X - MARGIN - 0.9, 3.2),
                    body_pr='<a:bodyPr anchor="t"><a:normAutofit/></a:bodyPr>',
                    lst=plain_level(40, "tx2", bold=True, major=True),
                    prompt="Module title",
                ),
                placeholder(
                    3,
                    "Session Line",
                    'type="body" idx="1"',
                    (MARGIN + 0.35, 1.75, AGENDA_X - MARGIN - 0.9, 0.6),
                    body_pr='<a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr>',
                    lst=plain_level(20, "accent1", bold=True),
                    prompt="Module 1 of 6 · time",
                ),
                placeholder(
                    4,
                    "Day Agenda",
                    'type="body" sz="half" idx="2"',
                    (AGENDA_X, 1.1, 13.333 - AGENDA_X - 0.8, 5.3),
                    body_pr='<a:bodyPr anchor="ctr"><a:normAutofit/></a:bodyPr>',
                    lst=agenda_levels(),
                    prompt="The day's sessions",
                ),
                footer(8),
            ],
        },
        {
            "name": "Title and Content",
            "type": "obj",
            "shapes": [
                TITLE,
                placeholder(3, "Content Placeholder", 'idx="1"', prompt=None),
                footer(8),
            ],
        },
        {
            "name": "Two Content",
            "type": "twoObj",
            "shapes": [
                TITLE,
                placeholder(3, "Left Content", 'sz="half" idx="1"', half_left),
                placeholder(4, "Right Content", 'sz="half" idx="2"', half_right),
                caption(5, right_caption, align="ctr"),
                footer(8),
            ],
        },
        {
            "name": "Table",
            "type": "tbl",
            "shapes": [
                TITLE,
                placeholder(
                    3, "Table Placeholder", 'type="tbl" idx="1"', VISUAL_BOX, prompt="Table"
                ),
                caption(4),
                footer(8),
            ],
        },
        {
            "name": "Chart",
            "type": "chart",
            "shapes": [
                TITLE,
                placeholder(
                    3, "Chart Placeholder", 'type="chart" idx="1"', VISUAL_BOX, prompt="Chart"
                ),
                caption(4),
                footer(8),
            ],
        },
        {
            "name": "Picture",
            "type": "picTx",
            "shapes": [
                TITLE,
                placeholder(
                    3, "Picture Placeholder", 'type="pic" idx="1"', VISUAL_BOX, prompt="Picture"
                ),
                caption(4, prompt="Caption", align="ctr"),
                footer(8),
            ],
        },
        {
            "name": "Quote",
            "type": "cust",
            "shapes": [
                TITLE,
                glyph(
                    20,
                    "Quotation Mark",
                    (MARGIN + 0.1, BODY_TOP + 0.1, 1.2, 1.4),
                    "“",
                    110,
                    "accent1",
                ),
                placeholder(
                    3,
                    "Quotation",
                    'type="body" idx="1"',
                    (MARGIN + 1.35, BODY_TOP + 0.35, CONTENT_W - 1.75, 3.35),
                    body_pr='<a:bodyPr anchor="ctr"><a:noAutofit/></a:bodyPr>',
                    lst=plain_level(28, "tx2", italic=True),
                    prompt="Quotation",
                ),
                placeholder(
                    4,
                    "Attribution",
                    'type="body" sz="quarter" idx="13"',
                    (MARGIN + 1.35, BODY_TOP + 3.85, CONTENT_W - 1.75, 0.8),
                    body_pr='<a:bodyPr anchor="t"><a:noAutofit/></a:bodyPr>',
                    lst=plain_level(20, "accent1", bold=True, align="r"),
                    prompt="Attribution",
                ),
                footer(8),
            ],
        },
        {
            "name": "Closing",
            "type": "cust",
            "bg": "dk2",
            "master_shapes": False,
            "shapes": [
                rect(20, "Accent band", (0, 0, 0.28, 7.5), "accent1"),
                rect(21, "Accent rule", (MARGIN + 0.35, 2.78, 1.4, 0.07), "accent1"),
                placeholder(
                    2,
                    "Title",
                    'type="title"',
                    (MARGIN + 0.35, 0.9, 11.4, 1.7),
                    body_pr='<a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr>',
                    lst=plain_level(44, "lt1", bold=True, major=True),
                    prompt="Thank you",
                ),
                placeholder(
                    3,
                    "Closing Line",
                    'type="body" idx="1"',
                    (MARGIN + 0.35, 2.95, 11.4, 1.0),
                    body_pr='<a:bodyPr anchor="t"><a:normAutofit/></a:bodyPr>',
                    lst=plain_level(24, PALE),
                    prompt="Course title",
                ),
                placeholder(
                    4,
                    "Closing Details",
                    'type="body" sz="quarter" idx="13"',
                    (MARGIN + 0.35, 4.05, 11.4, 2.3),
                    body_pr='<a:bodyPr anchor="t"><a:normAutofit/></a:bodyPr>',
                    lst=plain_level(18, "D6DEE8"),
                    prompt="Place, dates and hosts",
                ),
                footer(8, on_dark=True),
            ],
        },
        *more_layouts(),
    ]


def more_layouts() -> list[dict]:
    """Key figures, diagrams, comparisons, breaks, and the icons."""
    top = BODY_TOP
    low = BODY_BOTTOM - CAPTION_H
    half_h = BODY_BOTTOM - top - 0.7 - 0.5
    right_x = MARGIN + HALF_W + GUTTER
    body_x = MARGIN + PANEL_W + GUTTER
    return [
        {
            "name": "Key Figure",
            "type": "cust",
            "shapes": [
                TITLE,
                placeholder(
                    3,
                    "Figure",
                    'type="body" idx="1"',
                    (MARGIN, top + 0.2, CONTENT_W, 2.1),
                    body_pr='<a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr>',
                    lst=plain_level(88, "accent1", bold=True, align="ctr", major=True),
                    prompt="USD 150 billion",
                ),
                rect(20, "Figure rule", (13.333 / 2 - 0.7, top + 2.45, 1.4, 0.07), "accent3"),
                placeholder(
                    4,
                    "Figure Label",
                    'type="body" sz="half" idx="2"',
                    (MARGIN + 1.2, top + 2.7, CONTENT_W - 2.4, 1.5),
                    body_pr='<a:bodyPr anchor="t"><a:normAutofit/></a:bodyPr>',
                    lst=plain_level(26, "tx2", align="ctr"),
                    prompt="What the figure counts",
                ),
                caption(5, align="ctr"),
                footer(8),
            ],
        },
        {
            "name": "Key Figure and Text",
            "type": "cust",
            "shapes": [
                TITLE,
                rect(20, "Figure panel", (MARGIN, top, PANEL_W, low - top - 0.1), "lt2"),
                rect(
                    21,
                    "Figure rule",
                    (MARGIN + PANEL_W / 2 - 0.6, top + 2.55, 1.2, 0.06),
                    "accent3",
                ),
                placeholder(
                    3,
                    "Figure",
                    'type="body" idx="1"',
                    (MARGIN + 0.2, top + 0.2, PANEL_W - 0.4, 2.2),
                    body_pr='<a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr>',
                    lst=plain_level(54, "accent1", bold=True, align="ctr", major=True),
                    prompt="USD 150 billion",
                ),
                placeholder(
                    4,
                    "Figure Label",
                    'type="body" sz="quarter" idx="2"',
                    (MARGIN + 0.3, top + 2.75, PANEL_W - 0.6, low - top - 2.95),
                    body_pr='<a:bodyPr anchor="t"><a:normAutofit/></a:bodyPr>',
                    lst=plain_level(20, "tx2", align="ctr"),
                    prompt="What the figure counts",
                ),
                placeholder(
                    5,
                    "Text",
                    'sz="half" idx="3"',
                    (body_x, top, 13.333 - MARGIN - body_x, BODY_BOTTOM - top),
                ),
                caption(6, (MARGIN, low, PANEL_W, CAPTION_H), align="ctr"),
                footer(8),
            ],
        },
        {
            "name": "Diagram",
            "type": "cust",
            "shapes": [
                TITLE,
                placeholder(
                    3,
                    "Diagram Area",
                    'type="body" idx="1"',
                    (MARGIN, top + 0.15, CONTENT_W, low - top - 0.25),
                    body_pr='<a:bodyPr anchor="ctr"><a:noAutofit/></a:bodyPr>',
                    lst=diagram_levels(),
                    prompt="Timeline or steps (drawn by course-builder)",
                ),
                caption(4),
                footer(8),
            ],
        },
        {
            "name": "Comparison",
            "type": "twoTxTwoObj",
            "shapes": [
                TITLE,
                heading(3, "Left Heading", 1, (MARGIN, top, HALF_W, 0.6)),
                placeholder(
                    4,
                    "Left Content",
                    'sz="half" idx="2"',
                    (MARGIN, top + 0.7, HALF_W, half_h),
                    lst=column_levels(),
                ),
                heading(5, "Right Heading", 3, (right_x, top, HALF_W, 0.6)),
                placeholder(
                    6,
                    "Right Content",
                    'sz="half" idx="4"',
                    (right_x, top + 0.7, HALF_W, half_h),
                    lst=column_levels(),
                ),
                rect(20, "Left Rule", (MARGIN + 0.1, top + 0.62, HALF_W - 0.2, 0.03), "accent1"),
                rect(21, "Right Rule", (right_x + 0.1, top + 0.62, HALF_W - 0.2, 0.03), "accent1"),
                caption(7, (MARGIN, BODY_BOTTOM - 0.45, CONTENT_W, 0.45)),
                footer(8),
            ],
        },
        {
            "name": "Break",
            "type": "cust",
            "bg": "dk2",
            "master_shapes": False,
            "shapes": [
                rect(20, "Accent band", (0, 0, 0.28, 7.5), "accent3"),
                rect(21, "Accent rule", (MARGIN + 0.35, 3.3, 1.4, 0.07), "accent3"),
                placeholder(
                    2,
                    "Title",
                    'type="title"',
                    (MARGIN + 0.35, 1.4, 11.4, 1.75),
                    body_pr='<a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr>',
                    lst=plain_level(48, "lt1", bold=True, major=True),
                    prompt="Break",
                ),
                placeholder(
                    3,
                    "Back At",
                    'type="body" idx="1"',
                    (MARGIN + 0.35, 3.5, 11.4, 1.0),
                    body_pr='<a:bodyPr anchor="t"><a:normAutofit/></a:bodyPr>',
                    lst=plain_level(36, PALE, bold=True),
                    prompt="Back at 11:15",
                ),
                placeholder(
                    4,
                    "Next",
                    'type="body" sz="quarter" idx="13"',
                    (MARGIN + 0.35, 4.6, 11.4, 1.6),
                    body_pr='<a:bodyPr anchor="t"><a:normAutofit/></a:bodyPr>',
                    lst=plain_level(20, "D6DEE8"),
                    prompt="Next: the session after the break",
                ),
                footer(8, on_dark=True),
            ],
        },
        {
            "name": "Icons",
            "type": "cust",
            "shapes": [TITLE, *icons()],
        },
    ]


# --------------------------------------------------------------------------- icons
# Drawn for course-builder from preset shapes (CC0 1.0, see LICENSES.md). The renderer copies
# the group named icon:<name> onto activity, case-study and discussion slides, where it sits.

ICON_BOX = (13.333 - MARGIN - ICON, 0.34, ICON, ICON)


def shape(
    sid: int,
    name: str,
    box,
    prst: str,
    fill_colour: str | None,
    line: str | None = None,
    width: float = 0.0,
    rot: int = 0,
) -> str:
    x, y, w, h = (emu(v) for v in box)
    rotation = f' rot="{rot * 60000}"' if rot else ""
    fill_xml = fill(fill_colour) if fill_colour else "<a:noFill/>"
    line_xml = (
        f'<a:ln w="{int(width * 12700)}">{fill(line)}</a:ln>'
        if line
        else "<a:ln><a:noFill/></a:ln>"
    )
    return (
        f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{sid}" name="{name}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm{rotation}><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
        f'<a:prstGeom prst="{prst}"><a:avLst/></a:prstGeom>{fill_xml}{line_xml}</p:spPr></p:sp>'
    )


def icon_group(sid: int, name: str, alt: str, parts: list[str]) -> str:
    x, y, w, h = (emu(v) for v in ICON_BOX)
    return (
        f'<p:grpSp {NS}><p:nvGrpSpPr><p:cNvPr id="{sid}" name="icon:{name}" descr="{alt}"/>'
        f"<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>"
        f'<a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/><a:chOff x="{x}" y="{y}"/>'
        f'<a:chExt cx="{w}" cy="{h}"/></a:xfrm></p:grpSpPr>{"".join(parts)}</p:grpSp>'
    )


def icons() -> list[str]:
    x, y, s = ICON_BOX[0], ICON_BOX[1], ICON

    def at(dx: float, dy: float, w: float, h: float) -> tuple[float, float, float, float]:
        return (x + dx * s, y + dy * s, w * s, h * s)

    people = [
        shape(101, "Head left", at(0.06, 0.22, 0.24, 0.24), "ellipse", "accent5"),
        shape(102, "Body left", at(0.0, 0.5, 0.36, 0.34), "round2SameRect", "accent5"),
        shape(103, "Head right", at(0.70, 0.22, 0.24, 0.24), "ellipse", "accent5"),
        shape(104, "Body right", at(0.64, 0.5, 0.36, 0.34), "round2SameRect", "accent5"),
        shape(105, "Head centre", at(0.35, 0.1, 0.3, 0.3), "ellipse", "accent1"),
        shape(106, "Body centre", at(0.27, 0.44, 0.46, 0.46), "round2SameRect", "accent1"),
    ]
    case = [
        shape(111, "Page", at(0.08, 0.02, 0.62, 0.8), "foldedCorner", "lt1", "accent1", 1.5),
        shape(112, "Line 1", at(0.18, 0.2, 0.38, 0.05), "rect", "accent5"),
        shape(113, "Line 2", at(0.18, 0.32, 0.3, 0.05), "rect", "accent5"),
        shape(114, "Handle", at(0.70, 0.62, 0.1, 0.34), "rect", "accent3", rot=-45),
        shape(115, "Lens", at(0.42, 0.4, 0.38, 0.38), "ellipse", "lt1", "accent3", 3),
    ]
    talk = [
        shape(121, "Bubble back", at(0.34, 0.06, 0.64, 0.48), "wedgeRoundRectCallout", "accent3"),
        shape(122, "Bubble front", at(0.02, 0.36, 0.64, 0.48), "wedgeRoundRectCallout", "accent1"),
    ]
    return [
        icon_group(100, "activity", "Icon: group activity", people),
        icon_group(110, "case-study", "Icon: case study", case),
        icon_group(120, "discussion", "Icon: discussion", talk),
    ]


# --------------------------------------------------------------------------- master


def body_level(
    n: int, size: int, mar_l: float, indent: float, before: int, char: str, colour: str
) -> str:
    return (
        f'<a:lvl{n}pPr marL="{emu(mar_l)}" indent="{emu(-indent)}" algn="l" '
        f'defTabSz="457200" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">'
        f'<a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{before * 100}"/></a:spcBef>'
        f'<a:buClr><a:schemeClr val="{colour}"/></a:buClr><a:buSzPct val="100000"/>'
        f'<a:buFont typeface="Arial"/><a:buChar char="{char}"/>'
        f'<a:defRPr sz="{size * 100}" kern="1200">{fill("tx1")}'
        '<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/>'
        "</a:defRPr></a:lvl{n}pPr>"
    ).replace("{n}", str(n))


def tx_styles() -> str:
    levels = [
        body_level(1, 20, 0.32, 0.32, 12, "•", "accent1"),
        body_level(2, 18, 0.72, 0.3, 5, "–", "accent5"),
        body_level(3, 18, 1.1, 0.28, 4, "•", "accent5"),
        body_level(4, 18, 1.45, 0.28, 4, "–", "accent5"),
    ] + [body_level(n, 18, 1.45 + 0.35 * (n - 4), 0.28, 4, "•", "accent5") for n in range(5, 10)]
    other = "".join(
        f'<a:lvl{n}pPr marL="{457200 * (n - 1)}" algn="l" defTabSz="457200" rtl="0" '
        f'eaLnBrk="1" latinLnBrk="0" hangingPunct="1"><a:defRPr sz="1800" kern="1200">'
        f'{fill("tx1")}<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/>'
        f'<a:cs typeface="+mn-cs"/></a:defRPr></a:lvl{n}pPr>'
        for n in range(1, 10)
    )
    return (
        f'<p:txStyles {NS}><p:titleStyle><a:lvl1pPr algn="l" defTabSz="457200" rtl="0" '
        'eaLnBrk="1" latinLnBrk="0" hangingPunct="1"><a:lnSpc><a:spcPct val="95000"/></a:lnSpc>'
        '<a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/>'
        f'<a:defRPr sz="3000" b="1" kern="1200">{fill("tx2")}<a:latin typeface="+mj-lt"/>'
        '<a:ea typeface="+mj-ea"/><a:cs typeface="+mj-cs"/></a:defRPr></a:lvl1pPr>'
        f"</p:titleStyle><p:bodyStyle>{''.join(levels)}</p:bodyStyle>"
        f'<p:otherStyle><a:defPPr><a:defRPr lang="en-GB"/></a:defPPr>{other}</p:otherStyle>'
        "</p:txStyles>"
    )


def master_tree() -> str:
    prompt_levels = "".join(
        f'<a:p><a:pPr lvl="{i}"/><a:r><a:rPr lang="en-GB"/><a:t>{t}</a:t></a:r></a:p>'
        for i, t in enumerate(
            ["First level", "Second level", "Third level", "Fourth level", "Fifth level"]
        )
    )
    body = placeholder(
        3,
        "Text Placeholder",
        'type="body" idx="1"',
        BODY_BOX,
        body_pr='<a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440" '
        'bIns="45720" rtlCol="0" anchor="t"><a:normAutofit/></a:bodyPr>',
    )
    body = body.replace(
        '<a:p><a:r><a:rPr lang="en-GB"/><a:t>Click to edit text</a:t></a:r></a:p>', prompt_levels
    )
    return sp_tree(
        rect(20, "Top Band", (0, 0, 13.333, 0.1), "accent1"),
        rect(
            21,
            "Title Rule",
            (MARGIN + 0.1, TITLE_BOX[1] + TITLE_BOX[3] + 0.08, 1.1, 0.06),
            "accent1",
        ),
        rect(22, "Footer Rule", (MARGIN, FOOTER_Y - 0.05, CONTENT_W, 0.012), RULE),
        placeholder(
            2,
            "Title Placeholder",
            'type="title"',
            TITLE_BOX,
            body_pr='<a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440" '
            'bIns="45720" rtlCol="0" anchor="b"><a:normAutofit/></a:bodyPr>',
            prompt="Click to edit the title",
        ),
        body,
        placeholder(
            5,
            "Footer Placeholder",
            'type="ftr" sz="quarter" idx="3"',
            (MARGIN, FOOTER_Y, 9.5, FOOTER_H),
            body_pr='<a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440" '
            'bIns="45720" rtlCol="0" anchor="ctr"><a:noAutofit/></a:bodyPr>',
            lst=plain_level(12, MUTED),
            prompt="Course title",
        ),
        placeholder(
            6,
            "Slide Number Placeholder",
            'type="sldNum" sz="quarter" idx="4"',
            (MARGIN + CONTENT_W - 1.6, FOOTER_Y, 1.6, FOOTER_H),
            body_pr='<a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440" '
            'bIns="45720" rtlCol="0" anchor="ctr"><a:noAutofit/></a:bodyPr>',
            lst=plain_level(12, "accent1", bold=True, align="r"),
            field="slidenum",
        ),
    )


# --------------------------------------------------------------------------- theme and tables


def theme_xml(original: bytes, name: str) -> bytes:
    root = parse_xml(original)
    root.set("name", name)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    scheme = root.find(f"{a}themeElements/{a}clrScheme")
    scheme.set("name", name)
    for key, value in COLOURS.items():
        slot = scheme.find(f"{a}{key}")
        for child in list(slot):
            slot.remove(child)
        slot.append(parse_xml(f'<a:srgbClr {NS} val="{value}"/>'))
    fonts = root.find(f"{a}themeElements/{a}fontScheme")
    fonts.set("name", name)
    for which in ("majorFont", "minorFont"):
        fonts.find(f"{a}{which}/{a}latin").set("typeface", FONT)
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def table_styles() -> bytes:
    def border(colour: str, width: int = 9525) -> str:
        return f'<a:ln w="{width}" cmpd="sng">{fill(colour)}</a:ln>'

    none = "<a:ln><a:noFill/></a:ln>"
    xml = (
        f'<a:tblStyleLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'def="{TABLE_STYLE_ID}"><a:tblStyle styleId="{TABLE_STYLE_ID}" '
        'styleName="Course Builder">'
        '<a:wholeTbl><a:tcTxStyle><a:fontRef idx="minor"><a:prstClr val="black"/></a:fontRef>'
        '<a:schemeClr val="tx1"/></a:tcTxStyle><a:tcStyle><a:tcBdr>'
        f"<a:left>{none}</a:left><a:right>{none}</a:right>"
        f"<a:top>{border(RULE)}</a:top><a:bottom>{border(RULE)}</a:bottom>"
        f"<a:insideH>{border(RULE)}</a:insideH><a:insideV>{none}</a:insideV>"
        f"</a:tcBdr><a:fill>{fill('lt1')}</a:fill></a:tcStyle></a:wholeTbl>"
        f"<a:band1H><a:tcStyle><a:tcBdr/><a:fill>{fill('lt2')}</a:fill></a:tcStyle></a:band1H>"
        "<a:band2H><a:tcStyle><a:tcBdr/></a:tcStyle></a:band2H>"
        '<a:firstRow><a:tcTxStyle b="on"><a:fontRef idx="minor"><a:prstClr val="black"/>'
        '</a:fontRef><a:schemeClr val="lt1"/></a:tcTxStyle><a:tcStyle><a:tcBdr>'
        f"<a:bottom>{border('accent1', 28575)}</a:bottom></a:tcBdr>"
        f"<a:fill>{fill('dk2')}</a:fill></a:tcStyle></a:firstRow>"
        "</a:tblStyle></a:tblStyleLst>"
    )
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml.encode()


APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<TotalTime>0</TotalTime><Application>course-builder</Application>"
    b"<PresentationFormat>Widescreen</PresentationFormat><Slides>0</Slides><Notes>0</Notes>"
    b"<HiddenSlides>0</HiddenSlides><ScaleCrop>false</ScaleCrop>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


# --------------------------------------------------------------------------- assembly


def _replace(parent, tag: str, new) -> None:
    old = parent.find(qn(tag))
    parent.replace(old, new)


def new_layout(prs, model):
    """One more slide layout on the master, a copy of ``model`` (its shapes are replaced)."""
    import copy

    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.packuri import PackURI
    from pptx.parts.slide import SlideLayoutPart

    master_part = prs.slide_master.part
    count = len(prs.slide_layouts) + 1
    part = SlideLayoutPart(
        PackURI(f"/ppt/slideLayouts/slideLayout{count}.xml"),
        CT.PML_SLIDE_LAYOUT,
        master_part.package,
        copy.deepcopy(model._element),
    )
    part.relate_to(master_part, RT.SLIDE_MASTER)
    r_id = master_part.relate_to(part, RT.SLIDE_LAYOUT)
    id_list = prs.slide_master._element.get_or_add_sldLayoutIdLst()
    used = [int(e.get("id")) for e in id_list]
    entry = id_list._add_sldLayoutId()
    entry.set("id", str(max(used) + 1))
    entry.set(qn("r:id"), r_id)
    return part.slide_layout


def build() -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    pres_el = prs.part._element
    sld_sz = pres_el.find(qn("p:sldSz"))
    sld_sz.attrib.pop("type", None)
    for lvl in pres_el.find(qn("p:defaultTextStyle")):
        for rpr_el in lvl.iter(qn("a:defRPr")):
            if rpr_el.get("lang"):
                rpr_el.set("lang", "en-GB")

    master = prs.slide_master
    master_part = master.part
    theme_part = master_part.part_related_by(RT.THEME)
    theme_part._blob = theme_xml(theme_part.blob, "Course Builder")
    m_el = master._element
    c_sld = m_el.find(qn("p:cSld"))
    new_c_sld = parse_xml(
        f"<p:cSld {NS}><p:bg><p:bgPr>{fill('bg1')}<a:effectLst/></p:bgPr>"
        f"</p:bg>{master_tree()}</p:cSld>"
    )
    m_el.replace(c_sld, new_c_sld)
    _replace(m_el, "p:txStyles", parse_xml(tx_styles()))

    specs = layouts()
    existing = list(prs.slide_layouts)
    for layout in existing[len(specs) :]:
        prs.slide_layouts.remove(layout)
    while len(existing) < len(specs):
        existing.append(new_layout(prs, existing[-1]))
    for layout, spec in zip(existing, specs, strict=False):
        el = layout._element
        el.set("type", spec["type"])
        el.set("preserve", "1")
        if spec.get("master_shapes") is False:
            el.set("showMasterSp", "0")
        bg = background(spec["bg"]) if spec.get("bg") else ""
        new = parse_xml(
            f'<p:cSld {NS} name="{spec["name"]}">{bg}{sp_tree(*spec["shapes"])}</p:cSld>'
        )
        el.replace(el.find(qn("p:cSld")), new)

    for part in prs.part.package.iter_parts():
        if part.partname == "/ppt/tableStyles.xml":
            part._blob = table_styles()
        elif part.partname == "/docProps/app.xml":
            part._blob = APP_XML
    # drop the stock thumbnail and printer settings: they describe the old design
    package = prs.part.package
    for r_id, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(r_id)
    for r_id, rel in list(prs.part._rels.items()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            prs.part._rels.pop(r_id)

    prs.notes_master  # noqa: B018 - creates the notes master so every deck shares it

    when = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    props = prs.core_properties
    props.title = "course-builder default theme"
    props.author = "course-builder"
    props.last_modified_by = "course-builder"
    props.revision = 1
    props.created = props.modified = when.replace(tzinfo=None)
    props.language = "en-GB"

    raw = io.BytesIO()
    prs.save(raw)
    return _normalise(raw.getvalue())


def _normalise(data: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as dst,
    ):
        seen: set[str] = set()
        for info in src.infolist():
            if info.filename in seen:
                continue
            seen.add(info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else OUT
    target.write_bytes(build())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
