"""The field reference of ``docs/authoring.md``, written from the typed model.

``python -m builder.reference --write docs/authoring.md`` replaces the text between the
``<!-- field-reference:start -->`` and ``<!-- field-reference:end -->`` markers; a test checks
that the committed guide matches the model, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import sys
import types
import typing
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from . import model as m
from . import policy as pol

START = "<!-- field-reference:start -->"
END = "<!-- field-reference:end -->"

SECTIONS: list[tuple[str, type[BaseModel]]] = [
    ("`courses/regions.yaml`", m.RegionsFile),
    ("Region", m.Region),
    ("`courses/sources.yaml`", m.SourcesFile),
    ("`courses/instruments.yaml`", m.InstrumentsFile),
    ("Instrument", m.Instrument),
    ("Source document", m.SourceDocument),
    ("Module file `courses/modules/<id>.yaml`", m.Module),
    ("Slide", m.Slide),
    ("Speaker-note cue", m.Cue),
    ("Bullet (with sub-bullets, or dated)", m.Bullet),
    ("Dated key point, example or objective", m.DatedText),
    ("Dated table row", m.Row),
    ("Dated chart category", m.Category),
    ("Table", m.Table),
    ("Chart", m.Chart),
    ("Chart series", m.Series),
    ("Image", m.Image),
    ("Quote", m.Quote),
    ("Key figure", m.KeyFigure),
    ("Timeline", m.Timeline),
    ("Timeline event", m.TimelineEvent),
    ("Process", m.Process),
    ("Process step", m.ProcessStep),
    ("Comparison", m.Comparison),
    ("Comparison column", m.ComparisonSide),
    ("Activity", m.Activity),
    ("Question", m.Question),
    ("Glossary term", m.GlossaryTerm),
    ("Reference", m.Reference),
    ("Source citation", m.SourceCitation),
    ("Regional block", m.RegionalBlock),
    ("Case study", m.CaseStudy),
    ("Course file `courses/workshops/<id>.yaml`", m.Course),
    ("Host", m.Host),
    ("Dates", m.Dates),
    ("Agenda", m.Agenda),
    ("Day", m.Day),
    ("Module session", m.ModuleSession),
    ("Plain session", m.PlainSession),
    ("Person (panellist, moderator, contact)", m.Person),
    ("Session pack `courses/sessions/<id>.yaml`", m.SessionPack),
    (
        "Session content (in a plain session, a session pack or its `regional:` blocks)",
        m.SessionContent,
    ),
    ("Prompt (a question with points to listen for)", m.Prompt),
    ("Step", m.Step),
    ("Theme file `templates/<theme>/theme.yaml`", m.ThemeFile),
    ("Theme fonts (a typeface's files)", m.FontFiles),
    ("Editorial policy `courses/policy.yaml`", pol.Policy),
    ("Module rules", pol.ModulePolicy),
    ("Outline rules", pol.WorkshopPolicy),
    ("Range", pol.Range),
    ("Theme options", m.ThemeOptions),
    ("Deck labels", m.DeckLabels),
]


def _type_name(annotation: typing.Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        inner = args[0]
        if inner is str:
            return _text_name(args[1:])
        return _type_name(inner)
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(dict.fromkeys(names))
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"mapping of {_type_name(args[0])} → {_type_name(args[1])}"
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return annotation.__name__
        return {
            "str": "text",
            "int": "whole number",
            "float": "number",
            "date": "date",
            "bool": "true/false",
        }.get(annotation.__name__, annotation.__name__)
    return "value"


def _text_name(metadata) -> str:
    for item in metadata:
        for limit in [getattr(item, "max_length", None)] + [
            getattr(meta, "max_length", None) for meta in getattr(item, "metadata", [])
        ]:
            if limit and limit < 1000:
                return f"text (≤ {limit} characters)"
    return "text"


def _required(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    if field.default not in (None, PydanticUndefined) and not isinstance(field.default, dict):
        return f"default `{field.default}`"
    return "optional"


def field_reference() -> str:
    lines = [START, ""]
    for heading, model in SECTIONS:
        doc = " ".join((model.__doc__ or "").split())
        lines += [f"### {heading}", "", doc, "", "| key | type | | meaning |", "|---|---|---|---|"]
        for name, field in model.model_fields.items():
            key = field.alias or name
            meaning = " ".join((field.description or "").split()).replace("|", "\\|")
            kind = _type_name(field.annotation)
            if kind == "text" or kind == "text or text":
                kind = _text_name(field.metadata)
            lines.append(f"| `{key}` | {kind} | {_required(field)} | {meaning} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def replace_reference(text: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return head + field_reference() + tail


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--write":
        path = Path(argv[1])
        path.write_text(replace_reference(path.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    print(field_reference())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
