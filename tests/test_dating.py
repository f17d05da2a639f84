"""Dated content: what a course shows at its date, and the anachronism check."""

from __future__ import annotations

import copy
import datetime as dt

from click.testing import CliRunner

from builder.anachronism import mentions
from builder.cli import cli
from builder.dating import reference_date, written_date
from builder.deck.plan import plan_deck
from builder.model import Course, Module
from builder.project import load_project
from builder.resolve import resolve_course
from builder.translate import texts_of

from conftest import module_data

INSTRUMENTS = (
    "instruments:\n"
    "  - {id: unscr-1373, type: resolution, number: 1373, title: Terrorist acts, date: '2001'}\n"
    "  - {id: unscr-2462, type: resolution, number: 2462, title: Terrorist financing,"
    " date: '2019'}\n"
    "  - {id: s-prst-2018-9, type: presidential-statement, symbol: S/PRST/2018/9,"
    " title: Links, date: '2018-05-08'}\n"
)


def dated_module() -> dict:
    """The fixture module with one item of each kind dated after October 2017."""
    data = module_data()
    slides = copy.deepcopy(data["slides"])
    slides[0]["bullets"].append({"text": "Resolution 2462 (2019)", "from": "2019-03"})
    slides[1]["table"]["rows"].append({"cells": ["2462", "2019"], "from": "2019-03"})
    slides[2]["chart"]["categories"].append({"text": "Cybercrime", "from": "2020-08"})
    slides[2]["chart"]["series"][0]["values"].append(5)
    slides.append(
        {
            "from": "2019-04",
            "title": "The joint special meeting of April 2019",
            "bullets": ["Three committees", "Four regional panels", "A closing panel"],
            "notes": data["slides"][0]["notes"],
        }
    )
    return {
        "slides": slides,
        "key_points": [
            "Groups coexist, cooperate or converge",
            {"text": "Resolution 2462 (2019) recognised the link", "from": "2019-03"},
        ],
        "glossary": [
            *data["glossary"],
            {"term": "Toolkit", "definition": "UNICRI's Policy Toolkit.", "from": "2019-03"},
        ],
        "references": [{"instrument": "unscr-1373"}, {"instrument": "unscr-2462"}],
    }


def project(make_project, **course):
    root = make_project(
        module=dated_module(),
        course=course or None,
        files={"courses/instruments.yaml": INSTRUMENTS},
    )
    return root, load_project(root)


class DescribeACourseDate:
    def it_is_the_start_date_the_month_or_as_of(self, make_project):
        _, proj = project(make_project)
        course = proj.courses["sahel-2017"]
        assert reference_date(course) == dt.date(2017, 10, 1)
        start = course.model_copy(
            update={
                "dates": course.dates.model_copy(
                    update={"month": None, "start": dt.date(2018, 2, 13)}
                )
            }
        )
        assert reference_date(start) == dt.date(2018, 2, 13)
        latest = course.model_copy(update={"as_of": "latest"})
        assert reference_date(latest) is None

    def it_reads_a_source_documents_written_date(self):
        assert written_date("26 April 2019") == dt.date(2019, 4, 26)
        assert written_date("August 2020") == dt.date(2020, 8, 1)
        assert written_date("2019") == dt.date(2019, 1, 1)
        assert written_date("spring 2019") is None


class DescribeHoldingBack:
    def it_shows_only_what_was_known_at_the_date(self, make_project):
        root, proj = project(make_project)
        view = resolve_course(proj, "sahel-2017")
        module = view.modules[0]
        texts = [b.text for s in module.slides for b in s.bullets]
        assert "Resolution 2462 (2019)" not in texts
        assert [s.title for s in module.slides if "April 2019" in s.title] == []
        table = next(s.table for s in module.slides if s.table)
        assert [row[0] for row in table.rows] == ["1373", "2195"]
        chart = next(s.chart for s in module.slides if s.chart)
        assert chart.categories == ("Narcotics", "Other")
        assert chart.series[0].values == (60, 40)
        assert module.key_points == (
            "Groups coexist, cooperate or converge",
            "SAHEL-EXAMPLE artisanal gold mines",
        )
        assert "Toolkit" not in [g.term for g in module.glossary]
        assert [r.number for r in module.references] == [1373]
        # bullet, row, category, slide, key point, glossary term, reference
        assert view.held_back == 7

    def it_shows_everything_current_as_of_latest(self, make_project):
        _, proj = project(make_project, as_of="latest")
        view = resolve_course(proj, "sahel-2017")
        module = view.modules[0]
        assert view.as_of is None and view.held_back == 0
        assert "Resolution 2462 (2019)" in [b.text for s in module.slides for b in s.bullets]
        assert [r.number for r in module.references] == [1373, 2462]
        assert [r.label for r in view.instruments if r.number == 2462] == [
            "Security Council resolution 2462 (2019): Terrorist financing"
        ]

    def it_keeps_slide_numbers_consecutive_when_slides_are_held_back(self, make_project):
        _, proj = project(make_project)
        view = resolve_course(proj, "sahel-2017")
        deck = plan_deck(view, proj.theme(view.theme))
        assert [s.number for s in deck] == list(range(1, len(deck) + 1))
        assert not any("April 2019" in s.title for s in deck)

    def it_holds_back_a_slide_whose_every_bullet_is_later(self, make_project):
        module = dated_module()
        module["slides"].append(
            {
                "title": "Later only",
                "bullets": [{"text": "Toolkit", "from": "2019-03"}],
                "notes": module["slides"][0]["notes"],
            }
        )
        root = make_project(module=module, files={"courses/instruments.yaml": INSTRUMENTS})
        view = resolve_course(load_project(root), "sahel-2017")
        assert "Later only" not in [s.title for s in view.modules[0].slides]


class DescribeTheAnachronismCheck:
    def it_warns_about_an_undated_item_with_file_line_course_and_the_date_to_add(
        self, make_project
    ):
        module = dated_module()
        module["slides"][0]["bullets"].append("S/PRST/2018/9 of 8 May 2018")
        module["slides"][3]["title"] = "A voice from the field in 2019"
        root = make_project(module=module, files={"courses/instruments.yaml": INSTRUMENTS})
        result = CliRunner().invoke(cli, ["check", "--root", str(root)])
        out = result.output
        assert (
            "courses/modules/nexus-basics.yaml:" in out
            and "warning: mentions S/PRST/2018/9 but sahel-2017 is held in October 2017; "
            "write this bullet as `{text: …, from: 2018-05-08}` or rewrite it"
            in out
        ), out
        assert (
            "warning: mentions 2019 but sahel-2017 is held in October 2017; add `from: "
            "2019-01` to this slide or rewrite it" in out
        ), out
        strict = CliRunner().invoke(cli, ["check", "--strict", "--root", str(root)])
        assert strict.exit_code != 0
        line = next(x for x in out.splitlines() if "S/PRST/2018/9 but" in x)
        file, row, col = line.split(":")[:3]
        text = (root / file).read_text(encoding="utf-8").splitlines()[int(row) - 1]
        assert "S/PRST/2018/9 of 8 May 2018" in text[int(col) - 1 :]

    def it_dates_words_the_policy_lists(self, make_project):
        """A text can be dated by a word alone ("the pandemic"): the policy's dated_terms."""
        module = dated_module()
        module["slides"][0]["bullets"].append("Travel changed during the pandemic")
        policy = "dated_terms:\n  COVID-19: 2020-03\n  pandemic: 2020-03\n"
        root = make_project(
            module=module,
            files={"courses/instruments.yaml": INSTRUMENTS, "courses/policy.yaml": policy},
        )
        out = CliRunner().invoke(cli, ["check", "--root", str(root)]).output
        assert (
            "warning: mentions pandemic but sahel-2017 is held in October 2017; "
            "write this bullet as `{text: …, from: 2020-03}` or rewrite it" in out
        ), out
        assert [
            m.shown for m in mentions("a pandemics study", {}, {"pandemic": dt.date(2020, 3, 1)})
        ] == []

    def it_is_quiet_about_dated_items_and_earlier_years(self, make_project):
        root = make_project(module=dated_module(), files={"courses/instruments.yaml": INSTRUMENTS})
        result = CliRunner().invoke(cli, ["check", "--strict", "--root", str(root)])
        assert result.exit_code == 0, result.output

    def it_finds_years_symbols_and_catalogued_resolutions(self, make_project):
        _, proj = project(make_project)
        catalogue = {i.id: i for i in proj.instruments.instruments}
        found = mentions(
            "Resolutions 1373 and 2462, S/2020/754 of 6 August 2020, April 2019 and 2021",
            catalogue,
        )
        assert {m.shown for m in found} >= {
            "resolution 1373",
            "resolution 2462",
            "S/2020/754",
            "6 August 2020",
            "April 2019",
            "2021",
        }

    def it_does_not_read_amounts_sessions_or_resolution_numbers_as_years(self):
        text = (
            "2,000 people; USD 2019 million; A/RES/72/194; resolution 2017; "
            "aged 20; more than 650 times; 1.2019 per cent"
        )
        assert [m.shown for m in mentions(text, {})] == []


class DescribeTranslationKeys:
    def it_keeps_a_dated_items_text_where_the_plain_text_was(self):
        plain = module_data()
        plain["slides"][1]["table"]["rows"][1] = ["2195", "2014"]
        dated = copy.deepcopy(plain)
        dated["slides"][0]["bullets"][0] = {
            "text": "Coexistence in the same territory",
            "from": "2010-01",
        }
        dated["key_points"][1] = {"text": "Resolution 2482 matters", "from": "2019-07"}
        dated["slides"][1]["table"]["rows"][1] = {"cells": ["2195", "2014"], "from": "2014"}
        dated["slides"][2]["chart"]["categories"][0] = {"text": "Narcotics", "from": "2015-01"}
        assert dict(texts_of(dated, Module)) == dict(texts_of(plain, Module))

    def it_keeps_the_text_key_of_a_bullet_with_sub_bullets(self):
        paths = dict(texts_of(module_data(), Module))
        assert paths[("slides", 0, "bullets", 1, "text")] == "Cooperation"


def test_course_model_documents_as_of():
    assert "as_of" in Course.model_fields
    assert "latest" in Course.model_fields["as_of"].description
