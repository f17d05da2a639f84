"""The pages of openings, panels, exercises and closings in the handout and the guide.

A plain agenda session whose content is not empty (a session pack, a region's additions or
the outline's own keys, merged in :mod:`builder.sessions`) gets a chapter of its own, in
agenda order between the module chapters:

* the **handout** shows what participants need: aims, ground rules or next steps, the
  people on a panel, the task, groups and scenario of an exercise, the questions (never
  their answers), the running order, and lined space for a group's notes after a scenario;
* the **guide** adds what only facilitators see: the materials, the moderator's or
  facilitator's brief, the timing with clock times, the points to listen for under every
  question, the expected findings, the speaker notes, and the deck slides it belongs to.

Headings depend on the kind of session ("Ground rules" for an opening's points, "Next steps"
for a closing's); every fixed string is marked for the message catalogues.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml.ns import qn
from lxml import etree

from ..i18n import N_, Messages
from ..view import PromptView, SessionView, SlideView, StepView
from .docx_common import Cell, DocxWriter, paragraphs, session_line

DASH = "\u2014"

# (kind of session → heading) for its points and its questions; "" is every other kind
POINTS_HEADINGS = {
    "opening": N_("Ground rules"),
    "closing": N_("Next steps"),
    "": N_("Key points"),
}
QUESTION_HEADINGS = {
    "panel": N_("Guiding questions"),
    "exercise": N_("Tasks for your group"),
    "closing": N_("Questions for the evaluation"),
    "": N_("Questions"),
}
ANSWER_LABELS = {"exercise": N_("A good answer:"), "": N_("Points to listen for:")}
BRIEF_HEADINGS = {"panel": N_("Moderator's brief"), "": N_("Facilitator's brief")}


def has_pages(session: SessionView) -> bool:
    """Whether ``session`` gets a chapter: a plain, non-break session with content."""
    return session.module is None and not session.is_break and not session.content.is_empty


def session_slides(deck: Sequence[SlideView], session: SessionView) -> tuple[SlideView, ...]:
    """The deck slides planned for ``session`` (its own slide and its running order)."""
    return tuple(s for s in deck if s.session == (session.day, session.index))


def _words(w: DocxWriter) -> Messages:
    return Messages(w.course.language, w.course.country)


def _for_kind(table: dict[str, str], kind: str, words: Messages) -> str:
    return words.gettext(table.get(kind, table[""]))


# ---------------------------------------------------------------------- handout


def write_session_handout(w: DocxWriter, session: SessionView) -> None:
    """The participants' chapter for one opening, panel, exercise or closing."""
    words, c = _words(w), session.content
    w.heading(1, session.title, toc=True)
    w.paragraph("session-line", session_line(session))
    if session.description:
        w.text_block("body", session.description)
    _aims(w, session, words)
    _people(w, session, words)
    _task(w, session, words)
    if c.questions:
        w.heading(2, _for_kind(QUESTION_HEADINGS, session.kind, words))
        w.numbered(q.question for q in c.questions)
    if c.steps:
        w.heading(2, words.gettext("Running order"))
        _steps_table(w, session, c.steps, words)
    if c.scenario:
        _scenario_sheet(w, c.scenario, words)


def _scenario_sheet(w: DocxWriter, scenario: str, words: Messages) -> None:
    """The scenario on a page of its own (the sheet copied for each group), with ruled
    lines for the group's notes filling the rest of that page."""
    blocks = paragraphs(scenario)
    _page_break_before(w.heading(2, words.gettext("Scenario")))
    for block in blocks:
        w.paragraph("body", block)
    w.heading(2, words.gettext("Notes for your group's report"))
    for _ in range(_lines_left(w, blocks)):
        w.paragraph("notes-line")


def _lines_left(w: DocxWriter, blocks: Sequence[str]) -> int:
    """How many notes lines fit under two headings and ``blocks`` on one page. The text's
    height is overestimated (about 85 characters a line of 11 pt text, generous leading), so
    the lines never spill onto a page of their own."""
    per_line = max(20, w.text_width // 110)
    lines = sum(-(-len(block) // per_line) for block in blocks)
    used = 2 * 1200 + lines * 320 + len(blocks) * 120
    return max(0, w.lines_per_page("notes-line", reserve=used) - 1)


def _page_break_before(p: etree._Element) -> None:
    """Start ``p`` on a new page."""
    _after_style(p, "w:pageBreakBefore")


def _keep_with_next(p: etree._Element) -> None:
    """Keep ``p`` on the page of the paragraph after it."""
    _after_style(p, "w:keepNext")


def _after_style(p: etree._Element, tag: str) -> None:
    """Add the paragraph property ``tag`` right after the paragraph's style, where the schema
    orders ``w:keepNext`` and ``w:pageBreakBefore``."""
    ppr = p.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle"))
    element = etree.Element(qn(tag))
    if style is not None:
        style.addnext(element)
    else:
        ppr.insert(0, element)


# ---------------------------------------------------------------------- guide


def write_session_guide(
    w: DocxWriter, session: SessionView, slides: Sequence[SlideView] = ()
) -> None:
    """The facilitators' chapter: everything the handout shows, with the brief, timing,
    points to listen for, expected findings and speaker notes."""
    words, c = _words(w), session.content
    w.heading(1, session.title, toc=True)
    w.paragraph("session-line", session_line(session, _deck_part(slides, words)))
    if session.description:
        w.text_block("body", session.description)
    if session.materials:
        w.labelled("body", words.gettext("Materials:"), words.join(session.materials))
    if c.brief:
        w.heading(2, _for_kind(BRIEF_HEADINGS, session.kind, words))
        w.text_block("body", c.brief)
    if c.steps:
        w.heading(2, words.gettext("Timing"))
        _steps_table(w, session, c.steps, words, total=True)
    _aims(w, session, words)
    _people(w, session, words)
    _task(w, session, words)
    if c.scenario:
        _scenario(w, c.scenario, words)
    if c.questions:
        w.heading(2, _for_kind(QUESTION_HEADINGS, session.kind, words))
        _questions_with_answers(w, session, words)
    if c.expected:
        w.heading(2, words.gettext("Expected findings"))
        w.paragraph("body", words.gettext("One reasonable answer; groups may reach others."))
        w.bullets(c.expected)
    if c.notes:
        w.heading(2, words.gettext("What to say"))
        for block in paragraphs(c.notes):
            w.paragraph("note", block)


def _deck_part(slides: Sequence[SlideView], words: Messages) -> list[str]:
    if not slides:
        return []
    first, last = slides[0].number, slides[-1].number
    if first == last:
        return [words.gettext("Deck slide {number}", number=first)]
    return [words.gettext("Deck slides {first}–{last}", first=first, last=last)]


# ---------------------------------------------------------------------- shared parts


def _aims(w: DocxWriter, session: SessionView, words: Messages) -> None:
    c = session.content
    if c.aims:
        w.heading(2, words.gettext("Aims"))
        w.bullets(c.aims)
    if c.points:
        w.heading(2, _for_kind(POINTS_HEADINGS, session.kind, words))
        w.bullets((b.text, b.level) for b in c.points)


def _people(w: DocxWriter, session: SessionView, words: Messages) -> None:
    c = session.content
    if c.moderator or c.panellists:
        w.heading(2, words.gettext("Panel"))
        if c.moderator:
            w.labelled("body", words.gettext("Moderator:"), c.moderator.label)
        w.bullets(p.label for p in c.panellists)
    if c.contacts:
        w.heading(2, words.gettext("Contacts"))
        w.bullets(p.label for p in c.contacts)


def _task(w: DocxWriter, session: SessionView, words: Messages) -> None:
    c = session.content
    if c.task:
        w.heading(2, words.gettext("What you are asked to do"))
        w.text_block("body", c.task)
    if c.groups:
        w.heading(2, words.gettext("Groups"))
        w.text_block("body", c.groups)


def _scenario(w: DocxWriter, scenario: str, words: Messages) -> None:
    w.heading(2, words.gettext("Scenario"))
    for block in paragraphs(scenario):
        w.paragraph("body", block)


def _questions_with_answers(w: DocxWriter, session: SessionView, words: Messages) -> None:
    num_id = w.restart_numbering("number")
    label = _for_kind(ANSWER_LABELS, session.kind, words)
    questions: Sequence[PromptView] = session.content.questions
    for prompt in questions:
        question = w.paragraph("number", prompt.question, num_id=num_id)
        if prompt.answer:
            _keep_with_next(question)
            w.labelled("answer", label, prompt.answer)


def _clock(start: str, minutes: int) -> str:
    hours, mins = (int(part) for part in start.split(":"))
    total = hours * 60 + mins + minutes
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


def _steps_table(
    w: DocxWriter,
    session: SessionView,
    steps: Sequence[StepView],
    words: Messages,
    total: bool = False,
) -> None:
    """Each step with its clock time from the session's start; ``total`` adds a sum row and
    says when the steps do not fill the session exactly."""
    rows: list[list[Cell | str]] = []
    elapsed = 0
    for step in steps:
        start, end = _clock(session.start, elapsed), _clock(session.start, elapsed + step.minutes)
        rows.append([f"{start}–{end}", step.text, str(step.minutes)])
        elapsed += step.minutes
    if total:
        rows.append(
            [
                Cell.of(("table-muted", DASH)),
                Cell.of(("table-heading", words.gettext("Session total"))),
                Cell.of(("table-heading", str(elapsed))),
            ]
        )
    header = (words.gettext("Time"), words.gettext("Step"), words.gettext("Minutes"))
    w.table((1.45, 4.6, 0.9), header, rows)
    if total and elapsed != session.minutes:
        w.paragraph(
            "caption",
            words.gettext(
                "The steps take {steps} of the session's {minutes} minutes.",
                steps=elapsed,
                minutes=session.minutes,
            ),
        )
