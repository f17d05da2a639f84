"""What the command line prints: diagnostics, log messages and progress, in one format.

Errors and warnings — from ``check``, from ``build``, from the log of a stage — go to
standard error as ``file:line:col: severity: message``; they are coloured when standard error
is a terminal, and plain when it is not or when ``NO_COLOR`` is set (https://no-color.org).
Progress goes to standard output, one line per step, or as a bar on a terminal.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable

import click

from .errors import ERROR, WARNING, Diagnostic

COLOURS = {ERROR: "red", WARNING: "yellow", "info": "cyan"}


def use_colour(stream=None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (to anything)."""
    stream = stream or sys.stderr
    if "NO_COLOR" in os.environ:
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def styled(severity: str, text: str, colour: bool) -> str:
    if not colour or severity not in COLOURS:
        return text
    return click.style(text, fg=COLOURS[severity], bold=severity == ERROR)


def format_diagnostic(diagnostic: Diagnostic, colour: bool = False) -> str:
    """``file:line:col: severity: message (at key); hint`` with the severity coloured."""
    plain = str(diagnostic)
    marker = f": {diagnostic.severity}: "
    if not colour or marker not in plain:
        return plain
    head, _, tail = plain.partition(marker)
    severity = styled(diagnostic.severity, diagnostic.severity, True)
    return f"{click.style(head, bold=True)}: {severity}: {tail}"


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    """Every diagnostic on standard error, in file order."""
    colour = use_colour(sys.stderr)
    for diagnostic in sorted(diagnostics):
        click.echo(format_diagnostic(diagnostic, colour), err=True, color=colour)


class _Handler(logging.Handler):
    """Log records as ``warning: message`` on standard error, like diagnostics."""

    def emit(self, record: logging.LogRecord) -> None:
        severity = record.levelname.lower()
        colour = use_colour(sys.stderr)
        label = styled(severity if severity in COLOURS else "info", severity, colour)
        click.echo(f"{label}: {record.getMessage()}", err=True, color=colour)


def setup_logging(verbosity: int) -> None:
    """Warnings always; ``-v`` adds what each stage does, ``-vv`` debugging detail."""
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    logger = logging.getLogger("builder")
    logger.handlers[:] = [_Handler()]
    logger.setLevel(level)
    logger.propagate = False


class Progress:
    """Steps of a long task: a bar on a terminal, a line per step otherwise."""

    def __init__(self, label: str, total: int, quiet: bool = False):
        self.label, self.total, self.quiet = label, total, quiet
        self.done = 0
        self.bar = None
        if not quiet and total and sys.stdout.isatty():
            self.bar = click.progressbar(length=total, label=label, show_pos=True)
            self.bar.__enter__()

    def advance(self, steps: int = 1, item: str = "") -> None:
        self.done += steps
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.update(steps)
        else:
            click.echo(f"{self.label}: {self.done}/{self.total}" + (f" {item}" if item else ""))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
