"""A Word document from anywhere made fit to write into: .dotx, Word 2010, LibreOffice.

A theme's handout or guide template may come from any program, and what it carries over
into the artefact must still be valid Open XML. :func:`as_document` reads a Word template
(.dotx) as the document it makes. :func:`tidy` mends what third-party templates commonly get
wrong or leave out, without touching their design:

- Word 2010's second copy of the styles (``stylesWithEffects.xml``) is dropped: it would
  lack the styles copied in, and python-docx's own default.docx already fails validation
  with it. Word writes it anew when it saves.
- The children of a numbering level are put in the schema's order (LibreOffice writes
  ``w:pStyle`` before ``w:numFmt``).
- A document without a theme part (LibreOffice writes none; the schema requires one) gets
  the built-in theme's, so theme fonts and colours resolve.
"""

from __future__ import annotations

import io
import zipfile

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MACRO_MAIN = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_CONTENT_TYPES = "[Content_Types].xml"
# CT_Lvl's sequence
_LVL_ORDER = (
    "start",
    "numFmt",
    "lvlRestart",
    "pStyle",
    "isLgl",
    "suff",
    "lvlText",
    "lvlPicBulletId",
    "legacy",
    "lvlJc",
    "pPr",
    "rPr",
)
_W = qn("w:p").split("}")[0][1:]


def as_document(data: bytes) -> bytes:
    """``data`` as a .docx package: a Word template (.dotx) differs from the document it
    makes only in its main part's content type. Macro-enabled files are refused."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            types = archive.read(_CONTENT_TYPES)
        except KeyError:
            return data  # not a package python-docx can open: let it say why
        if any(kind.encode() in types for kind in MACRO_MAIN):
            raise ValueError("it is a macro-enabled Word file: save it as .docx or .dotx")
        if TEMPLATE_MAIN.encode() not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for member in archive.infolist():
                body = archive.read(member)
                if member.filename == _CONTENT_TYPES:
                    body = body.replace(TEMPLATE_MAIN.encode(), CT.WML_DOCUMENT_MAIN.encode())
                target.writestr(member, body)
    return out.getvalue()


def tidy(document, theme: bytes | None) -> None:
    """Mend the open python-docx ``document`` (see the module docstring); ``theme`` is the
    theme part to add when it has none."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            part.drop_rel(rel_id)
    numbering = related(part, RT.NUMBERING)
    if numbering is not None:
        for lvl in numbering.element.iter(qn("w:lvl")):
            _order(lvl, _LVL_ORDER)
    if theme is not None and related(part, RT.THEME) is None:
        name = _free_name(part.package, "/word/theme/theme%d.xml")
        part.relate_to(Part(name, CT.OFC_THEME, theme, part.package), RT.THEME)


def numbering_element(document) -> etree._Element:
    """The document's numbering definitions, adding an empty part when it has none."""
    part = document.part
    found = related(part, RT.NUMBERING)
    if found is not None:
        return found.element
    from docx.oxml import parse_xml
    from docx.parts.numbering import NumberingPart

    element = parse_xml(f'<w:numbering xmlns:w="{_W}"/>')
    name = _free_name(part.package, "/word/numbering%d.xml")
    part.relate_to(NumberingPart(name, CT.WML_NUMBERING, element, part.package), RT.NUMBERING)
    return element


def related(part, reltype: str):
    """The part ``part`` relates to by ``reltype``, or None."""
    try:
        return part.part_related_by(reltype)
    except KeyError:
        return None


def _free_name(package, template: str) -> PackURI:
    """``/word/numbering.xml``-like names: without a number when free, else the next."""
    taken = {str(p.partname) for p in package.iter_parts()}
    plain = template.replace("%d", "")
    return PackURI(plain) if plain not in taken else package.next_partname(template)


def _order(parent: etree._Element, order: tuple[str, ...]) -> None:
    """Put ``parent``'s children in the schema's ``order`` when they are all plain
    WordprocessingML elements out of it (anything else, markup compatibility blocks
    included, is left as it is)."""
    children = list(parent)
    rank = []
    for child in children:
        name = etree.QName(child) if isinstance(child.tag, str) else None
        if name is None or name.namespace != _W or name.localname not in order:
            return
        rank.append(order.index(name.localname))
    if rank == sorted(rank):
        return
    for _, index in sorted(zip(rank, range(len(children)), strict=True)):
        parent.append(children[index])
