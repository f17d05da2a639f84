"""Write artefacts reproducibly and atomically.

Office files are zip archives whose entries carry a timestamp: :func:`normalise_zip`
rewrites every entry with the build time (``SOURCE_DATE_EPOCH`` when set), fixed
permissions and one compression level, so the same input gives the same bytes.
:func:`write_atomic` writes to a temporary file beside the target and renames it, so a
failed build never leaves a half-written file and ``dist/`` keeps its last good artefacts.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from pathlib import Path

DEFAULT_EPOCH = 946684800  # 2000-01-01, used when SOURCE_DATE_EPOCH is not set
ZIP_MIN = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def build_time() -> dt.datetime:
    """The time stamped into artefacts: ``SOURCE_DATE_EPOCH`` or a fixed default."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        seconds = int(raw) if raw else DEFAULT_EPOCH
    except ValueError:
        seconds = DEFAULT_EPOCH
    stamp = dt.datetime.fromtimestamp(max(seconds, 0), tz=dt.UTC)
    return max(stamp, ZIP_MIN)


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
