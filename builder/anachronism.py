"""The anachronism check: text a course shows must not mention what happened after its date.

For every course, each text it will show (its outline, the modules it teaches with its
region's block, the session packs it uses, the source documents those cite) is searched for
mentions of a date: a year (``2019``), a month (``April 2019``), a day (``26 April 2019``), a
dated document symbol (``S/PRST/2018/9``, ``S/2020/754``) or a resolution whose date the
instrument catalogue knows (``resolution 2482``). A mention later than the course's
reference date is a warning at the text's file, line and column, naming the course and the
``from:`` to add to the nearest item that can carry one (or asking to rewrite the text).

Numbers that are not years are left alone: ``2,000``, ``USD 150``, resolution numbers, the
session numbers of ``A/RES/72/194``; a year no later than the course's is no finding.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from .dating import MONTHS, describe, document_dates, reference_date, valid_at, window
from .errors import WARNING, Diagnostic, KeyPath
from .model import (
    Activity,
    Bullet,
    CaseStudy,
    Category,
    Course,
    DatedText,
    GlossaryTerm,
    ModuleSession,
    PlainSession,
    Question,
    Reference,
    Row,
    Slide,
    SourceCitation,
    TimelineEvent,
    partial_precision,
)

if TYPE_CHECKING:
    from .project import Project

# fields that hold no prose a course shows (ids, paths, formats)
SKIPPED = frozenset(
    {"id", "path", "file", "number_format", "version", "layout", "document", "language"}
    | {"use", "skip_slides", "theme", "region", "module", "type", "item", "instrument"}
    | {"dates", "as_of"}
)
_MONTH = "|".join(m.capitalize() for m in MONTHS)
_YEAR = r"(?:19|20)\d\d"
DAY = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\s+({_YEAR})\b")
MONTH = re.compile(rf"\b({_MONTH})\s+({_YEAR})\b")
SYMBOL = re.compile(r"\b[A-Z]{1,3}(?:/[A-Z]{2,6})*/((?:19|20)\d\d)/\d+\b")
RESOLUTIONS = re.compile(
    r"\b(?:[Rr]esolutions?|UNSCR|S/RES/)\s*"
    r"(\d{3,4}(?:\s*\((?:19|20)\d\d\))?(?:\s*(?:,|and|&)\s*\d{3,4}(?:\s*\((?:19|20)\d\d\))?)*)"
)
NUMBER = re.compile(r"\d{3,4}(?!\))")
AMOUNT = re.compile(r"(?:\b(?:USD|EUR|GBP|US\$)|[$€£])\s?\d[\d,.]*", re.IGNORECASE)
YEAR = re.compile(rf"(?<![\w/.,$£€-])({_YEAR})(?![\w/]|[.,]\d)")

# what to call the nearest item that can carry `from:`
KINDS: tuple[tuple[type, str], ...] = (
    (Slide, "slide"),
    (Bullet, "bullet"),
    (DatedText, "item"),
    (CaseStudy, "case study"),
    (Activity, "activity"),
    (Reference, "reference"),
    (GlossaryTerm, "glossary entry"),
    (TimelineEvent, "timeline event"),
    (Row, "table row"),
    (Category, "chart category"),
    (SourceCitation, "source citation"),
    (Question, "question"),
)
# lists whose plain items may become dated mappings, by field name
DATABLE_LISTS = {
    "bullets": "bullet",
    "sub": "bullet",
    "key_points": "key point",
    "examples": "example",
    "objectives": "objective",
    "rows": "table row",
    "categories": "chart category",
    "points": "point",
}


@dataclass(frozen=True)
class Mention:
    """A date a text mentions: ``shown`` as written, ``date`` its earliest day, ``precision``
    ``year``, ``month`` or ``day``."""

    shown: str
    date: dt.date
    precision: str

    def later_than(self, when: dt.date) -> bool:
        if self.precision == "year":
            return self.date.year > when.year
        if self.precision == "month":
            return (self.date.year, self.date.month) > (when.year, when.month)
        return self.date > when

    @property
    def from_value(self) -> str:
        """What to write in `from:`: the month, or the day when the mention gives it."""
        return self.date.isoformat() if self.precision == "day" else f"{self.date:%Y-%m}"


def mentions(
    text: str, instruments: dict[str, Any] | None = None, terms: dict[str, dt.date] | None = None
) -> list[Mention]:
    """The dates ``text`` mentions (see the module's docstring); ``terms`` are words that
    date a text by themselves (the policy's ``dated_terms``: "COVID-19" from March 2020)."""
    found: list[Mention] = [
        Mention(term, day, "day" if day.day > 1 else "month")
        for term, day in (terms or {}).items()
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE)
    ]
    masked = text
    by_symbol = {(i.symbol or "").casefold(): i for i in (instruments or {}).values()}
    by_number = {i.number: i for i in (instruments or {}).values() if i.number is not None}

    def hide(match: re.Match) -> str:
        return " " * len(match.group(0))

    for match in RESOLUTIONS.finditer(text):
        for number in NUMBER.findall(re.sub(r"\(\d{4}\)", "", match.group(1))):
            known = by_number.get(int(number))
            if known is not None:
                found.append(Mention(f"resolution {number}", known.start, _precision(known)))
    masked = RESOLUTIONS.sub(lambda m: m.group(0).split(m.group(1))[0] + _years(m.group(1)), text)
    for match in SYMBOL.finditer(masked):
        known = by_symbol.get(match.group(0).casefold())
        year = int(match.group(1))
        found.append(
            Mention(match.group(0), known.start, _precision(known))
            if known
            else Mention(match.group(0), dt.date(year, 1, 1), "year")
        )
    masked = SYMBOL.sub(hide, masked)
    for match in DAY.finditer(masked):
        day, month, year = int(match[1]), MONTHS.index(match[2].lower()) + 1, int(match[3])
        try:
            found.append(Mention(match.group(0), dt.date(year, month, day), "day"))
        except ValueError:
            continue
    masked = DAY.sub(hide, masked)
    for match in MONTH.finditer(masked):
        month = MONTHS.index(match[1].lower()) + 1
        found.append(Mention(match.group(0), dt.date(int(match[2]), month, 1), "month"))
    masked = AMOUNT.sub(hide, MONTH.sub(hide, masked))
    for match in YEAR.finditer(masked):
        found.append(Mention(match.group(1), dt.date(int(match.group(1)), 1, 1), "year"))
    return found


def _precision(instrument) -> str:
    return partial_precision(instrument.date)


def _years(numbers: str) -> str:
    """The ``(2019)`` years of a list of resolution numbers, the numbers blanked."""
    return re.sub(r"\d{3,4}(?!\))", lambda m: " " * len(m.group(0)), numbers)


# --------------------------------------------------------------------------- walking


@dataclass(frozen=True)
class Text:
    path: KeyPath
    text: str
    item: KeyPath | None  # nearest item that can carry `from:`
    kind: str  # what that item is ("slide", "bullet" …)
    plain: bool  # the item is a plain string that must become a mapping


def walk(
    value: Any, path: KeyPath, when: dt.date, catalogue: dict, item=None, kind="", plain=False
) -> Iterator[Text]:
    """The texts of ``value`` shown at ``when``, each with its nearest datable item
    (``catalogue``: instruments by id, and ``"documents"``: source documents' dates)."""
    if isinstance(value, BaseModel):
        if not valid_at(*window(value, catalogue, catalogue.get(DOCUMENTS)), when):
            return
        named = next((name for cls, name in KINDS if isinstance(value, cls)), None)
        if named:
            item, kind, plain = path, named, False
        for name in type(value).model_fields:
            if name in SKIPPED or name in ("from_", "until"):
                continue
            yield from walk(getattr(value, name), (*path, name), when, catalogue, item, kind, plain)
    elif isinstance(value, str):
        yield Text(path, value, item, kind, plain)
    elif isinstance(value, (list, tuple)):
        own = DATABLE_LISTS.get(path[-1]) if path and isinstance(path[-1], str) else None
        for index, child in enumerate(value):
            if own and isinstance(child, (str, list)):
                yield from walk(child, (*path, index), when, catalogue, (*path, index), own, True)
            else:
                yield from walk(child, (*path, index), when, catalogue, item, kind, plain)
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from walk(child, (*path, key), when, catalogue, item, kind, plain)


def _module_texts(
    project: Project, session: ModuleSession, region_id: str, when: dt.date, catalogue: dict
):
    module = project.modules.get(session.module)
    if module is None:
        return
    doc = project.module_docs[module.id]
    skip = set(session.skip_slides)
    for name in type(module).model_fields:
        if name in SKIPPED or name == "regional":
            continue
        value = getattr(module, name)
        if name == "slides":
            for i, slide in enumerate(value):
                if slide.title not in skip:
                    yield doc, walk(slide, ("slides", i), when, catalogue)
        elif name == "sources":
            yield doc, _citations(project, module.sources, when, catalogue)
        else:
            yield doc, walk(value, (name,), when, catalogue)
    chain = project.region_chain(region_id)
    region = next((r for r in chain if r in module.regional), None)
    if region is not None:
        block = module.regional[region]
        yield doc, walk(block, ("regional", region), when, catalogue)


def _citations(project: Project, citations, when, catalogue) -> Iterator[Text]:
    """The module's source citations, with the titles of the documents they cite."""
    documents = {d.id: d for d in project.sources.documents} if project.sources else {}
    for index, cite in enumerate(citations):
        path = ("sources", index)
        if not valid_at(*window(cite, None, catalogue.get(DOCUMENTS)), when):
            continue
        yield Text((*path, "backs"), cite.backs, path, "source citation", False)
        known = documents.get(cite.document)
        if known is not None:
            for part in (known.title, known.date, known.symbol):
                if part:
                    yield Text((*path, "document"), part, path, "source citation", False)


def course_texts(project: Project, course: Course, when: dt.date):
    """(document, texts) of everything ``course`` shows."""
    catalogue = instruments_and_documents(project)
    doc = project.course_docs[course.id]
    yield doc, walk(course, (), when, catalogue)
    for day in course.agenda.days:
        for session in day.sessions:
            if isinstance(session, ModuleSession):
                yield from _module_texts(project, session, course.region, when, catalogue)
            elif isinstance(session, PlainSession) and session.use in project.packs:
                pack = project.packs[session.use]
                pdoc = project.pack_docs[pack.id]
                for name in type(pack).model_fields:
                    if name not in SKIPPED and name != "regional":
                        yield pdoc, walk(getattr(pack, name), (name,), when, catalogue)
                chain = project.region_chain(course.region)
                region = next((r for r in chain if r in pack.regional), None)
                if region is not None:
                    block = pack.regional[region]
                    yield pdoc, walk(block, ("regional", region), when, catalogue)


DOCUMENTS = "\0documents"  # key of the source documents' dates in a walk's catalogue


def instruments_and_documents(project: Project) -> dict[str, Any]:
    """Instruments by id, with the source documents' dates under :data:`DOCUMENTS`."""
    found: dict[str, Any] = (
        {i.id: i for i in project.instruments.instruments} if project.instruments else {}
    )
    found[DOCUMENTS] = document_dates(project.sources)
    return found


def held(course: Course, when: dt.date) -> str:
    """``algiers-2017 is held in October 2017`` (or shows what was known …)."""
    if course.as_of is not None:
        return f"{course.id} shows what was known on {describe(when)}"
    if course.dates.month:
        return f"{course.id} is held in {describe(when)}"
    return f"{course.id} is held on {describe(when)}"


def check_anachronisms(project: Project) -> list[Diagnostic]:
    """A warning for each text a course shows that mentions a later date."""
    out: list[Diagnostic] = []
    catalogue = {i.id: i for i in project.instruments.instruments} if project.instruments else {}
    terms = dict(project.policy.dated_terms) if project.policy else {}
    seen: set[tuple] = set()
    for course_id, course in sorted(project.courses.items()):
        when = reference_date(course)
        if when is None:
            continue
        for doc, texts in course_texts(project, course, when):
            for text in texts:
                found = mentions(text.text, catalogue, terms)
                later = [m for m in found if m.later_than(when)]
                if not later:
                    continue
                latest = max(later, key=lambda m: m.date)
                key = (doc.name, text.path, course_id)
                if key in seen:
                    continue
                seen.add(key)
                out.append(_finding(doc, text, latest, held(course, when)))
    return out


def _finding(doc, text: Text, mention: Mention, held_text: str) -> Diagnostic:
    line, col = doc.where(text.path)
    if text.item is None:
        hint = "rewrite it: this text cannot carry a date"
    elif text.plain:
        hint = (
            f"write this {text.kind} as `{{text: …, from: {mention.from_value}}}` or rewrite it"
            if text.kind not in ("table row",)
            else f"write this row as `{{cells: [...], from: {mention.from_value}}}` or rewrite it"
        )
    else:
        hint = f"add `from: {mention.from_value}` to this {text.kind} or rewrite it"
    return Diagnostic(
        doc.name,
        line,
        col,
        f"mentions {mention.shown} but {held_text}",
        severity=WARNING,
        hint=hint,
    )
