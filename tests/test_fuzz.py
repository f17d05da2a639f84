"""Mutation fuzzing: broken YAML never crashes the loader or the validator.

Hypothesis takes the valid files of the fixture project, mutates their text (insert, delete
and replace characters, swap and duplicate lines, YAML punctuation, random Unicode with
control characters and surrogates) and checks that :func:`builder.project.load_project`
raises nothing but :class:`builder.errors.BuildError` (normally it just records
diagnostics), and that every diagnostic names its file and a real position in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.cli import cli
from builder.errors import BuildError
from builder.load import parse
from builder.project import load_project

from conftest import write_project

FILES = [
    "courses/regions.yaml",
    "courses/sources.yaml",
    "courses/modules/nexus-basics.yaml",
    "courses/modules/second-module.yaml",
    "courses/workshops/sahel-2017.yaml",
]

# Characters YAML, Jinja and the loader care about, plus control characters.
PUNCTUATION = [
    ":",
    ": ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!",
    "!!str ",
    "!!python/object/apply:os.system ",
    "---\n",
    "...\n",
    "\t",
    '"',
    "'",
    "|",
    ">",
    "#",
    "? ",
    "\\",
    "%",
    "@",
    "`",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "\n",
    "\r",
    "  ",
    "~",
    "null",
    "true",
    "no",
    "1.10",
    "09:00",
    "2017-13-45",
    "0x",
    "9" * 30,
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\ud800",
    "é",
    "e\u0301",
    "🙂",
]

unicode_text = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()),  # includes Cc and Cs
    min_size=1,
    max_size=8,
)
snippet = st.one_of(st.sampled_from(PUNCTUATION), unicode_text)


@st.composite
def mutation(draw, text: str) -> str:
    """One random edit of ``text``."""
    lines = text.split("\n")
    kind = draw(
        st.sampled_from(["insert", "delete", "replace", "swap", "duplicate", "drop-line", "indent"])
    )
    pos = draw(st.integers(0, max(len(text) - 1, 0)))
    if kind == "insert":
        return text[:pos] + draw(snippet) + text[pos:]
    if kind == "delete":
        size = draw(st.integers(1, 20))
        return text[:pos] + text[pos + size :]
    if kind == "replace":
        return text[:pos] + draw(snippet) + text[pos + 1 :]
    a = draw(st.integers(0, len(lines) - 1))
    b = draw(st.integers(0, len(lines) - 1))
    if kind == "swap":
        lines[a], lines[b] = lines[b], lines[a]
    elif kind == "duplicate":
        lines.insert(b, lines[a])
    elif kind == "drop-line":
        del lines[a]
    else:
        lines[a] = draw(st.sampled_from([" ", "  ", "    ", "\t"])) + lines[a]
    return "\n".join(lines)


@st.composite
def mutated_file(draw) -> tuple[str, str]:
    name = draw(st.sampled_from(FILES))
    text = ORIGINAL[name]
    for _ in range(draw(st.integers(1, 4))):
        text = draw(mutation(text))
    return name, text


ORIGINAL: dict[str, str] = {}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = write_project(tmp_path_factory.mktemp("fuzz") / "project")
    for name in FILES:
        ORIGINAL[name] = (root / name).read_text(encoding="utf-8")
    assert not load_project(root).report.diagnostics  # the base project is clean
    return root


def _encode(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")  # lone surrogates → invalid UTF-8


def check_diagnostics(root: Path, name: str, text: str) -> None:
    try:
        project = load_project(root)
        diagnostics = project.report.diagnostics
    except BuildError as exc:
        diagnostics = exc.diagnostics
    line_count = len(text.splitlines()) + 1  # libyaml may count \r, NEL, LS as line breaks
    for diag in diagnostics:
        assert diag.file, diag
        assert str(diag)
        if diag.file in FILES:  # every fuzzed file exists and can be read
            assert diag.line >= 1 and diag.column >= 1, diag
        if diag.file == name:
            assert diag.line <= line_count, (diag, line_count)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(change=st.data())
def test_mutated_files_give_diagnostics_not_crashes(project, change):
    name, text = change.draw(mutated_file(), label="mutation")
    path = project / name
    try:
        path.write_bytes(_encode(text))
        check_diagnostics(project, name, text)
    finally:
        path.write_text(ORIGINAL[name], encoding="utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(change=st.data())
def test_mutated_files_through_check_never_show_a_traceback(project, change):
    name, text = change.draw(mutated_file(), label="mutation")
    path = project / name
    try:
        path.write_bytes(_encode(text))
        result = CliRunner().invoke(cli, ["check", "--root", str(project)])
    finally:
        path.write_text(ORIGINAL[name], encoding="utf-8")
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(PUNCTUATION), st.characters(codec="utf-8")), max_size=40
    ).map("".join)
)
def test_parse_of_random_text_raises_only_build_error(text):
    try:
        doc = parse(text, "r.yaml")
    except BuildError as exc:
        assert all(d.file == "r.yaml" and d.line >= 1 and d.column >= 1 for d in exc.diagnostics), (
            exc.diagnostics
        )
    else:
        assert all(line >= 1 and col >= 1 for line, col in doc.values.values())
