"""``course-builder init``: start a new project that passes ``check`` and builds as it is.

The project holds a sample region, source document, module and workshop (the same commented
skeletons ``new`` writes), a starter editorial policy, the JSON Schemas for editor
completion, the editors' guide and a short README. It uses the built-in ``default`` theme;
``course-builder theme new`` makes a branded one.
"""

from __future__ import annotations

from pathlib import Path

from .errors import BuildError
from .paths import PACKAGE
from .project import COURSES, MODULES, WORKSHOPS
from .scaffold import COURSE_SKELETON, MODULE_SKELETON
from .schema import write_schemas

REGIONS = """\
# yaml-language-server: $schema=../schemas/regions.schema.json
# Every region workshops are held for. Modules' `regional:` blocks are keyed by these ids.
regions:
  - id: example-region
    name: Example region
    countries: [First country, Second country]
    language: en
"""

SOURCES = """\
# yaml-language-server: $schema=../schemas/sources.schema.json
# The documents module facts rest on; modules cite them by id in `sources:`.
documents:
  - id: example-source
    title: Replace with the title of a source document
    publisher: Replace with who issued it
    date: Replace with when it was issued
"""

POLICY = """\
# yaml-language-server: $schema=../schemas/policy.schema.json
# The programme's editorial rules, applied by `course-builder check` (warnings; `check
# --strict` fails on them). Every rule is optional; see docs/authoring.md.
severity: warning
module:
  objectives: {min: 1, max: 5}
  key_points: {min: 1, max: 5}
workshop:
  required_items: [opening, closing]
"""

README = """\
# {name}

Course materials built with [course-builder](https://pypi.org/project/course-builder/):
slide decks, participant handouts and facilitator guides from the YAML files in `courses/`.

```sh
course-builder check      # every problem in every file, with file:line:column
course-builder build      # decks, handouts and guides into dist/<course-id>/
course-builder list       # the courses and modules
```

- `courses/regions.yaml`, `courses/sources.yaml` — regions and source documents
- `courses/modules/` — shared modules, one file each; a change reaches every workshop
- `courses/workshops/` — one outline per workshop
- `courses/policy.yaml` — the editorial rules `check` applies
- `docs/authoring.md` — the editors' guide to every field
- `schemas/` — JSON Schemas: editors such as VS Code complete and check the YAML

Start with `courses/workshops/example-workshop.yaml` and `courses/modules/introduction.yaml`:
replace the sample text, run `course-builder check`, then `course-builder build`. Add more
with `course-builder new module ID` and `course-builder new course ID --region REGION`.
"""

GITIGNORE = "dist/\n"


def _guide() -> str:
    """The editors' guide shipped with the package (or beside the source checkout)."""
    for candidate in (PACKAGE / "docs" / "authoring.md", PACKAGE.parent / "docs" / "authoring.md"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return "# Authoring guide\n\nSee the course-builder documentation.\n"


def init_project(folder: Path) -> list[Path]:
    """Write a new project into ``folder`` (created if needed); the files written."""
    folder = folder.absolute()
    if (folder / COURSES).exists():
        raise BuildError(f"{folder} already holds a {COURSES}/ folder: it is a project")
    if folder.exists() and not folder.is_dir():
        raise BuildError(f"{folder} is a file, not a folder")
    clashes = [name for name in ("README.md", ".gitignore") if (folder / name).exists()]
    files = {
        f"{COURSES}/regions.yaml": REGIONS,
        f"{COURSES}/sources.yaml": SOURCES,
        f"{COURSES}/policy.yaml": POLICY,
        f"{COURSES}/{MODULES}/introduction.yaml": MODULE_SKELETON.format(
            id="introduction", title="Introduction", source="example-source"
        ),
        f"{COURSES}/{WORKSHOPS}/example-workshop.yaml": COURSE_SKELETON.format(
            id="example-workshop",
            title="Example workshop",
            region="example-region",
            month="2027-01",
            module_line="        - module: introduction\n",
        ),
        "docs/authoring.md": _guide(),
        "README.md": README.format(name=folder.name.replace("-", " ").capitalize()),
        ".gitignore": GITIGNORE,
    }
    written = []
    for name, text in files.items():
        if name in clashes:
            continue  # the user's own README or .gitignore stays
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    written += write_schemas(folder / "schemas")
    return written
