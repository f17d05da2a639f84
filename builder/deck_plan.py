"""Placeholder replaced by the deck issue's slide planner."""
