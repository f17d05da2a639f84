"""Compatibility: the deck's planning moved to :mod:`builder.deck` (``builder.deck.plan``)."""

from .deck.elements import split_columns
from .deck.fit import paginate, paginate_rows
from .deck.layouts import CONTRACTS, layout_name
from .deck.plan import DEFAULT_LABELS, labels, plan_deck

__all__ = [
    "CONTRACTS",
    "DEFAULT_LABELS",
    "labels",
    "layout_name",
    "paginate",
    "paginate_rows",
    "plan_deck",
    "split_columns",
]
