"""Per-slide suggested minutes and clock times, shared by the deck and the guide."""

from __future__ import annotations

from builder.deck import plan_deck
from builder.project import load_project
from builder.resolve import resolve_course
from builder.timing import slide_timings


def planned(root):
    project = load_project(root)
    project.report.raise_if_errors()
    view = resolve_course(project, "sahel-2017")
    theme = project.theme(view.theme)
    return view, plan_deck(view, theme)


class DescribeSlideTimings:
    def it_spreads_each_session_over_its_slides(self, make_project):
        view, deck = planned(make_project())
        timings = slide_timings(view, deck)
        for session in view.sessions:
            slides = [s for s in deck if s.session == (session.day, session.index)]
            if not slides:
                continue
            total = sum(timings[s.number].minutes for s in slides)
            assert abs(total - session.minutes) <= len(slides) * 0.25 + 0.01
            assert timings[slides[0].number].start == session.start

    def it_gives_activity_slides_their_activity_minutes(self, make_project):
        view, deck = planned(make_project())
        timings = slide_timings(view, deck)
        activity = [s for s in deck if s.kind == "activity" and s.module_id == "nexus-basics"]
        assert sum(timings[s.number].minutes for s in activity) == 20

    def it_runs_the_clock_forward(self, make_project):
        view, deck = planned(make_project())
        timings = slide_timings(view, deck)
        starts = [timings[s.number].start for s in deck if s.number in timings]
        assert starts == sorted(starts)

    def it_leaves_title_and_agenda_untimed(self, make_project):
        view, deck = planned(make_project())
        timings = slide_timings(view, deck)
        assert deck[0].number not in timings and deck[1].kind == "agenda"
        assert deck[1].number not in timings
