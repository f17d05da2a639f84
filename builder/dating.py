"""Dated content: which items of a module a course shows, given the course's date.

Any item that states a dated fact (a slide, a bullet, a key point, a case study, an activity,
a reference, a glossary entry, a timeline event, a chart category or a table row) may carry
``from:`` and ``until:``. A course shows what was valid at its *reference date*: its
``as_of`` when given (``latest``: everything current), else its start date, else the first
day of its month. A reference to a catalogued instrument is valid from the instrument's date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from .model import Course, InstrumentsFile, SourcesFile
from .view import ContentSlide

T = TypeVar("T")


def reference_date(course: Course) -> dt.date | None:
    """The date whose knowledge ``course`` shows; None for the latest content."""
    if course.as_of == "latest":
        return None
    if course.as_of is not None:
        return course.as_of
    if course.dates.start is not None:
        return course.dates.start
    year, month = course.dates.month.split("-")
    return dt.date(int(year), int(month), 1)


def window(
    item: Any, instruments: dict[str, Any] | None = None, documents: dict[str, Any] | None = None
) -> tuple[Any, Any]:
    """(from, until) of an item. A reference to a catalogued instrument starts no earlier than
    the instrument's date; a source citation, or a case study resting on source documents, no
    earlier than the latest of those documents' dates."""
    start = getattr(item, "from_", None)
    until = getattr(item, "until", None)
    found = []
    cited = getattr(item, "instrument", None)
    if instruments and cited in instruments:
        found.append(instruments[cited].start)
    if documents:
        ids = getattr(item, "sources", None)
        ids = [getattr(item, "document", None)] if ids is None else ids
        found += [documents[i] for i in ids if isinstance(i, str) and documents.get(i)]
    for day in found:
        start = day if start is None else max(start, day)
    return start, until


MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
WRITTEN = re.compile(r"^(?:(\d{1,2}) )?(?:([A-Za-z]+) )?(\d{4})$")


def written_date(text: str | None) -> dt.date | None:
    """The first day a date written as in a source (`26 April 2019`, `August 2020`, `2019`)
    can mean; None when it is not written so."""
    match = WRITTEN.match((text or "").strip())
    if not match or (match[2] and match[2].lower() not in MONTHS):
        return None
    month = MONTHS.index(match[2].lower()) + 1 if match[2] else 1
    try:
        return dt.date(int(match[3]), month, int(match[1] or 1))
    except ValueError:
        return None


def document_dates(sources: Any) -> dict[str, dt.date]:
    """Source documents' dates by id (those whose `date` is written as a date)."""
    found = sources.documents if sources is not None else []
    return {d.id: day for d in found if (day := written_date(d.date)) is not None}


def valid_at(start: Any, until: Any, when: dt.date | None) -> bool:
    """Whether an item valid from ``start`` until ``until`` is shown at ``when``."""
    if when is None:  # the latest content: everything not superseded
        return until is None
    return (start is None or start <= when) and (until is None or when < until)


class Dating:
    """What one course shows; counts the items it holds back."""

    def __init__(
        self,
        when: dt.date | None,
        instruments: InstrumentsFile | None = None,
        sources: SourcesFile | None = None,
    ):
        self.when = when
        self.instruments = {i.id: i for i in instruments.instruments} if instruments else {}
        self.documents = document_dates(sources)
        self.held_back = 0

    def shown(self, item: Any) -> bool:
        ok = valid_at(*window(item, self.instruments, self.documents), self.when)
        if not ok:
            self.held_back += 1
        return ok

    def keep(self, items: Iterable[T]) -> Iterator[tuple[int, T]]:
        """(index in the YAML, item) of the items shown: indexes keep key paths right."""
        for index, item in enumerate(items):
            if self.shown(item):
                yield index, item


class ShowAll(Dating):
    """Shows every item, superseded ones too: for callers outside a course."""

    def __init__(self) -> None:
        super().__init__(None)

    def shown(self, item: Any) -> bool:
        return True


def describe(when: dt.date | None) -> str:
    """``October 2017``-style wording of a reference date, for messages."""
    if when is None:
        return "latest"
    return when.strftime("%B %Y") if when.day == 1 else f"{when.day} {when:%B %Y}"


def emptied(slide: ContentSlide) -> bool:
    """Whether holding back dated items left ``slide`` with nothing to show: no bullets and
    no visual, a table without rows, a chart without categories, a timeline of one event …"""
    if slide.table is not None and not slide.table.rows:
        return True
    chart = slide.chart
    if chart is not None and (
        not chart.categories
        or (chart.type == "pie" and sum(v > 0 for v in chart.series[0].values) < 2)
    ):
        return True
    if slide.timeline is not None and len(slide.timeline.events) < 2:
        return True
    sides = slide.comparison
    if sides is not None and not (sides.left.bullets and sides.right.bullets):
        return True
    visuals = (slide.table, chart, slide.image, slide.quote, slide.figure, slide.timeline)
    visual = any(v is not None for v in (*visuals, slide.process, sides))
    return not visual and not slide.bullets


def most_at_once(items: list[Any]) -> int:
    """The most of ``items`` any one course shows (dated items counted while they are valid)."""
    moments = {None} | {d for item in items for d in window(item) if d is not None}
    return max(sum(valid_at(*window(item), when) for item in items) for when in moments)
