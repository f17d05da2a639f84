"""Small helpers on slide XML: replacing a shape's text, tagging its language."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree
from pptx.oxml.ns import qn

TEXT_TAGS = (qn("a:r"), qn("a:fld"))


def set_text(target, paragraphs: Iterable[tuple[str, int]], lang: str) -> None:
    """Replace the text of ``target`` (a shape, or a shape or cell element) with
    ``(text, level)`` paragraphs."""
    element = getattr(target, "_element", target)
    tx_body = element.find(qn("p:txBody"))
    if tx_body is None:
        tx_body = element.find(qn("a:txBody"))
    for p in tx_body.findall(qn("a:p")):
        tx_body.remove(p)
    for text, level in paragraphs:
        p = tx_body.add_p()
        if level:
            p.get_or_add_pPr().set("lvl", str(level))
        r = p.add_r()
        r.get_or_add_rPr().set("lang", lang)
        r.text = text
    if tx_body.find(qn("a:p")) is None:
        tx_body.add_p()


def set_language(element, lang: str) -> None:
    """Every run, field and paragraph end under ``element`` gets ``lang``."""
    for node in element.iter(*TEXT_TAGS):
        rpr = node.find(qn("a:rPr"))
        if rpr is None:
            rpr = etree.SubElement(node, qn("a:rPr"))
            node.insert(0, rpr)
        rpr.set("lang", lang)
    for end in element.iter(qn("a:endParaRPr")):
        end.set("lang", lang)


def xml_text(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
