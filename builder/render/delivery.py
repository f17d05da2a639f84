"""What a facilitator reads while teaching a module: its summary page and delivery notes.

A module's first page in the guide sums it up: objectives, a timing table with the clock
time each part (presentation, each activity) starts, the materials its activities need and
the key messages to land. The delivery notes follow on a
page of their own, slide by slide: the slide's citation, the clock time it comes up and its
suggested minutes (:func:`builder.timing.slide_timings`, the same figures as the deck's
notes), then the notes in short paragraphs — Say / Ask / Do cues labelled when the module
writes its notes as cues, long paragraphs of plain notes cut at sentence ends.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from ..i18n import N_, Messages
from ..timing import SlideTiming
from ..view import ModuleView, SessionView, SlideView
from . import flow
from .docx_common import ACTIVITY_KINDS, Cell, DocxWriter, paragraphs
from .thumbnails import slide_picture_beside

CUE_LABELS = {"say": N_("Say:"), "ask": N_("Ask:"), "do": N_("Do:")}
SHORT_PARAGRAPH = 320  # characters: longer plain notes are cut into paragraphs of about this
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+(?=\S)")
SUMMARY_LINES = 50  # estimated lines (flow.page_lines) a module's summary page holds


def kind_label(words: Messages, kind: str) -> str:
    return words.gettext(ACTIVITY_KINDS[kind]) if kind in ACTIVITY_KINDS else kind


def slide_citation(words: Messages, slide: SlideView) -> str:
    """How the guide cites a deck slide: ``Slide 14 — Forms of interaction``."""
    return words.gettext("Slide {number} — {title}", number=slide.number, title=slide.title)


def slide_range(words: Messages, slides: Sequence[SlideView]) -> str:
    if not slides:
        return ""
    first, last = slides[0].number, slides[-1].number
    if first == last:
        return words.gettext("slide {number}", number=first)
    return words.gettext("slides {first}–{last}", first=first, last=last)


def short_paragraphs(text: str, limit: int = SHORT_PARAGRAPH) -> list[str]:
    """``text``'s paragraphs, each longer one cut at sentence ends into pieces of about
    ``limit`` characters (a sentence is never cut)."""
    out: list[str] = []
    for block in paragraphs(text):
        piece = ""
        for sentence in _SENTENCE_END.split(block):
            if piece and len(piece) + len(sentence) > limit:
                out.append(piece)
                piece = sentence
            else:
                piece = f"{piece} {sentence}" if piece else sentence
        if piece:
            out.append(piece)
    return out


# ---------------------------------------------------------------------- the summary page


def activity_starts(
    session: SessionView,
    module: ModuleView,
    slides: Sequence[SlideView],
    timings: dict[int, SlideTiming],
) -> list[str]:
    """The clock time each activity starts: when its first slide comes up, or, for an
    activity without a slide of its own, after the presentation and the activities before
    it."""
    shown: dict[int, str] = {}
    for slide in slides:
        if slide.activity is not None and slide.number in timings:
            shown.setdefault(slide.activity, timings[slide.number].start)
    hours, minutes = session.start.split(":")
    clock = int(hours) * 60 + int(minutes) + module.presentation_minutes
    out = []
    for index, activity in enumerate(module.activities):
        out.append(shown.get(index, f"{clock // 60 % 24:02d}:{clock % 60:02d}"))
        clock += activity.minutes
    return out


def write_summary(
    w: DocxWriter,
    words: Messages,
    session: SessionView,
    module: ModuleView,
    slides: Sequence[SlideView],
    timings: dict[int, SlideTiming],
    first: etree._Element,
) -> bool:
    """The module's first page, after its heading ``first``: objectives, timing with clock
    times (its activities with their kind and minutes), materials, and the key messages to
    land when they fit the page too. True when the summary fits one page."""
    gettext = words.gettext
    w.heading(2, gettext("Objectives"))
    w.numbered(module.objectives)
    write_timing(w, words, session, module, slides, timings)
    materials = materials_of(module)
    if materials:
        w.heading(2, gettext("Materials"))
        w.bullets(materials)
    used = flow.page_lines(flow.blocks_since(first), w.text_width)
    keys = flow.estimate_lines(module.key_points, w.text_width) + 2
    if module.key_points and used + keys <= SUMMARY_LINES:
        w.heading(2, gettext("Key messages"))
        w.bullets(module.key_points)
        used += keys
    return used <= SUMMARY_LINES


def write_timing(
    w: DocxWriter,
    words: Messages,
    session: SessionView,
    module: ModuleView,
    slides: Sequence[SlideView],
    timings: dict[int, SlideTiming],
) -> None:
    gettext = words.gettext
    w.heading(2, gettext("Timing"))
    span = f" ({slide_range(words, slides)})" if slides else ""
    presentation = gettext("Presentation and discussion") + span
    rows = [[session.start, presentation, str(module.presentation_minutes)]]
    starts = activity_starts(session, module, slides, timings)
    for index, activity in enumerate(module.activities):
        kind = kind_label(words, activity.kind)
        rows.append([starts[index], f"{kind}: {activity.title}", str(activity.minutes)])
    rows.append(
        [
            Cell.of(("table-heading", f"{session.start}–{session.end}")),
            Cell.of(("table-heading", gettext("Session total"))),
            Cell.of(("table-heading", str(module.minutes))),
        ]
    )
    header = (gettext("From"), gettext("Part"), gettext("Minutes"))
    w.table((1.1, 5, 1), header, rows)


def materials_of(module: ModuleView) -> list[str]:
    """Every material the module's activities need, once, in order."""
    seen: dict[str, str] = {}
    for activity in module.activities:
        for item in activity.materials:
            seen.setdefault(item.casefold(), item)
    return list(seen.values())


# ---------------------------------------------------------------------- delivery notes


def strip_session_notes(notes: str, session_notes: str) -> str:
    """Slide notes without the outline's per-session extra (printed once instead)."""
    if session_notes and notes.endswith(session_notes):
        return notes[: -len(session_notes)].rstrip()
    return notes


def write_delivery_notes(
    w: DocxWriter,
    words: Messages,
    module: ModuleView,
    slides: Sequence[SlideView],
    timings: dict[int, SlideTiming],
    *,
    new_page: bool = True,
) -> None:
    """Slide by slide, on a page of their own (``new_page``): citation, clock time and
    minutes, notes."""
    gettext = words.gettext
    heading = w.heading(2, gettext("Delivery notes"))
    if new_page:
        flow.new_page(heading)
    if not slides:
        w.paragraph("body", gettext("The deck has no slides for this module."))
        return
    w.paragraph(
        "body",
        gettext(
            "What to say on each slide, when it comes up and for how long; numbers are those "
            "of the deck ({slides}).",
            slides=slide_range(words, slides),
        ),
    )
    if module.session_notes:
        w.labelled("note", gettext("For this workshop:"), module.session_notes)
    shown: SlideView | None = None  # the last slide whose notes were printed in full
    for slide in slides:
        head = w.heading(3, slide_citation(words, slide))
        timing = timings.get(slide.number)
        if timing is not None:
            minutes = format(timing.minutes, "g")
            w.paragraph(
                "session-line",
                gettext("{start} · {minutes} min", start=timing.start, minutes=minutes),
            )
        if write_slide_notes(w, words, module, slide, shown):
            shown = slide
        slide_picture_beside(w, head, slide)  # the slide's picture beside its notes, if made


def write_slide_notes(
    w: DocxWriter, words: Messages, module: ModuleView, slide: SlideView, shown: SlideView | None
) -> bool:
    """One slide's notes; True when they were printed in full."""
    gettext = words.gettext
    notes = strip_session_notes(slide.notes, module.session_notes)
    if slide.kind == "activity" and module.activities:
        w.paragraph(
            "caption",
            gettext(
                "Run the activity now: its instructions, materials and model answers are "
                "under Activities below."
            ),
        )
        return False
    if (
        slide.continued
        and shown is not None
        and shown.notes.strip()
        and shown.notes.strip() in slide.notes
    ):
        w.paragraph(
            "caption",
            gettext("Continues slide {number}; the notes above apply.", number=shown.number),
        )
        return False
    if slide.cues:
        for cue in slide.cues:
            label = gettext(CUE_LABELS.get(cue.kind, cue.kind))
            for index, block in enumerate(short_paragraphs(cue.text)):
                if index:
                    w.paragraph("body", block)
                else:
                    w.labelled("body", label, block)
        cue_text = "\n\n".join(cue.text for cue in slide.cues)
        notes = notes[len(cue_text) :] if notes.startswith(cue_text) else ""
        for block in short_paragraphs(notes):
            w.paragraph("body", block)
        return True
    if notes:
        for block in short_paragraphs(notes):
            w.paragraph("body", block)
        return True
    w.paragraph("caption", gettext("No speaker notes on this slide."))
    return False
