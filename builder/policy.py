"""The project's editorial policy: house rules that ``check`` applies to modules and outlines.

The tool itself accepts any valid course; a programme may want more — three to five
objectives per module, speaker notes of a speakable length, two-day workshops with an opening
and a closing. Those rules live in ``courses/policy.yaml`` (optional; without it, no rule
applies), are validated like every other file, and each breach is a located finding
(a warning, or an error with ``severity: error``) naming the file, line and the rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field, model_validator

from .dating import most_at_once
from .errors import WARNING, Diagnostic, KeyPath
from .load import Document
from .model import (
    VISUALS,
    ClockTime,
    ItemKind,
    Label,
    Module,
    ModuleSession,
    PlainSession,
    Strict,
    Text,
    When,
    clock_minutes,
)

POLICY_FILE = "policy.yaml"


class Range(Strict):
    """Bounds on a count: `min`, `max` or both."""

    min: int | None = Field(default=None, ge=0, description="At least this many.")
    max: int | None = Field(default=None, ge=0, description="At most this many.")

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min is not None and self.max is not None and self.max < self.min:
            raise ValueError("`max` is below `min`")
        return self

    def breach(self, count: int, noun: str) -> str | None:
        if self.min is not None and count < self.min:
            return f"{count} {noun}; the policy asks for at least {self.min}"
        if self.max is not None and count > self.max:
            return f"{count} {noun}; the policy asks for at most {self.max}"
        return None


class ModulePolicy(Strict):
    """Rules for every module in `courses/modules/`."""

    objectives: Range | None = Field(default=None, description="Learning objectives.")
    key_points: Range | None = Field(default=None, description="Key points.")
    summary_words: Range | None = Field(default=None, description="Words in the summary.")
    slides: Range | None = Field(default=None, description="Content slides (`slides:`).")
    bullets_per_slide: Range | None = Field(
        default=None,
        description="Top-level bullets on a slide that has no table, chart, image or quote "
        "(the most a course shows at once: dated bullets count while they are valid).",
    )
    notes_words: Range | None = Field(
        default=None, description="Words of speaker notes on each content slide."
    )
    activities: Range | None = Field(default=None, description="Activities.")
    questions_per_activity: Range | None = Field(
        default=None, description="Discussion questions in each activity."
    )
    glossary: Range | None = Field(default=None, description="Glossary terms.")
    references: Range | None = Field(default=None, description="References (instruments).")
    slide_text_avoid: list[Text] = Field(
        default_factory=list,
        description="Phrases that address the facilitator and so must not appear in what "
        "participants see (slides, case studies, activities, key points, objectives, summary), "
        "e.g. `[the facilitator, the trainer]`; matched as whole words, in any case.",
    )
    notes_avoid: list[Text] = Field(
        default_factory=list,
        description="Phrases speaker notes (slide, case-study, regional and facilitator notes) "
        "must not use, e.g. `[our sources]`: notes speak in the trainer's voice.",
    )


class WorkshopPolicy(Strict):
    """Rules for every outline in `courses/workshops/`."""

    days: Range | None = Field(default=None, description="Days in the agenda.")
    required_items: list[ItemKind] = Field(
        default_factory=list,
        description="Plain sessions every workshop must have, e.g. `[opening, closing]`.",
    )
    earliest_start: ClockTime | None = Field(
        default=None, description="No day starts before this time, `HH:MM`."
    )
    latest_end: ClockTime | None = Field(
        default=None, description="No day's sessions run past this time, `HH:MM`."
    )
    unique_slide_titles: bool = Field(
        default=False,
        description="No two module slides or activities shown in one workshop's deck share a "
        "title (at the workshop's date, skipped slides left out).",
    )
    takeaways: Range | None = Field(
        default=None,
        description="Key takeaways a module shows in one workshop: its key points valid at the "
        "workshop's date, with the region's examples.",
    )


class Policy(Strict):
    """`courses/policy.yaml`: the programme's editorial rules, applied by `check`."""

    severity: Literal["warning", "error"] = Field(
        default="warning",
        description="How a breach is reported: `warning` (fails only `check --strict`) or `error`.",
    )
    module: ModulePolicy = Field(default_factory=ModulePolicy, description="Module rules.")
    workshop: WorkshopPolicy = Field(default_factory=WorkshopPolicy, description="Outline rules.")
    dated_terms: dict[Label, When] = Field(
        default_factory=dict,
        description="Words that date a text although it gives no year, with the month or day "
        "from which they make sense, e.g. `{COVID-19: 2020-03, pandemic: 2020-03}`: the "
        "anachronism check treats a mention like a written date (whole words, any case).",
    )


def _words(text) -> int:
    """Words of a text, or of a list of speaker-note cues."""
    if isinstance(text, list):
        return sum(_words(cue.text) for cue in text)
    return len((text or "").split())


class _Findings:
    def __init__(self, policy: Policy, doc: Document, out: list[Diagnostic]):
        self.policy, self.doc, self.out = policy, doc, out

    def count(self, rule: Range | None, count: int, path: KeyPath, what: str, noun: str) -> None:
        problem = rule.breach(count, noun) if rule else None
        if problem:
            self.out.append(
                self.doc.diagnostic(
                    path,
                    f"{what} {problem}",
                    key=True,
                    hint=f"see courses/{POLICY_FILE}",
                    severity=WARNING if self.policy.severity == "warning" else "error",
                )
            )


def check_module(policy: Policy, module: Module, doc: Document) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    rules = policy.module
    f = _Findings(policy, doc, out)
    f.count(
        rules.objectives, len(module.objectives), ("objectives",), "the module has", "objectives"
    )
    f.count(
        rules.key_points, len(module.key_points), ("key_points",), "the module has", "key points"
    )
    f.count(rules.summary_words, _words(module.summary), ("summary",), "the summary has", "words")
    f.count(rules.slides, len(module.slides), ("slides",), "the module has", "slides")
    f.count(rules.activities, len(module.activities), ("id",), "the module has", "activities")
    f.count(rules.glossary, len(module.glossary), ("id",), "the module has", "glossary terms")
    f.count(rules.references, len(module.references), ("id",), "the module has", "references")
    for s, slide in enumerate(module.slides):
        what = f"slide {slide.title!r} has"
        visual = any(getattr(slide, name) for name in VISUALS)  # table, chart, timeline …
        if not visual:  # dated bullets count while they are shown
            count = most_at_once(slide.bullets)
            f.count(rules.bullets_per_slide, count, ("slides", s), what, "bullets")
        if slide.notes is not None:
            words = _words(slide.notes)
            notes = f"the notes of slide {slide.title!r} have"
            f.count(rules.notes_words, words, ("slides", s, "notes"), notes, "words")
    for a, activity in enumerate(module.activities):
        f.count(
            rules.questions_per_activity,
            len(activity.questions),
            ("activities", a),
            f"activity {activity.title!r} has",
            "questions",
        )
    return out


def check_workshop(policy: Policy, days: Sequence, doc: Document, minutes_of) -> list[Diagnostic]:
    """``days`` are the outline's days; ``minutes_of(session)`` gives a session's length."""
    out: list[Diagnostic] = []
    rules = policy.workshop
    f = _Findings(policy, doc, out)
    f.count(rules.days, len(days), ("agenda", "days"), "the agenda has", "days")
    items = {s.item for day in days for s in day.sessions if isinstance(s, PlainSession)}
    missing = [item for item in rules.required_items if item not in items]
    if missing:
        out.append(
            doc.diagnostic(
                ("agenda",),
                f"the agenda has no {', '.join(missing)} session; the policy asks for one",
                hint=f"add `- item: {missing[0]}` with its minutes, or see courses/{POLICY_FILE}",
                severity=WARNING if policy.severity == "warning" else "error",
            )
        )
    for d, day in enumerate(days):
        start = clock_minutes(day.start)
        if rules.earliest_start and start < clock_minutes(rules.earliest_start):
            out.append(
                _clock(
                    policy,
                    doc,
                    ("agenda", "days", d, "start"),
                    d,
                    f"starts at {day.start}, before {rules.earliest_start}",
                )
            )
        finish = start + sum(minutes_of(s) or 0 for s in day.sessions)
        if rules.latest_end and finish > clock_minutes(rules.latest_end):
            end = f"{finish // 60:02d}:{finish % 60:02d}"
            out.append(
                _clock(
                    policy,
                    doc,
                    ("agenda", "days", d),
                    d,
                    f"runs until {end}, past {rules.latest_end}",
                )
            )
    return out


def _clock(policy: Policy, doc: Document, path: KeyPath, day: int, text: str) -> Diagnostic:
    return doc.diagnostic(
        path,
        f"day {day + 1} {text}; the policy sets the working day",
        hint=f"see courses/{POLICY_FILE}",
        severity=WARNING if policy.severity == "warning" else "error",
    )


def session_minutes(modules: dict[str, Module]):
    def minutes_of(session) -> int | None:
        if isinstance(session, ModuleSession):
            module = modules.get(session.module)
            return session.minutes or (module.minutes if module else None)
        return session.minutes

    return minutes_of
