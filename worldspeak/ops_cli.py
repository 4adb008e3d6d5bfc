"""`python -m worldspeak admin|backup|restore|maintenance ...`: the operator's commands.

python -m worldspeak admin grant EMAIL       give an account the admin role (audited)
python -m worldspeak admin revoke EMAIL      take it away (effective on the admin's next request)
python -m worldspeak backup PATH             one archive: database dump, storage files, manifest
python -m worldspeak restore PATH [--force]  into an empty local database (--force: replace it)
python -m worldspeak maintenance             run the due scheduled jobs once, now

Errors are the port's (DataError with a code) and are printed by `worldspeak.cli` as one line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from worldspeak.domain.errors import DataError

OPS_COMMANDS = ("admin", "backup", "restore", "maintenance")


def add_ops_parsers(commands: argparse._SubParsersAction) -> None:
    admin = commands.add_parser("admin", help="grant or revoke the admin role")
    admin.add_argument("action", choices=["grant", "revoke"])
    admin.add_argument("email")
    backup = commands.add_parser("backup", help="write a backup archive (database, storage files, manifest)")
    backup.add_argument("path", type=Path)
    backup.add_argument("--dbname", help="database to back up (default: WORLDSPEAK_DB_NAME)")
    restore = commands.add_parser("restore", help="restore a backup archive into the local database")
    restore.add_argument("path", type=Path)
    restore.add_argument("--force", action="store_true", help="replace a database (and storage) that holds data")
    restore.add_argument("--dbname", help="database to restore into (default: WORLDSPEAK_DB_NAME)")
    commands.add_parser("maintenance", help="run the due scheduled jobs once (local mode)")


def storage_dir() -> Path:
    """Where local mode keeps Storage files (audio), beside the database's data folder."""
    from worldspeak.settings import get_settings

    return get_settings().data_dir / "storage"


def _local_archive(dbname: str | None):
    from worldspeak.adapters.local_operations import LocalDatabaseArchive
    from worldspeak.localstack.cluster import local_cluster
    from worldspeak.settings import get_settings

    settings = get_settings()
    if settings.mode != "local":
        raise DataError(
            "backup_failed",
            "restore runs in local mode; a hosted Supabase project is restored from its own backups and"
            " point-in-time recovery (see README: Admin console and operations)",
        )
    cluster = local_cluster(settings)
    cluster.start()
    return LocalDatabaseArchive(cluster, dbname or settings.db_name)


def _supabase_mode() -> bool:
    from worldspeak.settings import get_settings

    return get_settings().mode == "supabase"


def _supabase_backup(path: Path) -> int:
    """What the Data API and Storage API reach, in the same archive format (restore is PITR's job)."""
    import tempfile

    from worldspeak.adapters.supabase_operations import SupabaseDataExport
    from worldspeak.providers import _supabase_project
    from worldspeak.services import operations

    export = SupabaseDataExport(_supabase_project())
    with tempfile.TemporaryDirectory(prefix="worldspeak-storage-") as files:
        export.download_storage(Path(files))
        report = operations.backup(export, Path(files), path, source="supabase (Data API and Storage API)")
    print(
        f"wrote {report.path}: {report.tables} API tables, {report.rows} rows, {report.files} storage files"
        " (auth, private and the schema itself: use the project's backups / PITR)"
    )
    return 0


def ops_command(args: argparse.Namespace) -> int:
    from worldspeak.services import admin as admin_service
    from worldspeak.services import operations

    if args.command == "admin":
        from worldspeak.providers import admin_gateway

        change = admin_service.set_admin_role(admin_gateway().accounts(), args.email, admin=args.action == "grant")
        state = "is now an admin" if change.admin else "is no longer an admin"
        print(f"{change.email} {state}" + ("" if change.changed else " (no change)"))
        return 0
    if args.command == "backup" and _supabase_mode():
        return _supabase_backup(args.path)
    if args.command == "backup":
        report = operations.backup(_local_archive(args.dbname), storage_dir(), args.path, source=args.dbname or "")
        print(
            f"wrote {report.path} ({report.bytes / 1e6:.1f} MB): {report.tables} tables, {report.rows} rows,"
            f" {report.files} storage files"
        )
        return 0
    if args.command == "restore":
        restored = operations.restore(_local_archive(args.dbname), storage_dir(), args.path, force=args.force)
        print(
            f"restored and verified: {restored.tables} tables, {restored.rows} rows, {restored.files} storage files"
            " (row counts and checksums equal the manifest)"
        )
        return 0
    from worldspeak.scheduler import run_once

    for job, outcome in run_once().items():
        print(f"  {job:<20} {outcome}")
    return 0
