"""The build orchestrator, tested apart from the real renderers (a fake stands in)."""

from __future__ import annotations

import errno
import io
import json
import os
import zipfile

import pytest

import builder.deck
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
    monkeypatch.setattr(builder.deck, "plan_deck", lambda course, theme: (), raising=False)


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


# --------------------------------------------------------------------------- SOURCE_DATE_EPOCH


@pytest.mark.parametrize(
    "value, problem",
    [
        ("soon", "is not a whole number of seconds"),
        ("1.5e9", "is not a whole number of seconds"),
        ("١٥٠٠٠٠٠٠٠٠", "is not a whole number of seconds"),  # non-ASCII digits
        ("-1", "is out of range"),
        ("0", "is out of range"),
        ("315532799", "is out of range"),  # 1979-12-31 23:59:59
        ("4354819200", "is out of range"),  # 2108-01-01
        ("9" * 5000, "is out of range"),
    ],
)
def test_bad_source_date_epoch_is_an_error_before_any_work(
    make_project, monkeypatch, value, problem
):
    root = make_project()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    loaded = []
    monkeypatch.setattr("builder.build.load_project", lambda *a: loaded.append(a))
    with pytest.raises(BuildError) as caught:
        run(root)
    message = str(caught.value)
    assert message.startswith("error: SOURCE_DATE_EPOCH=")
    assert problem in message
    assert "315532800 (1980-01-01) to 4354819199 (2107-12-31)" in message
    assert value[:30] in message
    assert not loaded and not (root / "dist").exists()


@pytest.mark.parametrize(
    "value, stamp",
    [
        ("315532800", (1980, 1, 1, 0, 0, 0)),
        ("4354819199", (2107, 12, 31, 23, 59, 58)),
        (" 1500000000\n", (2017, 7, 14, 2, 40, 0)),
        ("", (2000, 1, 1, 0, 0, 0)),
    ],
)
def test_source_date_epoch_limits(make_project, monkeypatch, value, stamp):
    root = make_project()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    run(root)
    with zipfile.ZipFile(root / "dist" / "sahel-2017" / "sahel-2017-fake.zip") as archive:
        assert {i.date_time for i in archive.infolist()} == {stamp}


def test_a_new_source_date_epoch_rebuilds(make_project, monkeypatch):
    root = make_project()
    run(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    assert run(root).built == ["sahel-2017"]
    assert run(root).skipped == ["sahel-2017"]


# --------------------------------------------------------------------------- the output side


def add_course(root, course_id="sahel-2018"):
    text = (root / "courses" / "workshops" / "sahel-2017.yaml").read_text()
    path = root / "courses" / "workshops" / f"{course_id}.yaml"
    path.write_text(text.replace("id: sahel-2017", f"id: {course_id}"))
    return path


def edit_course(root, course_id="sahel-2017", title="Revised workshop"):
    path = root / "courses" / "workshops" / f"{course_id}.yaml"
    text = path.read_text().replace("title: Crime and terrorism workshop", f"title: {title}")
    path.write_text(text)


def snapshot(folder):
    """Every entry under ``folder`` (hidden ones too): path → bytes, or None for a folder."""
    if not folder.exists():
        return None
    return {
        str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


def test_an_artefact_path_that_is_a_folder_is_reported_before_writing(make_project):
    root = make_project()
    add_course(root)
    run(root)
    edit_course(root, "sahel-2017")
    edit_course(root, "sahel-2018")
    blocker = root / "dist" / "sahel-2018" / "sahel-2018-fake.zip"
    blocker.unlink()
    blocker.mkdir()
    before = snapshot(root / "dist")
    with pytest.raises(BuildError) as caught:
        run(root)
    assert str(caught.value) == (
        "dist/sahel-2018/sahel-2018-fake.zip: error: is a folder where the build writes a "
        "file; move it away"
    )
    assert snapshot(root / "dist") == before  # sahel-2017, earlier in the order, unchanged too


def test_a_course_folder_that_is_a_file_is_reported_before_writing(make_project):
    root = make_project()
    add_course(root)
    (root / "dist").mkdir()
    (root / "dist" / "sahel-2018").write_text("not a folder")
    with pytest.raises(BuildError, match=r"^error: |dist/sahel-2018: error: is a file") as caught:
        run(root)
    assert "dist/sahel-2018: error: is a file where the course folder goes" in str(caught.value)
    assert sorted(p.name for p in (root / "dist").iterdir()) == ["sahel-2018"]


def test_an_output_folder_that_is_a_file_is_reported(make_project, tmp_path):
    root = make_project()
    out = tmp_path / "out"
    out.write_text("a file")
    with pytest.raises(BuildError, match="the output folder is a file"):
        run(root, out_dir=out)
    with pytest.raises(BuildError, match=r"out: error: is a file, so .*/out/dist cannot be"):
        run(root, out_dir=out / "dist")
    assert out.read_text() == "a file"


def test_a_read_only_output_folder_is_reported(make_project, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders; see the simulated cases")
    root = make_project()
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        with pytest.raises(BuildError, match="the output folder is not writable"):
            run(root, out_dir=out)
        with pytest.raises(BuildError, match="not writable, so .* cannot be created"):
            run(root, out_dir=out / "dist")
    finally:
        out.chmod(0o755)
    assert not list(out.iterdir())


def test_a_read_only_file_system_is_reported_before_writing(make_project, tmp_path, monkeypatch):
    """Simulated: access(2) answers EROFS for anything under the output folder."""
    root = make_project()
    out = tmp_path / "ro"
    out.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: not str(p).startswith(str(out)) and real_access(p, mode)
    )
    with pytest.raises(BuildError) as caught:
        run(root, out_dir=out)
    assert str(caught.value).endswith("ro: error: the output folder is not writable (read-only?)")
    assert not list(out.iterdir())


def test_a_write_refused_by_the_file_system_changes_nothing(make_project, tmp_path, monkeypatch):
    """Simulated: the output folder passes the checks but refuses to create anything."""
    root = make_project()
    run(root)
    edit_course(root)
    before = snapshot(root / "dist")
    real_mkdir = os.mkdir

    def refuse(path, *args, **kwargs):
        if str(path).startswith(str(root / "dist")):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", refuse)
    with pytest.raises(BuildError) as caught:
        run(root)
    assert str(caught.value) == (
        "dist: error: cannot write in the output folder: Read-only file system; "
        "nothing in dist was changed"
    )
    assert snapshot(root / "dist") == before


def _fail_writes_into(folder, monkeypatch, after: int = 0):
    """Make os.write fail with ENOSPC for files under ``folder`` after ``after`` writes."""
    real_write = os.write
    count = [0]

    def write(fd, data):
        target = os.readlink(f"/proc/self/fd/{fd}")
        if target.startswith(str(folder)):
            count[0] += 1
            if count[0] > after:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)


@pytest.mark.parametrize("after", [0, 1, 2])
def test_a_full_disk_changes_nothing_and_leaves_no_temp_files(make_project, monkeypatch, after):
    """Writing fails at the first file, the second, or the first of the second course."""
    root = make_project()
    add_course(root)
    run(root)
    edit_course(root, "sahel-2017")
    edit_course(root, "sahel-2018")
    before = snapshot(root / "dist")
    real_write = os.write
    _fail_writes_into(root / "dist", monkeypatch, after=after)
    with pytest.raises(BuildError) as caught:
        run(root)
    failed = ["sahel-2017/manifest.json", "sahel-2017/sahel-2017-fake.zip"]
    failed += ["sahel-2018/manifest.json"]
    assert str(caught.value) == (
        f"dist/{failed[after]}: error: cannot write: No space left on device; "
        f"nothing in dist was changed"
    )
    assert snapshot(root / "dist") == before
    monkeypatch.setattr(os, "write", real_write)
    assert run(root).built == ["sahel-2017", "sahel-2018"]


def test_a_full_disk_through_the_command_line(make_project, monkeypatch):
    from click.testing import CliRunner

    from builder.cli import cli

    root = make_project()
    _fail_writes_into(root / "dist", monkeypatch)
    result = CliRunner().invoke(cli, ["build", "--root", str(root), "--format", "handout"])
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert snapshot(root / "dist") == {}


# --------------------------------------------------------------------------- up to date?


def _truncate(path):
    path.write_bytes(path.read_bytes()[:100])


def _same_size_other_bytes(path):
    data = bytearray(path.read_bytes())
    data[-30] ^= 0xFF
    path.write_bytes(bytes(data))


def _old_manifest(path):
    manifest = json.loads(path.read_text())
    del manifest["inputs"]
    path.write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    "damage",
    [
        lambda target: _truncate(target / "sahel-2017-fake.zip"),
        lambda target: _same_size_other_bytes(target / "sahel-2017-fake.zip"),
        lambda target: (target / "sahel-2017-fake.zip").unlink(),
        lambda target: (target / "manifest.json").write_text("{not json"),
        lambda target: (target / "manifest.json").unlink(),
        lambda target: _old_manifest(target / "manifest.json"),
    ],
    ids=["truncated", "same-size", "missing", "bad-manifest", "no-manifest", "old-manifest"],
)
def test_a_damaged_course_folder_is_rebuilt(make_project, damage):
    root = make_project()
    run(root)
    target = root / "dist" / "sahel-2017"
    good = (target / "sahel-2017-fake.zip").read_bytes()
    damage(target)
    report = run(root)
    assert report.built == ["sahel-2017"] and report.skipped == []
    assert (target / "sahel-2017-fake.zip").read_bytes() == good
    assert run(root).skipped == ["sahel-2017"]


def test_the_manifest_records_what_was_loaded_not_what_is_there_later(make_project, monkeypatch):
    """A module edited between loading and the end of the build: the manifest must not
    claim the new text, or the next build would think the stale artefact up to date."""
    import builder.build

    root = make_project()
    module = root / "courses" / "modules" / "second-module.yaml"
    real_load = builder.build.load_project

    def load_then_edit(*args):
        project = real_load(*args)
        module.write_text(module.read_text().replace("Second module", "Second module, revised"))
        return project

    monkeypatch.setattr(builder.build, "load_project", load_then_edit)
    run(root)
    monkeypatch.setattr(builder.build, "load_project", real_load)
    target = root / "dist" / "sahel-2017" / "sahel-2017-fake.zip"
    with zipfile.ZipFile(target) as archive:
        assert "revised" not in archive.read("sessions.txt").decode()
    assert run(root).built == ["sahel-2017"]
    with zipfile.ZipFile(target) as archive:
        assert "Second module, revised" in archive.read("sessions.txt").decode()


def test_a_rebuild_keeps_other_files_and_drops_stale_pdfs(make_project):
    root = make_project()
    run(root)
    target = root / "dist" / "sahel-2017"
    (target / "notes.txt").write_text("the trainer's notes")
    (target / "extra").mkdir()
    (target / "extra" / "photo.png").write_bytes(b"png")
    (target / "sahel-2017-fake.pdf").write_bytes(b"%PDF- of the old version")
    edit_course(root)
    assert run(root).built == ["sahel-2017"]
    assert sorted(p.name for p in target.iterdir()) == [
        "extra",
        "manifest.json",
        "notes.txt",
        "sahel-2017-fake.zip",
    ]
    assert (target / "notes.txt").read_text() == "the trainer's notes"
    assert (target / "extra" / "photo.png").read_bytes() == b"png"
    assert not [p for p in (root / "dist").iterdir() if p.name.startswith(".")]


def test_leftovers_of_an_interrupted_build_are_cleaned(make_project):
    root = make_project()
    run(root)
    dist = root / "dist"
    (dist / "sahel-2017" / ".sahel-2017-fake.zip.a1b2c3d4.tmp").write_bytes(b"half")
    (dist / ".sahel-2017.new-x9y8z7w6.tmp").mkdir()
    (dist / ".sahel-2017.new-x9y8z7w6.tmp" / "sahel-2017-fake.zip").write_bytes(b"half")
    (dist / ".keep-me.tmp").write_text("not ours")
    assert run(root).skipped == ["sahel-2017"]
    assert sorted(p.name for p in dist.rglob("*")) == [
        ".keep-me.tmp",
        "manifest.json",
        "sahel-2017",
        "sahel-2017-fake.zip",
    ]


def test_an_old_folder_set_aside_is_put_back(make_project):
    """A crash between the two renames of a swap: the old folder is under a temp name."""
    root = make_project()
    run(root)
    dist = root / "dist"
    (dist / "sahel-2017").rename(dist / ".sahel-2017.old-abcd1234.tmp")
    assert run(root).skipped == ["sahel-2017"]
    assert sorted(p.name for p in dist.iterdir()) == ["sahel-2017"]


def test_each_theme_is_loaded_once_per_build(make_project, monkeypatch):
    import builder.project

    root = make_project()
    add_course(root)
    calls = []
    real = builder.project.load_theme
    monkeypatch.setattr(builder.project, "load_theme", lambda *a: calls.append(a) or real(*a))
    run(root)
    run(root)
    assert [name for _, name in calls] == ["default", "default"]


def test_parallel_build_writes_the_same_manifests(make_project, tmp_path):
    root = make_project()
    add_course(root)
    run(root, out_dir=tmp_path / "serial")
    run(root, out_dir=tmp_path / "parallel", jobs=2)
    for course in ("sahel-2017", "sahel-2018"):
        name = f"{course}/manifest.json"
        serial = (tmp_path / "serial" / name).read_bytes()
        assert serial == (tmp_path / "parallel" / name).read_bytes()
        assert "courses/workshops/" in serial.decode()
    assert run(root, out_dir=tmp_path / "parallel", jobs=2).skipped == ["sahel-2017", "sahel-2018"]
