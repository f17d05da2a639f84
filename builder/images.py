"""Images on slides: PNG, JPEG or GIF, bounded in bytes and pixels, and decodable.

The size in pixels is read from the file's header (PNG ``IHDR``, JPEG ``SOF``, GIF logical
screen) before anything is decoded, so a decompression bomb is refused for what it claims
to be; only an image within the limits is then decoded once, to prove it is not truncated
or damaged.
"""

from __future__ import annotations

import io
import struct
import warnings

MAX_IMAGE_BYTES = 20_000_000
MAX_IMAGE_PIXELS = 50_000_000  # e.g. 8,660 × 5,773; a slide needs far fewer

_PNG = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers (C4, C8 and CC are other segments)
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def image_format(data: bytes) -> str | None:
    if data.startswith(_PNG):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    return None


def header_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from the header, without decoding; None when the header is broken."""
    kind = image_format(data)
    if kind == "png":
        if len(data) < 24 or data[12:16] != b"IHDR":
            return None
        return struct.unpack(">II", data[16:24])
    if kind == "gif":
        if len(data) < 10:
            return None
        return struct.unpack("<HH", data[6:10])
    if kind == "jpeg":
        pos = 2
        while pos + 4 <= len(data):
            if data[pos] != 0xFF:
                return None
            marker = data[pos + 1]
            if marker == 0xFF:  # fill byte
                pos += 1
                continue
            if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
                pos += 2
                continue
            (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
            if marker in _SOF:
                if pos + 9 > len(data):
                    return None
                height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
                return width, height
            if marker in (0xD9, 0xDA) or length < 2:  # end of image / scan before any frame
                return None
            pos += 2 + length
    return None


def image_problem(data: bytes) -> tuple[str, str | None] | None:
    """What is wrong with image ``data`` as (message tail, hint), or None when it is fine.

    The message tail completes "image 'x.png' …"."""
    limits = f"images may have at most {MAX_IMAGE_PIXELS:,} pixels and {MAX_IMAGE_BYTES:,} bytes"
    if len(data) > MAX_IMAGE_BYTES:
        return f"is larger than the limit of {MAX_IMAGE_BYTES:,} bytes", limits
    kind = image_format(data)
    if kind is None:
        return "is not a PNG, JPEG or GIF image", None
    size = header_size(data)
    if size is None:
        return f"is damaged: its {kind.upper()} header cannot be read", "save the image again"
    width, height = size
    if width == 0 or height == 0:
        return f"is damaged: its header gives a size of {width} × {height} pixels", None
    if width * height > MAX_IMAGE_PIXELS:
        return (
            f"is {width:,} × {height:,} pixels, more than the limit of {MAX_IMAGE_PIXELS:,} pixels",
            f"scale it down; {limits}",
        )
    return _decode_problem(data, kind, width, height)


def _decode_problem(data: bytes, kind: str, width: int, height: int):
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind.upper()]) as image:
                if image.size != (width, height):
                    return "is damaged: its header and its frames disagree on its size", None
                image.verify()
            with Image.open(io.BytesIO(data), formats=[kind.upper()]) as image:
                if kind == "jpeg":  # decoding at 1/8 scale reads every byte of the scan
                    image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"is too large to decode safely ({width:,} × {height:,} pixels)", None
    except MemoryError:
        return "is too large to decode", None
    except Exception as exc:  # PIL raises many kinds of error for damaged files
        reason = str(exc).split(" <", 1)[0] or type(exc).__name__
        return f"is damaged or truncated and cannot be decoded ({reason})", "save the image again"
    return None
