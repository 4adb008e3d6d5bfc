"""`python -m worldspeak db ...` on a cluster of its own: fresh start, reuse, clear errors, never a trace."""

import os
import shutil
import socket
import subprocess
import sys
import uuid

import pytest

from worldspeak.settings import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_stack():
    """Environment for a separate cluster. Its folder sits in the project (the server user must reach it)."""
    data_dir = PROJECT_ROOT / ".worldspeak" / f"cli-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "WORLDSPEAK_DATA_DIR": str(data_dir),
        "WORLDSPEAK_DB_PORT": str(free_port()),
        "WORLDSPEAK_DB_NAME": "postgres",
    }
    yield env
    subprocess.run([sys.executable, "-m", "worldspeak", "db", "stop"], env=env, capture_output=True, timeout=60)
    shutil.rmtree(data_dir, ignore_errors=True)


def cli(env, *args, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "worldspeak", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=PROJECT_ROOT,
    )


def test_fresh_start_migrate_reuse_url_and_stop(own_stack):
    assert "not created yet" in cli(own_stack, "db", "status").stdout
    started = cli(own_stack, "db", "start")
    assert started.returncode == 0, started.stderr
    assert "started the local database" in started.stdout
    again = cli(own_stack, "db", "start")
    assert again.returncode == 0 and "reusing" in again.stdout
    first = cli(own_stack, "db", "migrate")
    assert first.returncode == 0, first.stderr
    assert "applied 18 new migration(s)" in first.stdout or "new migration(s)" in first.stdout
    second = cli(own_stack, "db", "migrate")
    assert "applied 0 new migration(s)" in second.stdout
    url = cli(own_stack, "db", "url").stdout.strip()
    assert url.startswith("postgresql://postgres:") and f":{own_stack['WORLDSPEAK_DB_PORT']}/postgres" in url
    assert "running on" in cli(own_stack, "db", "status").stdout
    stopped = cli(own_stack, "db", "stop")
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    assert "stopped, data in" in cli(own_stack, "db", "status").stdout
    # The jwt secret and passwords were generated into the data folder, readable by its owner only.
    secrets = own_stack["WORLDSPEAK_DATA_DIR"] + "/secrets"
    assert oct(os.stat(secrets).st_mode & 0o777) == "0o700"


def test_a_port_in_use_gets_a_clear_message_and_no_trace(own_stack):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", int(own_stack["WORLDSPEAK_DB_PORT"])))
        squatter.listen()
        result = cli(own_stack, "db", "start")
    assert result.returncode == 1
    assert "already in use" in result.stderr and "WORLDSPEAK_DB_PORT" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_bad_configuration_gets_a_clear_message(own_stack):
    result = cli({**own_stack, "WORLDSPEAK_DB_PORT": "not-a-port"}, "db", "status")
    assert result.returncode != 0
    assert "WORLDSPEAK_DB_PORT must be a whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_commands_show_usage(own_stack):
    result = cli(own_stack, "db", "explode")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_serve_refuses_a_busy_app_port_with_a_clear_message(own_stack):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        result = cli({**own_stack, "WORLDSPEAK_PORT": str(port)}, "serve", timeout=60)
    assert result.returncode == 1
    assert f"Port {port} is in use by another program" in result.stderr
    assert "WORLDSPEAK_PORT=3001 make run" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
