"""Write artefacts reproducibly and atomically.

Office files are zip archives whose entries carry a timestamp: :func:`normalise_zip`
rewrites every entry with the build time (``SOURCE_DATE_EPOCH`` when set), fixed
permissions and one compression level, so the same input gives the same bytes.

:func:`replace_folders` puts the built courses in place. Each course folder is written in
full into a hidden temporary folder beside it (``.<course>.new-XXXXXXXX.tmp``), every file
and the folder synced to disk, and only when every course is staged are the folders
swapped in, one rename each (an atomic exchange where the system offers one). So at every
instant ``dist/<course>/`` holds either the complete old set or the complete new set, and a
failed write (a full disk, a read-only folder) leaves ``dist/`` as it was. Files in a course
folder that the build does not own (a user's notes) are carried into the new folder.

A build killed half-way leaves hidden ``.….tmp`` entries; :func:`clean_leftovers` removes
them at the start of the next build (and puts back an old course folder that had been moved
aside but not yet replaced). Builds into one ``dist/`` take turns through a lock on it.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import BuildError, Diagnostic, relative

DEFAULT_EPOCH = 946684800  # 2000-01-01, used when SOURCE_DATE_EPOCH is not set
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
EPOCH_MIN = 315532800  # 1980-01-01 00:00:00 UTC, the first time a zip entry can carry
EPOCH_MAX = 4354819199  # 2107-12-31 23:59:59 UTC, the last
ZIP_MIN = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)

# what a build leaves while it writes: staged or set-aside course folders in dist/ and, from
# older versions, half-written files in course folders (mkstemp's 8 random characters)
TEMP = re.compile(r"^\.(?P<name>.+)\.(?:(?P<kind>new|old)-)?[a-z0-9_]{8}\.tmp$")


def build_time() -> dt.datetime:
    """The time stamped into artefacts: ``SOURCE_DATE_EPOCH`` or 2000-01-01.

    An empty variable counts as unset. Anything else that is not a whole number of seconds
    from 1980-01-01 to 2107-12-31 (the dates a zip entry can carry) is an error: clamping it
    would stamp a date nobody asked for.
    """
    raw = os.environ.get(EPOCH_VARIABLE, "")
    text = raw.strip()
    if not text:
        return dt.datetime.fromtimestamp(DEFAULT_EPOCH, tz=dt.UTC)
    number = re.fullmatch(r"[+-]?[0-9]+", text, re.ASCII) is not None
    if number and len(text) <= 12 and EPOCH_MIN <= int(text) <= EPOCH_MAX:
        return dt.datetime.fromtimestamp(int(text), tz=dt.UTC)
    shown = raw if len(raw) <= 40 else raw[:37] + "..."
    problem = "is out of range" if number else "is not a whole number of seconds"
    raise BuildError(
        f"{EPOCH_VARIABLE}={shown!r} {problem}: give the seconds since 1970-01-01 UTC, from "
        f"{EPOCH_MIN} (1980-01-01) to {EPOCH_MAX} (2107-12-31), the dates a zip file can "
        f"store; or unset it to stamp 2000-01-01"
    )


def normalise_zip(data: bytes, when: dt.datetime | None = None) -> bytes:
    """Rewrite a zip with fixed timestamps, attributes and compression."""
    when = when or build_time()
    stamp = (
        max(when.year, 1980),
        when.month,
        when.day,
        when.hour,
        when.minute,
        when.second - when.second % 2,
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as dst,
    ):
        seen: set[str] = set()
        for info in src.infolist():
            if info.filename in seen:  # python-pptx can leave shadowed duplicates
                continue
            seen.add(info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; use the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- course folders


@dataclass
class CourseFolder:
    """The new content of ``out_dir/<name>/``."""

    name: str
    files: dict[str, bytes]  # file name → bytes (the manifest included)
    # names in the old folder that belong to the build: replaced by ``files`` or dropped.
    # Every other entry of the old folder is kept.
    owned: frozenset[str] = field(default_factory=frozenset)


def _shower(root: Path | None):
    return (lambda p: relative(p, root)) if root else str


def _error(path: Path, exc: OSError, what: str, show, out_dir: Path) -> BuildError:
    reason = exc.strerror or str(exc)
    message = f"{what}: {reason}; nothing in {show(out_dir)} was changed"
    return BuildError([Diagnostic(show(path), 0, 0, message)])


def check_targets(
    out_dir: Path, folders: dict[str, set[str]], root: Path | None = None
) -> list[Diagnostic]:
    """What would stop writing: ``folders`` maps each course folder to the names in it the
    build writes or replaces. Nothing is written."""
    show = _shower(root)

    def problem(path: Path, message: str) -> Diagnostic:
        return Diagnostic(show(path), 0, 0, message)

    if os.path.lexists(out_dir) and not out_dir.is_dir():
        return [problem(out_dir, "the output folder is a file (or a broken link), not a folder")]
    if not out_dir.is_dir():
        parent = next(p for p in out_dir.parents if os.path.lexists(p))
        if not parent.is_dir():
            return [problem(parent, f"is a file, so {show(out_dir)} cannot be created")]
        if not os.access(parent, os.W_OK | os.X_OK):
            return [problem(parent, f"not writable, so {show(out_dir)} cannot be created")]
        return []
    if not os.access(out_dir, os.W_OK | os.X_OK):
        return [problem(out_dir, "the output folder is not writable (read-only?)")]
    problems = []
    for name, names in sorted(folders.items()):
        target = out_dir / name
        if target.is_symlink():
            problems.append(
                problem(target, "is a symbolic link; a course folder must be a real folder")
            )
        elif os.path.lexists(target) and not target.is_dir():
            problems.append(problem(target, "is a file where the course folder goes; move it away"))
        elif target.is_dir():
            if not os.access(target, os.R_OK | os.W_OK | os.X_OK):
                problems.append(problem(target, "the course folder is not writable"))
            for entry in sorted(names):
                path = target / entry
                if path.is_dir() and not path.is_symlink():
                    problems.append(
                        problem(path, "is a folder where the build writes a file; move it away")
                    )
    return problems


def replace_folders(
    out_dir: Path,
    folders: list[CourseFolder],
    root: Path | None = None,
    on_wait=None,
) -> list[Path]:
    """Stage every folder, then swap them all in; returns the files written.

    Raises :class:`BuildError` naming the path when writing fails; ``out_dir`` then keeps
    its last good content."""
    show = _shower(root)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _error(out_dir, exc, "cannot create the output folder", show, out_dir) from None
    with _locked(out_dir, on_wait):
        clean_leftovers(out_dir)
        staged: list[tuple[CourseFolder, Path]] = []
        try:
            for folder in folders:
                staged.append((folder, _stage(out_dir, folder, show)))
            _fsync_dir(out_dir)
        except BaseException:
            for _, temp in staged:
                _remove(temp)
            raise
        done: list[tuple[Path, Path | None]] = []
        for index, (folder, temp) in enumerate(staged):
            target = out_dir / folder.name
            try:
                done.append((target, _swap(temp, target)))
            except OSError as exc:
                _undo(done)
                for _, rest in staged[index:]:
                    _remove(rest)
                raise _error(
                    target, exc, "cannot put the new course folder in place", show, out_dir
                ) from None
        with suppress(OSError):
            _fsync_dir(out_dir)
        for _, old in done:
            if old is not None:
                _remove(old)
    return [out_dir / f.name / n for f in folders for n in sorted(f.files)]


def _stage(out_dir: Path, folder: CourseFolder, show) -> Path:
    target = out_dir / folder.name
    try:
        temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", suffix=".tmp", dir=out_dir))
    except OSError as exc:
        raise _error(out_dir, exc, "cannot write in the output folder", show, out_dir) from None
    current = target
    try:
        mode = target.stat().st_mode & 0o7777 if target.is_dir() else 0o777 & ~_umask()
        os.chmod(temp, mode)  # mkdtemp makes 0700
        for name, data in sorted(folder.files.items()):
            current = target / name
            _write_file(temp / name, data)
        if target.is_dir():
            current = target
            _keep_extras(target, temp, folder.owned | set(folder.files))
        _fsync_dir(temp)
    except OSError as exc:
        _remove(temp)
        raise _error(current, exc, "cannot write", show, out_dir) from None
    except BaseException:
        _remove(temp)
        raise
    return temp


def _write_file(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def _keep_extras(old: Path, new: Path, owned: set[str]) -> None:
    """Carry the entries of ``old`` the build does not own into ``new`` (hard links where
    the file system allows, so nothing is copied)."""
    for entry in sorted(os.scandir(old), key=lambda e: e.name):
        if entry.name in owned or TEMP.match(entry.name):
            continue
        dst = new / entry.name
        if entry.is_symlink():
            os.symlink(os.readlink(entry.path), dst)
        elif entry.is_dir():
            shutil.copytree(entry.path, dst, symlinks=True, copy_function=_link_or_copy)
        elif entry.is_file():
            _link_or_copy(entry.path, str(dst))
        # sockets, pipes and devices are not carried: a course folder is no place for them


@lru_cache(maxsize=1)
def _renameat2():
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not Linux, or a C library without it
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap ``a`` and ``b`` in one atomic step; False where the system cannot."""
    func = _renameat2()
    if func is None:
        return False
    if func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap(staged: Path, target: Path) -> Path | None:
    """Put ``staged`` at ``target``; returns where the old folder now is (or None)."""
    if not os.path.lexists(target):
        os.rename(staged, target)
        return None
    if _exchange(staged, target):
        return staged
    # two renames; a crash between them leaves the old folder under .<name>.old-…, which
    # clean_leftovers puts back
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", suffix=".tmp", dir=target.parent))
    os.rename(target, old)  # replaces the empty folder
    try:
        os.rename(staged, target)
    except OSError:
        os.rename(old, target)
        raise
    return old


def _undo(done: list[tuple[Path, Path | None]]) -> None:
    """Best effort: put back the old folders of courses already swapped."""
    for target, old in reversed(done):
        with suppress(OSError):
            gone = Path(
                tempfile.mkdtemp(prefix=f".{target.name}.new-", suffix=".tmp", dir=target.parent)
            )
            os.rename(target, gone)
            if old is not None:
                os.rename(old, target)
            _remove(gone)


def recover(out_dir: Path, on_wait=None) -> None:
    """Tidy ``out_dir`` after an interrupted build, before deciding what is up to date."""
    if out_dir.is_dir():
        with _locked(out_dir, on_wait):
            clean_leftovers(out_dir)


def clean_leftovers(out_dir: Path) -> None:
    """Remove what an interrupted build left in ``out_dir`` (best effort)."""
    try:
        entries = sorted(os.scandir(out_dir), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        match = TEMP.match(entry.name)
        path = Path(entry.path)
        with suppress(OSError):
            if match is None:
                if entry.is_dir(follow_symlinks=False):
                    for inner in os.scandir(path):
                        if TEMP.match(inner.name) and not inner.is_dir(follow_symlinks=False):
                            os.unlink(inner.path)
            elif (
                match["kind"] == "old"
                and entry.is_dir(follow_symlinks=False)
                and not os.path.lexists(out_dir / match["name"])
            ):
                os.rename(path, out_dir / match["name"])
            else:
                _remove(path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with suppress(OSError):
            path.unlink()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:  # some file systems cannot sync a folder
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


@contextmanager
def _locked(folder: Path, on_wait=None) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (where the system offers ``flock``)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait(f"waiting for another build writing to {folder}")
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:  # a file system without locks
            pass
        yield
    finally:
        os.close(fd)
