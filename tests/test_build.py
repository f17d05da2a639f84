"""The build orchestrator, tested apart from the real renderers (a fake stands in)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

import builder.deck_plan
from builder.build import build, check_project
from builder.errors import BuildError
from builder.render import base


class FakeRenderer:
    """Writes a tiny zip naming the course, its sessions and the slide count."""

    format = "fake"
    suffix = ".zip"

    def render(self, ctx) -> bytes:
        if ctx.course.city == "EXPLODE":
            raise BuildError("renderer refused this course")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("course.txt", f"{ctx.course.id} {ctx.course.title}\n")
            archive.writestr(
                "sessions.txt",
                "\n".join(f"{s.start}-{s.end} {s.title}" for s in ctx.course.sessions),
            )
        return out.getvalue()


@pytest.fixture(autouse=True)
def fake_renderer(monkeypatch):
    monkeypatch.setitem(base.FORMATS, "fake", "test_build:FakeRenderer")
    monkeypatch.setattr(builder.deck_plan, "plan_deck", lambda course, theme: (), raising=False)


def run(root, **kwargs):
    return build(root, formats=["fake"], **kwargs)


def test_build_writes_each_course_with_a_manifest(make_project):
    root = make_project()
    report = run(root)
    target = root / "dist" / "sahel-2017"
    assert report.built == ["sahel-2017"]
    with zipfile.ZipFile(target / "sahel-2017-fake.zip") as archive:
        sessions = archive.read("sessions.txt").decode()
    assert "09:30-10:30 Nexus basics" in sessions
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["course"] == "sahel-2017"
    assert set(manifest["files"]) == {"sahel-2017-fake.zip"}


def test_unchanged_rebuild_does_nothing_and_an_edit_rebuilds(make_project):
    root = make_project()
    run(root)
    assert run(root).skipped == ["sahel-2017"]
    module = root / "courses" / "modules" / "second-module.yaml"
    module.write_text(module.read_text().replace("Second module", "Second module, revised"))
    again = run(root)
    assert again.built == ["sahel-2017"]
    assert run(root, force=True).built == ["sahel-2017"]


def test_failed_build_leaves_last_good_artefacts(make_project):
    root = make_project()
    run(root)
    target = root / "dist" / "sahel-2017" / "sahel-2017-fake.zip"
    before = target.read_bytes()
    course = root / "courses" / "workshops" / "sahel-2017.yaml"
    course.write_text(course.read_text().replace("city: Algiers", "city: EXPLODE"))
    with pytest.raises(BuildError, match="renderer refused"):
        run(root)
    assert target.read_bytes() == before
    assert not list(target.parent.glob(".*tmp"))


def test_invalid_input_writes_nothing(make_project):
    root = make_project(course={"region": "sahle"})
    with pytest.raises(BuildError) as caught:
        run(root)
    assert "did you mean 'sahel'" in str(caught.value)
    assert not (root / "dist").exists()


def test_same_input_same_bytes_and_source_date_epoch(make_project, tmp_path, monkeypatch):
    root = make_project()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    run(root, out_dir=tmp_path / "a")
    run(root, out_dir=tmp_path / "b")
    a = (tmp_path / "a" / "sahel-2017" / "sahel-2017-fake.zip").read_bytes()
    b = (tmp_path / "b" / "sahel-2017" / "sahel-2017-fake.zip").read_bytes()
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2017, 7, 14, 2, 40, 0)}


def test_unknown_course_name_suggests(make_project):
    root = make_project()
    with pytest.raises(BuildError, match="did you mean 'sahel-2017'"):
        run(root, course_ids=["sahel-2071"])


def test_parallel_build_gives_the_same_files(make_project, tmp_path):
    root = make_project()
    extra = (root / "courses" / "workshops" / "sahel-2017.yaml").read_text()
    (root / "courses" / "workshops" / "sahel-2018.yaml").write_text(
        extra.replace("id: sahel-2017", "id: sahel-2018")
    )
    run(root, out_dir=tmp_path / "serial")
    run(root, out_dir=tmp_path / "parallel", jobs=2)
    for course in ("sahel-2017", "sahel-2018"):
        name = f"{course}/{course}-fake.zip"
        assert (tmp_path / "serial" / name).read_bytes() == (
            tmp_path / "parallel" / name
        ).read_bytes()


def test_check_reports_undefined_template_names_with_location(make_project):
    root = make_project(module={"summary": "Held in {{ course.town }}."})
    project = check_project(root)
    messages = [str(d) for d in project.report.errors]
    assert any("courses/modules/nexus-basics.yaml:" in m and "town" in m for m in messages)


def test_written_files_are_readable_by_others(make_project):
    root = make_project()
    run(root)
    mode = (root / "dist" / "sahel-2017" / "sahel-2017-fake.zip").stat().st_mode & 0o777
    assert mode & 0o044 == 0o044
