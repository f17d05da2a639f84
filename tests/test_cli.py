"""The command line through click's CliRunner: check, list, uses, schema, new, help, usage."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from builder.cli import cli

from conftest import module_data

COURSE = "courses/workshops/sahel-2017.yaml"
NEXUS = "courses/modules/nexus-basics.yaml"


def run(*args: str, **kwargs):
    result = CliRunner().invoke(cli, list(args), **kwargs)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.output,
        result.exception,
    )
    return result


def lines(result) -> list[str]:
    return result.output.splitlines()


# --------------------------------------------------------------------------- check


def test_check_valid_project(make_project):
    root = make_project()
    result = run("check", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert lines(result)[-1] == "1 course(s), 2 module(s) checked: 0 error(s), 0 warning(s)"


def test_check_finds_the_project_from_a_subfolder(make_project, monkeypatch):
    root = make_project()
    monkeypatch.chdir(root / "courses" / "modules")
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "1 course(s), 2 module(s) checked" in result.output


def test_check_outside_a_project_is_a_clean_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 1
    assert "no 'courses/' folder found" in result.output
    result = run("check", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert "has no courses/ folder" in result.output


def test_check_prints_every_error_at_once(make_project):
    sources = [{"document": "concept-nte", "backs": "forms of interaction"}]
    regional = module_data()["regional"]
    regional["sahell"] = regional.pop("balkans")
    root = make_project(
        course={"contry": "Algeria"}, module={"sources": sources, "regional": regional}
    )
    result = run("check", "--root", str(root))
    assert result.exit_code == 1
    out = result.output
    contry = 1 + [ln.split(":")[0] for ln in (root / COURSE).read_text().splitlines()].index(
        "contry"
    )
    assert f"{COURSE}:{contry}:1: error: unknown key 'contry'" in out
    assert "did you mean 'country'?" in out
    assert f"{NEXUS}:" in out and "unknown source document 'concept-nte'" in out
    assert "did you mean 'concept-note'?" in out
    assert "unknown region 'sahell'" in out and "did you mean 'sahel'?" in out
    errors = [line for line in lines(result) if ": error: " in line]
    assert len(errors) == 3, out
    assert {line.split(":")[0] for line in errors} == {COURSE, NEXUS}
    assert lines(result)[-1].endswith("3 error(s), 0 warning(s)")


def test_check_json(make_project):
    root = make_project(course={"region": "sahle"})
    result = run("check", "--root", str(root), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["errors"] == 1
    [diag] = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert diag["file"] == COURSE
    assert (diag["line"], diag["column"]) == (3, 9)
    assert diag["key"] == "region"
    assert diag["message"] == "unknown region 'sahle'"
    assert diag["hint"] == "did you mean 'sahel'?"


def test_check_json_on_a_valid_project(make_project):
    result = run("check", "--root", str(make_project()), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report == {
        "ok": True,
        "errors": 0,
        "warnings": 0,
        "courses": ["sahel-2017"],
        "modules": ["nexus-basics", "second-module"],
        "diagnostics": [],
    }


def test_strict_turns_a_missing_note_into_a_failure(make_project):
    slides = module_data()["slides"]
    del slides[0]["notes"]
    root = make_project(module={"slides": slides})
    result = run("check", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "warning: slide 'Forms of interaction' has no speaker notes" in result.output
    assert lines(result)[-1].endswith("0 error(s), 1 warning(s)")
    result = run("check", "--root", str(root), "--strict")
    assert result.exit_code == 1
    assert "warning: slide 'Forms of interaction' has no speaker notes" in result.output
    result = run("check", "--root", str(root), "--strict", "--format", "json")
    assert result.exit_code == 1 and json.loads(result.stdout)["ok"] is False


def test_strict_turns_an_unused_module_into_a_failure(make_project):
    import yaml

    extra = yaml.safe_dump(module_data("spare-module", regional={}), sort_keys=False)
    root = make_project(files={"courses/modules/spare-module.yaml": extra})
    assert run("check", "--root", str(root)).exit_code == 0
    result = run("check", "--root", str(root), "--strict")
    assert result.exit_code == 1
    assert "warning: module 'spare-module' is not used by any course" in result.output


# --------------------------------------------------------------------------- list, uses


def test_list_shows_courses_and_modules(make_project):
    result = run("list", "--root", str(make_project()))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Courses (1):" in out and "Modules (2):" in out
    course = next(line for line in lines(result) if "sahel-2017" in line)
    for part in ("sahel", "Algiers", "2 modules: nexus-basics, second-module"):
        assert part in course
    module = next(line for line in lines(result) if "nexus-basics" in line and "v1.0" in line)
    assert "60 min" in module and "Nexus basics" in module
    assert any("second-module" in line and "45 min" in line for line in lines(result))


def test_list_json(make_project):
    result = run("list", "--root", str(make_project()), "--format", "json")
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["courses"]] == ["sahel-2017"]
    assert data["courses"][0]["modules"] == ["nexus-basics", "second-module"]
    assert {m["id"]: m["minutes"] for m in data["modules"]} == {
        "nexus-basics": 60,
        "second-module": 45,
    }


def test_list_on_a_broken_project_exits_1(make_project):
    result = run("list", "--root", str(make_project(course={"region": "sahle"})))
    assert result.exit_code == 1
    assert "run `course-builder check`" in result.output


def test_uses_shows_course_and_session(make_project):
    root = make_project()
    result = run("uses", "nexus-basics", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "nexus-basics is used by 1 course(s):" in result.output
    assert f"sahel-2017: day 1, session 2 — Nexus basics ({COURSE})" in result.output
    result = run("uses", "second-module", "--root", str(root), "--format", "json")
    assert json.loads(result.stdout) == [{"course": "sahel-2017", "day": 1, "session": 4}]


def test_uses_shows_session_title_override(make_project):
    sessions = [
        {"item": "opening", "minutes": 30},
        {"module": "nexus-basics", "title": "The nexus, in short"},
        {"module": "second-module"},
    ]
    course = {"agenda": {"days": [{"start": "09:00", "sessions": sessions}]}}
    result = run("uses", "nexus-basics", "--root", str(make_project(course=course)))
    assert "sahel-2017: day 1, session 2 — The nexus, in short" in result.output


def test_uses_unused_module(make_project):
    import yaml

    extra = yaml.safe_dump(module_data("spare-module", regional={}), sort_keys=False)
    root = make_project(files={"courses/modules/spare-module.yaml": extra})
    result = run("uses", "spare-module", "--root", str(root))
    assert result.exit_code == 0
    assert "spare-module is not used by any course" in result.output


def test_uses_unknown_module_suggests(make_project):
    result = run("uses", "nexus-basic", "--root", str(make_project()))
    assert result.exit_code == 1
    assert "unknown module 'nexus-basic'; did you mean 'nexus-basics'?" in result.output


# --------------------------------------------------------------------------- schema


def test_schema_writes_every_schema(make_project, tmp_path):
    out = tmp_path / "schemas-out"
    result = run("schema", "--root", str(make_project()), "-o", str(out))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "course.schema.json",
        "instruments.schema.json",
        "module.schema.json",
        "policy.schema.json",
        "regions.schema.json",
        "session.schema.json",
        "sources.schema.json",
        "theme.schema.json",
    ]
    for path in out.iterdir():
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert f"wrote {path}" in result.output


def test_schema_defaults_to_the_project_schemas_folder(make_project):
    root = make_project()
    assert run("schema", "--root", str(root)).exit_code == 0
    assert (root / "schemas" / "module.schema.json").is_file()


# --------------------------------------------------------------------------- help, usage


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _command_paths(command, (*prefix, name))


COMMAND_PATHS = [(), *_command_paths(cli)]


def test_every_command_is_covered():
    names = {" ".join(p) for p in COMMAND_PATHS}
    assert {"check", "list", "uses", "schema", "build", "new", "new module", "new course"} <= names


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda p: " ".join(p) or "cli")
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_everywhere(path, flag):
    result = run(*path, flag)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ")
    command = cli
    for name in path:
        command = command.commands[name]
    first_line = (command.help or "").strip().splitlines()[0]
    assert " ".join(first_line.split()[:3]) in " ".join(result.output.split())


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.output.startswith("course-builder, version ")


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["check", "--format", "xml"],
        ["check", "--bogus"],
        ["uses"],
        ["uses", "a", "b"],
        ["new"],
        ["new", "lesson", "x"],
        ["new", "course", "x"],
        ["new", "module"],
        ["build", "--jobs", "0"],
        ["build", "--format", "pdf-only"],
        ["list", "--format", "yaml"],
    ],
)
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Usage:" in result.output or "Error:" in result.output


# --------------------------------------------------------------------------- new


def test_new_module_then_check_passes(make_project):
    root = make_project()
    result = run("new", "module", "border-control", "--root", str(root))
    assert result.exit_code == 0, result.output
    path = root / "courses" / "modules" / "border-control.yaml"
    assert path.is_file() and str(path) in result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    result = run("check", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "error" not in result.output.replace("0 error(s)", "")
    assert "3 module(s) checked" in result.output


def test_new_course_then_check_passes(make_project):
    root = make_project()
    result = run("new", "course", "bamako-2026", "--region", "sahel", "--root", str(root))
    assert result.exit_code == 0, result.output
    path = root / "courses" / "workshops" / "bamako-2026.yaml"
    assert path.is_file()
    result = run("check", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "2 course(s), 2 module(s) checked: 0 error(s)" in result.output
    listed = run("list", "--root", str(root))
    assert "bamako-2026" in listed.output


def test_new_course_unknown_region_suggests(make_project):
    root = make_project()
    result = run("new", "course", "bamako-2026", "--region", "sahle", "--root", str(root))
    assert result.exit_code == 1
    assert "did you mean 'sahel'?" in result.output
    assert not (root / "courses" / "workshops" / "bamako-2026.yaml").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["new", "module", "Bad Id"],
        ["new", "module", "../escape"],
        ["new", "course", "UPPER", "--region", "sahel"],
    ],
)
def test_new_refuses_bad_ids(args, make_project):
    root = make_project()
    before = sorted(p for p in root.rglob("*"))
    result = run(*args, "--root", str(root))
    assert result.exit_code == 1
    assert "is not a valid" in result.output
    assert sorted(p for p in root.rglob("*")) == before


def test_new_does_not_overwrite(make_project):
    root = make_project()
    result = run("new", "module", "nexus-basics", "--root", str(root))
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert "MODEL-ANSWER-ONE" in (root / NEXUS).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- build


def test_build_refuses_a_broken_project(make_project):
    root = make_project(course={"region": "sahle"})
    result = run("build", "--root", str(root))
    assert result.exit_code == 1
    assert f"{COURSE}:3:9: error: unknown region 'sahle'" in result.output
    assert not (root / "dist").exists()


def test_check_warns_when_modules_define_a_term_differently(make_project):
    from click.testing import CliRunner

    from builder.cli import cli

    root = make_project(
        module={"glossary": [{"term": "Anti-money laundering", "definition": "Other words."}]}
    )
    result = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert result.exit_code == 0
    assert "glossary term 'Anti-money laundering' is defined differently" in result.output
    assert CliRunner().invoke(cli, ["check", "--strict", "--root", str(root)]).exit_code == 1
