"""`python -m worldspeak ...`: the local stack and the app, from one command line.

python -m worldspeak db start|stop|status|url|migrate|seed|reset
python -m worldspeak demo      create (or show) the demo accounts
python -m worldspeak serve     what `make run` does once tools are installed
python -m worldspeak admin grant|revoke EMAIL, backup PATH, restore PATH [--force]   operations (ops_cli.py)
python -m worldspeak speech transcribe|say|score   recognition, synthesis and scoring (speech_cli.py)
python -m worldspeak billing advance-period|fail-payment EMAIL   local billing demos (billing_cli.py)
"""

from __future__ import annotations

import argparse
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


def _app_port_problem(port: int) -> str | None:
    """Why the app cannot listen on `port`, or None when it is free."""
    import json
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.settimeout(0.5)
        if probe.connect_ex(("127.0.0.1", port)) != 0:
            return None
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as response:
            json.load(response)
        return f"WorldSpeak is already running at http://localhost:{port} (stop that one first, or open it)."
    except (OSError, ValueError):
        return (
            f"Port {port} is in use by another program. Stop it, or run on another port: WORLDSPEAK_PORT=3001 make run"
        )


def serve_command() -> int:
    """Prepare the local stack, then run `reflex run --env prod` in the foreground."""
    from worldspeak.demo import ensure_demo_accounts
    from worldspeak.localstack import migrations

    settings = get_settings()
    problem = _app_port_problem(settings.app_port)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
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
    # Same process group: Ctrl-C in the terminal reaches reflex directly, and nothing outlives us.
    process = subprocess.Popen(command, cwd=PROJECT_ROOT)
    interrupted: list[bool] = []
    # Reflex gets the terminal's Ctrl-C itself; we only wait for it to finish, then say so.
    signal.signal(signal.SIGINT, lambda *_: interrupted.append(True))

    def forward_termination(*_: object) -> None:
        interrupted.append(True)
        process.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, forward_termination)
    try:
        code = process.wait(timeout=None)
    finally:
        if process.poll() is None:
            process.kill()
    if interrupted:
        print("\nWorldSpeak stopped.", flush=True)
        return 0
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m worldspeak")
    commands = parser.add_subparsers(dest="command", required=True)
    db = commands.add_parser("db", help="the local PostgreSQL cluster")
    db.add_argument("action", choices=["start", "stop", "status", "url", "migrate", "seed", "reset"])
    db.add_argument("--dbname", help="database name (default: WORLDSPEAK_DB_NAME or postgres)")
    commands.add_parser("demo", help="create or show the demo accounts")
    commands.add_parser("serve", help="start the local stack and the app")
    from worldspeak.speech_cli import add_speech_parser, speech_command

    add_speech_parser(commands)
    from worldspeak.ops_cli import OPS_COMMANDS, add_ops_parsers, ops_command

    add_ops_parsers(commands)
    from worldspeak.billing_cli import add_billing_parser, billing_command

    add_billing_parser(commands)
    args = parser.parse_args(argv)
    if args.command == "speech":  # no database involved: its own errors, one line each
        return speech_command(args)

    import psycopg

    from worldspeak.localstack.cluster import ClusterError
    from worldspeak.ports import AuthError, DataError

    try:
        if args.command == "db":
            return db_command(args.action, args.dbname)
        if args.command == "demo":
            return demo_command()
        if args.command in OPS_COMMANDS:
            return ops_command(args)
        if args.command == "billing":
            return billing_command(args)
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
