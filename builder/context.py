"""The values text templates see, and how they print.

Every ``{{ … }}`` — in a module's or an outline's text fields, and in a theme's ``*.j2`` text
templates and header/footer fields — sees named groups of values (``course``, ``region``,
``document``). This module gives them the shape a reader expects:

* a group is a :class:`Namespace`: a read-only mapping that knows its own name, so that
  ``{{ course.citty }}`` fails with "course has no 'citty'" and the suggestion "did you mean
  'city'?" rather than Jinja's "'dict object' has no attribute 'citty'";
* a list is a :class:`TextList`: it prints as a sentence list in the course's language
  (``Algeria, Libya and Mali``; ``Algérie, Libye et Mali``), never as ``['Algeria', 'Libya']``,
  and can still be looped over or indexed;
* a name that does not exist fails with a located error naming what is available.

:data:`NAMES` documents every value; ``docs/authoring.md`` shows the same table and a test
keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import StrictUndefined
from jinja2.exceptions import UndefinedError
from jinja2.utils import missing

from .errors import suggest

# name → what it gives, for the editors' guide (docs/authoring.md shows this table)
NAMES: dict[str, str] = {
    "course.id": "the course id, e.g. `algiers-2017`",
    "course.title": "the workshop's title",
    "course.subtitle": "its subtitle (empty when none)",
    "course.city": "the city, e.g. `Tirana`",
    "course.country": "the country, e.g. `Albania`",
    "course.place": "city and country, `Tirana, Albania` (just `Singapore` when they are one)",
    "course.dates": "`October 2017` or `13–14 February 2018`",
    "course.language": "the language tag, e.g. `en`",
    "course.hosts": "the hosts' names as a list: prints `A, B and C` in the course language",
    "course.audience": "who the workshop is for (empty when not given)",
    "region.id": "the region id, e.g. `balkans`",
    "region.name": "the region's name, e.g. `The Balkans`",
    "region.countries": "the region's countries as a list: prints `Albania, Kosovo and Serbia`",
}
# only in a theme's text templates and header/footer fields
THEME_NAMES: dict[str, str] = {
    "course.when": "the dates as a sentence says them: `in October 2017`, `on 26 April 2019`, "
    "`on 13–14 February 2018`",
    "course.description": "the outline's description paragraph",
    "course.days": "the number of days",
    "course.modules": "the module titles as a list, in agenda order",
    "course.module_count": "the number of module sessions",
    "document.kind": "`handout` or `guide`",
    "document.label": "the document's name as printed, e.g. `Participant handout`",
    "deck.slides": "the number of slides in the course's deck (guide templates only)",
}


def join_list(items: Iterable[str], language: str = "en") -> str:
    """``A, B and C`` in ``language`` (CLDR list patterns; English without serial comma)."""
    from . import i18n

    return i18n.join_list(items, i18n.locale_for(language))


class TextList(tuple):
    """A list of texts that prints as a sentence list in its language."""

    language: str

    def __new__(cls, items: Iterable[str], language: str = "en") -> TextList:
        made = super().__new__(cls, tuple(items))
        made.language = language
        return made

    def __str__(self) -> str:
        return join_list(self, self.language)

    __repr__ = __str__


class Namespace:
    """A named group of template values (``course``, ``region``), read-only.

    Values are reached as attributes (``course.city``) or items (``course['city']``); the
    group has no public attributes of its own, so no value name can clash with one.
    """

    __slots__ = ("_name", "_values")

    def __init__(self, name: str, values: Mapping[str, Any]):
        self._name = name
        self._values = dict(values)

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(key) from None

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self):
        return iter(self._values)

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __str__(self) -> str:  # ``{{ course }}`` alone is a mistake, not a dump of values
        raise UndefinedError(
            _Message(
                f"{self._name!r} is a group of values, not a text",
                f"use one of: {', '.join(f'{self._name}.{k}' for k in self._values)}",
            )
        )


class _Message(str):
    """An error message that carries a hint for the located diagnostic."""

    hint: str | None

    def __new__(cls, text: str, hint: str | None = None) -> _Message:
        made = super().__new__(cls, text)
        made.hint = hint
        return made


class Undefined(StrictUndefined):
    """StrictUndefined with messages that name the group and suggest the closest name."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        obj, name = self._undefined_obj, self._undefined_name
        if self._undefined_hint:
            return self._undefined_hint
        if isinstance(obj, Namespace):
            group = obj._name
            close = suggest(str(name), obj)
            hint = f"did you mean '{group}.{close}'?" if close else f"{group} has: {', '.join(obj)}"
            return _Message(f"{group} has no {str(name)!r}", hint)
        if obj is missing:
            return _Message(f"{name!r} is not defined")
        return super()._undefined_message


def hint_of(exc: Exception, context: Mapping[str, Any]) -> str | None:
    """The suggestion carried by a template error, or one made from ``context``'s names."""
    message = getattr(exc, "message", None)
    hint = getattr(message, "hint", None)
    if hint:
        return hint
    undefined = isinstance(exc, UndefinedError) and isinstance(message, str)
    if undefined and message.endswith("is not defined"):
        name = message.split("'")[1] if "'" in message else ""
        close = suggest(name, context)
        return f"did you mean {close!r}?" if close else f"available: {', '.join(context)}"
    return None


def course_values(
    *,
    language: str,
    course_id: str,
    title: str | None,
    subtitle: str | None,
    city: str,
    country: str,
    dates: str,
    hosts: Iterable[str],
    audience: str | None,
    region_id: str,
    region_name: str,
    countries: Iterable[str],
    **extra: Any,
) -> dict[str, Namespace]:
    """The ``course`` and ``region`` groups (``extra`` adds theme-only course values).

    A text given as None is left out: an outline's title cannot refer to itself."""
    place = city if city == country else f"{city}, {country}"
    course = {
        "id": course_id,
        "title": title,
        "subtitle": subtitle,
        "city": city,
        "country": country,
        "place": place,
        "dates": dates,
        "language": language,
        "hosts": TextList(hosts, language),
        "audience": audience,
    }
    course = {key: value for key, value in course.items() if value is not None}
    for key, value in extra.items():
        is_list = isinstance(value, (list, tuple)) and not isinstance(value, TextList)
        course[key] = TextList(value, language) if is_list else value
    return {
        "course": Namespace("course", course),
        "region": Namespace(
            "region",
            {"id": region_id, "name": region_name, "countries": TextList(countries, language)},
        ),
    }
