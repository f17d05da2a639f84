"""The safe, located YAML loader (builder/load.py): scalars, positions, errors."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from builder.errors import BuildError
from builder.load import MAX_BYTES, MAX_DEPTH, YFloat, YInt, load_file, parse, plain
from builder.model import Course, Dates, Day, Module, SourceDocument
from builder.validate import validate_document

from conftest import course_data, module_data


def error_of(text: str):
    """The single diagnostic that parsing ``text`` raises."""
    with pytest.raises(BuildError) as info:
        parse(text, "f.yaml")
    assert len(info.value.diagnostics) == 1
    return info.value.diagnostics[0]


def dump(data) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


# --------------------------------------------------------------------------- scalars


@pytest.mark.parametrize("word", ["no", "No", "NO", "yes", "Yes", "on", "off", "y", "n", "Off"])
def test_yaml_11_booleans_stay_text(word):
    assert parse(f"a: {word}").data == {"a": word}


@pytest.mark.parametrize(
    "word,value",
    [("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False)],
)
def test_only_yaml_12_booleans_are_booleans(word, value):
    assert parse(f"a: {word}").data["a"] is value


@pytest.mark.parametrize("text", ["a:", "a: ~", "a: null", "a: Null", "a: NULL"])
def test_nulls(text):
    assert parse(text).data == {"a": None}


def test_quoted_scalars_are_always_text():
    data = parse("a: 'true'\nb: \"1.10\"\nc: 'null'\nd: '09:00'\ne: !!str 12").data
    assert data == {"a": "true", "b": "1.10", "c": "null", "d": "09:00", "e": "12"}
    assert all(type(v) is str for v in data.values())


@pytest.mark.parametrize(
    "src,value", [("1", 1), ("-7", -7), ("+3", 3), ("017", 17), ("0o17", 15), ("0x1F", 31)]
)
def test_integers_remember_their_text(src, value):
    number = parse(f"a: {src}").data["a"]
    assert isinstance(number, YInt) and number == value and number.src == src


@pytest.mark.parametrize(
    "src,value", [("1.10", 1.1), ("1.0", 1.0), ("-2.5", -2.5), ("1e3", 1000.0), (".5", 0.5)]
)
def test_floats_remember_their_text(src, value):
    number = parse(f"a: {src}").data["a"]
    assert isinstance(number, YFloat) and number == value and number.src == src


def test_infinity_and_nan():
    data = parse("a: .inf\nb: -.Inf\nc: .nan").data
    assert data["a"] == float("inf") and data["b"] == float("-inf")
    assert data["c"] != data["c"]


@pytest.mark.parametrize("text", ["1_000", "0b101", "1:30", "12e", "0x", "1.2.3", "v1.10"])
def test_yaml_11_number_forms_are_text(text):
    assert parse(f"a: {text}").data == {"a": text}


def test_sexagesimal_clock_time_is_text():
    # YAML 1.1 reads 09:00 as the number 540.
    assert parse("start: 09:00").data == {"start": "09:00"}
    assert parse("start: 9:00").data == {"start": "9:00"}


def test_dates_stay_text_until_a_date_field_parses_them():
    data = parse("start: 2017-10-02\ndate: 2019-04-26").data
    assert data == {"start": "2017-10-02", "date": "2019-04-26"}
    dates, problems = validate_document(parse("start: 2017-10-02"), Dates)
    assert problems == [] and dates.start == dt.date(2017, 10, 2)
    source, problems = validate_document(
        parse("id: note\ntitle: A note\ndate: 2019-04-26"), SourceDocument
    )
    assert problems == [] and source.date == "2019-04-26"


@pytest.mark.parametrize("value", ["0", "86400", "20171002"])
def test_a_number_is_not_read_as_a_unix_time_date(value):
    _, problems = validate_document(parse(f"start: {value}"), Dates)
    assert [p.message for p in problems] == [
        f"expected a date written YYYY-MM-DD, got the number {value}"
    ]


def test_text_fields_keep_numbers_as_written():
    text = dump(module_data()).replace("version: '1.0'", "version: 1.10")
    text = text.replace("title: Nexus basics", "title: no")
    module, problems = validate_document(parse(text), Module)
    assert problems == []
    assert module.version == "1.10"
    assert module.title == "no"


def test_clock_times_in_the_model():
    text = dump(course_data()).replace("'17:00'", "17:00")
    assert "start: 09:00" in text and "end: 17:00" in text
    course, problems = validate_document(parse(text), Course)
    assert problems == []
    assert (course.agenda.days[0].start, course.agenda.days[0].end) == ("09:00", "17:00")
    _, problems = validate_document(
        parse("start: 9:00\nsessions: [{item: break, minutes: 5}]"), Day
    )
    assert "24-hour clock time" in problems[0].message


def test_numeric_keys_become_text():
    assert parse("2017: a\n1.10: b").data == {"2017": "a", "1.10": "b"}


def test_plain_converts_numbers_for_json():
    data = plain(parse("a: [1, 1.5, {b: 2}]\nc: x").data)
    assert data == {"a": [1, 1.5, {"b": 2}], "c": "x"}
    assert type(data["a"][0]) is int and type(data["a"][1]) is float
    assert type(data["a"][2]["b"]) is int


# --------------------------------------------------------------------------- text


def test_strings_are_nfc_normalised():
    decomposed = "Re\u0301sume\u0301"
    assert not unicodedata.is_normalized("NFC", decomposed)
    data = parse(f'a: {decomposed}\nb: "{decomposed}"\n{decomposed}: c').data
    assert data["a"] == data["b"] == "Résumé"
    assert "Résumé" in data
    assert all(unicodedata.is_normalized("NFC", s) for s in [*data, data["a"]])


def test_tabs_and_line_breaks_are_allowed_in_text():
    assert parse('a: "x\\ty\\nz"').data == {"a": "x\ty\nz"}


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes("\ufeffa: é\n".encode())
    assert load_file(path, "f.yaml").data == {"a": "é"}


def test_empty_and_comment_only_files_load_as_none():
    assert parse("").data is None
    assert parse("# only a comment\n\n").data is None


# --------------------------------------------------------------------------- positions


SAMPLE = """\
id: demo
title: Demo
slides:
  - title: First
    bullets:
      - one
      - text: two
        sub: [a, b]
  - title: Second
summary: |
  Line one.
  Line two.
"""


def test_positions_of_keys_and_values():
    doc = parse(SAMPLE, "m.yaml")
    assert doc.keys[("title",)] == (2, 1)
    assert doc.values[("title",)] == (2, 8)
    assert doc.values[("slides",)] == (4, 3)
    assert doc.values[("slides", 0)] == (4, 5)
    assert doc.keys[("slides", 0, "title")] == (4, 5)
    assert doc.values[("slides", 0, "title")] == (4, 12)
    assert doc.values[("slides", 0, "bullets", 1)] == (7, 9)
    assert doc.keys[("slides", 0, "bullets", 1, "sub")] == (8, 9)
    assert doc.values[("slides", 0, "bullets", 1, "sub", 1)] == (8, 18)
    assert doc.values[("slides", 1, "title")] == (9, 12)
    assert doc.values[()] == (1, 1)


def test_block_scalars_record_where_their_text_starts():
    doc = parse(SAMPLE, "m.yaml")
    assert doc.values[("summary",)] == (10, 10)  # the | indicator
    assert doc.blocks[("summary",)] == (11, 3)  # the first line of text


def test_where_falls_back_to_the_nearest_enclosing_node():
    doc = parse(SAMPLE, "m.yaml")
    assert doc.where(("slides", 1, "bullets")) == (9, 5)
    assert doc.where(("slides", 0, "title"), key=True) == (4, 5)
    assert doc.where(("nothing", "here")) == (1, 1)


def test_diagnostic_names_file_position_and_key_path():
    doc = parse(SAMPLE, "m.yaml")
    diag = doc.diagnostic(("slides", 0, "bullets", 1, "sub", 1), "bad")
    assert (diag.file, diag.line, diag.column) == ("m.yaml", 8, 18)
    assert diag.key == "slides[0].bullets[1].sub[1]"
    assert str(diag) == "m.yaml:8:18: error: bad (at slides[0].bullets[1].sub[1])"


# --------------------------------------------------------------------------- errors


def test_duplicate_key_position():
    diag = error_of("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert (diag.line, diag.column) == (4, 3)
    assert "duplicate key 'c' (first given on line 3)" in diag.message
    assert diag.key == "b.c"


def test_syntax_error_position():
    diag = error_of("a: 1\nb: [1, 2\nc: 3\n")
    assert diag.file == "f.yaml"
    assert diag.message.startswith("YAML syntax error:")
    assert "opened on line 2" in diag.message


def test_key_without_colon_is_reported_on_its_own_line():
    diag = error_of("a: 1\nb:2\nc: 3\n")
    assert (diag.line, diag.column) == (2, 1)


def test_unclosed_quote_is_reported_at_the_quote():
    diag = error_of('a: 1\nb: "never closed\n\n')
    assert (diag.line, diag.column) == (2, 4)


def test_tab_indentation_position():
    diag = error_of("a:\n\t- x\n")
    assert (diag.line, diag.column) == (2, 1)


@pytest.mark.parametrize(
    "escape,code",
    [(r"\x00", "U+0000"), (r"\e", "U+001B"), (r"\x07", "U+0007"), (r"\uFFFE", "U+FFFE")],
)
def test_forbidden_characters_from_escapes_name_the_field(escape, code):
    diag = error_of(f'a: ok\nb:\n  - "x{escape}y"\n')
    assert (diag.line, diag.column) == (3, 5)
    assert code in diag.message and diag.key == "b[0]"


def test_lone_surrogate_escape_is_an_error():
    diag = error_of('a: "\\ud800"\n')
    assert diag.line == 1


def test_raw_control_character_position():
    diag = error_of("a: ok\nb: x\x1by\n")
    assert (diag.line, diag.column) == (2, 5)
    assert "U+001B" in diag.message


def test_invalid_utf8_position(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: ok\nbb: caf\xe9\n")
    with pytest.raises(BuildError) as info:
        load_file(path, "f.yaml")
    diag = info.value.diagnostics[0]
    assert (diag.line, diag.column) == (2, 8)
    assert "0xe9" in diag.message


def test_size_limit(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: " + b"x" * MAX_BYTES)
    with pytest.raises(BuildError, match="larger than the limit"):
        load_file(path, "f.yaml")
    path.write_bytes(b"a: " + b"x" * (MAX_BYTES - 10))
    assert len(load_file(path, "f.yaml").data["a"]) == MAX_BYTES - 10


def test_unreadable_file_is_a_build_error(tmp_path):
    with pytest.raises(BuildError, match="missing.yaml: error: file does not exist"):
        load_file(tmp_path / "missing.yaml", "missing.yaml")


def test_depth_limit():
    ok = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    parse(ok)
    diag = error_of("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH)
    assert "nesting is deeper" in diag.message
    assert (diag.line, diag.column) == (1, 3 + MAX_DEPTH)


# libyaml ≥ 0.2.6 (in PyYAML 6.0.4's wheels) stops at 1000 levels, and its scanner gets there
# while looking ahead, before it hands over a single event: the tool's limit must still be the
# one reported, where it is crossed.
DEEP_FLOW = [
    ("a: " + "[" * 10_000, 1, 3 + MAX_DEPTH),
    ("a: " + "[{a: " * 5_000, 1, 5 + 5 * (MAX_DEPTH // 2 - 1)),
    ("a: " + "{a: " * 10_000, 1, 4 * MAX_DEPTH),
    ("- " + "[" * 10_000, 1, 2 + MAX_DEPTH),
    ("a:\n  b: x\n  c: " + "[" * 3_000 + "\n", 3, 4 + MAX_DEPTH),
    ("[" * 10_000, 1, MAX_DEPTH + 1),
]


@pytest.mark.parametrize("text,line,col", DEEP_FLOW, ids=lambda v: str(v)[:12])
def test_depth_limit_comes_before_the_yaml_librarys(text, line, col):
    diag = error_of(text)
    assert diag.message == f"nesting is deeper than {MAX_DEPTH} levels"
    assert (diag.line, diag.column) == (line, col)


@pytest.fixture
def library_nest_limit():
    """Set libyaml's own nesting limit (libyaml ≥ 0.2.6 has one), restoring it afterwards."""
    import yaml

    cyaml = getattr(yaml, "_yaml", None)
    if not hasattr(cyaml, "_set_max_nest_level"):
        pytest.skip("this PyYAML cannot set libyaml's nesting limit")
    before = cyaml._get_max_nest_level()
    yield cyaml._set_max_nest_level
    cyaml._set_max_nest_level(before)


def test_a_lower_library_limit_does_not_reject_what_the_tool_allows(library_nest_limit):
    library_nest_limit(5)
    nested = (
        "a: "
        + "[" * 10
        + "x"
        + "]" * 10
        + "\nb:\n"
        + "".join(f"{'  ' * (i + 1)}k{i}:\n" for i in range(12))
    )
    data = parse(nested + "  " * 13 + "- y\n").data
    assert data["a"] == [[[[[[[[[["x"]]]]]]]]]]
    diag = error_of("a: " + "[" * 10_000)
    assert "nesting is deeper than" in diag.message and (diag.line, diag.column) == (1, 43)


def test_a_library_limit_in_both_parsers_still_gives_the_tools_message(monkeypatch):
    import yaml

    import builder.load as load

    def limited(text, name, path, loader):
        mark = yaml.Mark(name, 0, 0, 7, None, None)
        raise yaml.MarkedYAMLError(
            "while increasing flow level", mark, "exceeded maximum nesting depth", mark
        )

    monkeypatch.setattr(load, "_build", limited)
    monkeypatch.setattr(load, "_EventLoader", getattr(yaml, "CSafeLoader", None))
    if load._EventLoader is None:
        pytest.skip("PyYAML without libyaml")
    diag = error_of("a: [[[[[")
    assert diag.message == f"nesting is deeper than {MAX_DEPTH} levels"
    assert (diag.line, diag.column) == (1, 8)


def test_anchor_and_alias_positions():
    assert (error_of("a: &x 1\nb: 2").line, error_of("a: &x 1\nb: 2").column) == (1, 4)
    diag = error_of("a: [1, *x]")
    assert (diag.line, diag.column) == (1, 8) and "aliases" in diag.message


@pytest.mark.parametrize(
    "text,line,col",
    [
        ("a: !!python/object/apply:os.system ['true']", 1, 4),
        ("a:\n  b: !!python/name:os.system", 2, 6),
        ("!!python/object/new:dict {}", 1, 1),
        ("a: !custom x", 1, 4),
        ("!!python/name:os.system : x", 1, 1),
    ],
)
def test_tags_are_refused_where_they_stand(text, line, col):
    diag = error_of(text)
    assert (diag.line, diag.column) == (line, col)
    assert "is not allowed" in diag.message


def test_second_document_position():
    diag = error_of("a: 1\n---\nb: 2\n")
    assert (diag.line, diag.column) == (2, 1)


def test_non_string_keys():
    assert "true/false/null" in error_of("true: 1").message
    assert "true/false/null" in error_of("~: 1").message
    assert "not a list or mapping" in error_of("[a]: 1").message
    assert "not a list or mapping" in error_of("? {a: 1}\n: 2").message


def test_forbidden_character_in_quoted_key():
    diag = error_of('"a\\x01b": 1')
    assert diag.message.startswith("a key contains the character U+0001")


def test_number_with_too_many_digits_is_an_error_not_a_crash():
    diag = error_of("a: ok\nminutes: " + "9" * 5000)
    assert (diag.line, diag.column) == (2, 10)
    assert "too many digits" in diag.message


def test_load_file_names_the_file(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: [", encoding="utf-8")
    with pytest.raises(BuildError) as info:
        load_file(path, "courses/x.yaml")
    assert str(info.value).startswith("courses/x.yaml:")


def test_document_path_defaults_to_its_name():
    assert parse("a: 1", "courses/y.yaml").path == Path("courses/y.yaml")
