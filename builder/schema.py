"""JSON Schemas for editors, generated from the typed model (one source of truth)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .model import (
    Course,
    InstrumentsFile,
    Module,
    RegionsFile,
    SessionPack,
    SourcesFile,
    ThemeFile,
)
from .policy import Policy

SCHEMAS: dict[str, type[BaseModel]] = {
    "module": Module,
    "course": Course,
    "regions": RegionsFile,
    "sources": SourcesFile,
    "instruments": InstrumentsFile,
    "theme": ThemeFile,
    "policy": Policy,
    "session": SessionPack,
}


def json_schema(name: str) -> dict:
    model = SCHEMAS[name]
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{name}.schema.json"
    return schema


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        path.write_text(
            json.dumps(json_schema(name), indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        written.append(path)
    return written
