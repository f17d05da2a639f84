"""The bad-input corpus: every case gives exit 1, the file and line:col, no traceback, no hang.

Cases are the files in ``tests/bad_inputs/`` (see its README.md) plus :data:`GENERATED`,
the inputs that cannot carry a header comment (empty, binary, oversized ...).
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

import builder.build  # noqa: F401 - imported up front so timings measure work, not imports
import builder.project  # noqa: F401
from builder.cli import cli
from builder.load import MAX_BYTES

from conftest import tiny_png

BAD = Path(__file__).parent / "bad_inputs"
MARKER = "PWNED-by-yaml"
# A guard against hangs, not a speed measure (speed is measured by benchmarks/bench.py): a
# check that takes this long on one bad file is stuck, whatever the machine.
HANG_GUARD = 30.0

MODULE_T = "courses/modules/extra.yaml"
COURSE_T = "courses/workshops/sahel-2017.yaml"

# A complete, valid module for courses/modules/extra.yaml (the generated cases break it).
MODULE = """\
id: extra
title: Extra module
version: "1.0"
minutes: 45
summary: A short summary of the module for the handout.
objectives:
  - Explain the topic
key_points:
  - One key point
slides:
  - title: First slide
    bullets:
      - A bullet
      - Another bullet
    notes: What the trainer says on this slide.
sources:
  - document: concept-note
    backs: the whole module
"""

# The fixture's course, as an editor would write it (the generated cases break it).
COURSE = """\
id: sahel-2017
title: Crime and terrorism workshop
region: sahel
city: Algiers
country: Algeria
dates:
  month: "2017-10"
hosts:
  - name: Ministry of Foreign Affairs
agenda:
  days:
    - start: "09:00"
      sessions:
        - module: nexus-basics
        - module: second-module
"""


@dataclass(frozen=True)
class Case:
    name: str
    target: str
    content: bytes
    expects: tuple[tuple[int, int, str], ...]

    def __str__(self) -> str:
        return self.name


_EXPECT = re.compile(r"^(\d+):(\d+) (.+)$")
_HEADER = re.compile(r"^# (target|expect|about):(.*)$")


def read_case(path: Path) -> Case:
    """A case file: leading ``# target:``, ``# expect:`` (one or more), ``# about:`` lines."""
    raw = path.read_bytes()
    target = None
    expects = []
    for line in raw.decode("utf-8").splitlines():
        header = _HEADER.match(line)
        if not header:
            break
        key, value = header[1], header[2].strip()
        if key == "target":
            target = value
        elif key == "expect":
            match = _EXPECT.match(value)
            assert match, f"{path.name}: expect must read 'LINE:COL fragment', got {value!r}"
            expects.append((int(match[1]), int(match[2]), match[3]))
    assert target, f"{path.name}: no '# target:' header"
    assert expects, f"{path.name}: no '# expect:' header"
    return Case(path.stem, target, raw, tuple(expects))


def _zip_garbage() -> bytes:
    # A Word document saved as .yaml: a zip header, then compressed (random) bytes.
    # 0x9a at index 14 is a UTF-8 continuation byte with no lead byte.
    return b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x9a" + random.Random(1234).randbytes(
        4000
    )


def _oversized() -> bytes:
    padding = "# " + "x" * 97 + "\n"  # 100 bytes
    text = MODULE + padding * (MAX_BYTES // len(padding) + 1)
    assert len(text.encode()) > MAX_BYTES
    return text.encode()


# name, target, content builder, line, column, message fragment
GENERATED: list[tuple[str, str, Callable[[], bytes], int, int, str]] = [
    ("empty-file", MODULE_T, lambda: b"", 1, 1, "file is empty"),
    ("blank-lines-only", MODULE_T, lambda: b"\n  \n\n", 1, 1, "file is empty"),
    (
        "raw-escape-byte",
        MODULE_T,
        lambda: MODULE.replace("title: Extra module", "title: Extra \x1b[1mmodule").encode(),
        2,
        14,
        "the file contains the control character U+001B",
    ),
    (
        "raw-nul-byte",
        MODULE_T,
        lambda: MODULE.replace("id: extra", "id: extra\x00").encode(),
        1,
        10,
        "the file contains the control character U+0000",
    ),
    (
        "raw-noncharacter-fffe",
        MODULE_T,
        lambda: MODULE.replace("One key point", "One \ufffe key point").encode(),
        9,
        9,
        "the file contains the control character U+FFFE",
    ),
    (
        "raw-escape-in-comment",
        COURSE_T,
        lambda: ("# colour codes \x1b[31m do not belong here\n" + COURSE).encode(),
        1,
        16,
        "control character U+001B",
    ),
    (
        "invalid-utf8-latin1",
        MODULE_T,
        lambda: MODULE.replace("title: Extra module", "title: Module avancé").encode("latin-1"),
        2,
        20,
        "not valid UTF-8 text (byte 0xe9)",
    ),
    (
        "invalid-utf8-surrogate-bytes",
        MODULE_T,
        lambda: MODULE.encode().replace(b"One key point", b"One \xed\xa0\x80 key point"),
        9,
        9,
        "not valid UTF-8 text (byte 0xed)",
    ),
    (
        "utf16-file",
        COURSE_T,
        lambda: COURSE.encode("utf-16"),
        1,
        1,
        "not valid UTF-8 text (byte 0xff)",
    ),
    ("binary-png", MODULE_T, tiny_png, 1, 1, "not valid UTF-8 text (byte 0x89)"),
    ("binary-zip-garbage", MODULE_T, _zip_garbage, 1, 15, "not valid UTF-8 text (byte 0x9a)"),
    (
        "deep-nesting-flow-lists",
        MODULE_T,
        lambda: ("key_points: " + "[" * 10_000).encode(),
        1,
        52,
        "nesting is deeper than 40",
    ),
    (
        "deep-nesting-flow-mappings",
        COURSE_T,
        lambda: ("agenda: " + "{a: " * 10_000).encode(),
        1,
        165,
        "nesting is deeper than 40",
    ),
    (
        "deep-nesting-block",
        MODULE_T,
        lambda: "".join(f"{' ' * i}k{i}:\n" for i in range(500)).encode(),
        41,
        41,
        "nesting is deeper than 40",
    ),
    (
        "node-flood",
        MODULE_T,
        lambda: ("key_points: [" + "x, " * 60_000 + "x]\n").encode(),
        1,
        150_005,
        "more than 50,000 YAML nodes",
    ),
    ("oversized", MODULE_T, _oversized, 1, 1, "larger than the limit of 1,048,576 bytes"),
    (
        "city-of-900k-characters",
        COURSE_T,
        lambda: COURSE.replace("city: Algiers", "city: " + "A" * 900_000).encode(),
        4,
        7,
        "this text has 900,000 characters; at most 150 are allowed here (at city)",
    ),
    (
        "bullet-of-100k-characters-without-spaces",
        MODULE_T,
        lambda: MODULE.replace("- A bullet", "- " + "x" * 100_000).encode(),
        13,
        9,
        "this text has 100,000 characters; at most 500 are allowed here",
    ),
    (
        "number-too-many-digits",
        MODULE_T,
        lambda: MODULE.replace("minutes: 45", "minutes: " + "9" * 5000).encode(),
        4,
        10,
        "has too many digits (at minutes)",
    ),
]


def all_cases() -> list[Case]:
    files = [read_case(path) for path in sorted(BAD.glob("*.yaml"))]
    generated = [
        Case(name, target, make(), ((line, col, fragment),))
        for name, target, make, line, col, fragment in GENERATED
    ]
    return files + generated


CASES = all_cases()


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def assert_located(case: Case, output: str) -> None:
    lines = output.splitlines()
    for line, col, fragment in case.expects:
        prefix = f"{case.target}:{line}:{col}: error: "
        hits = [text for text in lines if text.startswith(prefix)]
        assert hits, f"{case.name}: no error at {case.target}:{line}:{col}; output:\n{output}"
        assert any(fragment in text for text in hits), (
            f"{case.name}: {fragment!r} not in the error(s) at {line}:{col}:\n" + "\n".join(hits)
        )


def test_corpus_is_large_enough():
    assert len(list(BAD.glob("*.yaml"))) >= 35
    assert len({case.name for case in CASES}) == len(CASES), "case names must be unique"


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_input(case: Case, make_project, monkeypatch):
    root = make_project()
    target = root / case.target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.content)
    monkeypatch.chdir(root)  # a tag that ran a shell command would leave its marker here
    before = snapshot(root.parent)
    runner = CliRunner()

    started = time.perf_counter()
    result = runner.invoke(cli, ["check", "--root", str(root)])
    elapsed = time.perf_counter() - started

    output = result.output
    assert result.exit_code == 1, output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output
    assert_located(case, output)
    assert elapsed < HANG_GUARD, f"check took {elapsed:.2f} s: a hang"
    assert not (root / MARKER).exists()
    assert snapshot(root.parent) == before, "check changed files"

    result = runner.invoke(cli, ["build", "--root", str(root), "--quiet"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert_located(case, result.output)
    assert not (root / "dist").exists()
    assert not (root / MARKER).exists()
    assert snapshot(root.parent) == before, "build changed files"


def test_unsafe_tags_do_not_run_even_in_keys(make_project, monkeypatch):
    """A python tag on a key is refused like one on a value (and runs nothing)."""
    root = make_project(
        files={MODULE_T: MODULE + f'!!python/object/apply:os.system ["touch {MARKER}"]: x\n'}
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert result.exit_code == 1
    assert f"{MODULE_T}:19:1: error: YAML tag" in result.output
    assert not (root / MARKER).exists()


def test_module_file_linking_outside_the_project_is_refused(make_project, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text(MODULE, encoding="utf-8")
    root = make_project()
    (root / MODULE_T).symlink_to(outside)
    result = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert result.exit_code == 1
    assert f"{MODULE_T}: error: file is a link to outside the project" in result.output


def test_image_that_is_a_symlink_loop(make_project):
    image = "    image:\n      path: loop.png\n      alt: A loop\n    notes: What"
    root = make_project(files={MODULE_T: MODULE.replace("    notes: What", image)})
    (root / "courses/modules/loop.png").symlink_to(root / "courses/modules/loop.png")
    result = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert result.exit_code == 1
    assert (
        f"{MODULE_T}:16:13: error: image 'loop.png' cannot be read: its symbolic links form a loop"
    ) in result.output
