"""Incremental builds with the real renderers: every input kind rebuilds exactly the courses
that use it; a build killed while writing leaves dist/ consistent; --pdf."""

from __future__ import annotations

import builtins
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from builder.build import build, render_course
from builder.cli import cli
from builder.project import load_project

from conftest import NOTES, course_data, module_data, tiny_png
from office import require_soffice

A, B = "sahel-2017", "balkans-2018"


def picture(name: str) -> dict:
    return {
        "title": f"Map {name}",
        "notes": NOTES,
        "image": {"path": f"../images/{name}", "alt": f"Map {name}"},
    }


def two_courses(make_project) -> Path:
    """Course A: modules nexus-basics (image a.png) and second-module, an opening that uses
    the session pack opening-pack, theme default.
    Course B: third-module (image b.png), theme branded, which extends default with its own
    guide.docx and handout-cover.md.j2."""
    third = module_data(
        "third-module", title="Third module", slides=[*module_data()["slides"], picture("b.png")]
    )
    course_b = course_data(
        B,
        region="balkans",
        city="Tirana",
        country="Albania",
        theme="branded",
        agenda={
            "days": [
                {
                    "start": "09:00",
                    "end": "17:00",
                    "sessions": [{"item": "opening", "minutes": 30}, {"module": "third-module"}],
                }
            ]
        },
    )
    agenda_a = course_data()["agenda"]
    agenda_a["days"][0]["sessions"][0]["use"] = "opening-pack"
    root = make_project(
        module={"slides": [*module_data()["slides"], picture("a.png")]},
        course={"agenda": agenda_a},
        files={
            "courses/sessions/opening-pack.yaml": "id: opening-pack\nitem: opening\n"
            "version: '1'\naims: [Welcome everyone]\n",
            "courses/policy.yaml": "module:\n  objectives: {min: 1}\n",
            "courses/images/a.png": tiny_png(4, 3),
            "courses/images/b.png": tiny_png(5, 3),
            "courses/modules/third-module.yaml": yaml.safe_dump(third, sort_keys=False),
            f"courses/workshops/{B}.yaml": yaml.safe_dump(course_b, sort_keys=False),
            "templates/branded/theme.yaml": "name: Branded\nextends: default\nguide: guide.docx\n",
        },
    )
    default = root / "templates" / "default"
    shutil.copy(default / "guide.docx", root / "templates" / "branded" / "guide.docx")
    shutil.copy(default / "handout-cover.md.j2", root / "templates" / "branded")
    return root


def append_comment(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")


def new_office_bytes(path: Path) -> None:
    with zipfile.ZipFile(path, "a") as archive:
        archive.comment = b"edited"


def new_pixels(path: Path) -> None:
    path.write_bytes(tiny_png(6, 3))


def new_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("A new text the theme now provides.\n", encoding="utf-8")


def j2_edit(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")


# (what changes, how, the courses that must be rebuilt)
KINDS = [
    (f"courses/workshops/{A}.yaml", append_comment, {A}),
    (f"courses/workshops/{B}.yaml", append_comment, {B}),
    ("courses/modules/nexus-basics.yaml", append_comment, {A}),
    ("courses/modules/third-module.yaml", append_comment, {B}),
    ("courses/regions.yaml", append_comment, {A, B}),
    ("courses/sources.yaml", append_comment, {A, B}),
    ("courses/sessions/opening-pack.yaml", append_comment, {A}),
    ("courses/policy.yaml", append_comment, set()),  # editorial rules shape no artefact
    ("courses/images/a.png", new_pixels, {A}),
    ("courses/images/b.png", new_pixels, {B}),
    ("templates/default/theme.yaml", append_comment, {A, B}),
    ("templates/branded/theme.yaml", append_comment, {B}),
    ("templates/default/deck.pptx", new_office_bytes, {A, B}),
    ("templates/default/handout.docx", new_office_bytes, {A, B}),
    ("templates/default/guide.docx", new_office_bytes, {A}),
    ("templates/branded/guide.docx", new_office_bytes, {B}),
    ("templates/default/handout-cover.md.j2", j2_edit, {A}),
    ("templates/branded/handout-cover.md.j2", j2_edit, {B}),
    ("templates/default/guide-room-setup.md.j2", j2_edit, {A, B}),
    ("templates/branded/guide-room-setup.md.j2", new_file, {B}),  # looked for, was absent
    ("templates/default/make_deck_template.py", append_comment, set()),  # not an input
    ("templates/branded/fonts/Brand.ttf", new_file, set()),  # no renderer reads fonts yet
]


def test_each_input_kind_rebuilds_exactly_the_courses_that_use_it(make_project):
    root = two_courses(make_project)
    assert build(root).built == [B, A]  # sorted ids
    for name, change, courses in KINDS:
        change(root / name)
        report = build(root)
        assert set(report.built) == courses, name
        assert set(report.skipped) == {A, B} - courses, name
    with zipfile.ZipFile(root / "dist" / A / f"{A}-deck.pptx") as deck:
        media = [deck.read(n) for n in deck.namelist() if n.startswith("ppt/media/")]
    assert tiny_png(6, 3) in media and tiny_png(4, 3) not in media


def test_every_file_a_render_opens_is_recorded(make_project, monkeypatch):
    """The registry catches every kind: nothing under the project is opened by the
    renderers without being listed among the course's inputs."""
    root = two_courses(make_project)
    project = load_project(root)
    opened: set[str] = set()
    real_open, real_os_open = builtins.open, os.open

    def note(path) -> None:
        if isinstance(path, (str, Path)) and Path(path).resolve().is_relative_to(root):
            opened.add(Path(path).resolve().relative_to(root).as_posix())

    def spy_open(file, *args, **kwargs):
        note(file)
        return real_open(file, *args, **kwargs)

    def spy_os_open(path, *args, **kwargs):
        note(path)
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    results = {c: render_course(project, c, ["deck", "handout", "guide"]) for c in (A, B)}
    monkeypatch.undo()
    recorded = set(results[A].inputs) | set(results[B].inputs)
    assert "templates/default/deck.pptx" in opened and "courses/images/b.png" in opened
    assert opened <= recorded, opened - recorded
    assert "courses/images/a.png" in results[A].inputs
    assert "courses/images/a.png" not in results[B].inputs
    assert results[B].inputs["templates/branded/guide-room-setup.md.j2"] is None


# --------------------------------------------------------------------------- killed builds

CRASH = """
import os, sys
from pathlib import Path
import builder.write as w
from builder.build import build

mode = sys.argv[2]
if mode == "staging":  # killed after the first file of the new folder
    real = w._write_file
    def write_file(path, data):
        real(path, data)
        os._exit(9)
    w._write_file = write_file
else:  # killed between the two renames of a swap, where no atomic exchange exists
    w._exchange = lambda a, b: False
    real_rename = os.rename
    def rename(src, dst):
        real_rename(src, dst)
        if ".old-" in str(dst):
            os._exit(9)
    os.rename = rename
build(Path(sys.argv[1]), formats=["handout", "guide"], force=True)
"""


def files_match_manifest(target: Path) -> bool:
    import hashlib

    manifest = json.loads((target / "manifest.json").read_text())
    return all(
        hashlib.sha256((target / name).read_bytes()).hexdigest() == entry["sha256"]
        for name, entry in manifest["files"].items()
    )


@pytest.mark.parametrize("mode", ["staging", "swap"])
def test_a_build_killed_while_writing_leaves_a_consistent_course(make_project, tmp_path, mode):
    root = make_project()
    formats = ["handout", "guide"]
    build(root, formats=formats)
    dist = root / "dist"
    before = {p.name: p.read_bytes() for p in (dist / A).iterdir()}
    script = tmp_path / "crash.py"
    script.write_text(CRASH)
    done = subprocess.run([sys.executable, str(script), str(root), mode], capture_output=True)
    assert done.returncode == 9, done.stderr.decode()
    leftovers = [p.name for p in dist.iterdir() if p.name.startswith(".")]
    assert leftovers, "the crash should leave a temp folder"
    if mode == "staging":  # the old set is intact
        assert {p.name: p.read_bytes() for p in (dist / A).iterdir()} == before
    else:
        assert not (dist / A).exists()
    report = build(root, formats=formats)
    assert report.skipped == [A]  # the old folder, complete, is back
    assert sorted(p.name for p in dist.iterdir()) == [A]
    assert {p.name: p.read_bytes() for p in (dist / A).iterdir()} == before
    assert files_match_manifest(dist / A)


def test_a_deck_newer_than_its_manifest_is_rebuilt(make_project):
    """What an older builder left when killed: one file new, the manifest old."""
    root = make_project()
    build(root, formats=["handout", "guide"])
    target = root / "dist" / A
    good = (target / f"{A}-guide.docx").read_bytes()
    (target / f"{A}-guide.docx").write_bytes((target / f"{A}-handout.docx").read_bytes())
    assert build(root, formats=["handout", "guide"]).built == [A]
    assert (target / f"{A}-guide.docx").read_bytes() == good


# --------------------------------------------------------------------------- command line


def invoke(*args, env=None):
    result = CliRunner().invoke(cli, list(args), env=env)
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


@pytest.mark.parametrize("value", ["4354819200", "tomorrow", "-5"])
def test_build_with_a_bad_source_date_epoch(make_project, value):
    root = make_project()
    result = invoke("build", "--root", str(root), env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == 1
    assert f"error: SOURCE_DATE_EPOCH='{value}'" in result.output
    assert "1980-01-01" in result.output and "2107-12-31" in result.output
    assert not (root / "dist").exists()


def test_build_with_a_course_folder_that_is_a_file(make_project):
    root = make_project()
    (root / "dist").mkdir()
    (root / "dist" / A).write_text("")
    result = invoke("build", "--root", str(root))
    assert result.exit_code == 1
    assert f"dist/{A}: error: is a file where the course folder goes" in result.output


def test_build_into_an_out_folder_that_is_a_file(make_project, tmp_path):
    root = make_project()
    (tmp_path / "out").write_text("")
    result = invoke("build", "--root", str(root), "--out", str(tmp_path / "out" / "x"))
    assert result.exit_code == 1
    assert "is a file, so" in result.output and "cannot be created" in result.output


def test_build_twice_reports_up_to_date(make_project):
    root = make_project()
    assert invoke("build", "--root", str(root), "--format", "handout").exit_code == 0
    result = invoke("build", "--root", str(root), "--format", "handout")
    assert f"{A}: up to date" in result.output
    assert "built 0 course(s), 1 up to date, 0 file(s) written" in result.output


# --------------------------------------------------------------------------- --pdf


@pytest.mark.soffice
def test_pdf_goes_in_with_its_files_and_the_manifest(make_project):
    require_soffice()
    root = make_project()
    target = root / "dist" / A
    result = invoke("build", "--root", str(root), "--format", "handout", "--pdf")
    assert result.exit_code == 0, result.output
    manifest = json.loads((target / "manifest.json").read_text())
    assert set(manifest["files"]) == {f"{A}-handout.docx", f"{A}-handout.pdf"}
    assert (target / f"{A}-handout.pdf").read_bytes().startswith(b"%PDF")
    assert files_match_manifest(target)
    again = invoke("build", "--root", str(root), "--format", "handout", "--pdf")
    assert f"{A}: up to date" in again.output
    # without --pdf an unchanged course keeps its PDF; a rebuilt one drops the stale PDF
    assert f"{A}: up to date" in invoke("build", "--root", str(root), "--format", "handout").output
    append_comment(root / "courses" / "regions.yaml")
    assert invoke("build", "--root", str(root), "--format", "handout").exit_code == 0
    assert sorted(p.name for p in target.iterdir()) == ["manifest.json", f"{A}-handout.docx"]
    # asking for PDFs again rebuilds the course that lacks them
    result = invoke("build", "--root", str(root), "--format", "handout", "--pdf")
    assert f"{A}: rendered" in result.output
    assert (target / f"{A}-handout.pdf").is_file()


def test_pdf_without_libreoffice_is_an_error_before_any_work(make_project, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    root = make_project()
    result = invoke("build", "--root", str(root), "--pdf")
    assert result.exit_code == 1
    assert "--pdf needs LibreOffice" in result.output
    assert not (root / "dist").exists()
