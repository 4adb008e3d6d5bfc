"""Serving a learner's files (recordings, synthesized speech) safely: never as a page.

    from worldspeak.user_files import user_file_response

    async def recording(request: Request) -> Response:
        ...                                            # verify the learner, read the object
        return user_file_response(request, audio_bytes, "audio/webm;codecs=opus", "turn-3.webm")
        # or a path on disk: user_file_response(request, Path(...), "audio/mp4", "turn-3.m4a")

* The content type is the file's real one when it is a known media type (audio, common images);
  anything else, whatever it claims, goes out as `application/octet-stream` and as an attachment,
  so an uploaded "audio" that is really HTML can never render in the app's origin.
* `Content-Disposition` names the file (ASCII fallback plus RFC 5987 UTF-8), inline for media.
* `X-Content-Type-Options: nosniff` and a CSP with `sandbox` and nothing allowed but media: even
  opened directly, the response cannot run script.
* `Range` requests are honoured (Safari's <audio> needs them): 206 with Content-Range, 416 when
  the range is impossible. Paths go through Starlette's FileResponse, which does the same.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, Response

# Media a browser shows or plays but never runs. Deliberately no text/*, SVG, XML or PDF.
INLINE_MEDIA_TYPES = frozenset(
    {
        "audio/webm",
        "audio/mp4",
        "audio/mpeg",
        "audio/ogg",
        "audio/wav",
        "audio/x-wav",
        "audio/aac",
        "audio/flac",
        "video/webm",
        "video/mp4",
        "image/png",
        "image/jpeg",
        "image/webp",
        "image/gif",
    }
)
FILE_CSP = "default-src 'none'; media-src 'self'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
_PARAMETER = re.compile(r"^\s*codecs\s*=\s*\"?[A-Za-z0-9.,\- ]{1,64}\"?\s*$")
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def safe_content_type(claimed: str) -> tuple[str, bool]:
    """(the Content-Type to send, whether the file may show inline)."""
    base, _, rest = (claimed or "").partition(";")
    base = base.strip().lower()
    if base not in INLINE_MEDIA_TYPES:
        return "application/octet-stream", False
    # Only a codecs parameter survives (audio/webm;codecs=opus); any other is dropped.
    return (f"{base};{rest.strip()}" if rest and _PARAMETER.match(rest) else base), True


def content_disposition(filename: str, inline: bool) -> str:
    name = Path((filename or "").replace("\\", "/")).name or "file"
    name = re.sub(r"[\x00-\x1f\x7f]", "", name)[:200] or "file"
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _headers(content_type: str, filename: str, inline: bool, cache_control: str) -> dict[str, str]:
    return {
        "Content-Type": content_type,
        "Content-Disposition": content_disposition(filename, inline),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": FILE_CSP,
        "Cache-Control": cache_control,
        "Accept-Ranges": "bytes",
    }


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte of a single `bytes=` range, or None when unsatisfiable."""
    match = _RANGE.match(header.strip())
    if not match or not (match.group(1) or match.group(2)):
        return None
    first, last = match.group(1), match.group(2)
    if not first:  # the last N bytes
        length = int(last)
        return (max(0, size - length), size - 1) if length > 0 and size > 0 else None
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end and start < size else None


def user_file_response(
    request: Request,
    content: bytes | Path,
    content_type: str,
    filename: str,
    cache_control: str = "private, max-age=0, must-revalidate",
) -> Response:
    media_type, inline = safe_content_type(content_type)
    headers = _headers(media_type, filename, inline, cache_control)
    if isinstance(content, Path):
        headers.pop("Content-Type")
        return FileResponse(content, media_type=media_type, headers=headers)
    range_header = request.headers.get("range", "")
    if not range_header or "," in range_header:  # several ranges: the whole file is a valid answer
        return Response(content, headers=headers)
    size = len(content)
    byte_range = _byte_range(range_header, size)
    if byte_range is None:
        return Response(b"", status_code=416, headers={**headers, "Content-Range": f"bytes */{size}"})
    first, last = byte_range
    return Response(
        content[first : last + 1], status_code=206, headers={**headers, "Content-Range": f"bytes {first}-{last}/{size}"}
    )
