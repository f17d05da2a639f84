"""Find, load and validate every input file of a project.

A project is a folder with::

    courses/regions.yaml          regions
    courses/sources.yaml          source documents modules cite
    courses/modules/<id>.yaml     shared modules
    courses/workshops/<id>.yaml   course outlines (one per workshop)
    courses/sessions/<id>.yaml    session packs (openings, panels, exercises, closings)
    templates/<theme>/            themes

:func:`load_project` gathers all of it first, validates each file (phase 1), then checks the
files against each other (phase 2), and returns a :class:`Project` holding the typed
objects, the loaded documents (for locating later errors) and every diagnostic found.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .anachronism import check_anachronisms
from .editorial import check_decks, check_wording
from .errors import BuildError, Diagnostic, Reporter, choice_hint, relative, suggest
from .instruments import INSTRUMENTS, check_instruments
from .load import Document, load_file
from .model import (
    Course,
    InstrumentsFile,
    Module,
    ModuleSession,
    PlainSession,
    RegionsFile,
    SessionPack,
    SourcesFile,
    clock_minutes,
)
from .policy import POLICY_FILE, Policy, check_module, check_workshop, session_minutes
from .theme import Theme, load_theme, theme_names
from .validate import check_image, check_templates, validate_document, warn

COURSES = "courses"
MODULES = "modules"
WORKSHOPS = "workshops"
SESSIONS = "sessions"


@dataclass
class Project:
    root: Path
    regions: RegionsFile | None = None
    sources: SourcesFile | None = None
    instruments: InstrumentsFile | None = None
    policy: Policy | None = None
    modules: dict[str, Module] = field(default_factory=dict)
    courses: dict[str, Course] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)  # by shown name
    module_docs: dict[str, Document] = field(default_factory=dict)
    course_docs: dict[str, Document] = field(default_factory=dict)
    packs: dict[str, SessionPack] = field(default_factory=dict)
    pack_docs: dict[str, Document] = field(default_factory=dict)
    report: Reporter = field(default_factory=Reporter)
    # files that failed to load or validate: their own errors explain them, so other
    # files' references to them raise no follow-on errors
    broken_modules: set[str] = field(default_factory=set)  # and broken session packs
    broken_course_refs: set[str] | None = field(default_factory=set)  # None: unknown
    themes: dict[str, Theme | BuildError] = field(default_factory=dict)

    def theme(self, name: str) -> Theme:
        """Theme ``name``, loaded and checked once for this project (its errors too)."""
        if name not in self.themes:
            try:
                self.themes[name] = load_theme(self.root, name)
            except BuildError as exc:
                self.themes[name] = exc
        found = self.themes[name]
        if isinstance(found, BuildError):
            raise BuildError(found.diagnostics)
        return found

    @property
    def region_ids(self) -> list[str]:
        return [r.id for r in self.regions.regions] if self.regions else []

    def region(self, region_id: str):
        return next(r for r in self.regions.regions if r.id == region_id)

    def region_chain(self, region_id: str) -> list[str]:
        """``region_id`` and the broader regions it is part of, narrowest first."""
        chain: list[str] = []
        known = {r.id: r for r in self.regions.regions} if self.regions else {}
        current: str | None = region_id
        while current and current not in chain:
            chain.append(current)
            current = known[current].part_of if current in known else None
        return chain

    def translatable_documents(self):
        """(document, model) of every loaded YAML file whose texts can be translated."""
        models = {
            "courses/regions.yaml": RegionsFile,
            "courses/sources.yaml": SourcesFile,
            INSTRUMENTS: InstrumentsFile,
        }
        for name, model in models.items():
            if name in self.documents:
                yield self.documents[name], model
        for docs, model in (
            (self.module_docs, Module),
            (self.pack_docs, SessionPack),
            (self.course_docs, Course),
        ):
            for key in sorted(docs):
                yield docs[key], model

    def uses(self, module_id: str) -> list[tuple[str, int, int]]:
        """(course id, day number, session number) of every session teaching ``module_id``
        (a module, or a session pack that plain sessions `use`)."""
        found = []
        for course_id, course in sorted(self.courses.items()):
            for d, day in enumerate(course.agenda.days, 1):
                for s, session in enumerate(day.sessions, 1):
                    if getattr(session, "module", None) == module_id or (
                        getattr(session, "use", None) == module_id
                    ):
                        found.append((course_id, d, s))
        return found


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding ``courses/``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / COURSES).is_dir():
            return folder
    raise BuildError(
        f"no '{COURSES}/' folder found in {start} or above; "
        f"run from a project folder or pass --root"
    )


def _yaml_files(folder: Path) -> list[Path]:
    """Every ``*.yaml`` entry but folders: a link, a named pipe or a device is listed so that
    loading it reports why it cannot be read, instead of the file vanishing silently."""
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.is_dir()]
    return sorted(files)


def load_project(root: Path) -> Project:
    """Load and validate everything; errors are collected in ``project.report``."""
    project = Project(root=root.resolve())
    report = project.report
    base = project.root / COURSES

    def load(path: Path) -> Document | None:
        name = relative(path, project.root)
        try:
            doc = load_file(path, name, roots=(project.root,))
        except BuildError as exc:
            report.extend(exc.diagnostics)
            return None
        project.documents[name] = doc
        report.extend(check_templates(doc))
        return doc

    def typed(doc: Document | None, model):
        if doc is None:
            return None
        obj, problems = validate_document(doc, model)
        report.extend(problems)
        return obj

    regions_path = base / "regions.yaml"
    if os.path.lexists(regions_path):
        project.regions = typed(load(regions_path), RegionsFile)
    else:
        report.add(
            Diagnostic(relative(regions_path, project.root), 0, 0, "regions file is missing")
        )
    sources_path = base / "sources.yaml"
    if os.path.lexists(sources_path):
        project.sources = typed(load(sources_path), SourcesFile)
    instruments_path = project.root / INSTRUMENTS
    if os.path.lexists(instruments_path):
        project.instruments = typed(load(instruments_path), InstrumentsFile)
    policy_path = base / POLICY_FILE
    if policy_path.is_file():
        policy_doc = load(policy_path)
        project.policy = typed(policy_doc, Policy)
    for path in _yaml_files(base / MODULES):
        doc = load(path)
        module = typed(doc, Module)
        if module is not None:
            _check_file_id(report, doc, module.id, path)
            project.modules[module.id] = module
            project.module_docs[module.id] = doc
        else:
            project.broken_modules.add(path.stem)
            if doc is not None and isinstance(doc.data, dict):
                project.broken_modules.add(str(doc.data.get("id", path.stem)))
    for path in _yaml_files(base / SESSIONS):
        doc = load(path)
        pack = typed(doc, SessionPack)
        if pack is not None:
            _check_file_id(report, doc, pack.id, path)
            project.packs[pack.id] = pack
            project.pack_docs[pack.id] = doc
        else:
            project.broken_modules.add(path.stem)
    for path in _yaml_files(base / WORKSHOPS):
        doc = load(path)
        course = typed(doc, Course)
        if course is not None:
            _check_file_id(report, doc, course.id, path)
            project.courses[course.id] = course
            project.course_docs[course.id] = doc
        else:
            _note_broken_course(project, doc)
    for path in _yaml_files(base):
        if path.name not in ("regions.yaml", "sources.yaml", "instruments.yaml", POLICY_FILE):
            report.add(
                Diagnostic(
                    relative(path, project.root),
                    0,
                    0,
                    "unexpected file in courses/",
                    severity="warning",
                    hint="modules go in courses/modules/, workshops in courses/workshops/",
                )
            )
    cross_check(project)
    return project


def _note_broken_course(project: Project, doc: Document | None) -> None:
    """Remember which modules a course that failed validation names, so that they are not
    reported unused; when its YAML could not be read at all, nothing is known."""
    if doc is None or project.broken_course_refs is None:
        project.broken_course_refs = None
        return
    found = set()

    def visit(value) -> None:
        if isinstance(value, dict):
            for key in ("module", "use"):
                if isinstance(value.get(key), str):
                    found.add(value[key])
            for child in value.values():
                visit(child)
        elif isinstance(value, list):
            for child in value:
                visit(child)

    visit(doc.data)
    project.broken_course_refs |= found


def _check_file_id(report: Reporter, doc: Document, file_id: str, path: Path) -> None:
    if file_id != path.stem:
        report.add(
            doc.diagnostic(
                ("id",),
                f"id {file_id!r} does not match the file name {path.name!r}",
                hint=f"rename the file to {file_id}.yaml or set id: {path.stem}",
            )
        )


def cross_check(project: Project) -> None:
    """Phase 2: references between files, timing, images."""
    report = project.report
    regions = project.region_ids
    if project.regions:
        doc = project.documents.get(f"{COURSES}/regions.yaml")
        for index, count in _duplicates([r.id for r in project.regions.regions]):
            report.add(
                doc.diagnostic(
                    ("regions", index, "id"), f"region id {count!r} is given more than once"
                )
            )
        for index, region in enumerate(project.regions.regions):
            path = ("regions", index, "part_of")
            if region.part_of is None:
                continue
            if region.part_of not in regions:
                close = suggest(region.part_of, regions)
                hint = f"did you mean {close!r}?" if close else None
                report.add(doc.diagnostic(path, f"unknown region {region.part_of!r}", hint=hint))
            elif region.id in project.region_chain(region.part_of):
                message = f"regions {region.id!r} and {region.part_of!r} are part of each other"
                report.add(doc.diagnostic(path, message))
    source_ids = [d.id for d in project.sources.documents] if project.sources else []
    themes = theme_names(project.root)

    for module_id, module in project.modules.items():
        doc = project.module_docs[module_id]
        if regions:
            for key in module.regional:
                if key not in regions:
                    close = suggest(key, regions)
                    report.add(
                        doc.diagnostic(
                            ("regional", key),
                            f"unknown region {key!r}",
                            key=True,
                            hint=f"did you mean {close!r}?"
                            if close
                            else "regions are listed in courses/regions.yaml",
                        )
                    )
        for index, citation in enumerate(module.sources):
            _check_source(
                report,
                doc,
                ("sources", index, "document"),
                citation.document,
                source_ids,
                project.sources is not None,
            )
        for region_id, block in module.regional.items():
            for c, case in enumerate(block.case_studies):
                for s, source in enumerate(case.sources):
                    _check_source(
                        report,
                        doc,
                        ("regional", region_id, "case_studies", c, "sources", s),
                        source,
                        source_ids,
                        project.sources is not None,
                    )
        titles = [s.title for s in module.slides]
        for index, title in _duplicates(titles):
            report.add(
                doc.diagnostic(
                    ("slides", index, "title"),
                    f"two slides are titled {title!r}",
                    hint="titles identify slides for skip_slides; make them distinct",
                )
            )
        activity_minutes = sum(a.minutes for a in module.activities)
        if activity_minutes >= module.minutes:
            report.add(
                doc.diagnostic(
                    ("minutes",),
                    f"activities take {activity_minutes} minutes, which "
                    f"leaves no presentation time in {module.minutes}",
                )
            )
        _check_module_images(project, doc, module)
        for s, slide in enumerate(module.slides):
            if slide.notes is None:
                report.add(warn(doc, ("slides", s), f"slide {slide.title!r} has no speaker notes"))
        refs = project.broken_course_refs
        if (
            not project.uses(module_id)
            and project.courses
            and refs is not None
            and module_id not in refs
        ):
            report.add(warn(doc, ("id",), f"module {module_id!r} is not used by any course"))

    check_instruments(project)
    _check_packs(project, regions, source_ids)
    _check_glossary(project)
    _check_policy(project)
    project.report.extend(check_anachronisms(project))

    for course_id, course in project.courses.items():
        doc = project.course_docs[course_id]
        if regions and course.region not in regions:
            close = suggest(course.region, regions)
            report.add(
                doc.diagnostic(
                    ("region",),
                    f"unknown region {course.region!r}",
                    hint=f"did you mean {close!r}?"
                    if close
                    else "regions are listed in courses/regions.yaml",
                )
            )
        if themes and course.theme not in themes:
            close = suggest(course.theme, themes)
            report.add(
                doc.diagnostic(
                    ("theme",),
                    f"unknown theme {course.theme!r}",
                    hint=f"did you mean {close!r}?" if close else f"themes: {', '.join(themes)}",
                )
            )
        _check_agenda(project, doc, course)


def _check_glossary(project: Project) -> None:
    """A term defined differently in two modules: a handout shows only one definition."""
    first: dict[str, tuple[str, str]] = {}
    for module_id in sorted(project.modules):
        for index, entry in enumerate(project.modules[module_id].glossary):
            key = entry.term.casefold()
            if key not in first:
                first[key] = (module_id, entry.definition)
            elif first[key][1] != entry.definition:
                project.report.add(
                    warn(
                        project.module_docs[module_id],
                        ("glossary", index, "definition"),
                        f"glossary term {entry.term!r} is defined differently in module "
                        f"{first[key][0]!r}",
                        hint="a handout shows one definition; use the same wording in both",
                    )
                )


def _check_packs(project: Project, regions: list[str], source_ids: list[str]) -> None:
    """Session packs: their regions and sources exist; each is used by some course."""
    report = project.report
    for pack_id, pack in sorted(project.packs.items()):
        doc = project.pack_docs[pack_id]
        for key in pack.regional:
            if regions and key not in regions:
                hint = choice_hint(key, regions, "regions")
                report.add(
                    doc.diagnostic(
                        ("regional", key), f"unknown region {key!r}", key=True, hint=hint
                    )
                )
        for index, citation in enumerate(pack.sources):
            _check_source(
                report,
                doc,
                ("sources", index, "document"),
                citation.document,
                source_ids,
                project.sources is not None,
            )
        refs = project.broken_course_refs
        used = project.uses(pack_id) or (refs is not None and pack_id in refs)
        if not used and project.courses and refs is not None:
            report.add(warn(doc, ("id",), f"session pack {pack_id!r} is not used by any course"))


def _check_use(project: Project, doc: Document, path, session: PlainSession) -> None:
    """A plain session's `use:` names a session pack meant for its kind of session."""
    if session.use is None or session.use in project.broken_modules:
        return
    pack = project.packs.get(session.use)
    if pack is None:
        hint = choice_hint(session.use, project.packs, "session packs") or (
            "session packs live in courses/sessions/"
        )
        project.report.add(
            doc.diagnostic((*path, "use"), f"unknown session pack {session.use!r}", hint=hint)
        )
    elif pack.item != session.item:
        project.report.add(
            warn(
                doc,
                (*path, "use"),
                f"session pack {pack.id!r} is written for a {pack.item} session, "
                f"this one is a {session.item}",
            )
        )


def _check_policy(project: Project) -> None:
    """The project's editorial rules (courses/policy.yaml), when it has any."""
    policy = project.policy
    if policy is None:
        return
    for module_id, module in sorted(project.modules.items()):
        doc = project.module_docs[module_id]
        project.report.extend(check_module(policy, module, doc))
        project.report.extend(check_wording(policy, module, doc))
    project.report.extend(check_decks(policy, project))
    minutes_of = session_minutes(project.modules)
    for course_id, course in sorted(project.courses.items()):
        doc = project.course_docs[course_id]
        project.report.extend(check_workshop(policy, course.agenda.days, doc, minutes_of))


def _check_source(report, doc, path, source_id, source_ids, have_catalogue) -> None:
    if have_catalogue and source_id not in source_ids:
        close = suggest(source_id, source_ids)
        report.add(
            doc.diagnostic(
                path,
                f"unknown source document {source_id!r}",
                hint=f"did you mean {close!r}?"
                if close
                else "sources are listed in courses/sources.yaml",
            )
        )


def _check_module_images(project: Project, doc: Document, module: Module) -> None:
    def visit(slides, prefix):
        for s, slide in enumerate(slides):
            if slide.image is not None:
                project.report.extend(
                    check_image(doc, (*prefix, s, "image", "path"), slide.image.path, project.root)
                )

    visit(module.slides, ("slides",))
    for region_id, block in module.regional.items():
        visit(block.slides, ("regional", region_id, "slides"))


def _check_agenda(project: Project, doc: Document, course: Course) -> None:
    report = project.report
    module_ids = sorted(project.modules)
    taught: dict[str, tuple[int, int]] = {}
    for d, day in enumerate(course.agenda.days):
        clock = clock_minutes(day.start)
        for s, session in enumerate(day.sessions):
            path = ("agenda", "days", d, "sessions", s)
            minutes = session.minutes
            if isinstance(session, PlainSession):
                _check_use(project, doc, path, session)
            if isinstance(session, ModuleSession):
                if session.module in taught:
                    day_no, session_no = taught[session.module]
                    report.add(
                        warn(
                            doc,
                            (*path, "module"),
                            f"module {session.module!r} is already taught on day {day_no}, "
                            f"session {session_no}",
                            hint="the deck, handout and guide would show it twice; "
                            "remove one session or use another module",
                        )
                    )
                taught.setdefault(session.module, (d + 1, s + 1))
                module = project.modules.get(session.module)
                if module is None and session.module in project.broken_modules:
                    continue  # its own file's errors say what is wrong with it
                if module is None:
                    close = suggest(session.module, module_ids)
                    report.add(
                        doc.diagnostic(
                            (*path, "module"),
                            f"unknown module {session.module!r}",
                            hint=f"did you mean {close!r}?"
                            if close
                            else "modules live in courses/modules/",
                        )
                    )
                    continue
                minutes = session.minutes or module.minutes
                activity = sum(a.minutes for a in module.activities)
                if session.minutes is not None and session.minutes <= activity:
                    report.add(
                        doc.diagnostic(
                            (*path, "minutes"),
                            f"{session.minutes} minutes do not leave time to "
                            f"present: the module's activities take "
                            f"{activity}",
                        )
                    )
                titles = [sl.title for sl in module.slides]
                for k, title in enumerate(session.skip_slides):
                    if title not in titles:
                        close = suggest(title, titles)
                        report.add(
                            doc.diagnostic(
                                (*path, "skip_slides", k),
                                f"module {module.id!r} has no slide titled {title!r}",
                                hint=f"did you mean {close!r}?" if close else None,
                            )
                        )
                chain = project.region_chain(course.region)
                if module.regional and not any(r in module.regional for r in chain):
                    report.add(
                        warn(
                            doc,
                            (*path, "module"),
                            f"module {module.id!r} has no regional content for {course.region!r}",
                        )
                    )
            clock += minutes
        if clock > 24 * 60:
            report.add(
                doc.diagnostic(("agenda", "days", d), "the day's sessions run past midnight")
            )
        elif day.end and clock > clock_minutes(day.end):
            over = clock - clock_minutes(day.end)
            report.add(
                doc.diagnostic(
                    ("agenda", "days", d, "end"),
                    f"day {d + 1} runs until {clock // 60:02d}:{clock % 60:02d}, "
                    f"{over} minutes past its end {day.end}",
                    hint="shorten sessions or move one to another day",
                )
            )
    dates = course.dates
    if dates.start and dates.end:
        span = (dates.end - dates.start).days + 1
        if span != len(course.agenda.days):
            report.add(
                warn(
                    doc,
                    ("dates",),
                    f"dates span {span} day(s) but the agenda has {len(course.agenda.days)}",
                )
            )


def _duplicates(values: list[str]) -> list[tuple[int, str]]:
    counts = Counter(values)
    seen: set[str] = set()
    out = []
    for index, value in enumerate(values):
        if counts[value] > 1:
            if value in seen:
                out.append((index, value))
            seen.add(value)
    return out
