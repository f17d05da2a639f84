"""Shared fixtures: a small valid project written into ``tmp_path``.

``make_project(tmp_path, **changes)`` writes regions, sources, two modules, one course and
the repository's themes; each test states only what it varies, e.g.
``make_project(tmp_path, course={"region": "sahle"})`` or
``make_project(tmp_path, files={"courses/modules/extra.yaml": "..."})``.
"""

from __future__ import annotations

import copy
import shutil
import struct
import zlib
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent

REGIONS = {
    "regions": [
        {"id": "sahel", "name": "West Africa and the Sahel", "countries": ["Mali", "Niger"]},
        {"id": "balkans", "name": "The Balkans", "countries": ["Albania"]},
    ]
}

SOURCES = {
    "documents": [
        {"id": "concept-note", "title": "Concept note on the nexus", "date": "26 April 2017"},
        {"id": "cted-slides", "title": "CTED slides on human trafficking"},
    ]
}

NOTES = (
    "These are speaker notes for the trainer. They explain the slide in plain words and "
    "suggest a question to ask the room before moving on."
)


def module_data(module_id: str = "nexus-basics", **changes) -> dict:
    data = {
        "id": module_id,
        "title": "Nexus basics",
        "version": "1.0",
        "minutes": 60,
        "summary": "A short summary of the module for the handout, held in {{ course.city }}.",
        "objectives": ["Explain the forms of interaction", "Name the main instruments"],
        "key_points": ["Groups coexist, cooperate or converge", "Resolution 2482 matters"],
        "slides": [
            {
                "title": "Forms of interaction",
                "bullets": [
                    "Coexistence in the same territory",
                    {"text": "Cooperation", "sub": ["Ad hoc alliances", "Shared services"]},
                    "Convergence into hybrid groups",
                ],
                "notes": NOTES,
            },
            {
                "title": "Resolutions by year",
                "table": {
                    "columns": ["Resolution", "Year"],
                    "rows": [["1373", "2001"], ["2195", "2014"]],
                    "source": "Source: concept note",
                },
                "notes": NOTES,
            },
            {
                "title": "Income by source",
                "chart": {
                    "type": "column",
                    "categories": ["Narcotics", "Other"],
                    "series": [{"name": "USD million", "values": [60, 40]}],
                    "source": "Source: concept note",
                },
                "notes": NOTES,
            },
            {
                "title": "A voice from the field",
                "quote": {"text": "Crime has no borders.", "attribution": "A trainer"},
                "notes": NOTES,
            },
        ],
        "activities": [
            {
                "title": "Map the links",
                "kind": "group-exercise",
                "minutes": 20,
                "instructions": "In groups, map the links you see in {{ region.name }}.",
                "materials": ["Flip chart", "Markers"],
                "questions": [
                    {"question": "Which form is most common?", "answer": "MODEL-ANSWER-ONE"},
                    {"question": "What do criminals sell?", "answer": "MODEL-ANSWER-TWO"},
                ],
            }
        ],
        "glossary": [
            {"term": "Nexus", "definition": "The links between crime and terrorism."},
            {"term": "Convergence", "definition": "Groups merging their aims."},
        ],
        "references": [
            {"type": "resolution", "number": 2195, "year": 2014},
            {"type": "resolution", "number": 1373, "year": 2001},
            {
                "type": "convention",
                "title": "UN Convention against Transnational Organized Crime",
                "year": 2000,
            },
        ],
        "sources": [{"document": "concept-note", "backs": "forms of interaction"}],
        "regional": {
            "sahel": {
                "case_studies": [
                    {
                        "title": "SAHEL-CASE taxation of goods",
                        "summary": "Groups in the Sahel tax goods moving through the desert.",
                        "bullets": ["Informal taxation", "Kidnapping for ransom"],
                        "notes": NOTES,
                        "questions": [{"question": "Who pays?", "answer": "SAHEL-ANSWER"}],
                        "sources": ["concept-note"],
                    }
                ],
                "examples": ["SAHEL-EXAMPLE artisanal gold mines"],
            },
            "balkans": {
                "case_studies": [
                    {
                        "title": "BALKANS-CASE cross-border trafficking",
                        "summary": "Small countries push groups to work across borders.",
                        "bullets": ["Small markets", "Cross-border routes"],
                        "notes": NOTES,
                    }
                ],
            },
        },
    }
    data.update(changes)
    return data


def course_data(course_id: str = "sahel-2017", **changes) -> dict:
    data = {
        "id": course_id,
        "title": "Crime and terrorism workshop",
        "region": "sahel",
        "city": "Algiers",
        "country": "Algeria",
        "dates": {"month": "2017-10"},
        "hosts": [{"name": "Ministry of Foreign Affairs", "role": "host"}],
        "agenda": {
            "days": [
                {
                    "start": "09:00",
                    "end": "17:00",
                    "sessions": [
                        {"item": "opening", "minutes": 30},
                        {"module": "nexus-basics"},
                        {"item": "break", "minutes": 15},
                        {"module": "second-module", "minutes": 45},
                        {"item": "lunch", "minutes": 60},
                        {"item": "panel", "minutes": 60, "title": "Regional panel"},
                        {"item": "closing", "minutes": 15},
                    ],
                }
            ]
        },
    }
    data.update(changes)
    return data


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A valid RGB PNG without any imaging library."""
    raw = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))

    def chunk(tag: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + tag
            + body
            + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _merge(base: dict, changes: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def write_project(
    root: Path,
    *,
    course: dict | None = None,
    module: dict | None = None,
    files: dict[str, str | bytes] | None = None,
    themes: bool = True,
) -> Path:
    courses = root / "courses"
    (courses / "modules").mkdir(parents=True, exist_ok=True)
    (courses / "workshops").mkdir(parents=True, exist_ok=True)

    def dump(path: Path, data: dict) -> None:
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    dump(courses / "regions.yaml", REGIONS)
    dump(courses / "sources.yaml", SOURCES)
    dump(courses / "modules" / "nexus-basics.yaml", _merge(module_data(), module or {}))
    second = module_data(
        "second-module",
        title="Second module",
        minutes=45,
        regional={},
        glossary=[
            {"term": "Anti-money laundering", "definition": "Measures against laundering."},
            {"term": "nexus", "definition": "The links between crime and terrorism."},
        ],
    )
    dump(courses / "modules" / "second-module.yaml", second)
    dump(courses / "workshops" / "sahel-2017.yaml", _merge(course_data(), course or {}))
    if themes and (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", root / "templates", dirs_exist_ok=True)
    for name, content in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def make_project(tmp_path):
    """Call with the changes a test needs; returns the project root."""

    def make(**kwargs) -> Path:
        return write_project(tmp_path / "project", **kwargs)

    return make
