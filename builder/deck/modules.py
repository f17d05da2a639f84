"""The slides of a module session: section divider, objectives, the module's content slides,
the region's case studies, one slide per activity and the key takeaways."""

from __future__ import annotations

from ..view import (
    ActivityView,
    BulletLine,
    CaseStudyView,
    ColumnView,
    ComparisonView,
    ModuleView,
    SessionView,
)
from . import notes as note
from .elements import ElementSlides
from .plan import Planner, clean, sentences

DISCUSSION = "discussion"


class ModuleSlides:
    def __init__(self, planner: Planner) -> None:
        self.p = planner
        self.elements = ElementSlides(planner)
        self.total = len(planner.course.modules)
        self.number = 0

    def add(self, session: SessionView) -> None:
        m = session.module
        assert m is not None
        self.number += 1
        self.section(session, m)
        objectives = self.p.add_bullets(
            "objectives",
            self.p.labels["objectives"],
            [BulletLine(clean(o)) for o in m.objectives],
            note.objectives_notes(self.p, m),
            m.id,
        )
        for slide in m.slides:
            self.elements.add(slide, m)
        for case in m.case_studies:
            self.case_study(case, m)
        for index, activity in enumerate(m.activities):
            self.p.activity_index = index
            self.activity(activity, m)
        self.p.activity_index = None
        self.p.add_bullets(
            "takeaways",
            self.p.labels["takeaways"],
            [BulletLine(clean(k)) for k in m.key_points],
            note.takeaways_notes(self.p, m, objectives, self.after(session)),
            m.id,
        )

    def after(self, session: SessionView) -> SessionView | None:
        later = [
            s for s in self.p.course.sessions if (s.day, s.index) > (session.day, session.index)
        ]
        return later[0] if later else None

    def section(self, session: SessionView, m: ModuleView) -> None:
        """The divider: "Module 2 of 6", the day and time, and where the day stands."""
        course = self.p.course
        where = self.p.label("module_of", number=self.number, total=self.total)
        day = (
            f"{course.days[session.day - 1].label.split(' –')[0]} · "
            if len(course.days) > 1
            else ""
        )
        line = f"{where} · {day}{session.start}–{session.end}"
        self.p.add(
            "section",
            "section",
            m.title,
            subtitle=line,
            bullets=self.day_lines(session),
            module_id=m.id,
            notes=note.section_notes(self.p, session, m, where),
        )

    def day_lines(self, session: SessionView) -> tuple[BulletLine, ...]:
        """The day's sessions, this one at level 1 (the layout highlights it); sessions far
        from it are left out when they do not all fit."""
        box = self.p.layouts.box("section", "section", "agenda")
        if box is None:
            return ()
        day = self.p.course.days[session.day - 1]
        lines = [
            BulletLine(f"{s.start}  {clean(s.title)}", 1 if s.index == session.index else 0)
            for s in day.sessions
            if not s.is_break or s.index == session.index
        ]
        current = next(i for i, b in enumerate(lines) if b.level == 1)
        while len(lines) > 1 and not box.fits([(b.text, b.level) for b in lines]):
            far = 0 if current > len(lines) - 1 - current else len(lines) - 1
            lines.pop(far)
            current -= far == 0
        return tuple(lines)

    def case_study(self, case: CaseStudyView, m: ModuleView) -> None:
        """The case's points, with its questions beside them when both fit one slide."""
        bullets = [BulletLine(clean(b.text), b.level) for b in case.bullets]
        if not bullets:
            bullets = [BulletLine(s) for s in sentences(case.summary)]
        notes = note.note_text(
            case.notes or case.summary, case.summary if case.notes else "", m.session_notes
        )
        title = f"{self.p.labels['case_study']}: {case.title}"
        questions = tuple(BulletLine(clean(q.question)) for q in case.questions)
        if questions and self.p.layouts.has("comparison"):
            view = ComparisonView(
                ColumnView(self.p.labels["case_study"], tuple(bullets)),
                ColumnView(self.p.labels["questions"], questions),
            )
            if self.elements.fits_side_by_side(view, "case-study"):
                self.elements.compare(
                    title, view, notes, m.id, case.cues, kind="case-study", icon="case-study"
                )
                return
        if questions:
            bullets += [
                BulletLine(self.p.labels["questions"]),
                *(BulletLine(q.text, 1) for q in questions),
            ]
        self.p.add_bullets(
            "case-study", title, bullets, notes, m.id, cues=case.cues, icon="case-study"
        )

    def activity(self, activity: ActivityView, m: ModuleView) -> None:
        label = self.p.labels.get(activity.kind, activity.kind.replace("-", " ").capitalize())
        title = f"{label}: {activity.title}"
        icon = DISCUSSION if activity.kind == DISCUSSION else "activity"
        notes = note.activity_notes(self.p, activity, m)
        time = f"{self.p.labels['time']}: {activity.minutes} {self.p.labels['minutes']}"
        if activity.questions and self.p.layouts.has("comparison"):
            # task and questions side by side, when both fit one slide
            view = ComparisonView(
                ColumnView(
                    self.p.labels["task"],
                    tuple(BulletLine(s) for s in sentences(activity.instructions)),
                ),
                ColumnView(
                    self.p.labels["questions"],
                    tuple(BulletLine(clean(q.question)) for q in activity.questions),
                ),
                time,
            )
            if self.elements.fits_side_by_side(view, "activity"):
                self.elements.compare(title, view, notes, m.id, kind="activity", icon=icon)
                return
        bullets = [BulletLine(s) for s in sentences(activity.instructions)]
        if activity.questions:
            bullets.append(BulletLine(self.p.labels["questions"]))
            bullets += [BulletLine(clean(q.question), 1) for q in activity.questions]
        bullets.append(BulletLine(time))
        self.p.add_bullets("activity", title, bullets, notes, m.id, icon=icon)
