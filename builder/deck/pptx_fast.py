"""Adding slides to a python-pptx presentation in constant time per slide.

python-pptx looks things up by scanning: every new slide matches its relationship against all
the presentation's relationships and scans every ``p:sldId`` for the next id; every new notes
slide, chart, embedded workbook and image scans every part of the package for the next free
part name (and images for a duplicate). Each scan grows with the deck, so building an n-slide
deck costs O(n²). :class:`FastDeck` keeps counters instead:

* part names come from :class:`PartNames`, which scans the package once and then counts; it is
  installed on *this* package object only (``package.next_partname`` and
  ``package.next_image_partname``), python-pptx itself is not patched;
* images are de-duplicated through a SHA-1 dictionary;
* slides are related and listed with counters rather than through ``relate_to`` and
  ``add_sldId``;
* the placeholders python-pptx clones onto a new slide (and onto a new notes slide) are cloned
  once per layout and then copied: python-pptx's cloning is a long series of XPath queries.

The slides, parts and XML produced are the same as python-pptx's own.
"""

from __future__ import annotations

import copy

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.parts.image import Image, ImagePart
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation
from pptx.slide import Slide, SlideLayout

P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"p": P_NS}
_PLACEHOLDERS = etree.XPath("./p:cSld/p:spTree/*[p:nvSpPr/p:nvPr/p:ph]", namespaces=NS)
_PH = etree.XPath("./p:nvSpPr/p:nvPr/p:ph", namespaces=NS)


def ph_of(element) -> etree._Element | None:
    """The ``p:ph`` of a shape element, or None."""
    found = _PH(element)
    return found[0] if found else None


class PartNames:
    """Free part names per template (``/ppt/slides/slide%d.xml``), from one scan."""

    def __init__(self, package) -> None:
        self.used = {str(part.partname) for part in package.iter_parts()}
        self.counters: dict[str, int] = {}

    def next(self, template: str) -> PackURI:
        n = self.counters.get(template, 0) + 1
        while template % n in self.used:
            n += 1
        self.counters[template] = n
        name = template % n
        self.used.add(name)
        return PackURI(name)

    def next_image(self, ext: str) -> PackURI:
        return self.next(f"/ppt/media/image%d.{ext}")


class FastDeck:
    """Adds slides, notes slides, charts and pictures without whole-package scans."""

    def __init__(self, prs: Presentation) -> None:
        self.prs = prs
        self.part = prs.part
        self.package = prs.part.package
        self.names = PartNames(self.package)
        # instance attributes shadow the package's methods for this package only
        self.package.next_partname = self.names.next
        self.package.next_image_partname = self.names.next_image
        self._images: dict[str, ImagePart] = {}
        self.package.get_or_add_image_part = self._get_or_add_image_part
        self._id_list = prs.part._element.get_or_add_sldIdLst()
        ids = [int(s.get("id")) for s in self._id_list.findall(f"{{{P_NS}}}sldId")]
        self._next_id = max([255, *ids]) + 1
        self.count = len(ids)
        self._slide_protos: dict[int, list] = {}
        self._notes_proto = None
        self._notes_master_part = None

    def add_slide(self, layout: SlideLayout) -> tuple[Slide, list[etree._Element]]:
        """Like ``prs.slides.add_slide(layout)``, in constant time; also returns the slide's
        placeholder elements in the layout's order (not by ``idx``, which a template's
        placeholders may share)."""
        partname = self.names.next("/ppt/slides/slide%d.xml")
        slide_part = SlidePart.new(partname, self.package, layout.part)
        r_id = self.part._rels._add_relationship(RT.SLIDE, slide_part)
        slide = slide_part.slide
        proto = self._slide_protos.get(id(layout.part))
        if proto is None:
            slide.shapes.clone_layout_placeholders(layout)
            self._slide_protos[id(layout.part)] = [
                copy.deepcopy(el) for el in _PLACEHOLDERS(slide._element)
            ]
        else:
            tree = slide.shapes._spTree
            for element in proto:
                tree.append(copy.deepcopy(element))
        self._id_list._add_sldId(id=self._next_id, rId=r_id)
        self._next_id += 1
        self.count += 1
        return slide, list(_PLACEHOLDERS(slide._element))

    def add_notes(self, slide: Slide) -> etree._Element | None:
        """A notes slide for ``slide`` (like ``slide.notes_slide``); returns its body
        placeholder element, where the notes text goes."""
        slide_part = slide.part
        if self._notes_proto is None:
            notes = slide.notes_slide  # python-pptx's own way, once
            self._notes_proto = copy.deepcopy(notes._element)
            self._notes_master_part = self.part.notes_master_part
            element = notes._element
        else:
            element = copy.deepcopy(self._notes_proto)
            notes_part = NotesSlidePart(
                self.names.next("/ppt/notesSlides/notesSlide%d.xml"),
                CT.PML_NOTES_SLIDE,
                self.package,
                element,
            )
            notes_part.relate_to(self._notes_master_part, RT.NOTES_MASTER)
            notes_part.relate_to(slide_part, RT.SLIDE)
            slide_part.relate_to(notes_part, RT.NOTES_SLIDE)
        for shape in _PLACEHOLDERS(element):
            if ph_of(shape).get("type") == "body":
                return shape
        return None

    def _get_or_add_image_part(self, image_file) -> ImagePart:
        image = Image.from_file(image_file)
        part = self._images.get(image.sha1)
        if part is None:
            part = ImagePart.new(self.package, image)
            self._images[image.sha1] = part
        return part
