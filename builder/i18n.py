"""The builder's own words and formats, per language: message catalogues and CLDR formats.

Every fixed string the builder and the built-in theme write ("Agenda", "Day 1", "Hosted
by" …) is marked in the code with :func:`N_` or looked up with :meth:`Messages.gettext`, and
extracted into ``builder/locale/messages.pot`` (``make messages``, which runs Babel's
``pybabel extract`` with ``babel.cfg`` and updates each language's
``builder/locale/<lang>/LC_MESSAGES/messages.po``). The catalogues of ``en``, ``fr`` and
``ar`` ship with the package; a language without a catalogue, or a string a catalogue does
not translate, falls back to English (``check`` warns, naming the string).

Dates, day and month names and list joining come from the CLDR through Babel. The locale
for formats is the edition's language refined by the country the workshop is held in when
CLDR knows that pair: Arabic for Algiers uses ``ar_DZ`` (Maghreb month names, Latin digits),
French for Algiers ``fr_DZ``.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
# English lists and dates follow UN usage ("A, B and C", "13 February 2018")
_BARE_DEFAULTS = {"en": "en_GB"}


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark for extraction"
    """Mark ``message`` for extraction without translating it here."""
    return message


# --------------------------------------------------------------------------- locales


@lru_cache(maxsize=64)
def _territory(country: str) -> str | None:
    """The CLDR territory code of a country named in English (``Algeria`` → ``DZ``)."""
    names = {name.casefold(): code for code, name in Locale("en").territories.items()}
    return names.get(country.strip().casefold()) if country else None


@lru_cache(maxsize=256)
def locale_for(language: str, country: str | None = None) -> Locale:
    """The CLDR locale for ``language`` (a BCP 47 tag) in ``country``: ``ar`` in Algeria is
    ``ar_DZ``; a tag with its own region keeps it; an unknown tag falls back to English."""
    tag = (language or "en").replace("_", "-")
    base = tag.split("-")[0].casefold()
    candidates = []
    if "-" in tag:
        candidates.append(tag)
    territory = _territory(country) if country else None
    if territory:
        candidates.append(f"{base}-{territory}")
    candidates += [_BARE_DEFAULTS.get(base, base).replace("_", "-"), "en-GB"]
    for candidate in candidates:
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en_GB")


def is_rtl(language: str) -> bool:
    return locale_for(language).text_direction == "rtl"


# --------------------------------------------------------------------------- formats


def join_list(items: Iterable[str], locale: Locale) -> str:
    values = [str(item) for item in items]
    return format_list(values, locale=locale) if values else ""


def format_month(year: int, month: int, locale: Locale) -> str:
    """``October 2017``, ``octobre 2017``, ``أكتوبر 2017``."""
    return format_skeleton("yMMMM", dt.date(year, month, 1), locale=locale)


def format_day(day: dt.date, locale: Locale, weekday: bool = False) -> str:
    """``13 February 2018`` (``Tuesday, 13 February 2018`` with ``weekday``)."""
    if weekday:
        return format_date(day, format="full", locale=locale)
    return format_skeleton("yMMMMd", day, locale=locale)


def format_range(start: dt.date, end: dt.date, locale: Locale) -> str:
    """``13–14 February 2018``: CLDR's interval pattern for the greatest difference, with
    month names in full."""
    if start == end:
        return format_day(start, locale)
    diff = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    parts = locale.interval_formats.get("yMMMd", {}).get(diff)
    if not parts or len(parts) != 2:
        return f"{format_day(start, locale)} – {format_day(end, locale)}"
    first, second = (_full_months(p) for p in parts)
    return format_date(start, first, locale=locale) + format_date(end, second, locale=locale)


def _full_months(pattern: str) -> str:
    """``MMM`` (abbreviated month) → ``MMMM`` (full), outside quoted literals."""
    out, quoted, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "'":
            quoted = not quoted
        if not quoted and pattern.startswith("MMM", i) and not pattern.startswith("MMMM", i):
            out.append("MMMM")
            i += 3
            continue
        out.append(char)
        i += 1
    return "".join(out)


# --------------------------------------------------------------------------- messages


@lru_cache(maxsize=16)
def _catalogue(language: str) -> Catalogue:
    """The translations of ``language`` (its base language's when it has none)."""
    for tag in (language.replace("-", "_"), language.split("-")[0]):
        path = LOCALE_DIR / tag / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            catalog = read_po(io.BytesIO(path.read_bytes()), locale=tag)
            out = Catalogue(plural=catalog.plural_expr)
            for m in catalog:
                if not m.id or m.fuzzy:
                    continue
                if isinstance(m.id, str):
                    if m.string:
                        out.singular[m.id] = str(m.string)
                elif all(m.string):
                    out.plurals[tuple(m.id)] = tuple(m.string)
            return out
    return Catalogue()


@dataclass
class Catalogue:
    """One language's translations: msgid → text, (singular, plural) → forms, and the
    language's plural rule (a C expression in ``n`` choosing the form)."""

    singular: dict[str, str] = field(default_factory=dict)
    plurals: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    plural: str = "(n != 1)"

    def form(self, n: int) -> int:
        return int(_plural_rule(self.plural)(n))

    def __contains__(self, message: str) -> bool:
        return message in self.singular or any(message == key[0] for key in self.plurals)


@lru_cache(maxsize=16)
def _plural_rule(expression: str):
    from gettext import c2py

    return c2py(expression)


class Messages:
    """The builder's fixed strings in one language: ``gettext`` and formats."""

    def __init__(self, language: str, country: str | None = None):
        self.language = language
        self.locale = locale_for(language, country)
        self._table = _catalogue(language)

    def gettext(self, message: str, **values) -> str:
        """``message`` in this language (English when not translated), with ``{name}``
        placeholders filled from ``values``."""
        text = self._table.singular.get(message, message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of ``singular`` / ``plural`` for ``n`` in this language."""
        forms = self._table.plurals.get((singular, plural))
        if forms:
            index = self._table.form(n)
            return forms[min(index, len(forms) - 1)]
        return singular if n == 1 else plural

    def missing(self, messages: Iterable[str]) -> list[str]:
        """Which of ``messages`` this language's catalogue does not translate."""
        if self.language.split("-")[0] == "en":
            return []
        return [m for m in messages if m not in self._table]

    def join(self, items: Iterable[str]) -> str:
        return join_list(items, self.locale)

    def month(self, year: int, month: int) -> str:
        return format_month(year, month, self.locale)

    def day(self, day: dt.date, weekday: bool = False) -> str:
        return format_day(day, self.locale, weekday)

    def range(self, start: dt.date, end: dt.date) -> str:
        return format_range(start, end, self.locale)


def course_messages(course) -> Messages:
    """The builder's words and formats for a resolved course edition (its ``locale`` was
    refined by the host country's English name, which a translated view no longer holds)."""
    messages = Messages(course.language, course.country)
    if getattr(course, "locale", ""):
        messages.locale = Locale.parse(course.locale)
    return messages


def language_tag(course) -> str:
    """The BCP 47 tag runs of the edition carry: ``ar`` held in Algeria → ``ar-DZ``; a
    language CLDR does not refine stays as written."""
    locale = course_messages(course).locale
    if locale.language != course.language.split("-")[0].casefold() or not locale.territory:
        return course.language
    return f"{locale.language}-{locale.territory}"


def catalogue_messages() -> list[str]:
    """Every fixed string of the builder (the msgids of ``builder/locale/messages.pot``)."""
    path = LOCALE_DIR / f"{DOMAIN}.pot"
    if not path.is_file():
        return []
    return [
        m.id if isinstance(m.id, str) else str(m.id[0])
        for m in read_po(io.BytesIO(path.read_bytes()))
        if m.id
    ]


def has_catalogue(language: str) -> bool:
    return any(
        (LOCALE_DIR / tag / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()
        for tag in (language.replace("-", "_"), language.split("-")[0])
    )
