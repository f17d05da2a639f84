"""The catalogue of instruments (`courses/instruments.yaml`) and the modules that cite it.

A module's reference may name a catalogued instrument by id (`{instrument: unscr-2462}`): its
type, number, symbol, title and date come from the catalogue, so that every module cites an
instrument the same way, the handout's list of instruments merges them by id, and the
anachronism check knows when each was adopted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import choice_hint
from .model import Instrument, Reference
from .texts import Texts

if TYPE_CHECKING:
    from .project import Project

INSTRUMENTS = "courses/instruments.yaml"


def catalogue(project: Project) -> dict[str, tuple[int, Instrument]]:
    """(index in the file, instrument) by id."""
    found = project.instruments.instruments if project.instruments else []
    return {item.id: (index, item) for index, item in enumerate(found)}


def cited(project: Project, ref: Reference) -> Reference:
    """``ref`` with what its catalogued instrument says filled in (its own keys win); the
    instrument's title in the edition's language when it is translated."""
    known = catalogue(project).get(ref.instrument) if ref.instrument else None
    if known is None:
        return ref
    index, item = known
    doc = project.documents.get(INSTRUMENTS)
    title = Texts(doc, {}, []).plain(item.title, ("instruments", index, "title")) if doc else ""
    given = ref.model_dump(exclude_unset=True, exclude={"instrument", "from_", "until"})
    base = {"type": item.type, "number": item.number, "symbol": item.symbol}
    base |= {"title": title or item.title, "body": item.body, "year": item.start.year}
    return Reference.model_validate(base | given)


def check_instruments(project: Project) -> None:
    """Ids and resolution numbers are unique in the catalogue; modules cite known ids."""
    report = project.report
    known = catalogue(project)
    doc = project.documents.get(INSTRUMENTS)
    if project.instruments and doc is not None:
        seen: dict[object, int] = {}
        for index, item in enumerate(project.instruments.instruments):
            for key, what in ((item.id, "id"), ((item.type, item.body, item.number), "number")):
                if what == "number" and item.number is None:
                    continue
                if key in seen:
                    report.add(
                        doc.diagnostic(
                            ("instruments", index, what),
                            f"instrument {what} {item.id if what == 'id' else item.number!r} "
                            f"is given twice (also instrument {seen[key] + 1})",
                        )
                    )
                seen.setdefault(key, index)
    for module_id, module in sorted(project.modules.items()):
        mdoc = project.module_docs[module_id]
        for index, ref in enumerate(module.references):
            if ref.instrument is None or ref.instrument in known:
                continue
            hint = choice_hint(ref.instrument, known, "instruments") or (
                f"instruments are listed in {INSTRUMENTS}"
            )
            report.add(
                mdoc.diagnostic(
                    ("references", index, "instrument"),
                    f"unknown instrument {ref.instrument!r}",
                    hint=hint,
                )
            )
