"""The build orchestrator: load → validate → resolve → render → write.

Everything is gathered and rendered before anything is written: if any course fails, no
file in ``dist/`` changes. The output paths are checked before rendering starts, and the
courses are then written together (see :mod:`builder.write`): each ``dist/<course-id>/``
is swapped in whole, with its ``manifest.json``.

The manifest records what the course was made from and what was written:

* ``inputs``: every file the course's artefacts were made from, by path relative to the
  project, with the SHA-256 of the bytes the build used (``null`` for an optional file the
  theme looked for and did not find) — see :mod:`builder.inputs`;
* ``fingerprint``: a hash of those inputs together with the builder's code, the formats
  and the build time;
* ``files``: each file written, with its size and SHA-256.

A course is skipped (unless ``force``) when its fingerprint, recomputed from the inputs as
they are now, is unchanged and every file the manifest lists is still there with the
recorded size and hash; otherwise it is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import stat
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path

from jinja2 import TemplateError

from . import __version__
from .errors import BuildError, Diagnostic, choice_hint
from .inputs import Inputs
from .instruments import INSTRUMENTS
from .load import Document
from .project import Project, load_project
from .render.base import FORMATS, RenderContext, get_renderer, output_name
from .resolve import resolve_course
from .theme import Theme
from .thumbnails import CACHE, deck_thumbnails
from .write import (
    CourseFolder,
    build_time,
    check_targets,
    normalise_zip,
    recover,
    replace_folders,
)

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
OFFICE_SUFFIXES = (".pptx", ".docx")
PICTURED = frozenset({"guide", "handout"})  # the formats that show slide pictures


@dataclass
class CourseResult:
    course_id: str
    outputs: dict[str, bytes] = field(default_factory=dict)  # file name → bytes
    inputs: dict[str, str | None] = field(default_factory=dict)  # path → sha256 (or None)
    fingerprint: str = ""
    thumbnails: dict[str, str] = field(default_factory=dict)  # deck name → its pictures' key


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # written (manifests not counted)
    out_dir: Path | None = None
    warnings: list[Diagnostic] = field(default_factory=list)  # found in the inputs


def build_key(formats: list[str], when) -> str:
    """What every course's artefacts depend on besides its input files."""
    return (
        f"{__version__}|{_code_digest().hex()}|{','.join(sorted(formats))}|{int(when.timestamp())}"
    )


def fingerprint(key: str, inputs: Mapping[str, str | None]) -> str:
    """A hash of ``key`` and of every input file's name and content hash."""
    digest = hashlib.sha256(key.encode())
    for name in sorted(inputs):
        digest.update(f"\n{name}\0{inputs[name] or '-'}".encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    """The builder's own source: a new version of the code rebuilds everything."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.digest()


def course_documents(project: Project, course_id: str) -> list[Document]:
    """The YAML files one course is resolved from."""
    docs = [project.course_docs[course_id]]
    for name in ("courses/regions.yaml", "courses/sources.yaml", INSTRUMENTS):
        if name in project.documents:
            docs.append(project.documents[name])
    for day in project.courses[course_id].agenda.days:
        for session in day.sessions:
            module_id = getattr(session, "module", None)
            if module_id in project.module_docs:
                docs.append(project.module_docs[module_id])
            pack_id = getattr(session, "use", None)
            if pack_id in project.pack_docs:
                docs.append(project.pack_docs[pack_id])
    return docs


def check_project(root: Path) -> Project:
    """Load and validate everything, then resolve every valid course and try its theme's text
    templates with it, so that template errors (undefined names, sandbox violations) are
    reported by ``check`` as they would be by ``build``."""
    project = load_project(root)
    log.info(
        "loaded %d file(s): %d course(s), %d module(s), %d session pack(s)",
        len(project.documents),
        len(project.courses),
        len(project.modules),
        len(project.packs),
    )
    from .theme import theme_names

    known = set(theme_names(project.root))  # an unknown name is reported with the course
    for theme in sorted({c.theme for c in project.courses.values()} & known):
        try:
            project.theme(theme)
        except BuildError as exc:
            project.report.extend(exc.diagnostics)
    if not project.report.errors:
        for course_id in sorted(project.courses):
            for edition in editions(project, course_id):
                try:
                    view = resolve_course(project, course_id, edition)
                    log.info("%s: resolved, %d session(s)", course_id, len(view.sessions))
                    _try_text_templates(project, view)
                except BuildError as exc:
                    project.report.extend(
                        d for d in exc.diagnostics if d not in project.report.diagnostics
                    )
        project.report.extend(translation_warnings(project))
    return project


def fixed_text_warnings(project: Project) -> list[Diagnostic]:
    """Languages a course is built in whose builder catalogue misses some fixed strings
    ("Agenda", "Day 1" …): they would print in English."""
    from .i18n import Messages, catalogue_messages, has_catalogue
    from .resolve import source_language

    languages = set()
    for course_id, course in project.courses.items():
        languages.add(source_language(project, course))
        languages.update(lang for lang in editions(project, course_id)[1:] if lang)
    messages = catalogue_messages()
    out = []
    for language in sorted(languages):
        name = f"(built-in)/locale/{language.split('-')[0]}/LC_MESSAGES/messages.po"
        if language.split("-")[0] == "en":
            continue
        if not has_catalogue(language):
            out.append(
                Diagnostic(
                    name,
                    0,
                    0,
                    f"the builder has no {language} catalogue: its fixed texts "
                    f"({len(messages)}, such as {messages[0]!r}) print in English"
                    if messages
                    else f"the builder has no {language} catalogue",
                    severity="warning",
                    hint="add one with `make messages` (LANGS) and translate it",
                )
            )
            continue
        missing = Messages(language).missing(messages)
        if missing:
            shown = ", ".join(repr(m) for m in missing[:5]) + (" …" if len(missing) > 5 else "")
            out.append(
                Diagnostic(
                    name,
                    0,
                    0,
                    f"{len(missing)} fixed text(s) not translated into {language}: {shown}",
                    severity="warning",
                )
            )
    return out


def translation_warnings(project: Project) -> list[Diagnostic]:
    """For each language some outline asks for: what its editions would show untranslated."""
    from .translate import load_translations, report

    wanted: dict[str, dict[str, set[str]]] = {}
    for course_id in sorted(project.courses):
        used = {doc.name for doc in course_documents(project, course_id)}
        for edition in editions(project, course_id)[1:]:
            wanted.setdefault(edition, {})[course_id] = used
    out: list[Diagnostic] = fixed_text_warnings(project)
    for language, courses in sorted(wanted.items()):
        try:
            translations = load_translations(project, language)
            for course_id in courses:  # what the editions show, recorded as they resolve
                resolve_course(project, course_id, language, translations)
        except BuildError:
            continue  # a broken PO file or a template error is already reported by resolve
        names = set().union(*courses.values())
        out += report(project, language, translations, names)
    return out


# the documents a theme's text templates serve, by the start of their file name
TEXT_TEMPLATE_KINDS = {"handout": "Participant handout", "guide": "Facilitator guide"}


def _try_text_templates(project: Project, view) -> None:
    """Render each ``*.j2`` of the course's theme with the course's values; raise the
    located errors (file and line of the template)."""
    from .context import Namespace
    from .render.docx_common import template_context, template_diagnostic
    from .templating import render

    try:
        theme = project.theme(view.theme)
    except BuildError:
        return  # reported with the theme
    names = sorted({p.name for folder in theme.chain for p in folder.glob("*.j2")})
    problems: list[Diagnostic] = []
    for name in names:
        kind = name.split("-", 1)[0]
        label = TEXT_TEMPLATE_KINDS.get(kind)
        found = theme.text(name)
        if label is None or found is None:
            continue
        source, shown = found
        context = template_context(view, kind, label)
        if kind == "guide":  # the guide's templates also see the planned deck's size
            context["deck"] = Namespace("deck", {"slides": 0})
        try:
            render(source, context)
        except (TemplateError, RecursionError) as exc:
            problems.append(template_diagnostic(shown, exc))
    if problems:
        raise BuildError(problems)


def render_course(
    project: Project,
    course_id: str,
    formats: list[str],
    theme: Theme | None = None,
    inputs: Inputs | None = None,
    thumbnails: Path | None = None,
) -> CourseResult:
    """Resolve one course and render each format to reproducible bytes, recording the
    input files used. With ``thumbnails`` (a cache folder) the guide and the handout show
    pictures of the built deck's slides (see :mod:`builder.thumbnails`)."""
    from .deck import plan_deck

    inputs = inputs or Inputs.for_project(project)
    result = CourseResult(course_id)
    with inputs.recording() as used:
        for doc in course_documents(project, course_id):
            inputs.loaded(doc.name, doc.sha256)
        theme = theme or project.theme(project.courses[course_id].theme)
        for name, digest in theme.specs:
            inputs.loaded(name, digest)
        for edition in editions(project, course_id):
            view = resolve_course(project, course_id, edition)
            ctx = RenderContext(course=view, deck=plan_deck(view, theme), theme=theme)
            log.info("%s (%s): deck planned, %d slide(s)", course_id, view.language, len(ctx.deck))
            done: dict[str, bytes] = {}
            if thumbnails is not None and PICTURED.intersection(formats):
                done["deck"] = _render_format(ctx, "deck")
                ctx = replace(ctx, thumbnails=deck_thumbnails(done["deck"], thumbnails))
                name = output_name(course_id, get_renderer("deck"), edition)
                result.thumbnails[name] = ctx.thumbnails.deck_sha256
            for fmt in formats:
                data = done[fmt] if fmt in done else _render_format(ctx, fmt)
                result.outputs[output_name(course_id, get_renderer(fmt), edition)] = data
    result.inputs = dict(sorted(used.items()))
    return result


def _render_format(ctx: RenderContext, fmt: str) -> bytes:
    """One artefact's reproducible bytes."""
    data = get_renderer(fmt).render(ctx)
    log.debug("%s: %s rendered, %d bytes", ctx.course.id, fmt, len(data))
    return normalise_zip(data, ctx.course.build_time)


def _render_in_worker(
    root: str, course_id: str, formats: list[str], thumbnails: Path | None = None
) -> CourseResult:
    project = load_project(Path(root))
    project.report.raise_if_errors()  # a file edited since the main process loaded it
    # the theme is loaded before recording, as in a serial build: the same inputs are recorded
    theme = project.theme(project.courses[course_id].theme)
    return render_course(project, course_id, formats, theme, thumbnails=thumbnails)


def build(
    root: Path,
    course_ids: list[str] | None = None,
    formats: list[str] | None = None,
    out_dir: Path | None = None,
    jobs: int = 1,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    pdf: bool = False,
    strict: bool = False,
    pdf_progress: Callable[[int], Callable[[str], None]] | None = None,
    thumbnails: bool = False,
) -> BuildReport:
    """Build the named courses (all when None) into ``out_dir`` (default ``root/dist``).

    ``thumbnails`` puts pictures of the deck's slides in the guide and the handout; without
    LibreOffice or pdftoppm the build warns, says what to install, and makes the rest."""
    when = build_time()  # a bad SOURCE_DATE_EPOCH stops the build before any work
    if pdf:
        from .pdf import require_soffice

        require_soffice()
    project = load_project(root)
    project.report.raise_if_errors()
    warnings = sorted([*project.report.warnings, *translation_warnings(project)])
    if thumbnails:
        problem = _thumbnail_tools_warning()
        thumbnails = problem is None
        warnings += [problem] if problem else []
    if strict and warnings:  # like `check --strict`: nothing is built
        raise BuildError(warnings)
    formats = formats or list(FORMATS)
    out_dir = (out_dir or project.root / "dist").absolute()
    wanted = course_ids or sorted(project.courses)
    unknown = [c for c in wanted if c not in project.courses]
    if unknown:
        raise BuildError([_unknown_course(c, project) for c in unknown])
    say = progress or (lambda _msg: None)
    themes = _load_themes(project, wanted)
    inputs = Inputs.for_project(project)
    for theme in themes.values():
        for name, digest in theme.specs:
            inputs.loaded(name, digest)
    key = build_key(formats, when) + ("|thumbnails" if thumbnails else "")
    cache = out_dir / CACHE if thumbnails else None
    report = BuildReport(out_dir=out_dir, warnings=warnings)
    recover(out_dir, on_wait=say)  # leftovers of a killed build; an old folder put back
    todo: list[str] = []
    for course_id in wanted:
        if not force and _up_to_date(out_dir / course_id, key, pdf, inputs):
            report.skipped.append(course_id)
            say(f"{course_id}: up to date")
        else:
            todo.append(course_id)

    owned = {
        course_id: _owned_names(course_id, out_dir / course_id, editions(project, course_id))
        for course_id in todo
    }
    if todo:
        for course_id in todo:
            _check_inside(out_dir, out_dir / course_id)
        problems = check_targets(out_dir, owned, project.root)
        if problems:
            raise BuildError(problems)

    results = _render_all(project, todo, formats, themes, inputs, jobs, say, cache)
    if pdf and results:
        _add_pdfs(results, say, pdf_progress)

    folders = []
    for result in results:
        result.fingerprint = fingerprint(key, result.inputs)
        files = dict(result.outputs)
        files[MANIFEST] = _manifest(result)
        folders.append(CourseFolder(result.course_id, files, frozenset(owned[result.course_id])))
    if folders:
        written = replace_folders(out_dir, folders, project.root, on_wait=say)
        report.files = [path for path in written if path.name != MANIFEST]
    report.built = [result.course_id for result in results]
    return report


def _thumbnail_tools_warning() -> Diagnostic | None:
    """Why ``--thumbnails`` cannot make slide pictures here, if it cannot."""
    from .thumbnails import INSTALL_HINT, missing_tools

    missing = missing_tools()
    if not missing:
        return None
    return Diagnostic(
        "",
        0,
        0,
        f"--thumbnails needs {' and '.join(missing)}: the guide and the handout are built "
        "without slide pictures",
        severity="warning",
        hint=INSTALL_HINT,
    )


def _load_themes(project: Project, course_ids: list[str]) -> dict[str, Theme]:
    """Each theme the courses use, loaded once for the whole build."""
    themes: dict[str, Theme] = {}
    problems: list[Diagnostic] = []
    for name in sorted({project.courses[c].theme for c in course_ids}):
        try:
            themes[name] = project.theme(name)
        except BuildError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise BuildError(problems)
    return themes


def _render_all(
    project: Project,
    todo: list[str],
    formats: list[str],
    themes: dict[str, Theme],
    inputs: Inputs,
    jobs: int,
    say: Callable[[str], None],
    thumbnails: Path | None = None,
) -> list[CourseResult]:
    """Render every course of ``todo``; raises with every course's errors if any fails."""
    results: list[CourseResult] = []
    failures: list[Diagnostic] = []
    with ExitStack() as stack:
        if jobs > 1 and len(todo) > 1:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs))
            futures = {
                cid: pool.submit(_render_in_worker, str(project.root), cid, formats, thumbnails)
                for cid in todo
            }
            outcome = {cid: futures[cid].result for cid in todo}
        else:
            outcome = {
                cid: partial(
                    render_course,
                    project,
                    cid,
                    formats,
                    themes[project.courses[cid].theme],
                    inputs,
                    thumbnails,
                )
                for cid in todo
            }
        for course_id in todo:
            try:
                result = outcome[course_id]()
            except BuildError as exc:
                failures.extend(exc.diagnostics)
                continue
            results.append(result)
            say(f"{course_id}: rendered {', '.join(result.outputs)}")
    if failures:  # nothing written: dist/ keeps its last good artefacts
        raise BuildError(list(dict.fromkeys(failures)))  # a theme's error once, not per course
    return results


def _add_pdfs(
    results: list[CourseResult],
    say: Callable[[str], None],
    pdf_progress: Callable[[int], Callable[[str], None]] | None = None,
) -> None:
    """Add the PDF of every office file; ``pdf_progress(total)`` gives the callback told of
    each PDF as LibreOffice writes it (default: a line per PDF through ``say``)."""
    from .pdf import convert_to_pdf, pdf_name

    office = {
        name: data
        for result in results
        for name, data in result.outputs.items()
        if Path(name).suffix in OFFICE_SUFFIXES
    }
    if pdf_progress is not None:
        tick = pdf_progress(len(office))
    else:
        say(f"converting {len(office)} file(s) to PDF")
        count = iter(range(1, len(office) + 1))

        def tick(name: str) -> None:
            say(f"pdf {next(count)}/{len(office)}: {name}")

    pdfs = convert_to_pdf(office, progress=tick)
    for result in results:
        for name in list(result.outputs):
            if name in office:
                result.outputs[pdf_name(name)] = pdfs[pdf_name(name)]


def _manifest(result: CourseResult) -> bytes:
    manifest = {
        "course": result.course_id,
        "builder": __version__,
        "fingerprint": result.fingerprint,
        "inputs": result.inputs,
        **(
            {"thumbnails": {n: f"{CACHE.as_posix()}/{d}" for n, d in result.thumbnails.items()}}
            if result.thumbnails
            else {}
        ),
        "files": {
            name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in sorted(result.outputs.items())
        },
    }
    return (json.dumps(manifest, indent=2) + "\n").encode()


def editions(project: Project, course_id: str) -> list[str | None]:
    """The editions a course is built in: None for its source language, then each other
    language its outline asks for."""
    from .resolve import source_language

    course = project.courses[course_id]
    source = source_language(project, course)
    others = [lang for lang in dict.fromkeys(course.languages) if lang != source]
    return [None, *others]


def _output_names(course_id: str, formats, languages=(None,)) -> list[str]:
    return [
        output_name(course_id, get_renderer(fmt), lang) for fmt in formats for lang in languages
    ]


def _owned_names(course_id: str, target: Path, languages=(None,)) -> set[str]:
    """Names in a course folder that belong to the build: the manifest, the artefacts of
    every format and their PDFs, and whatever the last manifest lists. A rebuild replaces
    or drops them (a PDF not made again would show the old version); everything else in
    the folder is kept."""
    names = {MANIFEST, *_output_names(course_id, FORMATS, languages)}
    manifest = _read_manifest(target)
    if manifest and isinstance(manifest.get("files"), dict):
        names |= {n for n in manifest["files"] if isinstance(n, str) and "/" not in n}
    return names | {str(Path(n).with_suffix(".pdf")) for n in names if n != MANIFEST}


def _read_manifest(target: Path) -> dict | None:
    try:
        data = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _up_to_date(target: Path, key: str, pdf: bool, inputs: Inputs) -> bool:
    """The fingerprint covers the formats, so a matching manifest lists their files."""
    manifest = _read_manifest(target)
    if manifest is None:
        return False
    recorded, files = manifest.get("inputs"), manifest.get("files")
    if not isinstance(recorded, dict) or not isinstance(files, dict):
        return False  # written by an older builder
    if manifest.get("fingerprint") != fingerprint(key, inputs.current(recorded)):
        return False
    if pdf and any(
        str(Path(name).with_suffix(".pdf")) not in files
        for name in files
        if name.endswith(OFFICE_SUFFIXES)
    ):
        return False
    return all(_intact(target, name, entry) for name, entry in files.items())


def _intact(target: Path, name: str, entry) -> bool:
    """Whether ``target/name`` is a regular file of the recorded size and hash (size
    first, so a truncated file is found without reading it)."""
    if not isinstance(entry, dict) or "/" in name or name in ("", ".", ".."):
        return False
    path = target / name
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size != entry.get("bytes"):
            return False
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return False
    return digest.hexdigest() == entry.get("sha256")


def _unknown_course(course_id: str, project: Project) -> Diagnostic:
    hint = choice_hint(course_id, project.courses, "courses") or "the project has no courses yet"
    return Diagnostic("", 0, 0, f"unknown course {course_id!r}", hint=hint)


def _check_inside(out_dir: Path, target: Path) -> None:
    if not target.resolve().is_relative_to(out_dir.resolve()):
        raise BuildError(f"output path {target} leaves the output folder")
