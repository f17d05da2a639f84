"""The forms an organiser needs for every workshop, built from the course data.

Three Word documents, each its own ``--format``:

* ``evaluation`` — the participant evaluation form: per agenda day, every session that is
  not a break with a 1–5 rating and room for a comment, then overall ratings and open
  questions. It follows the outline: a session added to the agenda appears on the form.
* ``sign-in`` — the sign-in sheet: one page set per day, one numbered row per participant
  slot (the outline's ``participants``, else :data:`DEFAULT_PARTICIPANTS`), columns for
  name, organisation and signature. The two header rows (the day, the column names) repeat
  on every page.
* ``certificate`` — a certificate of participation: one landscape page with the course
  title, place, dates, hosts and organisers, a line for the participant's name and one
  signature line per host or organiser.

They are written on the theme's handout template (the participant-facing styles, fonts and
page size) by :class:`~builder.render.docx_common.DocxWriter`, with the template's running
header and footer left off (they name the handout). What the styles cannot say is set here
as layout: row heights for handwriting, centred certificate text, the landscape page.
Fixed texts come from the builder's catalogues (:mod:`builder.i18n`).
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from ..i18n import N_, Messages
from ..view import CourseView, SessionView
from .base import RenderContext
from .docx_common import Cell, DocxWriter
from .ooxml_order import insert_in_order, ppr_after

DEFAULT_PARTICIPANTS = 30
RATINGS = ("1", "2", "3", "4", "5")
# row heights in twentieths of a point: room to write by hand
RATING_ROW = 680  # 1.2 cm
SIGN_IN_ROW = 600  # 1.06 cm
COMMENT_LINES = 3
# what follows w:vAlign in a section's properties (the schema's sequence)
_AFTER_V_ALIGN = frozenset(
    {"noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings"}
)
RULE = "8C96A0"  # the lines between the columns of a form's table

OVERALL = (
    N_("The workshop as a whole"),
    N_("Relevance to your work"),
    N_("The facilitators and speakers"),
    N_("The handout and slides"),
    N_("Organisation and venue"),
)
OPEN_QUESTIONS = (
    N_("What was most useful to you, and why?"),
    N_("What would you change, add or leave out?"),
    N_("How will you use what you learnt in your work?"),
    N_("Any other comments"),
)
SIGNATORY_ROLES = ("host", "organiser")
HOST_LABELS = {
    "host": N_("Hosted by"),
    "organiser": N_("Organised by"),
    "partner": N_("In partnership with"),
    "funder": N_("With the support of"),
}


def messages(course: CourseView) -> Messages:
    return Messages(course.language, course.country)


def form_writer(ctx: RenderContext) -> DocxWriter:
    """A writer on the theme's handout template, without its running header and footer."""
    w = DocxWriter(ctx.theme, "handout", ctx.course)
    drop_running_heads(w)
    return w


def drop_running_heads(w: DocxWriter) -> None:
    """Remove the section's header and footer references and the parts they name."""
    part = w.document.part
    for tag in ("w:headerReference", "w:footerReference"):
        for ref in w.sect_pr.findall(qn(tag)):
            w.sect_pr.remove(ref)
    for tag in ("w:titlePg",):
        for element in w.sect_pr.findall(qn(tag)):
            w.sect_pr.remove(element)
    for r_id, rel in list(part.rels.items()):
        if not rel.is_external and rel.reltype in (RT.HEADER, RT.FOOTER):
            part.drop_rel(r_id)


def page_break(w: DocxWriter) -> None:
    p = w.paragraph("body")
    r = etree.SubElement(p, qn("w:r"))
    etree.SubElement(r, qn("w:br")).set(qn("w:type"), "page")


def set_row_heights(table: etree._Element, height: int, rule: str = "atLeast") -> None:
    """Give every body row (not the repeated header rows) a height for handwriting."""
    for tr in table.iterchildren(qn("w:tr")):
        tr_pr = tr.find(qn("w:trPr"))
        if tr_pr is None or tr_pr.find(qn("w:tblHeader")) is not None:
            continue
        element = etree.SubElement(tr_pr, qn("w:trHeight"))
        element.set(qn("w:val"), str(height))
        element.set(qn("w:hRule"), rule)


def rule_columns(table: etree._Element) -> None:
    """Lines between the columns (the table style may rule only the rows): boxes to tick,
    columns to write in."""
    tbl_pr = table.find(qn("w:tblPr"))
    borders = etree.Element(qn("w:tblBorders"))
    element = etree.SubElement(borders, qn("w:insideV"))
    for attr, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", RULE)):
        element.set(qn(f"w:{attr}"), value)
    tbl_pr.find(qn("w:tblLayout")).addprevious(borders)


def centre_columns(table: etree._Element, columns: Sequence[int]) -> None:
    """Centre the text of ``columns`` (0-based) in every row, header included."""
    for tr in table.iterchildren(qn("w:tr")):
        cells = list(tr.iterchildren(qn("w:tc")))
        if len(cells) <= max(columns):
            continue
        for index in columns:
            for p in cells[index].iterchildren(qn("w:p")):
                centre(p)


def add_spanning_header(w: DocxWriter, table: etree._Element, text: str) -> None:
    """A first header row across every column (repeated on each page with the others)."""
    grid = [int(col.get(qn("w:w"))) for col in table.find(qn("w:tblGrid"))]
    tr = etree.Element(qn("w:tr"))
    tr_pr = etree.SubElement(tr, qn("w:trPr"))
    etree.SubElement(tr_pr, qn("w:cantSplit"))
    etree.SubElement(tr_pr, qn("w:tblHeader"))
    tc = etree.SubElement(tr, qn("w:tc"))
    tc_pr = etree.SubElement(tc, qn("w:tcPr"))
    width = etree.SubElement(tc_pr, qn("w:tcW"))
    width.set(qn("w:w"), str(sum(grid)))
    width.set(qn("w:type"), "dxa")
    etree.SubElement(tc_pr, qn("w:gridSpan")).set(qn("w:val"), str(len(grid)))
    w.paragraph("table-heading", text, parent=tc)
    table.find(qn("w:tr")).addprevious(tr)


def centre(p: etree._Element) -> etree._Element:
    """Centre a paragraph (``w:jc`` goes after the properties the writer sets)."""
    ppr = p.find(qn("w:pPr"))
    etree.SubElement(ppr, qn("w:jc")).set(qn("w:val"), "center")
    return p


def form_heading(w: DocxWriter, course: CourseView, label: str) -> None:
    """What the form is, for which workshop, where and when."""
    w.paragraph("form-kicker", label)
    w.paragraph("form-title", course.title)
    w.paragraph("session-line", f"{course.place} · {course.dates_label}")


def day_heading(day) -> str:
    return f"{day.label} · {day.title}" if day.title else day.label


def finish(w: DocxWriter, course: CourseView, label: str) -> bytes:
    w.set_properties(title=course.title, subject=f"{label} · {course.place}", category=label)
    return w.save()


# ---------------------------------------------------------------------- evaluation form


def rated_sessions(course: CourseView) -> list[tuple[object, list[SessionView]]]:
    """Each day with the sessions participants rate: every session but breaks and lunch."""
    out = []
    for day in course.days:
        sessions = [s for s in day.sessions if not s.is_break]
        if sessions:
            out.append((day, sessions))
    return out


def session_cell(session: SessionView) -> Cell:
    detail = f"{session.start}–{session.end}"
    if session.module is not None and session.module.presenter:
        detail += f" · {session.module.presenter}"
    return Cell.of(session.title, ("table-note", detail))


def rating_table(w: DocxWriter, first: str, rows: Sequence[Cell | str], comments: str):
    header = (first, *RATINGS, comments)
    table = w.table(
        (3.3, *(0.42,) * len(RATINGS), 2.9),
        header,
        [[row, *("",) * len(RATINGS), ""] for row in rows],
    )
    set_row_heights(table, RATING_ROW)
    rule_columns(table)
    centre_columns(table, range(1, len(RATINGS) + 1))
    return table


class EvaluationRenderer:
    format = "evaluation"
    suffix = ".docx"

    def render(self, ctx: RenderContext) -> bytes:
        course, words = ctx.course, messages(ctx.course)
        _ = words.gettext
        w = form_writer(ctx)
        label = _("Participant evaluation")
        form_heading(w, course, label)
        w.paragraph(
            "body",
            _(
                "Your views help us improve this workshop and the next ones. Rate each "
                "session from 1 (poor) to 5 (excellent) by ticking a box, and add a comment "
                "where you wish. You need not give your name."
            ),
        )
        for day, sessions in rated_sessions(course):
            w.heading(2, day_heading(day))
            rating_table(w, _("Session"), [session_cell(s) for s in sessions], _("Comments"))
        w.heading(2, _("Overall"))
        rating_table(w, _("Your rating of"), [_(item) for item in OVERALL], _("Comments"))
        for question in OPEN_QUESTIONS:
            w.heading(3, _(question))
            for _line in range(COMMENT_LINES):
                w.paragraph("notes-line")
        w.paragraph("caption", _("Thank you. Please hand this form in before you leave."))
        return finish(w, course, label)


# ---------------------------------------------------------------------- sign-in sheet


class SignInRenderer:
    format = "sign-in"
    suffix = ".docx"

    def render(self, ctx: RenderContext) -> bytes:
        course, words = ctx.course, messages(ctx.course)
        _ = words.gettext
        w = form_writer(ctx)
        label = _("Sign-in sheet")
        slots = course.participants or DEFAULT_PARTICIPANTS
        for number, day in enumerate(course.days):
            if number:
                page_break(w)
            form_heading(w, course, label)
            header = (_("No."), _("Name"), _("Organisation"), _("Signature"))
            rows = [[str(slot), "", "", ""] for slot in range(1, slots + 1)]
            table = w.table((0.55, 3.1, 3.1, 2.3), header, rows)
            add_spanning_header(w, table, day_heading(day))
            set_row_heights(table, SIGN_IN_ROW, "exact")
            rule_columns(table)
        return finish(w, course, label)


# ---------------------------------------------------------------------- certificate


def landscape(w: DocxWriter) -> None:
    """Turn the template's page to landscape, with even margins; recompute text width."""
    size, margins = w.sect_pr.find(qn("w:pgSz")), w.sect_pr.find(qn("w:pgMar"))
    if size is None:
        size = etree.SubElement(w.sect_pr, qn("w:pgSz"))
        size.set(qn("w:w"), "11906")
        size.set(qn("w:h"), "16838")
    width, height = int(size.get(qn("w:w"))), int(size.get(qn("w:h")))
    size.set(qn("w:w"), str(max(width, height)))
    size.set(qn("w:h"), str(min(width, height)))
    size.set(qn("w:orient"), "landscape")
    if margins is not None:
        side = max(abs(int(margins.get(qn(f"w:{s}"), "0"))) for s in ("left", "right"))
        for name in ("top", "bottom", "left", "right"):
            margins.set(qn(f"w:{name}"), str(side))
    w.text_width = w._text_width()
    v_align = etree.Element(qn("w:vAlign"))
    v_align.set(qn("w:val"), "center")
    insert_in_order(w.sect_pr, v_align, _AFTER_V_ALIGN)


def signatories(course: CourseView) -> list[str]:
    """Who signs: the hosts and organisers (at most three), else the first two named."""
    names = [h.name for h in course.hosts if h.role in SIGNATORY_ROLES]
    return (names or [h.name for h in course.hosts])[:3]


def indent(p: etree._Element, twips: int) -> None:
    ppr = p.find(qn("w:pPr"))
    ind = etree.Element(qn("w:ind"))
    ind.set(qn("w:left"), str(twips))
    ind.set(qn("w:right"), str(twips))
    insert_in_order(ppr, ind, ppr_after("ind"))


def signature_table(w: DocxWriter, names: Sequence[str], caption: str) -> None:
    """A borderless row: per signatory a line to sign on, then the caption and the name."""
    share = w.text_width // len(names)
    tbl = w.layout_table([share] * len(names), centred=True)
    tr = etree.SubElement(tbl, qn("w:tr"))
    etree.SubElement(etree.SubElement(tr, qn("w:trPr")), qn("w:cantSplit"))
    for name in names:
        tc = etree.SubElement(tr, qn("w:tc"))
        tc_w = etree.SubElement(etree.SubElement(tc, qn("w:tcPr")), qn("w:tcW"))
        tc_w.set(qn("w:w"), str(share))
        tc_w.set(qn("w:type"), "dxa")
        line = w.paragraph("notes-line", parent=tc)
        indent(line, share // 8)
        centre(w.paragraph("caption", caption, parent=tc))
        centre(w.paragraph("table-text", name, parent=tc))


class CertificateRenderer:
    format = "certificate"
    suffix = ".docx"

    def render(self, ctx: RenderContext) -> bytes:
        course, words = ctx.course, messages(ctx.course)
        _ = words.gettext
        w = form_writer(ctx)
        landscape(w)
        label = _("Certificate of participation")
        centre(w.paragraph("certificate-title", label))
        centre(w.paragraph("body", _("This is to certify that")))
        w.paragraph("body")
        indent(centre(w.paragraph("notes-line")), w.text_width // 5)
        centre(w.paragraph("caption", _("Name of participant")))
        centre(w.paragraph("body", _("took part in the workshop")))
        centre(w.paragraph("certificate-course", course.title))
        centre(w.paragraph("cover-details", course.place))
        centre(w.paragraph("cover-details", course.dates_label))
        for role, heading in HOST_LABELS.items():
            names = [h.name for h in course.hosts if h.role == role]
            if names:
                p = centre(w.paragraph("body"))
                w.run(p, _(heading), "label")
                w.run(p, f" {words.join(names)}")
        w.paragraph("body")
        signature_table(w, signatories(course), _("Signature and date"))
        return finish(w, course, label)
