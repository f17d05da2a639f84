"""Benchmarks (not a test): deck build time against deck size, and course-builder against pandoc.

Run ``make bench`` or ``python benchmarks/bench.py``. It prints

* the time to build decks of 50, 200 and 1000 slides from generated modules (best of a few
  runs, load → validate → resolve → plan → render → write), and t(1000)/t(200): linear time
  gives about 5, and the target is at most 6;
* the time of a full build of the repository's courses (every format whose renderer is
  available) against pandoc generating equivalent .pptx/.docx files from Markdown, and their
  ratio (skipped when pandoc is not installed).

Options: ``--sizes 50,200,1000``, ``--repeat 3``, ``--no-pandoc``.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from builder.build import build  # noqa: E402
from builder.deck import plan_deck  # noqa: E402
from builder.project import load_project  # noqa: E402
from builder.render.base import FORMATS  # noqa: E402
from builder.resolve import resolve_course  # noqa: E402
from builder.theme import load_theme  # noqa: E402

SLIDES_PER_MODULE = 12  # content slides of a generated module
WORDS = [
    "organized",
    "crime",
    "terrorism",
    "financing",
    "trafficking",
    "cooperation",
    "evidence",
    "border",
    "investigation",
    "prosecution",
    "region",
    "network",
    "money",
    "route",
    "court",
    "agency",
]


def sentence(seed: int, words: int = 14) -> str:
    text = " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(words))
    return text[0].upper() + text[1:]


def module(index: int, content_slides: int) -> dict:
    slides = []
    for s in range(content_slides):
        slide: dict = {
            "title": f"Topic {index}.{s + 1}: {sentence(index + s, 4)}",
            "notes": sentence(s, 40),
        }
        if s % 10 == 4:
            slide["table"] = {
                "columns": ["Item", "Year", "Detail"],
                "rows": [[f"R{r}", str(2000 + r), sentence(r, 8)] for r in range(5)],
                "source": "Source: generated",
            }
        elif s % 20 == 9:
            slide["chart"] = {
                "type": "column",
                "categories": ["A", "B", "C"],
                "series": [{"name": "Cases", "values": [3, 5, 2]}],
                "source": "Source: generated",
            }
        else:
            slide["bullets"] = [sentence(s + b, 10 + b) for b in range(4)]
        slides.append(slide)
    return {
        "id": f"m{index:03d}",
        "title": f"Generated module {index}",
        "version": "1.0",
        "minutes": 30,
        "summary": sentence(index, 30),
        "objectives": [sentence(index + 1, 9), sentence(index + 2, 9)],
        "key_points": [sentence(index + 3, 9), sentence(index + 4, 9)],
        "slides": slides,
        "sources": [{"document": "generated", "backs": "everything"}],
    }


def write_project(root: Path, modules: list[dict]) -> None:
    (root / "courses" / "modules").mkdir(parents=True)
    (root / "courses" / "workshops").mkdir(parents=True)
    dump = lambda path, data: path.write_text(yaml.safe_dump(data, sort_keys=False))  # noqa: E731
    dump(
        root / "courses" / "regions.yaml",
        {"regions": [{"id": "r1", "name": "Region one", "countries": ["A"]}]},
    )
    dump(
        root / "courses" / "sources.yaml",
        {"documents": [{"id": "generated", "title": "Generated source"}]},
    )
    for m in modules:
        dump(root / "courses" / "modules" / f"{m['id']}.yaml", m)
    days = [
        {"start": "08:00", "sessions": [{"module": m["id"]} for m in modules[i : i + 8]]}
        for i in range(0, len(modules), 8)
    ]
    dump(
        root / "courses" / "workshops" / "bench.yaml",
        {
            "id": "bench",
            "title": "Benchmark workshop",
            "region": "r1",
            "city": "City",
            "country": "Country",
            "dates": {"month": "2020-01"},
            "hosts": [{"name": "Host", "role": "host"}],
            "agenda": {"days": days},
        },
    )
    shutil.copytree(REPO / "templates", root / "templates")


def slide_count(root: Path) -> int:
    project = load_project(root)
    view = resolve_course(project, "bench")
    return len(plan_deck(view, load_theme(root, view.theme)))


def make_deck_project(root: Path, target: int) -> int:
    """A project whose deck has exactly ``target`` slides (when reachable)."""
    per = SLIDES_PER_MODULE + 4  # section, objectives, content slides, takeaways
    count_modules = max(1, round(target / per))
    rest = SLIDES_PER_MODULE
    for _ in range(6):
        if root.exists():
            shutil.rmtree(root)
        mods = [module(i, SLIDES_PER_MODULE) for i in range(count_modules - 1)]
        mods.append(module(count_modules - 1, max(1, rest)))
        write_project(root, mods)
        got = slide_count(root)
        if got == target or rest + target - got < 1:
            return got
        rest += target - got
    return got


def timed_build(root: Path, formats: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        out = Path(tempfile.mkdtemp(prefix="bench-out-"))
        start = time.perf_counter()
        build(root, formats=formats, out_dir=out, force=True)
        best = min(best, time.perf_counter() - start)
        shutil.rmtree(out)
    return best


def deck_scaling(sizes: list[int], repeat: int) -> dict[int, float]:
    times: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for size in sizes:
            root = Path(tmp) / f"deck{size}"
            slides = make_deck_project(root, size)
            times[size] = timed_build(root, ["deck"], repeat)
            print(
                f"t({size}) = {times[size]:7.3f} s   ({slides} slides, "
                f"{1000 * times[size] / slides:.2f} ms/slide)"
            )
    if 200 in times and 1000 in times:
        ratio = times[1000] / times[200]
        verdict = "ok" if ratio <= 6 else "TOO SLOW (must be <= 6)"
        print(f"t(1000)/t(200) = {ratio:.2f}   {verdict}")
    return times


# --------------------------------------------------------------------------- pandoc


def available_formats() -> list[str]:
    found = []
    for fmt, target in FORMATS.items():
        try:
            importlib.import_module(target.partition(":")[0])
        except ImportError:
            continue
        found.append(fmt)
    return found


def deck_markdown(view, deck) -> str:
    lines = [f"% {view.title}", f"% {view.place}", f"% {view.dates_label}", ""]
    for slide in deck[1:]:
        lines += [f"## {slide.title}", ""]
        if slide.subtitle:
            lines += [slide.subtitle, ""]
        for bullet in slide.bullets:
            lines.append("    " * bullet.level + f"- {bullet.text}")
        if slide.table:
            lines += [
                "",
                "| " + " | ".join(slide.table.columns) + " |",
                "|" + "---|" * len(slide.table.columns),
            ]
            lines += ["| " + " | ".join(row) + " |" for row in slide.table.rows]
        if slide.chart:  # pandoc has no native charts: a table of the data
            lines += [
                "",
                "| | " + " | ".join(slide.chart.categories) + " |",
                "|---|" + "---|" * len(slide.chart.categories),
            ]
            lines += [
                "| " + s.name + " | " + " | ".join(f"{v:g}" for v in s.values) + " |"
                for s in slide.chart.series
            ]
        if slide.quote:
            lines += ["", f"> {slide.quote.text}"]
        lines += ["", "::: notes", slide.notes or " ", ":::", ""]
    return "\n".join(lines)


def document_markdown(view, deck, guide: bool) -> str:
    lines = [f"% {view.title}", "", "# Agenda", ""]
    for day in view.days:
        lines += [f"## {day.label}", "", "| Time | Session |", "|---|---|"]
        lines += [f"| {s.start}–{s.end} | {s.title} |" for s in day.sessions]
        lines.append("")
    for m in view.modules:
        lines += [f"# {m.title}", "", m.summary, "", "## Key points", ""]
        lines += [f"- {k}" for k in m.key_points]
        for case in m.case_studies:
            lines += ["", f"## {case.title}", "", case.summary]
        for activity in m.activities:
            lines += ["", f"## {activity.title}", "", activity.instructions, ""]
            for q in activity.questions:
                lines.append(f"- {q.question}" + (f" — *{q.answer}*" if guide else ""))
        if guide:
            lines += ["", "## Delivery notes", ""]
            lines += [
                f"- Slide {s.number} — {s.title}: {s.notes}" for s in deck if s.module_id == m.id
            ]
        lines += ["", "## References", ""] + [f"- {r.label}" for r in m.references] + [""]
    return "\n".join(lines)


def pandoc_build(root: Path, formats: list[str], pandoc: str) -> float:
    project = load_project(root)
    with tempfile.TemporaryDirectory(prefix="bench-pandoc-") as tmp:
        jobs = []
        for course_id in sorted(project.courses):
            view = resolve_course(project, course_id)
            deck = plan_deck(view, load_theme(root, view.theme))
            texts = {
                "deck": (deck_markdown(view, deck), "pptx"),
                "handout": (document_markdown(view, deck, False), "docx"),
                "guide": (document_markdown(view, deck, True), "docx"),
            }
            for fmt in formats:
                text, ext = texts[fmt]
                source = Path(tmp) / f"{course_id}-{fmt}.md"
                source.write_text(text, encoding="utf-8")
                jobs.append((source, source.with_suffix(f".{ext}")))
        start = time.perf_counter()
        for source, target in jobs:
            subprocess.run([pandoc, str(source), "-o", str(target)], check=True)
        return time.perf_counter() - start


def pandoc_comparison(repeat: int) -> None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("pandoc: not installed, comparison skipped")
        return
    formats = available_formats()
    project = load_project(REPO)
    if project.report.errors or not project.courses:
        print("pandoc: the repository's courses do not validate, comparison skipped")
        return
    ours = timed_build(REPO, formats, repeat)
    theirs = min(pandoc_build(REPO, formats, pandoc) for _ in range(max(1, repeat - 1)))
    print(
        f"full build of {len(project.courses)} courses ({', '.join(formats)}): "
        f"course-builder {ours:.2f} s, pandoc {theirs:.2f} s, "
        f"pandoc/course-builder = {theirs / ours:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,1000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-pandoc", action="store_true")
    args = parser.parse_args(argv)
    deck_scaling([int(s) for s in args.sizes.split(",")], args.repeat)
    if not args.no_pandoc:
        pandoc_comparison(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
