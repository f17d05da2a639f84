"""The inputs of a build: every file that goes into an artefact, read once and hashed.

A build keeps one :class:`Inputs` store. Code that reads a file which shapes an artefact (an
image, an office template, a text template, a font …) calls :func:`read_input`, or
:func:`input_exists` to look for an optional file, instead of opening it itself. While a
store is active the file is read once, its SHA-256 is recorded and the same bytes are
returned to every later reader, so what a manifest records is exactly what was rendered,
even if the file is edited during the build. YAML files are hashed from the bytes the
loader read (:attr:`builder.load.Document.sha256`) and added with :meth:`Inputs.loaded`.

A course is rendered inside :meth:`Inputs.recording`, which collects the names of the files
that course used (and of the optional files it looked for and did not find). The manifest
keeps that list with the hashes; the next build re-hashes those files and skips the course
only if none changed. A new kind of input needs no registration: reading it through
:func:`read_input` is enough.

Without an active store (tests calling a renderer directly) the functions just read files.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .errors import BuildError, Diagnostic, relative

_active: ContextVar[Inputs | None] = ContextVar("course_builder_inputs", default=None)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise BuildError([Diagnostic(name, 0, 0, f"cannot read file: {reason}")]) from None


def _checked(path: Path, name: str, root: Path) -> bytes:
    from .paths import MAX_INPUT_BYTES, TRUSTED_ROOTS, read_bytes

    return read_bytes(path, name, (root, *TRUSTED_ROOTS), limit=MAX_INPUT_BYTES)


class Inputs:
    """Files read for a build, by name (relative to the project root): hash and bytes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._hashes: dict[str, str | None] = {}  # None: the file does not exist
        self._data: dict[str, bytes] = {}
        self._used: dict[str, str | None] | None = None

    @classmethod
    def for_project(cls, project) -> Inputs:
        """A store that knows every YAML file the project loaded, by the hash of what was
        loaded."""
        store = cls(project.root)
        for name, doc in project.documents.items():
            store._hashes[name] = doc.sha256
        return store

    def name(self, path: Path) -> str:
        return relative(path, self.root)

    def _use(self, name: str) -> None:
        if self._used is not None:
            self._used[name] = self._hashes[name]

    def loaded(self, name: str, digest: str) -> None:
        """``name`` was read and parsed elsewhere; ``digest`` is the hash of its bytes."""
        self._hashes.setdefault(name, digest)
        self._use(name)

    def read(self, path: Path, reader: Callable[[], bytes] | None = None) -> bytes:
        """The bytes of ``path``, read once (by ``reader``, which checks them, when given)."""
        name = self.name(path)
        if name not in self._data:
            data = reader() if reader is not None else _read(path, name)
            if self._hashes.get(name) not in (None, sha256(data)):
                raise BuildError(
                    [Diagnostic(name, 0, 0, "file changed while the build was reading it")]
                )
            self._data[name] = data
            self._hashes[name] = sha256(data)
        self._use(name)
        return self._data[name]

    def exists(self, path: Path) -> bool:
        """Whether the optional file ``path`` exists (a link counts: reading it then says
        what is wrong with it). Absence is recorded; a file found is recorded when read."""
        name = self.name(path)
        if name in self._hashes:
            self._use(name)
            return self._hashes[name] is not None
        if os.path.lexists(path):
            return True
        self._hashes[name] = None
        self._use(name)
        return False

    def digest(self, name: str) -> str | None:
        """The hash of the file ``name`` now (None when it is not a readable file)."""
        if name not in self._hashes:
            path = self.root / name
            if not os.path.lexists(path):
                self._hashes[name] = None
                return None
            try:  # read under the one rule for every file (inside the project, bounded)
                self.read(path, lambda: _checked(path, name, self.root))
            except BuildError:
                self._hashes[name] = None
        return self._hashes[name]

    def current(self, names: Mapping[str, object]) -> dict[str, str | None]:
        return {name: self.digest(name) for name in names}

    @contextmanager
    def recording(self) -> Iterator[dict[str, str | None]]:
        """Activate the store and collect the inputs read inside the block."""
        used: dict[str, str | None] = {}
        outer, self._used = self._used, used
        token = _active.set(self)
        try:
            yield used
        finally:
            _active.reset(token)
            self._used = outer


def read_input(path: Path, reader: Callable[[], bytes] | None = None) -> bytes:
    """The bytes of an input file, recorded in the active store if there is one. ``reader``
    reads them with the checks the file's kind needs (see :mod:`builder.paths`)."""
    store = _active.get()
    if store is None:
        return reader() if reader is not None else _read(path, str(path))
    return store.read(path, reader)


def input_exists(path: Path) -> bool:
    """Whether an optional input file exists, recorded in the active store if there is one."""
    store = _active.get()
    if store is None:
        return os.path.lexists(path)
    return store.exists(path)
