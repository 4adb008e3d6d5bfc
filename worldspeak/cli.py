"""`python -m worldspeak ...`: the local stack and the app, from one command line.

python -m worldspeak db start|stop|status|url|migrate|seed|reset
python -m worldspeak demo      create (or show) the demo accounts
python -m worldspeak serve     what `make run` does once tools are installed
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys

from worldspeak.settings import PROJECT_ROOT, get_settings


def _cluster():
    from worldspeak.localstack.cluster import local_cluster

    return local_cluster()


def db_command(action: str, dbname: str | None) -> int:
    from worldspeak.localstack import migrations

    cluster = _cluster()
    database = dbname or get_settings().db_name
    if action == "start":
        print(cluster.start())
    elif action == "stop":
        print(cluster.stop())
    elif action == "status":
        print(cluster.status())
    elif action == "url":
        print(cluster.url(dbname=database))
    elif action == "migrate":
        cluster.start()
        applied = migrations.migrate(cluster, database)
        print(f"applied {len(applied)} new migration(s)" + "".join(f"\n  {name}" for name in applied))
    elif action == "seed":
        cluster.start()
        migrations.apply_seed(cluster, database)
        print("seeded")
    elif action == "reset":
        cluster.start()
        applied = migrations.reset(cluster, database)
        print(f"rebuilt {database}: {len(applied)} migration(s) and the seed")
    return 0


def demo_command() -> int:
    from worldspeak.demo import ensure_demo_accounts

    for account in ensure_demo_accounts():
        print(f"  {account.role:<8} {account.email}  password: {account.password}")
    return 0


def serve_command() -> int:
    """Prepare the local stack, then hand the terminal to `reflex run --env prod`."""
    from worldspeak.demo import ensure_demo_accounts
    from worldspeak.localstack import migrations

    settings = get_settings()
    if settings.mode == "local":
        cluster = _cluster()
        print(f"database: {cluster.start()}")
        applied = migrations.migrate(cluster, settings.db_name)
        migrations.apply_seed(cluster, settings.db_name)
        print(f"database: {len(applied)} new migration(s) applied, seed loaded")
        accounts = ensure_demo_accounts()
    else:
        print(f"mode: supabase ({settings.supabase_url})")
        accounts = []
    print()
    print(f"WorldSpeak is starting at {settings.app_url}")
    for account in accounts:
        print(f"  demo {account.role:<8} {account.email}  password: {account.password}")
    print("  Ctrl-C stops it. The database keeps running for a fast restart; `make stop` stops it.")
    print(flush=True)
    command = [
        sys.executable,
        "-m",
        "reflex",
        "run",
        "--env",
        "prod",
        "--frontend-port",
        str(settings.app_port),
        "--backend-port",
        str(settings.app_port),
        "--loglevel",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, start_new_session=True)
    try:
        return process.wait()
    except KeyboardInterrupt:
        # Ctrl-C reached us too; let reflex shut down quietly instead of tracing.
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        print("\nWorldSpeak stopped.")
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m worldspeak")
    commands = parser.add_subparsers(dest="command", required=True)
    db = commands.add_parser("db", help="the local PostgreSQL cluster")
    db.add_argument("action", choices=["start", "stop", "status", "url", "migrate", "seed", "reset"])
    db.add_argument("--dbname", help="database name (default: WORLDSPEAK_DB_NAME or postgres)")
    commands.add_parser("demo", help="create or show the demo accounts")
    commands.add_parser("serve", help="start the local stack and the app")
    args = parser.parse_args(argv)

    import psycopg

    from worldspeak.localstack.cluster import ClusterError
    from worldspeak.ports import AuthError, DataError

    try:
        if args.command == "db":
            return db_command(args.action, args.dbname)
        if args.command == "demo":
            return demo_command()
        return serve_command()
    except ClusterError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except psycopg.Error as error:
        print(f"error: the local database refused: {error.diag.message_primary or error}", file=sys.stderr)
        return 1
    except (AuthError, DataError) as error:
        print(f"error: {error.code}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
