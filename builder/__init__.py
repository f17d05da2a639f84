"""course-builder: build workshop decks, handouts and facilitator guides from YAML."""

__version__ = "0.1.0"
