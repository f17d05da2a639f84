"""The builder's fixed strings and formats per language (Babel, CLDR)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from builder.cli import cli
from builder.i18n import LOCALE_DIR, Messages, catalogue_messages, locale_for

from conftest import REPO, course_data

SHIPPED = ["en", "fr", "ar"]


def test_the_message_template_is_current(tmp_path):
    out = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "-k",
            "gettext",
            "--no-location",
            "--sort-output",
            "--omit-header",
            "-o",
            str(out),
            ".",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    assert out.read_text(encoding="utf-8") == (LOCALE_DIR / "messages.pot").read_text(
        encoding="utf-8"
    ), "run `make messages` and translate the new strings"


@pytest.mark.parametrize("language", SHIPPED)
def test_every_fixed_string_is_translated(language):
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    catalog = read_po(io.BytesIO(path.read_bytes()))
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id and not m.fuzzy and (m.string if isinstance(m.id, str) else all(m.string))
    }
    missing = set(catalogue_messages()) - translated
    assert not missing, f"{language}: {sorted(missing)}"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_translations_keep_the_placeholders(language):
    catalog = read_po(
        io.BytesIO((LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").read_bytes())
    )
    import re

    def fields(text: str) -> set[str]:
        return set(re.findall(r"\{\w+\}|%\(\w+\)s", text))

    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, str):
            assert fields(message.id) == fields(message.string), message.id
            continue
        # a plural form may leave the count out ("one session"), never add a field
        allowed = fields(message.id[1])
        assert fields(message.id[0]) <= allowed, message.id
        for form in message.string:
            assert form and fields(form) <= allowed, (message.id, form)
        assert fields(message.string[-1]) == allowed, message.id


class DescribeFormats:
    def it_refines_the_locale_by_the_country(self):
        assert str(locale_for("ar", "Algeria")) == "ar_DZ"
        assert str(locale_for("fr", "Algeria")) == "fr_DZ"
        assert str(locale_for("en", "Algeria")) == "en_GB"
        assert str(locale_for("en-US", "Algeria")) == "en_US"
        assert str(locale_for("xx", "Nowhere")) == "en_GB"

    def it_formats_months_days_and_ranges(self):
        fr = Messages("fr", "Algeria")
        assert fr.month(2017, 10) == "octobre 2017"
        assert fr.range(dt.date(2018, 2, 13), dt.date(2018, 2, 14)) == "13–14 février 2018"
        assert fr.day(dt.date(2018, 2, 13), weekday=True) == "mardi 13 février 2018"
        ar = Messages("ar", "Algeria")
        assert ar.month(2017, 10) == "أكتوبر 2017"
        assert "فيفري" in ar.range(dt.date(2018, 2, 13), dt.date(2018, 2, 14))  # Maghreb name
        en = Messages("en")
        assert (
            en.range(dt.date(2018, 2, 27), dt.date(2018, 3, 1))
            == "27 February\u2009–\u20091 March 2018"
        )
        assert en.join(["A", "B", "C"]) == "A, B and C"

    def it_translates_and_fills_placeholders(self):
        assert Messages("fr").gettext("Day {number}", number=2) == "Jour 2"
        assert Messages("sq").gettext("Day {number}", number=2) == "Day 2"  # no catalogue


class DescribeCheck:
    def it_warns_when_a_language_has_no_catalogue(self, make_project):
        root = make_project(course={"language": "sq"})
        result = CliRunner().invoke(cli, ["check", "--root", str(root)])
        assert "warning: the builder has no sq catalogue" in result.stderr

    def it_names_days_in_the_edition_language(self, make_project):
        from builder.project import load_project
        from builder.resolve import resolve_course

        agenda = course_data()["agenda"]
        root = make_project(
            course={"dates": {"start": "2018-02-13"}, "agenda": agenda, "languages": ["fr"]}
        )
        project = load_project(root)
        view = resolve_course(project, "sahel-2017", "fr")
        assert view.days[0].label == "Jour 1 – mardi 13 février 2018"
        assert view.dates_label == "13 février 2018"
        assert [s.title for s in view.sessions if s.kind == "lunch"] == ["Déjeuner"]


class DescribeWhatTheCatalogueCovers:
    def it_holds_the_deck_labels_notes_and_the_themes_text_templates(self):
        messages = set(catalogue_messages())
        assert {"Key takeaways", "Hosted by", "(cont.)", "Module {number} of {total}"} <= messages
        assert "Present “{title}”." in messages  # a speaker-note sentence (builder/deck/notes.py)
        assert "How to use this handout" in messages  # handout-how-to-use.md.j2
        assert any(m.startswith("Over %(days)s days") for m in messages)  # a plural message

    def it_picks_the_plural_form_of_the_language(self):
        singular, plural = "One session", "%(num)s sessions"
        assert Messages("en").ngettext(singular, plural, 1) == singular
        assert Messages("en").ngettext(singular, plural, 3) == plural
        over = [m for m in catalogue_messages() if m.startswith("Over %(days)s days")][0]
        forms = {
            n: Messages("ar").ngettext(over, over.replace("session looks", "sessions look"), n)
            for n in (1, 2, 3, 11)
        }
        assert "جلسة واحدة" in forms[1] and "جلستان" in forms[2]
        assert "%(count)s جلسات" in forms[3] and "%(count)s جلسة" in forms[11]
