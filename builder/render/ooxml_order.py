"""Where a child goes in WordprocessingML property elements.

The schema fixes the order of a paragraph's properties (``CT_PPrBase``): a ``w:keepNext``,
``w:bidi`` or ``w:spacing`` added to a template's own ``w:pPr`` must go before the first
existing child that the schema puts after it, or Word and the Open XML validator reject the
file. :func:`insert_in_order` does that for any element; :func:`ppr_after` gives the names
that follow a paragraph property.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

from lxml import etree

# CT_PPr's children in schema order
PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)


@cache
def ppr_after(name: str) -> frozenset[str]:
    """The paragraph properties the schema puts after ``name``."""
    return frozenset(PPR_ORDER[PPR_ORDER.index(name) + 1 :])


def insert_in_order(parent: etree._Element, child: etree._Element, after: Collection[str]) -> None:
    """Insert ``child`` before the first existing element the schema puts after it."""
    for existing in parent:
        if etree.QName(existing).localname in after:
            existing.addprevious(child)
            return
    parent.append(child)
