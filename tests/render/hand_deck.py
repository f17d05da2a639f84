"""A deck built by hand from the SlideView contract, for tests that must not depend on the
deck planner: title, agenda, then per module session a section slide, objectives, its
content slides (a long one continued), case studies, activities and takeaways; closing."""

from __future__ import annotations

from builder.view import CourseView, SlideView


def hand_deck(course: CourseView) -> tuple[SlideView, ...]:
    slides: list[SlideView] = []

    def add(
        kind: str,
        title: str,
        notes: str = "",
        module_id: str | None = None,
        continued: bool = False,
    ) -> None:
        slides.append(
            SlideView(
                number=len(slides) + 1,
                kind=kind,
                title=title,
                notes=notes,
                module_id=module_id,
                continued=continued,
            )
        )

    add("title", course.title)
    add("agenda", "Agenda")
    for module in course.modules:
        add("section", module.title, module_id=module.id)
        add("objectives", "Objectives", module_id=module.id)
        for index, slide in enumerate(module.slides):
            add("content", slide.title, slide.notes, module.id)
            if index == 0:
                add("content", f"{slide.title} (cont.)", slide.notes, module.id, continued=True)
        for case in module.case_studies:
            add("case-study", case.title, case.notes, module.id)
        for activity in module.activities:
            add("activity", activity.title, activity.instructions, module.id)
        add("takeaways", "Key takeaways", module_id=module.id)
    add("closing", "Thank you")
    return tuple(slides)
