"""The local PostgreSQL cluster that local mode runs on.

The cluster lives in the git-ignored data folder. PostgreSQL refuses to run as
root, so when we are root the server runs as an unprivileged system user.
Every failure a person can act on is raised as ClusterError with a message,
never a stack trace.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from worldspeak.settings import Settings, get_settings, read_or_create_secret

SUPERUSER = "postgres"
SERVER_USER_CANDIDATES = ("postgres", "worldspeak")


class ClusterError(RuntimeError):
    """A problem with the local cluster that the person running it can fix."""


@dataclass(frozen=True)
class LocalCluster:
    settings: Settings

    # -- places ---------------------------------------------------------------
    @property
    def root(self) -> Path:
        return self.settings.data_dir / "pg"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "run"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    @property
    def port(self) -> int:
        return self.settings.db_port

    def superuser_password(self) -> str:
        return read_or_create_secret(self.settings.secrets_dir / "postgres_password")

    def authenticator_password(self) -> str:
        return read_or_create_secret(self.settings.secrets_dir / "authenticator_password")

    def url(self, dbname: str | None = None, user: str = SUPERUSER) -> str:
        password = self.superuser_password() if user == SUPERUSER else self.authenticator_password()
        database = dbname or self.settings.db_name
        return f"postgresql://{user}:{password}@{self.settings.db_host}:{self.port}/{database}"

    # -- running the server binaries ------------------------------------------
    def _binary(self, name: str) -> str:
        path = self.settings.pg_bin_dir / name
        if not path.exists():
            raise ClusterError(
                f"PostgreSQL is not installed ({path} is missing). "
                "Install it with: sudo apt-get install -y postgresql postgresql-contrib"
            )
        return str(path)

    def _server_user(self) -> str | None:
        """The OS user the server runs as, or None to run as ourselves."""
        if os.geteuid() != 0:
            return None
        for name in SERVER_USER_CANDIDATES:
            try:
                pwd.getpwnam(name)
                return name
            except KeyError:
                continue
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "worldspeak"],
            check=True,
            capture_output=True,
        )
        return "worldspeak"

    def _run_server_tool(self, args: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
        user = self._server_user()
        command = ["runuser", "-u", user, "--", *args] if user else args
        result = subprocess.run(command, capture_output=True, text=True, cwd="/")
        if check and result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
            raise ClusterError(f"{Path(args[0]).name} failed: " + " / ".join(detail))
        return result

    def _give_to_server_user(self, *paths: Path) -> None:
        user = self._server_user()
        if not user:
            return
        entry = pwd.getpwnam(user)
        for path in paths:
            for current, _dirs, files in os.walk(path):
                os.chown(current, entry.pw_uid, entry.pw_gid)
                for filename in files:
                    os.chown(os.path.join(current, filename), entry.pw_uid, entry.pw_gid)

    # -- lifecycle ------------------------------------------------------------
    def is_initialised(self) -> bool:
        return (self.data_dir / "PG_VERSION").is_file()

    def is_running(self) -> bool:
        if not self.is_initialised():
            return False
        result = self._run_server_tool([self._binary("pg_ctl"), "status", "-D", str(self.data_dir)], check=False)
        return result.returncode == 0

    def initialise(self) -> None:
        if self.is_initialised():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=self.root, delete=False) as pwfile:
            pwfile.write(self.superuser_password())
        self._give_to_server_user(self.root)
        try:
            self._run_server_tool(
                [
                    self._binary("initdb"),
                    "-D",
                    str(self.data_dir),
                    "-U",
                    SUPERUSER,
                    "--pwfile",
                    pwfile.name,
                    "--auth-local=scram-sha-256",
                    "--auth-host=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ]
            )
        finally:
            os.unlink(pwfile.name)
        with open(self.data_dir / "postgresql.auto.conf", "a", encoding="utf-8") as conf:
            # Loopback only: this cluster is for one machine.
            conf.write("listen_addresses = '127.0.0.1'\n")
            conf.write(f"unix_socket_directories = '{self.socket_dir}'\n")
            conf.write("timezone = 'UTC'\n")
            conf.write("max_connections = 200\n")
            conf.write("shared_preload_libraries = 'pg_stat_statements'\n")
        self._give_to_server_user(self.data_dir)

    def _port_taken(self) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(0.5)
            return probe.connect_ex((self.settings.db_host, self.port)) == 0

    def start(self) -> str:
        """Start the cluster, or reuse it when it is already running. Returns what happened."""
        self.initialise()
        if self.is_running():
            return f"reusing the local database already running on port {self.port}"
        if self._port_taken():
            raise ClusterError(
                f"Port {self.port} is already in use by another program. "
                "Stop it, or choose another port with WORLDSPEAK_DB_PORT=54333."
            )
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        self._give_to_server_user(self.socket_dir)
        if self.log_file.exists():
            self._give_to_server_user(self.log_file)
        result = self._run_server_tool(
            [
                self._binary("pg_ctl"),
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-o",
                f"-p {self.port}",
            ],
            check=False,
        )
        if result.returncode != 0:
            tail = (
                self.log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-5:]
                if self.log_file.exists()
                else []
            )
            raise ClusterError("The local database did not start: " + " / ".join(tail or [result.stderr.strip()]))
        self._wait_until_accepting()
        return f"started the local database on port {self.port}"

    def _wait_until_accepting(self, timeout_seconds: float = 30.0) -> None:
        import psycopg

        deadline = time.monotonic() + timeout_seconds
        while True:
            try:
                with psycopg.connect(self.url(dbname="postgres"), connect_timeout=2):
                    return
            except psycopg.OperationalError as error:
                if time.monotonic() > deadline:
                    raise ClusterError(f"The local database does not accept connections: {error}") from error
                time.sleep(0.2)

    def stop(self) -> str:
        if not self.is_running():
            return "the local database is not running"
        self._run_server_tool([self._binary("pg_ctl"), "stop", "-m", "fast", "-w", "-D", str(self.data_dir)])
        return "stopped the local database"

    def status(self) -> str:
        if not self.is_initialised():
            return f"not created yet (it will live in {self.data_dir})"
        if self.is_running():
            return f"running on {self.settings.db_host}:{self.port}, data in {self.data_dir}"
        return f"stopped, data in {self.data_dir}"

    def destroy(self) -> None:
        """Remove the cluster's files (used by tests that prove a fresh start)."""
        if self.is_running():
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def local_cluster(settings: Settings | None = None) -> LocalCluster:
    return LocalCluster(settings or get_settings())
