"""Audio storage in local mode: files under `.worldspeak/storage/`, each with its `storage.objects` row.

The row is inserted as the learner, so the audio bucket's policies (…_audio_storage.sql) decide
who may write and read, exactly as on Supabase Storage. Playback uses URLs signed with a local
secret (HMAC-SHA256 over path and expiry), served by `/api/audio/...` with Range support; a URL is
only signed after the learner's own read of the object's row succeeded.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg
from psycopg.types.json import Jsonb

from worldspeak.adapters.local_data import LocalPostgres
from worldspeak.domain.errors import DataError, ProviderError
from worldspeak.ports.storage import AUDIO_BUCKET, SIGNED_URL_SECONDS, StoredAudio

AUDIO_ROUTE = "/api/audio/"


def _safe_path(path: str) -> str:
    parts = path.split("/")
    if len(parts) != 3 or any(not part or part in (".", "..") or "\\" in part for part in parts):
        raise DataError("not_found", f"bad object path {path!r}")
    return path


class LocalAudioStorage:
    def __init__(self, db: LocalPostgres, root: Path, signing_key: str) -> None:
        self._db = db
        self._root = root
        self._key = signing_key.encode()

    def _file(self, path: str) -> Path:
        return self._root / AUDIO_BUCKET / _safe_path(path)

    def put(self, access_token: str, path: str, audio: bytes, content_type: str) -> StoredAudio:
        target = self._file(path)
        claims = self._db.claims_from_token(access_token)
        try:
            with self._db.as_learner(access_token) as conn:
                # Learner-owned row first: the folder policy refuses another learner's folder.
                conn.execute(
                    "insert into storage.objects (bucket_id, name, owner_id, metadata)"
                    " values (%s, %s, %s, %s)"
                    " on conflict (bucket_id, name) do update set metadata = excluded.metadata, updated_at = now()",
                    (
                        AUDIO_BUCKET,
                        path,
                        str(claims["sub"]),
                        Jsonb({"mimetype": content_type, "size": len(audio)}),
                    ),
                )
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}")
                partial.write_bytes(audio)
                os.replace(partial, target)  # the file appears whole, or not at all
        except psycopg.Error as error:
            if error.sqlstate == "42501":
                raise DataError("not_allowed", str(error)) from error
            raise ProviderError("storage_unavailable", str(error)) from error
        except OSError as error:
            raise ProviderError("storage_unavailable", str(error)) from error
        return StoredAudio(path, content_type, len(audio))

    def _readable(self, access_token: str, path: str) -> str:
        """The object's content type, if this learner's policies let them read its row."""
        with self._db.as_learner(access_token, read_only=True) as conn:
            row = conn.execute(
                "select metadata from storage.objects where bucket_id = %s and name = %s", (AUDIO_BUCKET, path)
            ).fetchone()
        if row is None:
            raise DataError("not_found", path)
        return str((row["metadata"] or {}).get("mimetype") or "application/octet-stream")

    def get(self, access_token: str, path: str) -> tuple[bytes, str]:
        content_type = self._readable(access_token, _safe_path(path))
        try:
            return self._file(path).read_bytes(), content_type
        except FileNotFoundError as error:
            raise DataError("not_found", path) from error
        except OSError as error:
            raise ProviderError("storage_unavailable", str(error)) from error

    def signed_url(self, access_token: str, path: str, expires_in: int = SIGNED_URL_SECONDS) -> str:
        content_type = self._readable(access_token, _safe_path(path))
        expires = int(time.time()) + max(1, int(expires_in))
        signature = self._sign(path, expires, content_type)
        query = urlencode({"expires": expires, "type": content_type, "sig": signature})
        return f"{AUDIO_ROUTE}{quote(path)}?{query}"

    def _sign(self, path: str, expires: int, content_type: str) -> str:
        message = f"{path}\n{expires}\n{content_type}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def open_signed(self, path: str, expires: str, content_type: str, signature: str) -> tuple[Path, str]:
        """The file behind a signed URL, if the signature is genuine and unexpired; else not_found."""
        try:
            expiry = int(expires)
        except ValueError as error:
            raise DataError("not_found", "bad expiry") from error
        expected = self._sign(path, expiry, content_type)
        if not hmac.compare_digest(expected, signature or "") or expiry < time.time():
            raise DataError("not_found", "bad or expired signature")
        target = self._file(path)
        if not target.is_file():
            raise DataError("not_found", path)
        return target, content_type
