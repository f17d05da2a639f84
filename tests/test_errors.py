"""Suggestions and the formatting of diagnostics."""

from builder.errors import BuildError, Diagnostic, format_path, suggest


def test_suggest_finds_typos_and_unique_parts_of_ids():
    ids = ["prisons-radicalisation", "human-trafficking", "online-dimension"]
    assert suggest("human-trafficing", ids) == "human-trafficking"
    assert suggest("prisons", ids) == "prisons-radicalisation"
    assert suggest("xyz", ids) is None
    assert suggest("on", ids) is None  # too short to guess from


def test_key_paths_read_like_yaml():
    assert format_path(("agenda", "days", 0, "sessions", 3, "module")) == (
        "agenda.days[0].sessions[3].module"
    )


def test_diagnostic_text_names_file_line_column_and_hint():
    d = Diagnostic(
        "courses/x.yaml", 3, 7, "unknown key 'titel'", key="slides[0]", hint="did you mean 'title'?"
    )
    assert str(d) == (
        "courses/x.yaml:3:7: error: unknown key 'titel' (at slides[0]); did you mean 'title'?"
    )
    assert str(BuildError("plain message")) == "error: plain message"
