"""The slides of the agenda items that are not modules: opening, panel, exercise, keynote,
Q&A, break, lunch and closing. Each shows what its session holds (``SessionContentView``:
aims, points, guiding questions, task, groups, running order, people); a session with no
content still gets a slide with its title, time and description."""

from __future__ import annotations

from dataclasses import replace

from ..view import (
    BulletLine,
    ColumnView,
    ComparisonView,
    SessionContentView,
    SessionView,
    StepItem,
)
from ..view import ProcessView as Process
from . import notes as note
from .diagrams import process_fits
from .plan import Planner, clean, sentences


class SessionSlides:
    def __init__(self, planner: Planner) -> None:
        from .elements import ElementSlides

        self.p = planner
        self.elements = ElementSlides(planner)

    def add(self, session: SessionView) -> None:
        if session.is_break:
            return self.pause(session)
        c = session.content
        left, right = self.columns(session, c)
        notes = self.notes(session)
        view = ComparisonView(left, right, self.timing(session)) if left and right else None
        if view and self.p.layouts.has("comparison") and self.elements.fits_side_by_side(view):
            self.compare(session, view, notes)
        else:
            lines = [*self.lead(session, c)]
            for column in (left, right):
                if column:
                    lines += [
                        BulletLine(column.heading),
                        *[replace(b, level=b.level + 1) for b in column.bullets],
                    ]
            lines.append(BulletLine(self.timing(session)))
            self.p.add_bullets(
                "session", session.title, lines, notes, None, icon=self.icon(session)
            )
        if c.steps:
            self.running_order(session)

    # -- what goes on the slide

    def columns(
        self, session: SessionView, c: SessionContentView
    ) -> tuple[ColumnView | None, ColumnView | None]:
        """The two sides of the session's slide, by kind."""
        labels = self.p.labels
        questions = [BulletLine(clean(q.question)) for q in c.questions]
        points = [BulletLine(clean(b.text), b.level) for b in c.points]
        aims = [BulletLine(clean(a)) for a in c.aims]
        if session.kind == "panel":
            people = []
            if c.moderator:
                people.append(BulletLine(f"{labels['moderator']}: {c.moderator.label}"))
            people += [BulletLine(p.label) for p in c.panellists]
            return (
                _column(labels["panellists"], people) or _column(labels["aims"], aims),
                _column(labels["guiding_questions"], questions)
                or _column(labels["key_points"], points),
            )
        if session.kind == "exercise":
            task = [BulletLine(s) for s in sentences(c.task or session.description)]
            materials = [BulletLine(clean(m)) for m in session.materials]
            if c.groups:
                detail = [BulletLine(clean(c.groups))]
                if session.materials:
                    detail.append(
                        BulletLine(f"{labels['materials']}: {'; '.join(session.materials)}")
                    )
                right = _column(labels["groups"], [*detail, *questions])
            else:
                right = _column(labels["materials"], materials) or _column(
                    labels["guiding_questions"], questions
                )
            return _column(labels["task"], task), right
        if session.kind == "closing":
            covered = [BulletLine(clean(m.title)) for m in self.p.course.modules]
            nxt = list(points)
            if any("evaluation" in m.casefold() for m in session.materials):
                nxt.append(BulletLine(labels["evaluation"]))
            nxt += [BulletLine(f"{labels['contacts']}: {p.label}") for p in c.contacts]
            return _column(labels["covered"], covered), _column(labels["next_steps"], nxt)
        if session.kind == "opening":
            hosts = [BulletLine(h) for h in self.p.host_lines()]
            if not aims and not points:
                return None, None
            return _column(labels["aims"], [*aims, *hosts]), _column(labels["ground_rules"], points)
        return (
            _column(labels["aims"], aims) or _column(labels["key_points"], points),
            _column(labels["guiding_questions"], questions),
        )

    def lead(self, session: SessionView, c: SessionContentView) -> list[BulletLine]:
        """The description, when nothing more specific fills the slide (and an opening's
        hosts)."""
        out = []
        if session.kind != "exercise" and session.description:
            out = [BulletLine(s) for s in sentences(session.description)]
        if session.kind == "opening" and not c.aims:
            out += [BulletLine(h) for h in self.p.host_lines()]
        return out

    def timing(self, session: SessionView) -> str:
        return f"{session.start}–{session.end} · {session.minutes} {self.p.labels['minutes']}"

    def notes(self, session: SessionView) -> str:
        c = session.content
        return note.note_text(
            c.notes or "",
            session.description if c.notes != session.description else "",
            f"{clean(session.title)}: {self.timing(session)}.",
        )

    @staticmethod
    def icon(session: SessionView) -> str | None:
        return {"exercise": "activity", "panel": "discussion", "qa": "discussion"}.get(session.kind)

    # -- slides

    def compare(self, session: SessionView, view: ComparisonView, notes: str) -> None:
        self.elements.compare(
            session.title, view, notes, None, kind="session", icon=self.icon(session)
        )

    def running_order(self, session: SessionView) -> None:
        """The exercise's steps with their minutes: a process diagram when 3 to 6 steps fit."""
        c = session.content
        unit = self.p.labels["minutes"]
        steps = tuple(StepItem(f"{s.minutes} {unit}", clean(s.text)) for s in c.steps)
        title = f"{clean(session.title)}: {self.p.labels['running_order']}"
        notes = note.note_text(
            self.p._(
                "Keep to the running order: {steps}.",
                steps="; ".join(f"{s.text} ({s.title})" for s in steps),
            ),
        )
        area = self.p.box("session", "diagram", "area") if self.p.layouts.has("diagram") else None
        if area is not None and 3 <= len(steps) <= 6 and process_fits(area, steps):
            self.p.add("session", "diagram", title, process=Process(steps), notes=notes)
            return
        lines = [BulletLine(f"{s.title}: {s.text}") for s in steps]
        self.p.add_bullets("session", title, lines, notes, None)

    def pause(self, session: SessionView) -> None:
        """A break or lunch: when to be back, and what comes next."""
        after = [
            s for s in self.p.course.sessions if (s.day, s.index) > (session.day, session.index)
        ]
        nxt = after[0] if after and after[0].day == session.day else None
        details = [BulletLine(f"{self.p.labels['next']}: {clean(nxt.title)}")] if nxt else []
        back = self.p.label("back_at", time=session.end)
        role = self.p.layouts.role("break")
        self.p.add(
            "break",
            role,
            session.title,
            subtitle=back,
            bullets=tuple(details) if role == "break" else (),
            notes=note.note_text(
                self.p._(
                    "{session}, {minutes} minutes: {back}.",
                    session=clean(session.title),
                    minutes=session.minutes,
                    back=back.lower(),
                ),
                self.p._("After it: “{title}” at {time}.", title=clean(nxt.title), time=nxt.start)
                if nxt
                else self.p._("End of the day's sessions."),
            ),
        )


def _column(heading: str, bullets: list[BulletLine]) -> ColumnView | None:
    return ColumnView(heading, tuple(bullets)) if bullets else None
