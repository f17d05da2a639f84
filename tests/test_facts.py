"""Facts in the course library match the source documents.

The table below is copied from the five source documents (courses/sources.yaml lists them):
every Security Council resolution they cite, with the year they give. Course text may only
cite these resolutions, with these years. When ``../shared`` (the source documents and the
overlap tool) sits beside the project, the library is also checked for sentences copied
from the sources; a user's clone does not have it, and the test is then skipped.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from builder.load import load_file

from conftest import REPO

COURSES = REPO / "courses"

# resolution number → year, exactly as the source documents give them
RESOLUTIONS = {
    1267: 1999,
    1373: 2001,
    1988: 2011,
    1989: 2011,
    2195: 2014,
    2199: 2015,
    2253: 2015,
    2322: 2016,
    2331: 2016,
    2347: 2017,
    2368: 2017,
    2370: 2017,
    2388: 2017,
    2396: 2017,
    2462: 2019,
    2482: 2019,
}
CITED = re.compile(r"\b(1[0-9]{3}|2[0-9]{3}) (?:\(|of )((?:19|20)[0-9]{2})\)?")


def _yaml_texts():
    for path in sorted(COURSES.rglob("*.yaml")):
        yield path, path.read_text(encoding="utf-8")


def test_resolution_years_in_text_match_the_sources():
    wrong = []
    for path, text in _yaml_texts():
        for match in CITED.finditer(text):
            number, year = int(match.group(1)), int(match.group(2))
            if number in RESOLUTIONS and RESOLUTIONS[number] != year:
                wrong.append(f"{path.name}: {match.group(0)} (sources: {RESOLUTIONS[number]})")
    assert not wrong, wrong


def test_references_cite_only_resolutions_the_sources_name():
    for path in sorted((COURSES / "modules").glob("*.yaml")):
        data = load_file(path, path.name).data
        for ref in data.get("references", []):
            if ref.get("type") != "resolution":
                continue
            number = int(ref["number"])
            assert number in RESOLUTIONS, f"{path.name}: resolution {number} is not in a source"
            if ref.get("year") is not None:
                assert int(ref["year"]) == RESOLUTIONS[number], f"{path.name}: {number}"


def test_presidential_statement_symbols_follow_the_un_pattern():
    for path, text in _yaml_texts():
        for symbol in re.findall(r"S/PRST/\S+", text):
            assert re.match(r"S/PRST/(19|20)\d\d/\d+", symbol), f"{path.name}: {symbol}"


OVERLAP = REPO.parent / "shared" / "tools" / "seed_overlap.py"


@pytest.mark.skipif(not OVERLAP.is_file(), reason="the source documents are not beside the repo")
def test_no_sentence_is_copied_from_the_sources():
    result = subprocess.run(
        [sys.executable, str(OVERLAP), str(COURSES)], capture_output=True, text=True, timeout=120
    )
    assert "0 shared runs" in result.stdout, result.stdout[-3000:]
