"""The ``course-builder`` command line: a thin layer over the stages."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from . import __version__
from .errors import BuildError

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project folder (the one holding courses/). Default: found from the current folder.",
)


class _Jobs(click.ParamType):
    """A number of parallel jobs, or ``auto``: one per CPU core."""

    name = "N|auto"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            return value
        if str(value).strip().lower() == "auto":
            return max(1, min(os.cpu_count() or 1, 64))
        try:
            number = int(value)
        except ValueError:
            self.fail(f"{value!r} is not a number or 'auto'", param, ctx)
        if not 1 <= number <= 64:
            self.fail(f"{number} is not in the range 1 to 64", param, ctx)
        return number


JOBS = _Jobs()


def _ids_in(folder: str):
    """Shell completion: the file stems in courses/<folder>/ of the project found from the
    current folder (or --root), without loading anything."""

    def complete(ctx, param, incomplete: str):
        from click.shell_completion import CompletionItem

        from .project import find_root

        try:
            root = ctx.params.get("root") or find_root(Path.cwd())
        except BuildError:
            return []
        names = sorted(p.stem for p in (Path(root) / "courses" / folder).glob("*.yaml"))
        return [CompletionItem(n) for n in names if n.startswith(incomplete)]

    return complete


def _root(root: Path | None) -> Path:
    from .project import find_root

    return find_root(Path.cwd()) if root is None else _explicit_root(root)


def _explicit_root(root: Path) -> Path:
    if not (root / "courses").is_dir():
        raise BuildError(f"{root} has no courses/ folder")
    return root.resolve()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="course-builder")
@click.option(
    "--verbose",
    "-v",
    count=True,
    help="Say more: -v what each stage does, -vv debugging detail.",
)
def cli(verbose: int) -> None:
    """Build workshop slide decks, participant handouts and facilitator guides from YAML
    course outlines and shared modules.

    Typical use: `course-builder check`, then `course-builder build`. Errors and warnings
    go to standard error as `file:line:col: severity: message`, coloured on a terminal
    (set NO_COLOR for plain text).
    """
    from .console import setup_logging

    setup_logging(verbose)


@cli.command()
@ROOT_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format; json is for editors and CI.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(root: Path | None, fmt: str, strict: bool) -> None:
    """Validate every course, module, region and source file; print all problems at once.

    Each problem is printed as `file:line:col: severity: message`. Exits with 1 if any
    error (or, with --strict, any warning) is found.
    """
    from .build import check_project
    from .console import print_diagnostics

    project = check_project(_root(root))
    diagnostics = sorted(project.report.diagnostics)
    errors, warnings = project.report.errors, project.report.warnings
    failed = bool(errors) or (strict and bool(warnings))
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "ok": not failed,
                    "errors": len(errors),
                    "warnings": len(warnings),
                    "courses": sorted(project.courses),
                    "modules": sorted(project.modules),
                    "diagnostics": [d.as_dict() for d in diagnostics],
                },
                indent=2,
            )
        )
    else:
        print_diagnostics(diagnostics)
        summary = (
            f"{len(project.courses)} course(s), {len(project.modules)} module(s) checked: "
            f"{len(errors)} error(s), {len(warnings)} warning(s)"
        )
        click.echo(summary, err=failed)
    if failed:
        sys.exit(1)


@cli.command(name="list")
@ROOT_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def list_(root: Path | None, fmt: str) -> None:
    """List courses (id, region, city, dates, modules) and modules (id, title, minutes,
    version)."""
    from .project import load_project
    from .resolve import dates_label

    project = load_project(_root(root))
    courses = []
    for course_id, course in sorted(project.courses.items()):
        modules = [s.module for d in course.agenda.days for s in d.sessions if hasattr(s, "module")]
        courses.append(
            {
                "id": course_id,
                "region": course.region,
                "city": course.city,
                "dates": dates_label(course),
                "modules": modules,
            }
        )
    modules = [
        {
            "id": m.id,
            "title": m.title,
            "minutes": m.minutes,
            "version": m.version,
            "courses": sorted({c for c, _, _ in project.uses(m.id)}),
        }
        for _, m in sorted(project.modules.items())
    ]
    if fmt == "json":
        click.echo(json.dumps({"courses": courses, "modules": modules}, indent=2))
    else:
        click.echo(f"Courses ({len(courses)}):")
        for c in courses:
            click.echo(
                f"  {c['id']:<20} {c['region']:<22} {c['city']:<12} {c['dates']:<18} "
                f"{len(c['modules'])} modules: {', '.join(c['modules'])}"
            )
        click.echo(f"Modules ({len(modules)}):")
        for m in modules:
            click.echo(f"  {m['id']:<32} v{m['version']:<6} {m['minutes']:>4} min  {m['title']}")
    errors = project.report.errors
    if errors:
        click.echo(f"({len(errors)} error(s) found; run `course-builder check`)", err=True)
        sys.exit(1)


@cli.command()
@click.argument("module", shell_complete=_ids_in("modules"))
@ROOT_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def uses(module: str, root: Path | None, fmt: str) -> None:
    """Show which courses and sessions use MODULE (a module or a session pack): what a change
    to it will touch."""
    from .errors import choice_hint
    from .project import load_project

    project = load_project(_root(root))
    known = {**project.modules, **project.packs}
    if module not in known:
        hint = choice_hint(module, known, "modules and session packs") or (
            "the project has no modules"
        )
        raise BuildError(f"unknown module {module!r}; {hint}")
    found = project.uses(module)
    if fmt == "json":
        click.echo(
            json.dumps([{"course": c, "day": d, "session": s} for c, d, s in found], indent=2)
        )
        return
    if not found:
        click.echo(f"{module} is not used by any course")
        return
    courses = sorted({c for c, _, _ in found})
    click.echo(f"{module} is used by {len(courses)} course(s):")
    for course_id, day, session in found:
        course = project.courses[course_id]
        used = known[module]
        title = course.agenda.days[day - 1].sessions[session - 1].title or used.title or module
        click.echo(
            f"  {course_id}: day {day}, session {session} — {title} "
            f"({project.course_docs[course_id].name})"
        )


@cli.command()
@ROOT_OPTION
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write to. Default: <root>/schemas.",
)
def schema(root: Path | None, output: Path | None) -> None:
    """Write JSON Schemas for module, course, regions, sources and theme files.

    YAML files point at them with a `# yaml-language-server: $schema=...` first line, so
    editors such as VS Code offer completion and inline errors.
    """
    from .schema import write_schemas

    folder = output or _root(root) / "schemas"
    for path in write_schemas(folder):
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("courses", nargs=-1, shell_complete=_ids_in("workshops"))
@ROOT_OPTION
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["deck", "handout", "guide", "evaluation", "sign-in", "certificate", "all"]),
    default=["all"],
    show_default=True,
    help="What to build; repeat for several. evaluation, sign-in and certificate are the "
    "workshop's forms: the participant evaluation form, the sign-in sheet, the certificate "
    "of participation.",
)
@click.option(
    "--jobs",
    "-j",
    type=JOBS,
    default="auto",
    show_default=True,
    help="Courses rendered in parallel: a number, or auto (one per CPU core).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Rebuild even when inputs and files are unchanged.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder. Default: <root>/dist.",
)
@click.option(
    "--pdf",
    is_flag=True,
    help="Also write a PDF of each file (needs LibreOffice); the PDFs are listed in the "
    "manifest. A course rebuilt without --pdf loses its old PDFs.",
)
@click.option(
    "--thumbnails",
    is_flag=True,
    help="Pictures of the deck's slides in the guide (beside each slide's delivery notes) "
    "and in the handout (slides with space for notes, three a page). Needs LibreOffice and "
    "pdftoppm; without them the rest is built, with a warning saying what to install.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors: nothing is built.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and warnings.")
def build(
    courses: tuple[str, ...],
    root: Path | None,
    formats: tuple[str, ...],
    jobs: int,
    force: bool,
    out: Path | None,
    pdf: bool,
    thumbnails: bool,
    strict: bool,
    quiet: bool,
) -> None:
    """Build COURSES (all when none are named) into dist/<course-id>/.

    Nothing is written unless every requested course builds and every output path is
    usable: on error, dist/ keeps its last good artefacts. Each course folder is replaced
    as a whole, files and manifest.json together; other files in it are kept.

    A course is skipped as up to date when none of the files it is made from (YAML,
    images, theme templates) changed and its files in dist/ still match the manifest's
    sizes and hashes; see --force. SOURCE_DATE_EPOCH (1980-01-01 to 2107-12-31) sets the
    time stamped into the files.
    """
    from .build import build as run_build
    from .console import Progress, print_diagnostics
    from .render.base import FORMATS

    chosen = list(FORMATS) if "all" in formats else list(dict.fromkeys(formats))
    started = time.perf_counter()
    bars: list[Progress] = []

    def pdf_progress(total: int):
        bars.append(Progress("PDF", total, quiet))
        return lambda name: bars[-1].advance(item=name)

    try:
        report = run_build(
            _root(root),
            list(courses) or None,
            chosen,
            out_dir=out,
            jobs=jobs,
            force=force,
            progress=None if quiet else click.echo,
            pdf=pdf,
            strict=strict,
            pdf_progress=pdf_progress,
            thumbnails=thumbnails,
        )
    finally:
        for bar in bars:
            bar.close()
    print_diagnostics(report.warnings)
    if not quiet:
        elapsed = time.perf_counter() - started
        click.echo(
            f"built {len(report.built)} course(s), {len(report.skipped)} up to date, "
            f"{len(report.files)} file(s) written in {elapsed:.1f} s"
        )


@cli.command()
@click.argument(
    "folder", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)
def init(folder: Path) -> None:
    """Start a new project in FOLDER (default: the current folder).

    Writes courses/ with a sample region, source, module and workshop that pass `check` and
    build as they are, a starter editorial policy, the editors' guide (docs/authoring.md),
    JSON Schemas for editor completion (schemas/) and a README. The built-in `default`
    theme is used until you make your own.
    """
    from .init import init_project

    written = init_project(folder)
    click.echo(f"started a project in {folder.absolute()} ({len(written)} files)")
    click.echo("next: course-builder check, then course-builder build")


@cli.group()
def theme() -> None:
    """Look inside PowerPoint and Word templates, and make a theme from them."""


@theme.command(name="inspect")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def theme_inspect(file: Path) -> None:
    """Describe FILE: a .pptx's slide masters, layouts, their placeholders (type, idx, size)
    and the role each layout serves with no mapping; a .docx's paragraph, character and
    table styles and the style role each serves."""
    from .theme_tools import inspect

    click.echo(inspect(file))


@theme.command(name="new")
@click.argument("name")
@click.option(
    "--pptx",
    "deck",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The organisation's PowerPoint template.",
)
@click.option(
    "--docx",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The organisation's Word document (handout and guide).",
)
@ROOT_OPTION
def theme_new(name: str, deck: Path | None, docx: Path | None, root: Path | None) -> None:
    """Write templates/NAME/ from the given templates: the files, and a commented
    theme.yaml with the layouts, fonts and colours detected. Courses use it with
    `theme: NAME`."""
    from .theme import load_theme
    from .theme_tools import new_theme

    project = _root(root)
    folder = new_theme(project, name, deck, docx)
    load_theme(project, name)  # it checks as `check` would
    click.echo(f"wrote {folder} (theme {name!r}); use it with `theme: {name}` in a course")


@cli.group()
def translate() -> None:
    """Translate courses: PO files for translators, applied by `build`.

    Outlines name their editions with `languages: [en, fr, ar]`. `translate extract` writes a
    PO file per YAML file under courses/translations/<lang>/; translators fill it with any PO
    editor or platform; `build` uses every translation made for the current English text and
    `check` lists what still shows in the source language.
    """


@translate.command(name="extract")
@click.option(
    "--lang",
    "languages",
    multiple=True,
    help="Language tag, e.g. fr; repeat for several. Default: every language an outline "
    "asks for in `languages:`.",
)
@click.option(
    "--all",
    "every_file",
    is_flag=True,
    help="A PO file for every YAML file, not only those of the courses built in the language.",
)
@ROOT_OPTION
def translate_extract(languages: tuple[str, ...], every_file: bool, root: Path | None) -> None:
    """Write or update courses/translations/<lang>/…/<file>.po for the YAML files of the
    courses built in that language (with --all, or when no course asks for it: every file).

    Existing translations are kept; one whose English text changed is marked fuzzy with the
    previous English text beside it, for the translator to review.
    """
    import re

    from .build import course_documents, editions
    from .project import load_project
    from .translate import extract
    from .write import build_time

    project = load_project(_root(root))
    project.report.raise_if_errors()
    wanted = list(languages) or sorted(
        {lang for c in project.courses for lang in editions(project, c)[1:]}
    )
    if not wanted:
        raise BuildError(
            "no language to extract: give --lang, or list editions in an outline's `languages:`"
        )
    for language in wanted:
        if not re.match(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", language):
            raise BuildError(f"{language!r} is not a language tag such as fr or ar-DZ")
        courses = [c for c in sorted(project.courses) if language in editions(project, c)[1:]]
        names = {d.name for c in courses for d in course_documents(project, c)}
        only = None if every_file or not courses else names
        for path, status in extract(project, language, build_time(), only):
            if status != "unchanged":
                click.echo(f"{status} {path.relative_to(project.root)}")
        click.echo(f"{language}: translations are in courses/translations/{language}/")


@cli.group()
def new() -> None:
    """Scaffold a new course or module."""


@new.command(name="module")
@click.argument("module_id")
@ROOT_OPTION
def new_module(module_id: str, root: Path | None) -> None:
    """Create courses/modules/MODULE_ID.yaml from a commented skeleton."""
    from .scaffold import new_module as scaffold

    click.echo(f"wrote {scaffold(_root(root), module_id)}")


@new.command(name="course")
@click.argument("course_id")
@click.option("--region", required=True, help="Region id from courses/regions.yaml.")
@ROOT_OPTION
def new_course(course_id: str, region: str, root: Path | None) -> None:
    """Create courses/workshops/COURSE_ID.yaml from a commented skeleton."""
    from .scaffold import new_course as scaffold

    click.echo(f"wrote {scaffold(_root(root), course_id, region)}")


def main() -> None:
    """Console entry point: user errors exit 1 with a message, never a traceback."""
    try:
        cli.main(prog_name="course-builder")
    except RecursionError:  # pragma: no cover - defensive
        click.echo("error: input nested too deeply", err=True)
        sys.exit(1)
    except (KeyboardInterrupt, BrokenPipeError):  # pragma: no cover
        sys.exit(130)
    except Exception as exc:  # pragma: no cover - a bug, not bad input
        if os.environ.get("COURSE_BUILDER_DEBUG"):
            raise
        click.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            f"This is a bug in course-builder; set COURSE_BUILDER_DEBUG=1 to see "
            f"the traceback.",
            err=True,
        )
        sys.exit(3)


if __name__ == "__main__":  # pragma: no cover
    main()
