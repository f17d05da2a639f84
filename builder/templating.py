"""Sandboxed Jinja2 for text fields (``{{ course.city }}``) and theme text templates.

Templates are user data. They run in :class:`ImmutableSandboxedEnvironment` with a strict
:class:`~builder.context.Undefined` (an unknown name is an error with a suggestion), rendering
stops after :data:`MAX_SECONDS` and output is capped at
:data:`MAX_OUTPUT` characters. The clock alone cannot stop one C-level operation that
builds a huge value (``'x'|center(10**12)``, ``9**64**64**64``), so the size of every
intermediate value is bounded *before* it is built:

* numbers: ``*`` and ``**`` refuse a result of more than :data:`MAX_INT_BITS` bits
  (estimated from the operands' bit lengths), and an exponent above 64;
* text and lists: every value a template builds — by ``+``, ``*``, ``~``, ``%``, a list,
  tuple or dict literal, a filter, a method call, a ``{% set %}`` block or a ``{{ }}`` —
  may hold at most :data:`MAX_VALUE` characters or items (counted through nested lists, so
  a list repeating one long text counts it each time); filters and methods whose
  arguments decide the size of their result (``center``, ``ljust``, ``indent``,
  ``wordwrap``, ``replace``, ``join``, ``format``, ``batch``, ``slice``, ``sum`` …) are
  checked from those arguments before they run;
* in all, one rendering may build at most :data:`MAX_TOTAL` characters, so a loop cannot
  pile up values each within the limit.

A ``MemoryError`` is still reported as a template error, never a crash. Errors carry the
line of the template where they happened (``lineno``) when it is known.
"""

from __future__ import annotations

import operator
import re
import sys
import threading
import time
from functools import lru_cache, wraps
from typing import Any

from jinja2 import TemplateError, TemplateRuntimeError, nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.filters import FILTERS, make_attrgetter
from jinja2.runtime import Namespace
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedFormatter,
    SecurityError,
)
from jinja2.utils import pass_eval_context

from .context import Undefined

MAX_OUTPUT = 100_000
MAX_SECONDS = 0.5
MAX_REPEAT = 10_000
MAX_VALUE = 100_000  # characters or items in any one value a template builds
MAX_TOTAL = 10_000_000  # characters built in all during one rendering
MAX_INT_BITS = 10_000  # about 3,000 decimal digits
MAX_EXPONENT = 64


class TemplateLimitError(TemplateError):
    """A template ran too long, built too large a value or produced too much text."""


_state = threading.local()  # .budget: characters one rendering may still build


def _too_large() -> SecurityError:
    return SecurityError(
        f"value too large in template: more than {MAX_VALUE:,} characters or items"
    )


def _number_too_large() -> SecurityError:
    return SecurityError(f"number too large in template: more than {MAX_INT_BITS:,} bits")


def measure(value: Any, cap: int = MAX_VALUE) -> int:
    """Characters and items in ``value``, nested lists counted in full (a list holding one
    text twice counts it twice); stops counting once past ``cap``. During a rendering the
    sizes of lists, tuples and dicts (which the sandbox does not let change) are
    remembered, so a list built from others is measured in the time of its own length."""
    return _measure(value, cap, getattr(_state, "sizes", None))


def _measure(value: Any, cap: int, memo: dict[int, tuple[Any, int]] | None) -> int:
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        if memo is not None:
            known = memo.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
        total = len(value) + 1
        if total > cap:
            return total
        for item in value:
            total += _measure(item, cap - total, memo)
            if isinstance(value, dict):
                total += _measure(value[item], cap - total, memo)
            if total > cap:
                return total
        if memo is not None:
            memo[id(value)] = (value, total)
        return total
    if isinstance(value, Namespace):  # its attributes can change: not remembered
        attrs = object.__getattribute__(value, "_Namespace__attrs")
        total = len(attrs) + 1
        for item in attrs.values():
            total += _measure(item, cap - total, memo)
            if total > cap:
                break
        return total
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 3 + 1  # about its decimal digits
    return 1


def _charge(value: Any) -> Any:
    """``value`` once checked against :data:`MAX_VALUE` and charged to the rendering's budget."""
    size = measure(value)
    if size > MAX_VALUE:
        raise _too_large()
    budget = getattr(_state, "budget", None)
    if budget is not None:
        budget -= size
        _state.budget = budget
        if budget < 0:
            raise TemplateLimitError(f"template builds more than {MAX_TOTAL:,} characters in all")
    return value


def _need(size: int) -> None:
    """Refuse before building a value of ``size`` characters or items."""
    if size > MAX_VALUE:
        raise _too_large()


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return default


def _texts(items: Any, sep: str) -> list[str]:
    """``items`` as text for joining, refused as soon as the result would be too large."""
    out: list[str] = []
    total = 0
    for index, item in enumerate(items):
        if type(item) is str:
            text = item
        elif measure(item) > MAX_VALUE:
            raise _too_large()
        else:
            text = str(item)
        total += len(text) + (len(sep) if index else 0)
        _need(total)
        out.append(text)
    return out


# --------------------------------------------------------------------------- formatting

_FORMAT_SPEC = re.compile(r"^(?:.?[<>=^])?[-+ ]?z?#?0?(\d*)[,_]?(?:\.(\d+))?[a-zA-Z%]?$")
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")


def _check_format_spec(spec: str) -> None:
    match = _FORMAT_SPEC.match(spec)
    if match:
        for number in match.groups():
            if number and (len(number) > 7 or int(number) > MAX_VALUE):
                raise _too_large()


def _check_percent(fmt: Any, args: Any) -> None:
    """``fmt % args``: widths and precisions must stay within :data:`MAX_VALUE`."""
    if not isinstance(fmt, str):
        return
    for match in _PERCENT_SPEC.finditer(fmt):
        for number in match.groups()[:2]:
            if number == "*":
                raise SecurityError("'*' widths are not allowed in templates")
            if number and (len(number) > 7 or int(number) > MAX_VALUE):
                raise _too_large()
    if measure(args) > MAX_VALUE:
        raise _too_large()


class _BoundedFormatter(SandboxedFormatter):
    """``str.format`` in the sandbox, refusing widths and precisions beyond the limit."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        _check_format_spec(format_spec)
        if measure(value) > MAX_VALUE:
            raise _too_large()
        return super().format_field(value, format_spec)


# --------------------------------------------------------------------------- filters


def _check_replace(s: Any, old: Any, new: Any, count: Any = None) -> None:
    text = str(s)
    old, new = str(old), str(new)
    hits = len(text) + 1 if not old else text.count(old)
    if count is not None and _int(count, -1) >= 0:
        hits = min(hits, _int(count))
    _need(len(text) + hits * max(0, len(new) - len(old)))


def _pre_center(value: Any, width: Any = 80, *_: Any, **__: Any) -> None:
    _need(_int(width))


def _pre_indent(s: Any, width: Any = 4, *_: Any, **__: Any) -> None:
    step = len(width) if isinstance(width, str) else _int(width)
    text = str(s)
    _need(len(text) + (text.count("\n") + 1) * max(step, 0))


def _pre_wordwrap(
    s: Any,
    width: Any = 79,
    break_long_words: Any = True,
    wrapstring: Any = None,
    *_: Any,
    **__: Any,
) -> None:
    text = str(s)
    joint = len(wrapstring) if isinstance(wrapstring, str) else 1
    lines = len(text) // max(_int(width, 1), 1) + text.count(" ") + text.count("\n") + 1
    _need(len(text) + lines * joint)


def _pre_truncate(
    s: Any, length: Any = 255, killwords: Any = False, end: Any = "...", *_: Any, **__: Any
) -> None:
    _need(min(len(str(s)), max(_int(length), 0)) + len(str(end)))


def _pre_batch(value: Any, linecount: Any = 1, fill_with: Any = None) -> None:
    if fill_with is not None:
        _need(_int(linecount))


def _pre_slice(value: Any, slices: Any = 1, fill_with: Any = None) -> None:
    _need(_int(slices))


_PRECHECKS = {
    "center": _pre_center,
    "indent": _pre_indent,
    "wordwrap": _pre_wordwrap,
    "truncate": _pre_truncate,
    "replace": lambda s, old="", new="", count=None: _check_replace(s, old, new, count),
    "format": lambda value, *args, **kwargs: _check_percent(str(value), kwargs or args),
    "batch": _pre_batch,
    "slice": _pre_slice,
}


@pass_eval_context
def _join(eval_ctx: Any, value: Any, d: Any = "", attribute: Any = None) -> str:
    """``join`` that stops as soon as the text would exceed :data:`MAX_VALUE`."""
    if attribute is not None:
        value = map(make_attrgetter(eval_ctx.environment, attribute), value)
    sep = str(d)
    return sep.join(_texts(value, sep))


@pass_eval_context
def _sum(eval_ctx: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
    """``sum`` that checks each step like ``+``."""
    if attribute is not None:
        iterable = map(make_attrgetter(eval_ctx.environment, attribute), iterable)
    total = start
    for item in iterable:
        total = _add(total, item)
    return total


def _bounded_filter(name: str, func: Any) -> Any:
    check = _PRECHECKS.get(name)
    skip = 1 if hasattr(func, "jinja_pass_arg") else 0  # environment / context first

    @wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if check is not None:
            check(*args[skip:], **kwargs)
        return _charge(func(*args, **kwargs))

    return bounded


# --------------------------------------------------------------------------- operators


def _add(left: Any, right: Any) -> Any:
    if isinstance(left, (str, bytes, list, tuple)) and isinstance(right, (str, bytes, list, tuple)):
        _need(measure(left) + measure(right))
    return _charge(left + right)


def _mul(left: Any, right: Any) -> Any:
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise _number_too_large()
        return left * right
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, (str, bytes, list, tuple)) and isinstance(count, int):
            if len(seq) * count > MAX_REPEAT:
                raise SecurityError("repetition too large in template")
            _need(measure(seq) * max(count, 0))
    return _charge(operator.mul(left, right))


def _pow(left: Any, right: Any) -> Any:
    if isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
        raise SecurityError("exponent too large in template")
    if (
        isinstance(left, int)
        and isinstance(right, int)
        and right > 0
        and max(abs(left).bit_length(), 1) * right > MAX_INT_BITS
    ):
        raise _number_too_large()
    return operator.pow(left, right)


def _mod(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        _check_percent(left, right)
        return _charge(left % right)
    return operator.mod(left, right)


_BINOPS = {"+": _add, "*": _mul, "**": _pow, "%": _mod}


# --------------------------------------------------------------------------- methods

_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill"}


def _call_method(obj: Any, args: tuple, kwargs: dict) -> Any:
    """Checks for the string methods whose arguments decide the size of their result;
    returns the result when it computed it, else None."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if not isinstance(owner, (str, bytes)):
        return None
    if name in _WIDTH_METHODS:
        _need(_int(args[0] if args else kwargs.get("width", 0)))
    elif name == "expandtabs":
        tab = _int(args[0] if args else kwargs.get("tabsize", 8))
        _need(len(owner) + owner.count("\t" if isinstance(owner, str) else b"\t") * tab)
    elif name == "replace" and isinstance(owner, str) and len(args) >= 2:
        _check_replace(owner, args[0], args[1], args[2] if len(args) > 2 else None)
    elif name == "translate" and isinstance(owner, str) and args:
        table = args[0]
        longest = 1
        if isinstance(table, dict):
            longest = max((len(v) for v in table.values() if isinstance(v, str)), default=1)
        _need(len(owner) * longest)
    elif name == "join" and isinstance(owner, str) and len(args) == 1 and not kwargs:
        return owner.join(_texts(args[0], owner))
    return None


# --------------------------------------------------------------------------- the sandbox


class _CodeGenerator(CodeGenerator):
    """Routes ``~`` and list, tuple and dict literals through the size checks."""

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self.write("environment.bounded_value(")
        super().visit_List(node, frame)
        self.write(")")

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self.write("environment.bounded_value(")
        super().visit_Dict(node, frame)
        self.write(")")

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx != "load":
            super().visit_Tuple(node, frame)
            return
        self.write("environment.bounded_value(")
        super().visit_Tuple(node, frame)
        self.write(")")


class _Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(_BINOPS)
    code_generator_class = _CodeGenerator

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=_charge, extensions=["jinja2.ext.i18n"], **options)
        # {% trans %} and _() look up gettext / ngettext in the context each rendering gives
        # (:func:`gettext_context`): one environment serves every language
        self.globals.pop("gettext", None)
        self.globals.pop("ngettext", None)
        self.globals.pop("_", None)
        self.newstyle_gettext = True  # type: ignore[attr-defined]
        self.filters = {name: _bounded_filter(name, f) for name, f in FILTERS.items()}
        self.filters["join"] = _bounded_filter("join", _join)
        self.filters["sum"] = _bounded_filter("sum", _sum)
        self.globals.pop("lipsum", None)  # generates text; nothing a course needs

    def call_binop(self, context, operator_name: str, left: Any, right: Any) -> Any:
        return _BINOPS[operator_name](left, right)

    @staticmethod
    def bounded_concat(items: tuple) -> str:
        return _charge("".join(_texts(items, "")))

    @staticmethod
    def bounded_value(value: Any) -> Any:
        return _charge(value)

    @staticmethod
    def concat(parts: Any) -> str:  # {% set %} blocks, macros, caller()
        return _charge("".join(_texts(parts, "")))

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text: str = value.__self__
        formatter = _BoundedFormatter(self)
        is_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                args, kwargs = (), args[0]
            return _charge(type(text)(formatter.vformat(text, args, kwargs)))

        return wraps(value)(bounded)

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"{__obj!r} is not safely callable")
        done = _call_method(__obj, args, kwargs)
        if done is not None:
            return _charge(done)
        return _charge(__context.call(__obj, *args, **kwargs))


def gettext_context(messages: Any) -> dict:
    """The ``gettext``, ``ngettext`` and ``_`` that a theme text template's ``{% trans %}``
    blocks and ``_()`` calls use, from ``messages`` (a :class:`builder.i18n.Messages`):
    placeholders are ``%(name)s``, ``ngettext`` fills ``%(num)s`` with the count."""

    def gettext(message: str, **values: Any) -> str:
        text = messages.gettext(message)
        return text % values if values else text

    def ngettext(singular: str, plural: str, n: int, **values: Any) -> str:
        values.setdefault("num", n)
        return messages.ngettext(singular, plural, n) % values

    return {"gettext": gettext, "ngettext": ngettext, "_": gettext}


@lru_cache(maxsize=1)
def environment() -> ImmutableSandboxedEnvironment:
    return _Sandbox(undefined=Undefined, autoescape=False, keep_trailing_newline=True)


@lru_cache(maxsize=4096)
def _compile(source: str):
    return environment().from_string(source)


def needs_rendering(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


def template_line(exc: BaseException) -> int | None:
    """The line of the template where ``exc`` was raised, from Jinja's traceback."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _located(error: TemplateError, cause: BaseException) -> TemplateError:
    error.lineno = template_line(cause)  # type: ignore[attr-defined]
    return error


def render(source: str, context: dict[str, Any]) -> str:
    """Render ``source`` in the sandbox; raises ``jinja2.TemplateError`` subclasses, with
    ``lineno`` set to the template line when known."""
    if not needs_rendering(source):
        return source
    template = _compile(source)
    deadline = time.perf_counter() + MAX_SECONDS

    def tracer(frame, event, arg):
        if time.perf_counter() > deadline:
            raise TemplateLimitError(f"template took longer than {MAX_SECONDS} s")
        return tracer

    previous = sys.gettrace()
    outer = getattr(_state, "budget", None), getattr(_state, "sizes", None)
    _state.budget, _state.sizes = MAX_TOTAL, {}
    sys.settrace(tracer)
    try:
        size = 0
        parts = []
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateLimitError(f"template output exceeds {MAX_OUTPUT:,} characters")
            parts.append(chunk)
    except TemplateError as exc:
        if getattr(exc, "lineno", None) is None:
            exc.lineno = template_line(exc)  # type: ignore[attr-defined]
        raise
    except (ArithmeticError, AttributeError, TypeError, ValueError, LookupError) as exc:
        # e.g. the sandbox's "range too big" (OverflowError), 1/0, "a" + 1, a filter given
        # a value it cannot take ('x'|list|indent): the user's template is wrong, which is a
        # located template error, not a crash
        raise _located(TemplateRuntimeError(str(exc) or type(exc).__name__), exc) from None
    except MemoryError as exc:
        raise _located(TemplateLimitError("template needs too much memory"), exc) from None
    finally:
        sys.settrace(previous)
        _state.budget, _state.sizes = outer
    return "".join(parts)
