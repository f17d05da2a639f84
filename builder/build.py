"""The build orchestrator: load → validate → resolve → render → write.

Everything is gathered and rendered before anything is written: if any course fails, no
file in ``dist/`` changes. Each course's outputs go to ``dist/<course-id>/`` with a
``manifest.json`` recording the inputs' fingerprint, so an unchanged course is skipped on
the next build (``--force`` rebuilds).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

from . import __version__
from .errors import BuildError, Diagnostic, choice_hint
from .project import Project, load_project
from .render.base import FORMATS, RenderContext, get_renderer, output_name
from .resolve import resolve_course
from .write import normalise_zip, write_atomic

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"


@dataclass
class CourseResult:
    course_id: str
    outputs: dict[str, bytes] = field(default_factory=dict)  # file name → bytes
    skipped: bool = False
    fingerprint: str = ""


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    out_dir: Path | None = None

    def office_files_without_pdf(self) -> list[Path]:
        """Written files, plus skipped courses' files that have no PDF yet."""
        found = [f for f in self.files if f.suffix in (".pptx", ".docx")]
        for course_id in self.skipped:
            for path in sorted((self.out_dir / course_id).glob("*.*x")):
                if path.suffix in (".pptx", ".docx") and not path.with_suffix(".pdf").exists():
                    found.append(path)
        return found


def fingerprint(project: Project, course_id: str, formats: Iterable[str]) -> str:
    """A hash of everything that feeds one course's artefacts."""
    course = project.courses[course_id]
    digest = hashlib.sha256()
    digest.update(
        f"{__version__}|{','.join(sorted(formats))}|"
        f"{os.environ.get('SOURCE_DATE_EPOCH', '')}".encode()
    )
    names = ["courses/regions.yaml", "courses/sources.yaml", project.course_docs[course_id].name]
    for day in course.agenda.days:
        for session in day.sessions:
            module_id = getattr(session, "module", None)
            if module_id:
                names.append(project.module_docs[module_id].name)
    paths = [project.root / name for name in sorted(set(names))]
    theme = project.theme(course.theme)
    for folder in theme.chain:
        paths += sorted(p for p in folder.rglob("*") if p.is_file())
    for path in paths:
        if path.is_file():
            digest.update(str(path.relative_to(project.root)).encode())
            digest.update(path.read_bytes())
    digest.update(_code_digest())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    """The builder's own source: a new version of the code rebuilds everything."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.digest()


def check_project(root: Path) -> Project:
    """Load and validate everything, then resolve every valid course so that template
    errors (undefined names, sandbox violations) are reported too."""
    project = load_project(root)
    if not project.report.errors:
        for theme in sorted({c.theme for c in project.courses.values()}):
            try:
                project.theme(theme)
            except BuildError as exc:
                project.report.extend(exc.diagnostics)
        for course_id in sorted(project.courses):
            try:
                resolve_course(project, course_id)
            except BuildError as exc:
                project.report.extend(
                    d for d in exc.diagnostics if d not in project.report.diagnostics
                )
    return project


def render_course(project: Project, course_id: str, formats: list[str]) -> CourseResult:
    """Resolve one course and render each format to reproducible bytes."""
    from .deck_plan import plan_deck

    view = resolve_course(project, course_id)
    theme = project.theme(view.theme)
    ctx = RenderContext(course=view, deck=plan_deck(view, theme), theme=theme)
    result = CourseResult(course_id)
    for fmt in formats:
        renderer = get_renderer(fmt)
        data = renderer.render(ctx)
        result.outputs[output_name(course_id, renderer)] = normalise_zip(data, view.build_time)
    return result


def _render_in_worker(root: str, course_id: str, formats: list[str]) -> CourseResult:
    project = load_project(Path(root))
    return render_course(project, course_id, formats)


def build(
    root: Path,
    course_ids: list[str] | None = None,
    formats: list[str] | None = None,
    out_dir: Path | None = None,
    jobs: int = 1,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build the named courses (all when None) into ``out_dir`` (default ``root/dist``)."""
    project = load_project(root)
    project.report.raise_if_errors()
    formats = formats or list(FORMATS)
    out_dir = out_dir or project.root / "dist"
    wanted = course_ids or sorted(project.courses)
    unknown = [c for c in wanted if c not in project.courses]
    if unknown:
        raise BuildError([_unknown_course(c, project) for c in unknown])
    say = progress or (lambda _msg: None)
    todo: list[tuple[str, str]] = []
    report = BuildReport(out_dir=out_dir)
    for course_id in wanted:
        stamp = fingerprint(project, course_id, formats)
        target = out_dir / course_id
        if not force and _up_to_date(target, stamp, course_id, formats):
            report.skipped.append(course_id)
            say(f"{course_id}: up to date")
            continue
        todo.append((course_id, stamp))

    results: list[CourseResult] = []
    failures: list[Diagnostic] = []
    with ExitStack() as stack:
        if jobs > 1 and len(todo) > 1:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs))
            futures = {
                cid: pool.submit(_render_in_worker, str(project.root), cid, formats)
                for cid, _ in todo
            }
            outcome = {cid: futures[cid].result for cid, _ in todo}
        else:
            outcome = {cid: partial(render_course, project, cid, formats) for cid, _ in todo}
        for course_id, stamp in todo:
            try:
                result = outcome[course_id]()
            except BuildError as exc:
                failures.extend(exc.diagnostics)
                continue
            result.fingerprint = stamp
            results.append(result)
            say(f"{course_id}: rendered {', '.join(result.outputs)}")
    if failures:  # nothing written: dist/ keeps its last good artefacts
        raise BuildError(list(dict.fromkeys(failures)))  # a theme's error once, not per course

    for result in results:
        target = out_dir / result.course_id
        _check_inside(out_dir, target)
        for name, data in sorted(result.outputs.items()):
            path = target / name
            write_atomic(path, data)
            report.files.append(path)
        manifest = {
            "course": result.course_id,
            "fingerprint": result.fingerprint,
            "builder": __version__,
            "files": {
                name: hashlib.sha256(data).hexdigest()
                for name, data in sorted(result.outputs.items())
            },
        }
        write_atomic(target / MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode())
        report.built.append(result.course_id)
    return report


def _unknown_course(course_id: str, project: Project) -> Diagnostic:
    hint = choice_hint(course_id, project.courses, "courses") or "the project has no courses yet"
    return Diagnostic("", 0, 0, f"unknown course {course_id!r}", hint=hint)


def _check_inside(out_dir: Path, target: Path) -> None:
    if not target.resolve().is_relative_to(out_dir.resolve()):
        raise BuildError(f"output path {target} leaves the output folder")


def _up_to_date(target: Path, stamp: str, course_id: str, formats: list[str]) -> bool:
    manifest = target / MANIFEST
    if not manifest.is_file():
        return False
    try:
        data = json.loads(manifest.read_text())
    except (OSError, ValueError):
        return False
    if data.get("fingerprint") != stamp:
        return False
    files = data.get("files", {})
    return all((target / name).is_file() for name in files) and len(files) >= len(formats)
