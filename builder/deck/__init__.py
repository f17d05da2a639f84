"""The slide deck: planning, fitting and rendering.

* :mod:`.plan` — the deck's composition and numbering (:func:`plan_deck`), with
  :mod:`.modules` (a module session's slides), :mod:`.sessions` (openings, panels, exercises,
  breaks, closings), :mod:`.elements` (a content slide by what it holds) and :mod:`.notes`;
* :mod:`.template` — what the theme's deck template's layouts hold; :mod:`.layouts` — layout
  roles and their contracts;
* :mod:`.fonts` and :mod:`.text` — text measured with the theme's font files;
  :mod:`.fit` — pagination, balanced; :mod:`.diagrams` — where timeline and process parts go;
* :mod:`.render` — the renderer (``FORMATS["deck"]``), with :mod:`.visuals` (tables, charts,
  pictures), :mod:`.draw` (figures, diagrams, icons) and :mod:`.pptx_fast`.
"""

from .layouts import CONTRACTS, layout_name
from .plan import plan_deck

__all__ = ["CONTRACTS", "layout_name", "plan_deck"]
