"""Audio storage in Supabase mode: the Storage API, with the learner's own token (the bucket's policies decide)."""

from __future__ import annotations

from urllib.parse import quote

import httpx

from worldspeak.adapters.supabase_project import SupabaseProject
from worldspeak.domain.errors import DataError, ProviderError
from worldspeak.ports.storage import AUDIO_BUCKET, SIGNED_URL_SECONDS, StoredAudio


class SupabaseAudioStorage:
    def __init__(self, project: SupabaseProject) -> None:
        self._project = project

    def _headers(self, access_token: str, **extra: str) -> dict[str, str]:
        return {"apikey": self._project.anon_key, "Authorization": f"Bearer {access_token}", **extra}

    def _url(self, kind: str, path: str) -> str:
        return f"{self._project.url}/storage/v1/object/{kind}{AUDIO_BUCKET}/{quote(path)}"

    def _call(self, method: str, url: str, **kwargs) -> httpx.Response:
        try:
            response = self._project.http.request(method, url, **kwargs)
        except httpx.HTTPError as error:
            raise ProviderError("storage_unavailable", str(error)) from error
        if response.status_code in (400, 403, 404):
            # Storage answers a policy refusal and a missing object alike: the learner sees not found.
            raise DataError("not_found", response.text[:200])
        if response.status_code >= 300:
            raise ProviderError("storage_unavailable", f"{response.status_code} {response.text[:200]}")
        return response

    def put(self, access_token: str, path: str, audio: bytes, content_type: str) -> StoredAudio:
        self._call(
            "POST",
            self._url("", path),
            content=audio,
            headers=self._headers(access_token, **{"Content-Type": content_type, "x-upsert": "true"}),
        )
        return StoredAudio(path, content_type, len(audio))

    def get(self, access_token: str, path: str) -> tuple[bytes, str]:
        response = self._call("GET", self._url("authenticated/", path), headers=self._headers(access_token))
        return response.content, response.headers.get("content-type", "application/octet-stream")

    def signed_url(self, access_token: str, path: str, expires_in: int = SIGNED_URL_SECONDS) -> str:
        response = self._call(
            "POST", self._url("sign/", path), json={"expiresIn": int(expires_in)}, headers=self._headers(access_token)
        )
        signed = response.json().get("signedURL") or response.json().get("signedUrl") or ""
        if not signed:
            raise ProviderError("storage_unavailable", "no signed URL in the answer")
        # Supabase serves signed objects itself, with Range support and the stored content type.
        return f"{self._project.url}/storage/v1{signed}" if signed.startswith("/") else signed
