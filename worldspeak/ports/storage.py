"""Audio storage port. Adapters: local files (plus a `storage.objects` row, so RLS decides) and Supabase Storage.

Objects live in the private `audio` bucket at `<user_id>/<conversation_id>/<message_id>.<ext>`, for
both sides' audio; a partner message voiced sentence by sentence adds `<message_id>.<n>.<ext>` for
its later sentences. Playback goes through signed, expiring URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

AUDIO_BUCKET = "audio"
SIGNED_URL_SECONDS = 3600

EXTENSIONS = {
    "audio/webm": "webm",
    "audio/ogg": "ogg",
    "audio/mp4": "m4a",
    "audio/aac": "aac",
    "audio/mpeg": "mp3",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
}


def audio_object_path(user_id: str, conversation_id: str, message_id: str, content_type: str, part: int = 0) -> str:
    base = content_type.split(";")[0].strip().lower()
    name = message_id if part == 0 else f"{message_id}.{part}"
    return f"{user_id}/{conversation_id}/{name}.{EXTENSIONS.get(base, 'bin')}"


@dataclass(frozen=True)
class StoredAudio:
    path: str  # inside the bucket
    content_type: str
    size: int


class AudioStorage(Protocol):
    def put(self, access_token: str, path: str, audio: bytes, content_type: str) -> StoredAudio:
        """Store as the learner (their folder only). ProviderError('storage_unavailable') on failure."""
        ...

    def get(self, access_token: str, path: str) -> tuple[bytes, str]:
        """The bytes and content type, if the learner may read it; DataError('not_found') otherwise."""
        ...

    def signed_url(self, access_token: str, path: str, expires_in: int = SIGNED_URL_SECONDS) -> str:
        """A URL anyone holding it can play until it expires; DataError('not_found') if not the learner's."""
        ...
