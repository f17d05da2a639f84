"""The deck's composition, pagination and numbering.

:func:`plan_deck` turns a resolved :class:`~builder.view.CourseView` into the numbered
:class:`~builder.view.SlideView` list that the deck renderer draws and the facilitator guide
cites ("Slide 12 — Three forms of interaction"):

* a title slide (title, subtitle, place and dates, hosts and partners) and the agenda, one
  table per day;
* a slide for every agenda item: per module session the slides of :mod:`.modules` (section
  divider, objectives, content, case studies, activities, takeaways); per opening, panel,
  exercise, break or closing the slides of :mod:`.sessions`;
* a closing slide.

Text is fitted here against the placeholders of the theme's deck template, measured with the
theme's fonts (:mod:`.template`, :mod:`.text`): content that does not fit continues on a slide
titled "<title> (cont.)", balanced (:mod:`.fit`); nothing is cut, nothing is shrunk. Every
slide carries speaker notes (:mod:`.notes`) and, within a session, the agenda session it
belongs to.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from ..context import join_list
from ..errors import BuildError
from ..i18n import Messages, course_messages
from ..model import DeckLabels
from ..theme import Theme
from ..view import BulletLine, CourseView, NoteCue, SessionView, SlideView, TableView
from . import notes as note
from .fit import paginate, paginate_rows, paras
from .layouts import Layouts
from .template import Box, template_metrics
from .text import squash, theme_fonts
from .titles import unique_titles

log = logging.getLogger(__name__)

# texts the deck generates; a theme relabels them under options.deck_labels
DEFAULT_LABELS: dict[str, str] = DeckLabels().model_dump(by_alias=True)


def labels(theme: Theme, messages: Messages | None = None) -> dict[str, str]:
    """The theme's deck labels in the language of ``messages``: a label the theme sets
    explicitly (``options.deck_labels`` in its theme.yaml) is used as written, the others are
    the builder's catalogue translations of the defaults."""
    given = theme.options.deck_labels
    out = given.model_dump(by_alias=True)
    if messages is None:
        return out
    fields = DeckLabels.model_fields
    explicit = {fields[name].alias or name for name in given.model_fields_set}
    return {key: text if key in explicit else messages.gettext(text) for key, text in out.items()}


def clean(text: str) -> str:
    """One line: inner newlines and runs of spaces folded (YAML block scalars)."""
    return squash(text)


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(pattern: str, **values) -> str:
    """A label pattern with its ``{fields}`` filled (an unknown field stays as written)."""
    return pattern.format_map(_Keep(values))


class Planner:
    """Collects the slides of one deck; :mod:`.modules` and :mod:`.sessions` add theirs."""

    def __init__(self, course: CourseView, theme: Theme):
        self.course = course
        self.theme = theme
        self.fonts = theme_fonts(theme, course.language)
        self.min_font = float(theme.options.min_font_pt)
        metrics = template_metrics(theme.file("deck"), theme.master).at_least(self.min_font)
        self.metrics = metrics.bind(self.fonts)
        self.layouts = Layouts(theme.layouts, self.metrics)
        self.messages = course_messages(course)
        self.labels = labels(theme, self.messages)
        self.max_lines = theme.options.max_body_lines
        self.slides: list[SlideView] = []
        self.session_key: tuple[int, int] | None = None  # the session being planned
        self.activity_index: int | None = None  # the module activity being planned
        self._check_fonts()

    def _check_fonts(self) -> None:
        """The body text of content layouts must not be below the theme's minimum size."""
        for kind, role, slot in (
            ("content", "content", "body"),
            ("content", "two-content", "left"),
        ):
            box = self.layouts.box(kind, role, slot)
            small = [n + 1 for n, level in enumerate(box.levels[:3]) if level.size < self.min_font]
            if small:
                raise BuildError(
                    f"{self.metrics.path.name}: layout "
                    f"{self.layouts.get(kind, role).name!r} sets level {small[0]} text to "
                    f"{box.levels[small[0] - 1].size:g} pt, below the theme's min_font_pt "
                    f"{self.min_font:g}"
                )
        if self.metrics.table_text.size < self.min_font:
            raise BuildError(
                f"{self.metrics.path.name}: table text is "
                f"{self.metrics.table_text.size:g} pt, below the theme's "
                f"min_font_pt {self.min_font:g}"
            )

    # -- adding slides

    def add(self, kind: str, layout: str, title: str, **fields) -> SlideView:
        fields.setdefault("session", self.session_key)
        fields.setdefault("activity", self.activity_index)
        slide = SlideView(
            number=len(self.slides) + 1, kind=kind, layout=layout, title=clean(title), **fields
        )
        self.slides.append(slide)
        self.check_fixed_text(slide)
        return slide

    def box(self, kind: str, role: str, slot: str) -> Box:
        return self.layouts.box(kind, role, slot)

    def label(self, key: str, **values) -> str:
        """The theme's label ``key``, its ``{fields}`` filled with ``values``."""
        return fill(self.labels[key], **values)

    def _(self, message: str, **values) -> str:
        """A sentence the deck writes (speaker notes), in the edition's language."""
        return self.messages.gettext(message, **values)

    def cont(self, title: str) -> str:
        return f"{clean(title)} {self.labels['continued']}"

    def add_bullets(
        self,
        kind: str,
        title: str,
        bullets: Sequence[BulletLine],
        notes: str,
        module_id: str | None,
        cues: tuple[NoteCue, ...] = (),
        **fields,
    ) -> SlideView:
        """Bullet slides on the content layout (or the layout the theme gives ``kind``);
        returns the first."""
        pages = paginate(bullets, self.box(kind, "content", "body"), self.max_lines)
        first: SlideView | None = None
        for i, page in enumerate(pages):
            slide = self.add(
                kind,
                "content",
                title if first is None else self.cont(title),
                bullets=page,
                notes=notes if first is None else note.continued(self, first, page),
                cues=cues if first is None else (),
                module_id=module_id,
                continued=first is not None,
                **(fields if i == 0 else {k: v for k, v in fields.items() if k == "icon"}),
            )
            first = first or slide
        assert first is not None
        return first

    def check_fixed_text(self, slide: SlideView) -> None:
        """Titles and one-line placeholders cannot continue on another slide: warn when they
        overflow (PowerPoint then shrinks them; the content is kept)."""
        role = slide.layout or "content"
        layout = self.layouts.get(slide.kind, role)
        texts: list[tuple[Box | None, str]] = [(layout.title, slide.title)]
        if slide.subtitle:
            texts.append((layout.box("subtitle"), slide.subtitle))
        if role == "title" and slide.bullets:
            texts.append((layout.box("details"), slide.bullets[0].text))
            texts.append((layout.box("hosts"), "\n".join(b.text for b in slide.bullets[1:])))
        elif role in ("closing", "break"):
            texts.append((layout.box("details"), "\n".join(b.text for b in slide.bullets)))
        for box, text in texts:
            if box is not None and text and not box.fits([(text, 0)]):
                log.warning(
                    "%s: slide %d (%s): text may not fit its placeholder: %.60s",
                    self.course.id,
                    slide.number,
                    slide.title,
                    text,
                )

    # -- the deck

    def plan(self) -> tuple[SlideView, ...]:
        from .modules import ModuleSlides
        from .sessions import SessionSlides

        self.title_slide()
        self.agenda()
        modules = ModuleSlides(self)
        sessions = SessionSlides(self)
        for session in self.course.sessions:
            self.session_key = (session.day, session.index)
            if session.module is not None:
                modules.add(session)
            else:
                sessions.add(session)
        self.session_key = None
        self.closing()
        titles = unique_titles(self.slides, self.course, self.label, self.labels["continued"])
        return tuple(titles)

    def host_lines(self) -> list[str]:
        groups: dict[str, list[str]] = {}
        for host in self.course.hosts:
            groups.setdefault(host.role, []).append(clean(host.name))
        lines = []
        for role in ("host", "organiser", "partner", "funder"):
            names = groups.get(role)
            if names:
                lines.append(f"{self.labels[role]} {join_list(names, self.course.language)}")
        return lines

    def place_line(self) -> str:
        return f"{self.course.place} · {self.course.dates_label}"

    def title_slide(self) -> None:
        c = self.course
        details = [BulletLine(self.place_line())] + [BulletLine(h) for h in self.host_lines()]
        self.add(
            "title",
            "title",
            c.title,
            subtitle=clean(c.subtitle) if c.subtitle else None,
            bullets=tuple(details),
            notes=note.title_notes(self, c),
        )

    def agenda(self) -> None:
        c = self.course
        box = self.box("agenda", "agenda", "table")
        columns = (self.labels["time"], self.labels["session"])
        for day in c.days:
            title = self.labels["agenda"] + (
                f" — {day.label.split(' –')[0]}" if len(c.days) > 1 else ""
            )
            rows = tuple((f"{s.start}–{s.end}", self.agenda_row(s)) for s in day.sessions)
            sub = day.label + (f" · {day.title}" if day.title else "")
            chunks = paginate_rows(TableView(columns=columns, rows=rows), box, self.metrics)
            first: SlideView | None = None
            for chunk in chunks:
                slide = self.add(
                    "agenda",
                    "agenda",
                    title if first is None else self.cont(title),
                    subtitle=sub,
                    table=chunk,
                    continued=first is not None,
                    notes=note.agenda_notes(self, day)
                    if first is None
                    else note.continued_rows(self, first, chunk),
                )
                first = first or slide

    @staticmethod
    def agenda_row(session: SessionView) -> str:
        title = clean(session.title)
        if session.module is not None and session.module.presenter:
            return f"{title} ({clean(session.module.presenter)})"
        return title

    def closing(self) -> None:
        c = self.course
        details = [BulletLine(self.place_line())] + [BulletLine(h) for h in self.host_lines()]
        self.add(
            "closing",
            "closing",
            self.labels["closing"],
            subtitle=clean(c.title),
            bullets=tuple(details),
            notes=note.closing_notes(self, c),
        )


def fits_box(box: Box | None, bullets: Sequence[BulletLine], max_lines: int | None) -> bool:
    return box is not None and box.fits(paras(bullets), max_lines)


def sentences(text: str) -> list[str]:
    """A paragraph in sentences: one bullet each reads better on a slide than a block."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"(])", clean(text)) if s]


def plan_deck(course: CourseView, theme: Theme) -> tuple[SlideView, ...]:
    """The numbered slides of ``course``'s deck, fitted to ``theme``'s deck template."""
    return Planner(course, theme).plan()
