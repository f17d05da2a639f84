"""Sandboxed Jinja2 for text fields (``{{ course.city }}``) and theme text templates.

Templates are user data: they run in :class:`ImmutableSandboxedEnvironment` with a strict
:class:`~builder.context.Undefined`; string/number multiplication and powers are bounded,
output is capped at :data:`MAX_OUTPUT` characters and rendering at :data:`MAX_SECONDS`, so no
template can hang or bloat a build.
"""

from __future__ import annotations

import operator
import sys
import time
from functools import lru_cache
from typing import Any

from jinja2 import TemplateError, TemplateRuntimeError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .context import Undefined

MAX_OUTPUT = 100_000
MAX_SECONDS = 0.5
MAX_REPEAT = 10_000


class TemplateLimitError(TemplateError):
    """A template ran too long or produced too much text."""


class _Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise SecurityError("exponent too large in template")
            return operator.pow(left, right)
        if operator_name == "*":
            for seq, count in ((left, right), (right, left)):
                if (
                    isinstance(seq, (str, list, tuple))
                    and isinstance(count, int)
                    and len(seq) * count > MAX_REPEAT
                ):
                    raise SecurityError("repetition too large in template")
            return operator.mul(left, right)
        return super().call_binop(context, operator_name, left, right)


@lru_cache(maxsize=1)
def environment() -> ImmutableSandboxedEnvironment:
    env = _Sandbox(undefined=Undefined, autoescape=False, keep_trailing_newline=True)
    return env


@lru_cache(maxsize=4096)
def _compile(source: str):
    return environment().from_string(source)


def needs_rendering(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


def render(source: str, context: dict[str, Any]) -> str:
    """Render ``source`` in the sandbox; raises ``jinja2.TemplateError`` subclasses."""
    if not needs_rendering(source):
        return source
    template = _compile(source)
    deadline = time.perf_counter() + MAX_SECONDS

    def tracer(frame, event, arg):
        if time.perf_counter() > deadline:
            raise TemplateLimitError(f"template took longer than {MAX_SECONDS} s")
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        size = 0
        parts = []
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateLimitError(f"template output exceeds {MAX_OUTPUT:,} characters")
            parts.append(chunk)
    except (ArithmeticError, TypeError, ValueError, LookupError) as exc:
        # e.g. the sandbox's "range too big" (OverflowError), 1/0, "a" + 1: the user's
        # template is wrong, which is a located template error, not a crash
        raise TemplateRuntimeError(str(exc) or type(exc).__name__) from None
    finally:
        sys.settrace(previous)
    return "".join(parts)
