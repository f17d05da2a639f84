"""One rule for every file the tool reads.

Every input — course YAML, ``theme.yaml``, office templates, ``.j2`` text templates and
images — is read through this module, which refuses, with a message naming the file:

* a file whose real location (symbolic links followed) lies outside the project root and
  outside the :data:`TRUSTED_ROOTS` (the installed package, for built-in themes);
* anything that is not a regular file (a named pipe, a device, a socket, a folder): it is
  refused from its ``stat`` without being opened, so a FIFO cannot block a build;
* a file larger than the limit given for its kind (:data:`MAX_TEXT_TEMPLATE_BYTES`,
  :data:`MAX_OFFICE_BYTES`, the images' and YAML files' own limits);
* an office template whose zip members would unpack to more than
  :data:`MAX_OFFICE_MEMBER_BYTES` each or :data:`MAX_OFFICE_UNPACKED_BYTES` in all (a zip
  bomb), judged from the central directory and enforced again while decompressing.

A refusal is a :class:`Refused` (a :class:`~builder.errors.BuildError`); its ``reason``
completes a sentence, so a caller that knows where the file was named (an ``image.path``
field, a theme's ``deck:`` key) can report it there with :meth:`Refused.at`.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .errors import BuildError, Diagnostic

PACKAGE = Path(__file__).resolve().parent


def _builtin_themes() -> Path:
    """The built-in themes: package data of an installed wheel, or the top-level templates/
    folder of a source checkout (an editable install)."""
    installed = PACKAGE / "builtin_themes"
    return installed if installed.is_dir() else PACKAGE.parent / "templates"


#: Where the built-in themes are (``default`` …); project themes of the same name win.
BUILTIN_THEMES = _builtin_themes()
#: Folders outside the project whose files may be read: the installed package and the
#: built-in themes.
TRUSTED_ROOTS: tuple[Path, ...] = (PACKAGE, BUILTIN_THEMES.resolve())

MAX_TEXT_TEMPLATE_BYTES = 256 * 1024  # a theme's .j2 text template
MAX_FONT_BYTES = 20 * 1024 * 1024  # a theme's font file (.ttf, .otf)
MAX_OFFICE_BYTES = 20 * 1024 * 1024  # a .pptx / .docx template as stored
MAX_OFFICE_UNPACKED_BYTES = 100 * 1024 * 1024  # all its members, unpacked
MAX_OFFICE_MEMBER_BYTES = 50 * 1024 * 1024  # one member, unpacked
MAX_OFFICE_MEMBERS = 10_000
MAX_INPUT_BYTES = 20 * 1024 * 1024  # any input hashed to see whether it changed

# The part each kind of office template must hold, and what the file then is.
OFFICE_KINDS = {
    "deck": ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    "handout": ("word/document.xml", "a Word document (.docx)"),
    "guide": ("word/document.xml", "a Word document (.docx)"),
}

_CHUNK = 1024 * 1024


class Refused(BuildError):
    """A file the tool will not read. ``reason`` completes "the file …"."""

    def __init__(self, name: str, reason: str, hint: str | None = None):
        self.name = name
        self.reason = reason
        self.hint = hint
        super().__init__([Diagnostic(name, 0, 0, f"file {reason}", hint=hint)])

    def __reduce__(self):  # crosses process boundaries as a plain BuildError
        return (BuildError, (self.diagnostics,))

    def at(self, doc, key, subject: str) -> Diagnostic:
        """The refusal reported at ``key`` of ``doc`` (a loaded YAML document)."""
        return doc.diagnostic(key, f"{subject} {self.reason}", hint=self.hint)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not an ordinary file"


def _not_regular(name: str, mode: int) -> Refused:
    return Refused(
        name,
        f"is not a regular file ({_kind(mode)})",
        hint="inputs must be ordinary files saved in the project",
    )


def allowed(path: Path, name: str, roots: Sequence[Path] | None) -> Path:
    """The real location of ``path`` once checked, without opening it: it exists, lies in
    one of ``roots`` (any place when None) and is a regular file."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a loop this way
        raise Refused(name, "cannot be read: its symbolic links form a loop") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Refused(name, "cannot be read: its symbolic links form a loop") from None
        if exc.errno == errno.ENOENT:
            if os.path.islink(path):
                raise Refused(name, "is a link to a file that does not exist") from None
            raise Refused(name, "does not exist") from None
        raise Refused(name, f"cannot be read: {exc.strerror}") from None
    if roots is not None and not any(target.is_relative_to(r.resolve()) for r in roots):
        raise Refused(
            name,
            "is a link to outside the project",
            hint="copy the file into the project instead of linking to it",
        )
    try:
        mode = os.stat(target).st_mode
    except OSError as exc:
        raise Refused(name, f"cannot be read: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise _not_regular(name, mode)
    return target


class _Opened:
    """``with open_checked(...) as handle``: a binary handle on a checked regular file."""

    def __init__(self, target: Path, name: str):
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(target, flags | getattr(os, "O_NOCTTY", 0))
        except OSError as exc:
            raise Refused(name, f"cannot be read: {exc.strerror}") from None
        self.handle = os.fdopen(fd, "rb")
        # the file may have been swapped since the check: look again at what was opened
        info = os.fstat(self.handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            self.handle.close()
            raise _not_regular(name, info.st_mode)
        self.size = info.st_size

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.handle.close()


def open_checked(path: Path, name: str, roots: Sequence[Path] | None) -> _Opened:
    """Open ``path`` for reading after :func:`allowed` (``.handle``, ``.size``)."""
    return _Opened(allowed(path, name, roots), name)


def read_bytes(path: Path, name: str, roots: Sequence[Path] | None, *, limit: int) -> bytes:
    """The bytes of ``path``, refused when larger than ``limit``."""
    with open_checked(path, name, roots) as opened:
        if opened.size > limit:
            raise _too_large(name, limit)
        data = opened.handle.read(limit + 1)
    if len(data) > limit:  # grew after the check
        raise _too_large(name, limit)
    return data


def _too_large(name: str, limit: int) -> Refused:
    return Refused(name, f"is larger than the limit of {limit:,} bytes")


def read_text(path: Path, name: str, roots: Sequence[Path] | None, *, limit: int) -> str:
    """UTF-8 text of ``path``; invalid UTF-8 is an error at its line and column."""
    return decode_utf8(read_bytes(path, name, roots, limit=limit), name)


def decode_utf8(raw: bytes, name: str) -> str:
    """``raw`` as UTF-8 text; invalid UTF-8 is an error at its line and column."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise BuildError(
            [
                Diagnostic(
                    name,
                    line,
                    col,
                    f"file is not valid UTF-8 text (byte 0x{raw[exc.start]:02x})",
                    hint="save the file as UTF-8",
                )
            ]
        ) from None


# --------------------------------------------------------------------------- office templates


def read_office(path: Path, name: str, roots: Sequence[Path] | None, kind: str) -> bytes:
    """The bytes of an office template of ``kind`` (``deck``, ``handout``, ``guide``),
    checked: size, zip structure, unpacked size (no zip bomb), and the part its kind needs.

    The checks run once per file version."""
    target = allowed(path, name, roots)
    info = os.stat(target)
    if info.st_size > MAX_OFFICE_BYTES:
        raise _too_large(name, MAX_OFFICE_BYTES)
    return _read_office(str(target), info.st_mtime_ns, info.st_size, name, kind)


@lru_cache(maxsize=16)
def _read_office(target: str, _mtime_ns: int, _size: int, name: str, kind: str) -> bytes:
    data = read_bytes(Path(target), name, None, limit=MAX_OFFICE_BYTES)
    check_office(data, name, kind)
    return data


def check_office(data: bytes, name: str, kind: str) -> None:
    """Refuse ``data`` unless it is a sound, reasonably sized office file of ``kind``."""
    part, what = OFFICE_KINDS[kind]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise Refused(name, f"is not {what}: it is not a zip package") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_OFFICE_MEMBERS:
            raise Refused(name, f"holds more than {MAX_OFFICE_MEMBERS:,} parts")
        names = {m.filename for m in members}
        if part not in names:
            other = [w for p, w in OFFICE_KINDS.values() if p in names and w != what]
            found = f"it is {other[0]}" if other else f"it has no {part}"
            raise Refused(name, f"is not {what}: {found}")
        total = 0
        for member in members:
            if member.file_size > MAX_OFFICE_MEMBER_BYTES:
                raise _bomb(name, f"its part {member.filename} unpacks to {member.file_size:,}")
            total += member.file_size
        if total > MAX_OFFICE_UNPACKED_BYTES:
            raise _bomb(name, f"its parts unpack to {total:,}")
        # the central directory may lie: count what decompression really gives
        unpacked = 0
        for member in members:
            size = 0
            try:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        size += len(chunk)
                        unpacked += len(chunk)
                        if size > MAX_OFFICE_MEMBER_BYTES or unpacked > MAX_OFFICE_UNPACKED_BYTES:
                            raise _bomb(name, f"its part {member.filename} unpacks to more")
            except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError) as exc:
                raise Refused(
                    name, f"is damaged: part {member.filename} cannot be unpacked ({exc})"
                ) from None
            except RuntimeError as exc:  # encrypted member
                raise Refused(name, f"cannot be read: part {member.filename}: {exc}") from None


def _bomb(name: str, found: str) -> Refused:
    return Refused(
        name,
        f"is too large once unpacked: {found} bytes (the limits are "
        f"{MAX_OFFICE_MEMBER_BYTES:,} bytes per part and {MAX_OFFICE_UNPACKED_BYTES:,} in all)",
        hint="save the template again from PowerPoint or Word, without embedded files",
    )
