"""Bad input that used to give wrong output, exit 0 or "internal error" (issue 8).

Each case is driven through the command line (click's CliRunner): ``check`` and ``build``
exit 1 with a located message naming the file, never "internal error" or a traceback, and
``build`` writes nothing. The attacks on the template sandbox are also tested directly.

Nothing here measures time except :func:`hang_guard`, a generous watchdog that aborts the
test run (with a traceback) instead of letting a regression hang it.
"""

from __future__ import annotations

import faulthandler
import io
import os
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import TemplateError

from builder import paths
from builder.cli import cli
from builder.errors import BuildError
from builder.images import MAX_IMAGE_BYTES, header_size, image_problem
from builder.templating import MAX_OUTPUT, MAX_TOTAL, TemplateLimitError, render
from builder.theme import load_theme

from conftest import course_data, tiny_png

MODULE = "courses/modules/nexus-basics.yaml"
COURSE = "courses/workshops/sahel-2017.yaml"
THEME = "templates/default"
THEME_YAML = f"{THEME}/theme.yaml"
WELCOME = f"{THEME}/handout-welcome.md.j2"


@pytest.fixture(autouse=True)
def hang_guard():
    """Abort the run if one test hangs (a bound that stopped working)."""
    faulthandler.dump_traceback_later(120, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_symlink() or p.is_file()
    }


def refused(root: Path, *fragments: str, commands=("check", "build")) -> str:
    """Run ``commands``; each exits 1 printing every fragment, cleanly; build writes nothing.
    Returns the build output."""
    before = snapshot(root)
    output = ""
    for command in commands:
        args = [command, "--root", str(root)] + (["--quiet"] if command == "build" else [])
        result = CliRunner().invoke(cli, args)
        output = result.output
        assert result.exit_code == 1, f"{command}: exit {result.exit_code}\n{output}"
        assert result.exception is None or isinstance(result.exception, SystemExit), output
        assert "Traceback" not in output and "internal error" not in output, output
        for fragment in fragments:
            assert fragment in output, f"{command}: {fragment!r} not in:\n{output}"
    assert not (root / "dist").exists(), "build wrote into dist/"
    assert snapshot(root) == before, "a command changed the project"
    return output


def value_of(path: Path, needle: str) -> tuple[int, int]:
    """Line and column of the value on the first line of ``path`` holding ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index(": ") + 3
    raise AssertionError(f"{needle} not in {path}")


def value_at(path: Path, key: str) -> tuple[int, int]:
    """Line and column of the value of the first ``key:`` line in ``path``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = re.match(rf"^(\s*){re.escape(key)}:\s*", line)
        if match:
            return number, match.end() + 1
    raise AssertionError(f"{key} not in {path}")


def with_image(image_path: str) -> dict:
    """Module changes putting one picture slide first."""
    from conftest import module_data

    slides = module_data()["slides"]
    picture = {
        "title": "A map",
        "image": {"path": image_path, "alt": "A map of the routes"},
        "notes": "What the trainer says.",
    }
    return {"slides": [picture, *slides]}


def image_position(root: Path) -> tuple[int, int]:
    return value_at(root / MODULE, "path")


def two_courses(make_project, **kwargs) -> Path:
    """The fixture project with a second course on the same theme."""
    files = kwargs.pop("files", {})
    files["courses/workshops/sahel-2018.yaml"] = yaml.safe_dump(
        course_data("sahel-2018"), sort_keys=False
    )
    return make_project(files=files, **kwargs)


def png_header(width: int, height: int, body: bytes = b"") -> bytes:
    """A PNG whose IHDR claims ``width`` × ``height`` (nothing decodes it that far)."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def jpeg_header(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


# =========================================================================== 1. one rule


class TestEveryReadGoesThroughOneRule:
    def test_text_template_linked_from_outside_is_refused(self, make_project, tmp_path):
        outside = tmp_path / "secret.md.j2"
        outside.write_text("Secret {{ course.title }}\n", encoding="utf-8")
        root = make_project()
        (root / WELCOME).unlink()
        (root / WELCOME).symlink_to(outside)
        refused(root, f"{WELCOME}: error: file is a link to outside the project")

    def test_theme_folder_linked_from_outside_is_refused(self, make_project, tmp_path):
        root = make_project()
        (root / THEME).rename(tmp_path / "elsewhere")
        (root / THEME).symlink_to(tmp_path / "elsewhere")
        refused(root, f"{THEME_YAML}: error: file is a link to outside the project")

    def test_deck_template_linked_from_outside_is_refused_at_its_key(self, make_project, tmp_path):
        root = make_project()
        deck = root / THEME / "deck.pptx"
        deck.rename(tmp_path / "deck.pptx")
        deck.symlink_to(tmp_path / "deck.pptx")
        line, col = value_at(root / THEME_YAML, "deck")
        refused(
            root,
            f"{THEME_YAML}:{line}:{col}: error: deck template 'deck.pptx' is a link to "
            f"outside the project (at deck)",
        )

    def test_link_inside_the_project_is_fine(self, make_project):
        root = make_project()
        (root / "shared").mkdir()
        (root / WELCOME).rename(root / "shared/welcome.md.j2")
        (root / WELCOME).symlink_to(root / "shared/welcome.md.j2")
        result = CliRunner().invoke(cli, ["check", "--root", str(root)])
        assert result.exit_code == 0, result.output

    def test_trusted_roots_admit_a_theme_shipped_with_the_package(self, make_project, tmp_path):
        root = make_project()
        package = tmp_path / "package-themes"
        (root / THEME).rename(package)
        (root / THEME).symlink_to(package)
        with pytest.raises(BuildError, match="link to outside the project"):
            load_theme(root, "default")
        theme = load_theme(root, "default", trusted=(package,))
        assert theme.file("deck").is_relative_to(package)
        assert theme.text("handout-welcome.md.j2")[1] == WELCOME

    def test_image_linked_from_outside_is_refused_at_its_field(self, make_project, tmp_path):
        (tmp_path / "map.png").write_bytes(tiny_png())
        root = make_project(module=with_image("map.png"))
        (root / "courses/modules/map.png").symlink_to(tmp_path / "map.png")
        line, col = image_position(root)
        refused(
            root,
            f"{MODULE}:{line}:{col}: error: image 'map.png' is a link to outside the project",
        )

    def test_course_file_that_is_a_fifo_is_refused_without_blocking(self, make_project):
        root = make_project()
        os.mkfifo(root / "courses/workshops/extra.yaml")
        refused(
            root,
            "courses/workshops/extra.yaml: error: file is not a regular file (a named pipe)",
        )

    def test_course_file_linked_to_a_device_is_refused(self, make_project):
        root = make_project()
        (root / "courses/workshops/extra.yaml").symlink_to("/dev/urandom")
        refused(root, "courses/workshops/extra.yaml: error: file is a link to outside the project")

    def test_course_file_that_is_a_device_is_refused(self, make_project):
        root = make_project()
        try:
            os.mknod(root / "courses/modules/extra.yaml", 0o600 | 0o020000, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("creating a device needs privileges")
        refused(root, "courses/modules/extra.yaml: error: file is not a regular file (a device)")

    def test_link_inside_the_project_to_a_fifo_is_refused(self, make_project):
        root = make_project()
        os.mkfifo(root / "pipe")
        (root / "courses/modules/extra.yaml").symlink_to(root / "pipe")
        refused(root, "courses/modules/extra.yaml: error: file is not a regular file")

    def test_regions_file_that_is_a_fifo_is_not_called_missing(self, make_project):
        root = make_project()
        (root / "courses/regions.yaml").unlink()
        os.mkfifo(root / "courses/regions.yaml")
        output = refused(root, "courses/regions.yaml: error: file is not a regular file")
        assert "regions file is missing" not in output

    def test_broken_link_and_link_loop(self, make_project):
        root = make_project()
        (root / "courses/modules/gone.yaml").symlink_to(root / "nowhere.yaml")
        loop = root / "courses/modules/loop.yaml"
        loop.symlink_to(loop)
        refused(
            root,
            "courses/modules/gone.yaml: error: file is a link to a file that does not exist",
            "courses/modules/loop.yaml: error: file cannot be read: its symbolic links form a loop",
        )

    def test_image_that_is_a_fifo(self, make_project):
        root = make_project(module=with_image("pipe.png"))
        os.mkfifo(root / "courses/modules/pipe.png")
        line, col = image_position(root)
        refused(root, f"{MODULE}:{line}:{col}: error: image 'pipe.png' is not a regular file")

    def test_text_template_over_its_limit(self, make_project):
        big = "x" * (paths.MAX_TEXT_TEMPLATE_BYTES + 1)
        root = make_project(files={WELCOME: big})
        refused(root, f"{WELCOME}: error: file is larger than the limit of 262,144 bytes")

    def test_text_template_not_utf8_is_located(self, make_project):
        root = make_project(files={WELCOME: "Welcome\nto caf\xe9\n".encode("latin-1")})
        refused(root, f"{WELCOME}:2:7: error: file is not valid UTF-8 text (byte 0xe9)")

    def test_office_template_over_its_limit(self, make_project):
        root = make_project()
        with (root / THEME / "guide.docx").open("r+b") as handle:
            handle.truncate(paths.MAX_OFFICE_BYTES + 1)  # sparse: nothing is written
        line, col = value_at(root / THEME_YAML, "guide")
        refused(
            root,
            f"{THEME_YAML}:{line}:{col}: error: guide template 'guide.docx' is larger than "
            f"the limit of 20,971,520 bytes",
        )


# =========================================================================== 2. images


class TestImages:
    @pytest.mark.parametrize(
        "data, fragment",
        [
            (png_header(20_000, 20_000), "is 20,000 × 20,000 pixels, more than the limit"),
            (png_header(12_000, 12_000), "is 12,000 × 12,000 pixels, more than the limit"),
            (jpeg_header(65_000, 60_000), "is 65,000 × 60,000 pixels"),
            (b"GIF89a" + struct.pack("<HH", 65_535, 65_535) + b"\x00" * 7, "is 65,535 × 65,535"),
        ],
        ids=["png-20000", "png-12000", "jpeg", "gif"],
    )
    def test_decompression_bomb_is_refused_from_its_header(self, make_project, data, fragment):
        root = make_project(module=with_image("bomb.img"), files={"courses/modules/bomb.img": data})
        line, col = image_position(root)
        output = refused(root, f"{MODULE}:{line}:{col}: error: image 'bomb.img' {fragment}")
        assert "50,000,000 pixels and 20,000,000 bytes" in output  # the hint names both limits
        assert "DecompressionBomb" not in output

    def test_image_over_its_byte_limit(self, make_project):
        root = make_project(module=with_image("huge.png"))
        path = root / "courses/modules/huge.png"
        path.write_bytes(tiny_png())
        with path.open("r+b") as handle:
            handle.truncate(MAX_IMAGE_BYTES + 1)
        line, col = image_position(root)
        refused(
            root,
            f"{MODULE}:{line}:{col}: error: image 'huge.png' is larger than the limit of "
            f"20,000,000 bytes",
        )

    @pytest.mark.parametrize(
        "data, fragment",
        [
            (tiny_png()[:-20], "is damaged or truncated and cannot be decoded"),
            (b"\x89PNG\r\n\x1a\n" + b"not really a png" * 10, "is damaged: its PNG header"),
            (png_header(4, 3, b"garbage, not zlib"), "is damaged or truncated"),
            (jpeg_header(40, 30), "is damaged or truncated"),
        ],
        ids=["truncated-png", "fake-png", "bad-idat", "jpeg-without-scan"],
    )
    def test_damaged_image_is_a_located_error(self, make_project, data, fragment):
        root = make_project(module=with_image("bad.png"), files={"courses/modules/bad.png": data})
        line, col = image_position(root)
        output = refused(root, f"{MODULE}:{line}:{col}: error: image 'bad.png' {fragment}")
        assert "BytesIO" not in output

    def test_a_sound_image_is_embedded(self, make_project):
        root = make_project(
            module=with_image("map.png"), files={"courses/modules/map.png": tiny_png(40, 30)}
        )
        result = CliRunner().invoke(cli, ["build", "--root", str(root), "--format", "deck"])
        assert result.exit_code == 0, result.output
        with zipfile.ZipFile(root / "dist/sahel-2017/sahel-2017-deck.pptx") as deck:
            assert any(n.startswith("ppt/media/image") for n in deck.namelist())

    @settings(max_examples=300, deadline=None)
    @given(
        st.one_of(
            st.binary(max_size=64),
            st.binary(max_size=64).map(lambda b: b"\x89PNG\r\n\x1a\n" + b),
            st.binary(max_size=64).map(lambda b: b"\xff\xd8\xff" + b),
            st.binary(max_size=64).map(lambda b: b"GIF89a" + b),
        )
    )
    def test_any_bytes_give_an_answer_not_a_crash(self, data):
        size = header_size(data)
        assert size is None or len(size) == 2
        problem = image_problem(data)
        assert problem is None or isinstance(problem[0], str)


# =========================================================================== 3. zip bombs


def with_member(template: bytes, name: str, size: int) -> bytes:
    """``template`` with one more member of ``size`` zero bytes (compressed to little)."""
    out = io.BytesIO(template)
    block = bytes(1024 * 1024)
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with (
        zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open(info, "w", force_zip64=True) as stream,
    ):
        for _ in range(size // len(block)):
            stream.write(block)
    return out.getvalue()


class TestZipBombs:
    @pytest.mark.parametrize("role", ["deck", "handout"])
    def test_unreferenced_bomb_member_is_refused(self, make_project, role):
        root = make_project()
        name = {"deck": "deck.pptx", "handout": "handout.docx"}[role]
        path = root / THEME / name
        path.write_bytes(with_member(path.read_bytes(), "bomb.bin", 60 * 1024 * 1024))
        line, col = value_at(root / THEME_YAML, role)
        refused(
            root,
            f"{THEME_YAML}:{line}:{col}: error: {role} template {name!r} is too large once "
            f"unpacked: its part bomb.bin unpacks to 62,914,560 bytes",
        )

    def test_many_parts_within_the_part_limit_but_too_large_in_all(self, make_project):
        root = make_project()
        path = root / THEME / "deck.pptx"
        data = path.read_bytes()
        for index in range(3):
            data = with_member(data, f"ppt/media/big{index}.bin", 40 * 1024 * 1024)
        path.write_bytes(data)
        refused(root, "deck template 'deck.pptx' is too large once unpacked: its parts unpack")

    def test_a_part_that_unpacks_to_more_than_it_declares(self, make_project):
        root = make_project()
        path = root / THEME / "deck.pptx"
        data = bytearray(with_member(path.read_bytes(), "liar.bin", 1024 * 1024))
        # declare 100 bytes in the local header and the central directory: decompression
        # stops at what was declared and the checksum gives the lie away
        for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            start = data.rfind(signature)
            while start != -1:
                name_at = 30 if signature == b"PK\x03\x04" else 46
                if data[start + name_at : start + name_at + 8] == b"liar.bin":
                    data[start + offset : start + offset + 4] = struct.pack("<I", 100)
                    break
                start = data.rfind(signature, 0, start)
        path.write_bytes(bytes(data))
        refused(root, "deck template 'deck.pptx' is damaged: part liar.bin cannot be unpacked")

    def test_check_office_counts_what_decompression_gives(self):
        data = with_member(b"", "ppt/presentation.xml", 2 * 1024 * 1024)
        paths.check_office(data, "x.pptx", "deck")  # within the limits
        small = paths.MAX_OFFICE_UNPACKED_BYTES
        try:
            paths.MAX_OFFICE_UNPACKED_BYTES = 1024 * 1024
            with pytest.raises(BuildError, match="too large once unpacked"):
                paths.check_office(data, "x.pptx", "deck")
        finally:
            paths.MAX_OFFICE_UNPACKED_BYTES = small


# =========================================================================== 4. themes


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class TestThemeChecks:
    def test_option_of_the_wrong_type(self, make_project):
        root = make_project()
        edit(root / THEME_YAML, "chart_font_pt: 14", "chart_font_pt: big")
        line, col = value_at(root / THEME_YAML, "chart_font_pt")
        refused(
            root,
            f"{THEME_YAML}:{line}:{col}: error: expected a number, got the text 'big' "
            f"(at options.chart_font_pt)",
        )

    @pytest.mark.parametrize(
        "old, new, fragment",
        [
            ("min_font_pt: 18", "min_font_pt: 0", "is out of range"),
            ("max_body_lines: 14", "max_body_lines: [14]", "expected a whole number"),
            ("chart_font_pt: 14", "chart_fontpt: 14", "did you mean 'chart_font_pt'?"),
            (
                "chart_font_pt: 14",
                "chart_font_pt: 14\n  deck_labels: {agneda: Programme}",
                "did you mean 'agenda'?",
            ),
            (
                "chart_font_pt: 14",
                "chart_font_pt: 14\n  deck_labels: {group_exercise: Travail}",
                "did you mean 'group-exercise'?",
            ),
        ],
        ids=["range", "list", "typo", "label-typo", "label-alias"],
    )
    def test_options_are_typed(self, make_project, old, new, fragment):
        root = make_project()
        edit(root / THEME_YAML, old, new)
        refused(root, f"{THEME_YAML}:", fragment, commands=("check",))

    def test_child_theme_overrides_only_the_options_it_gives(self, make_project):
        child = "name: Child\nextends: default\noptions:\n  deck_labels: {continued: (suite)}\n"
        root = make_project(files={"templates/child/theme.yaml": child})
        theme = load_theme(root, "child")
        assert theme.options.chart_font_pt == 14
        assert theme.options.deck_labels.continued == "(suite)"
        assert theme.options.deck_labels.agenda == "Agenda"
        nolimit = "name: Free\nextends: default\noptions: {max_body_lines: null}\n"
        root = make_project(files={"templates/free/theme.yaml": nolimit})
        assert load_theme(root, "free").options.max_body_lines is None

    @pytest.mark.parametrize(
        "role, content, fragment",
        [
            ("deck", b"hello\n", "is not a PowerPoint presentation (.pptx): it is not a zip"),
            ("deck", "handout.docx", "is not a PowerPoint presentation (.pptx): it is a Word"),
            ("handout", "deck.pptx", "is not a Word document (.docx): it is a PowerPoint"),
            ("guide", b"PK\x05\x06" + bytes(18), "is not a Word document (.docx): it has no"),
        ],
        ids=["text-as-deck", "docx-as-deck", "pptx-as-handout", "empty-zip"],
    )
    def test_wrong_office_file_is_reported_once_at_its_key(
        self, make_project, role, content, fragment
    ):
        root = two_courses(make_project)
        name = {"deck": "deck.pptx", "handout": "handout.docx", "guide": "guide.docx"}[role]
        if isinstance(content, str):
            content = (root / THEME / content).read_bytes()
        (root / THEME / name).write_bytes(content)
        line, col = value_at(root / THEME_YAML, role)
        output = refused(root, f"{THEME_YAML}:{line}:{col}: error: {role} template {name!r}")
        assert fragment in output
        assert output.count(": error: ") == 1, output

    def test_damaged_package_cannot_be_opened(self, make_project):
        root = make_project()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("[Content_Types].xml", "<not xml")
            archive.writestr("ppt/presentation.xml", "<not xml")
        (root / THEME / "deck.pptx").write_bytes(out.getvalue())
        line, col = value_at(root / THEME_YAML, "deck")
        refused(
            root,
            f"{THEME_YAML}:{line}:{col}: error: deck template 'deck.pptx' cannot be opened",
        )

    def test_missing_layout_is_reported_once_at_its_entry(self, make_project):
        root = two_courses(make_project)
        edit(root / THEME_YAML, "section: Section Header", "section: Sektion Header")
        line, col = value_at(root / THEME_YAML, "  section")
        output = refused(
            root,
            f"{THEME_YAML}:{line}:{col}: error: deck.pptx has no slide layout named "
            f"'Sektion Header' (role 'section') (at layouts.section); did you mean "
            f"'Section Header'?",
        )
        assert output.count(": error: ") == 1, output

    def test_layout_without_the_placeholders_of_its_role(self, make_project):
        root = make_project()
        edit(root / THEME_YAML, "quote: Quote", "quote: Title and Content")
        line, col = value_at(root / THEME_YAML, "  quote")
        refused(
            root,
            f"{THEME_YAML}:{line}:{col}: error: deck.pptx: layout 'Title and Content' (role "
            f"'quote') needs a title and 2 content placeholder(s)",
        )

    def test_text_template_syntax_error_is_reported_once_at_its_line(self, make_project):
        root = two_courses(make_project, files={WELCOME: "# Welcome\n\nHello {% if %}\n"})
        output = refused(root, f"{WELCOME}:3:1: error: template error: Expected an expression")
        assert output.count(": error: ") == 1, output

    def test_text_template_undefined_name_is_reported_once_at_its_line(self, make_project):
        root = two_courses(
            make_project, files={WELCOME: "# Welcome\n\nWelcome to {{ course.town }}.\n"}
        )
        output = refused(
            root,
            f"{WELCOME}:3:1: error: template error: course has no 'town'",
            commands=("check", "build"),
        )
        assert output.count(": error: ") == 1, output

    def test_text_template_resource_attack_is_located(self, make_project):
        root = make_project(files={WELCOME: "# Welcome\n\n{{ 'x'|center(10**12) }}\n"})
        refused(
            root,
            f"{WELCOME}:3:1: error: template error: value too large",
            commands=("check", "build"),
        )

    def test_themes_that_extend_each_other(self, make_project):
        root = make_project(
            files={
                "templates/a/theme.yaml": "name: A\nextends: b\n",
                "templates/b/theme.yaml": "name: B\nextends: a\n",
            },
            course={"theme": "a"},
        )
        refused(root, "templates/b/theme.yaml:2:10: error: themes extend each other in a loop")

    def test_theme_is_loaded_once_per_build(self, make_project, monkeypatch):
        import builder.project

        calls = []
        real = builder.project.load_theme

        def counting(root, name, *args, **kwargs):
            calls.append(name)
            return real(root, name, *args, **kwargs)

        monkeypatch.setattr(builder.project, "load_theme", counting)
        root = two_courses(make_project)
        result = CliRunner().invoke(cli, ["build", "--root", str(root), "--format", "handout"])
        assert result.exit_code == 0, result.output
        assert calls == ["default"]


# =========================================================================== 5. templates

ATTACKS = [
    ("{{ 9**64**64**64**64**64 }}", "number too large in template"),
    ("{{ (9**64)**40 * (9**64)**40 }}", "number too large in template"),
    ("{{ 'x'|center(10**12) }}", "value too large in template"),
    ("{{ 'x'|center(10**9) }}", "value too large in template"),
    ("{{ 'x'.center(10**9) }}", "value too large in template"),
    ("{{ 'x'.ljust(10**9) }}{{ 'x'.rjust(10**9) }}", "value too large in template"),
    ("{{ 'x'.zfill(10**9) }}", "value too large in template"),
    ("{{ '\t'.expandtabs(10**9) }}", "value too large in template"),
    # a size limit, or on a loaded machine the time limit while building the separator
    ("{{ range(99999)|join(range(99999)|join) }}", ("value too large in template", "took longer")),
    ("{{ (range(9999)|join(',')).join(range(9999)|map('string')) }}", "value too large"),
    ("{{ '{:>1000000000}'.format('x') }}", "value too large in template"),
    ("{{ '{:.1000000000f}'.format(1.5) }}", "value too large in template"),
    ("{{ '%1000000000s' % 'x' }}", "value too large in template"),
    ("{{ '%*s' % (10**9, 'x') }}", "'*' widths are not allowed"),
    ("{{ '%1000000000d'|format(1) }}", "value too large in template"),
    ("{{ ('x' * 10000)|replace('', 'y' * 5000) }}", "value too large in template"),
    ("{{ ('x' * 9000).replace('x', 'yy' * 5000) }}", "value too large in template"),
    ("{{ ('a\\n' * 5000)|indent(10**6) }}", "value too large in template"),
    ("{{ ('a ' * 5000)|wordwrap(1, wrapstring='-' * 5000) }}", "value too large in template"),
    ("{{ 'x'|truncate(10**9, end='y' * 9999 * 11) }}", "repetition too large"),
    ("{{ [1]|batch(10**9, 'x')|list }}", "value too large in template"),
    ("{{ [1]|slice(10**9)|list }}", "value too large in template"),
    ("{{ ['x' * 10000] * 10000 }}", "value too large in template"),
    ("{{ ['x' * 10000] * 10 + ['x' * 10000] * 10 }}", "value too large in template"),
    ("{{ ([['x' * 10000]] * 11)|sum(start=[]) }}", "value too large in template"),
    ("{% set y = 'x' * 10000 %}{{ y ~ y ~ y ~ y ~ y ~ y ~ y ~ y ~ y ~ y ~ y }}", "too large"),
    ("{{ ('x' * 10000).translate({120: 'y' * 1000}) }}", "value too large in template"),
    ("{{ range(100000)|map('center', 99999)|list|length }}", f"more than {MAX_TOTAL:,}"),
    (
        "{% set ns = namespace(l=['x' * 1000]) %}{% for i in range(40) %}"
        "{% set ns.l = [ns.l, ns.l] %}{% endfor %}{{ ns.l }}",
        "value too large in template",
    ),
    (
        "{% macro f(x, n) %}{{ f([x, x], n - 1) if n else x }}{% endmacro %}{{ f('x', 60) }}",
        "value too large in template",
    ),
    (
        "{% set s %}{% for i in range(100000) %}{{ 'x'|center(99999) ~ i }}{% endfor %}"
        "{% endset %}{{ s|length }}",
        "value too large in template",
    ),
    ("{{ lipsum(10**9) }}", "'lipsum' is not defined"),
]


class TestTemplateBounds:
    @pytest.mark.parametrize("source, message", ATTACKS, ids=[a[0][:40] for a in ATTACKS])
    def test_attack_fails_with_a_template_error(self, source, message):
        with pytest.raises(TemplateError) as caught:
            render(source, {"course": {"title": "T"}})
        accepted = message if isinstance(message, tuple) else (message,)
        assert any(m in (caught.value.message or "") for m in accepted), caught.value.message
        assert getattr(caught.value, "lineno", None) == 1

    def test_error_carries_the_template_line(self):
        with pytest.raises(TemplateError) as caught:
            render("one\ntwo\n{{ 'x'|center(10**12) }}\n", {})
        assert caught.value.lineno == 3

    def test_memory_error_is_a_template_error(self):
        class Greedy:
            def __str__(self):
                raise MemoryError

        with pytest.raises(TemplateLimitError, match="needs too much memory"):
            render("{{ greedy }}", {"greedy": Greedy()})

    def test_ordinary_templates_still_render(self):
        context = {"course": {"city": "Algiers", "hosts": ["A", "B"]}, "region": {"name": "S"}}
        source = (
            "{{ course.city|upper }} {{ course.hosts|join(', ') }} {{ '%05.1f' % 3.14159 }} "
            "{{ '{:>4}'.format('x') }} {{ [1, 2] + [3] }} {{ 'ab' ~ 3 }} {{ 2**10 * 3 }} "
            "{% for a, b in [(1, 2)] %}{{ a + b }}{% endfor %} {{ {'k': 1}.k }} "
            "{{ 'x'|center(5) }}|{{ 'a b c'|wordwrap(1) }}"
        )
        assert render(source, context) == (
            "ALGIERS A, B 003.1    x [1, 2, 3] ab3 3072 3 1   x  |a\nb\nc"
        )

    def test_day_title_attack_through_the_command_line(self, make_project):
        course = course_data()
        course["agenda"]["days"][0]["title"] = "{{ 9**64**64**64**64**64 }}"
        root = make_project(course=course)
        line, col = value_of(root / COURSE, "9**64")
        refused(
            root,
            f"{COURSE}:{line}:{col}: error: template error: number too large in template",
        )

    @pytest.mark.parametrize("key", ["title", "subtitle", "audience", "description"])
    def test_error_in_the_course_own_texts_is_not_swallowed(self, make_project, key):
        """These four were rendered after the error check: raw template text, exit 0."""
        root = make_project(course={key: "Held in {{ course.town }}"})
        line, col = value_of(root / COURSE, "course.town")
        refused(root, f"{COURSE}:{line}:{col}: error: template error: course has no 'town'")

    def test_module_text_attack_through_the_command_line(self, make_project):
        root = make_project(module={"summary": "{{ 'x'|center(10**12) }}"})
        line, col = value_at(root / MODULE, "summary")
        refused(root, f"{MODULE}:{line}:{col}: error: template error: value too large")

    @pytest.mark.parametrize("source", ["{{ ('x'|list)|indent(4) }}", "{{ [1, 2]|indent }}"])
    def test_filter_given_the_wrong_kind_of_value(self, source):
        """A filter that cannot take its value ('x'|list|indent: a list has no lines) is a
        template error, found by hypothesis with jinja2 3.1.6's filters."""
        with pytest.raises(TemplateError):
            render(source, {})

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(st.data())
    def test_random_growth_never_escapes(self, data):
        """Chains of growing operations with large arguments end in a template error or
        bounded output, never another exception (MemoryError, OverflowError …) or a hang."""
        big = st.sampled_from(["10**6", "10**9", "10**12", "99999", "5000"])
        steps = st.lists(
            st.one_of(
                big.map(lambda n: f"|center({n})"),
                big.map(lambda n: f".ljust({n})"),
                big.map(lambda n: f"|indent({n}, true)"),
                st.just("|join('" + "-" * 50 + "')"),
                st.just("|list"),
                st.just(" ~ x ~ x"),
                st.just("|replace('', 'yy')"),
                st.just("|string|tojson"),
                big.map(lambda n: f"|wordwrap(1, wrapstring='-' * ({n} % 9999))"),
            ),
            min_size=1,
            max_size=6,
        )
        start = data.draw(st.sampled_from(["'x' * 9999", "range(9999)|join", "9**64|string"]))
        expression = "x"
        for step in data.draw(steps):
            expression = f"({expression}){step}"
        source = f"{{% set x = {start} %}}{{{{ ({expression})|length }}}}"
        try:
            out = render(source, {})
        except TemplateError:
            pass  # refused (or simply wrong, e.g. a method a list lacks): a template error
        else:
            assert len(out) <= MAX_OUTPUT
