"""Supabase-mode backup: every table the Data API exposes and every audio object, in the usual archive.

Supabase's HTTP APIs are third-party: they are answered here by a stub (httpx.MockTransport), named as
such. The archive format, manifest and checksums are the real service code.
"""

from __future__ import annotations

import gzip
import json
import tarfile

import httpx
import pytest

from worldspeak.adapters.supabase_operations import PAGE_ROWS, SupabaseDataExport
from worldspeak.adapters.supabase_project import SupabaseProject
from worldspeak.domain.errors import DataError
from worldspeak.services import operations

TABLES = {
    "profiles": [{"id": f"p{i}", "email": f"l{i}@example.com"} for i in range(PAGE_ROWS + 5)],  # two pages
    "messages": [{"id": "m1", "content": "こんにちは"}],
}
AUDIO = {"u1/c1/turn-1.webm": b"\x1a\x45\xdf\xa3webm", "u2/c9/turn-3.webm": b"\x00\x01mp4"}


def stub_supabase(request: httpx.Request) -> httpx.Response:
    """A stand-in for Supabase's Data API and Storage API (third-party HTTP)."""
    assert request.headers["apikey"] == "service-key"
    path = request.url.path
    if path == "/rest/v1/":
        return httpx.Response(200, json={"definitions": {name: {} for name in TABLES}})
    if path.startswith("/rest/v1/"):
        start, end = (int(n) for n in request.headers["Range"].split("-"))
        return httpx.Response(200, json=TABLES[path.removeprefix("/rest/v1/")][start : end + 1])
    if path == "/storage/v1/object/list/audio":
        prefix = json.loads(request.content)["prefix"]
        names = {name[len(prefix) :].split("/")[0] for name in AUDIO if name.startswith(prefix)}
        entries = [{"name": n, "id": "file" if f"{prefix}{n}" in AUDIO else None} for n in sorted(names)]
        return httpx.Response(200, json=entries)
    if path.startswith("/storage/v1/object/audio/"):
        return httpx.Response(200, content=AUDIO[path.removeprefix("/storage/v1/object/audio/")])
    return httpx.Response(404)


@pytest.fixture
def export() -> SupabaseDataExport:
    project = SupabaseProject("https://stub.supabase.co", "anon-key", "service-key")
    project.http = httpx.Client(transport=httpx.MockTransport(stub_supabase))
    return SupabaseDataExport(project)


def test_a_supabase_backup_holds_every_api_table_and_audio_object(export, tmp_path):
    files = tmp_path / "storage"
    assert export.download_storage(files) == 2
    archive = tmp_path / "hosted.backup"

    report = operations.backup(export, files, archive, source="supabase")

    manifest = operations.read_manifest(archive)
    assert manifest["dump"]["format"] == "data-api-jsonl-gzip"
    assert {t: f["rows"] for t, f in manifest["tables"].items()} == {
        "public.messages": 1,
        "public.profiles": PAGE_ROWS + 5,
    }
    assert report.files == 2 and set(manifest["files"]) == {f"audio/{name}" for name in AUDIO}
    with tarfile.open(archive) as tar:
        for name, content in AUDIO.items():
            assert tar.extractfile(f"storage/audio/{name}").read() == content
        dumped = gzip.decompress(tar.extractfile("database.dump").read()).decode("utf-8").splitlines()
    assert len(dumped) == PAGE_ROWS + 6
    assert {"table": "messages", "row": {"id": "m1", "content": "こんにちは"}} in [json.loads(line) for line in dumped]


def test_restore_into_a_hosted_project_is_refused(export, tmp_path):
    with pytest.raises(DataError) as refused:
        export.restore(tmp_path / "x")
    assert refused.value.code == "backup_failed"
