"""Backups in supabase mode: what the Data API and the Storage API reach with the service-role key.

Every table the Data API exposes (its OpenAPI description lists them) is read in pages and written
as JSON lines; the `audio` bucket's objects are downloaded. The auth schema, `private` (message
partitions are reached through public.messages), roles, functions and policies are not reachable
this way: restoring a hosted project is Supabase's own backups and point-in-time recovery, so
`restore` refuses here.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from worldspeak.adapters.supabase_project import SupabaseProject
from worldspeak.domain.errors import DataError

PAGE_ROWS = 1000
AUDIO_BUCKET = "audio"


class SupabaseDataExport:
    dump_format = "data-api-jsonl-gzip"

    def __init__(self, project: SupabaseProject) -> None:
        self._project = project
        key = project.service_role_key
        self._headers = {"apikey": key, "Authorization": f"Bearer {key}"}

    def _get(self, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._project.http.get(url, headers={**self._headers, **kwargs.pop("headers", {})}, **kwargs)
        except httpx.HTTPError as error:
            raise DataError("backup_failed", f"the Supabase API did not answer: {error}") from error
        if response.status_code >= 300:
            raise DataError("backup_failed", f"{url}: {response.status_code} {response.text[:200]}")
        return response

    def tables(self) -> list[str]:
        """The tables and views the Data API exposes, from its OpenAPI description."""
        description = self._get(f"{self._project.url}/rest/v1/").json()
        return sorted((description.get("definitions") or {}).keys())

    def rows(self, table: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        while True:
            page = self._get(
                f"{self._project.url}/rest/v1/{quote(table)}",
                params={"select": "*"},
                headers={"Range-Unit": "items", "Range": f"{len(rows)}-{len(rows) + PAGE_ROWS - 1}"},
            ).json()
            rows.extend(page)
            if len(page) < PAGE_ROWS:
                return rows

    def dump(self, path: Path) -> dict[str, dict[str, Any]]:
        """JSON lines, gzipped: {"table": ..., "row": {...}}. Fingerprints are order-independent."""
        figures: dict[str, dict[str, Any]] = {}
        with gzip.open(path, "wt", encoding="utf-8") as out:
            for table in self.tables():
                digests = []
                rows = self.rows(table)
                for row in rows:
                    line = json.dumps(row, sort_keys=True, ensure_ascii=False)
                    digests.append(hashlib.sha256(line.encode("utf-8")).hexdigest())
                    out.write(json.dumps({"table": table, "row": row}, ensure_ascii=False) + "\n")
                checksum = hashlib.sha256("".join(sorted(digests)).encode("ascii")).hexdigest()
                figures[f"public.{table}"] = {"rows": len(rows), "checksum": checksum}
        return figures

    def download_storage(self, into: Path, prefix: str = "") -> int:
        """Every object of the audio bucket under `into/audio/` (the layout local mode uses)."""
        count, offset = 0, 0
        while True:
            try:
                response = self._project.http.post(
                    f"{self._project.url}/storage/v1/object/list/{AUDIO_BUCKET}",
                    headers=self._headers,
                    json={"prefix": prefix, "limit": PAGE_ROWS, "offset": offset},
                )
            except httpx.HTTPError as error:
                raise DataError("backup_failed", f"the Storage API did not answer: {error}") from error
            if response.status_code >= 300:
                raise DataError("backup_failed", f"storage list: {response.status_code} {response.text[:200]}")
            entries = response.json()
            for entry in entries:
                name = f"{prefix}{entry['name']}"
                if entry.get("id") is None:  # a folder
                    count += self.download_storage(into, f"{name}/")
                    continue
                target = into / AUDIO_BUCKET / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(
                    self._get(f"{self._project.url}/storage/v1/object/{AUDIO_BUCKET}/{quote(name)}").content
                )
                count += 1
            if len(entries) < PAGE_ROWS:
                return count
            offset += PAGE_ROWS

    def is_empty(self) -> bool:
        return False

    def restore(self, path: Path) -> None:
        raise DataError(
            "backup_failed",
            "restore into a hosted Supabase project is not done through the API: use the project's backups and"
            " point-in-time recovery (README: Operations)",
        )

    def table_fingerprints(self) -> dict[str, dict[str, Any]]:
        raise DataError("backup_failed", "fingerprints of a hosted project come with its dump")
