"""End-to-end fixtures: the real app (`reflex run --env prod`) on port 3100 and a real Chromium.

* `e2e_database`: rebuilds the `worldspeak_e2e` database from migrations and seed, once per run.
* `app_server`: starts the app as a subprocess against that database and waits until it answers.
  The app is built in a private copy of `.web`, so a developer's `make run` (port 3000, which serves
  the same project's `.web/build`) is never rebuilt under its feet.
* `browser`: Debian's Chromium, launched once per run.
* `viewport` / `context` / `page`: every test runs at "desktop" (1280x800) and "phone" (375x740),
  each in a fresh browser context (fresh localStorage).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from psycopg.rows import dict_row

from tests.e2e.helpers import (
    APP_PORT,
    BASE_URL,
    BROWSER_LOCALE,
    BROWSER_TIMEZONE,
    E2E_DB_NAME,
    EXPECT_TIMEOUT_MS,
    track_hydration,
)
from worldspeak.localstack import migrations
from worldspeak.settings import PROJECT_ROOT

SERVER_START_TIMEOUT_S = 8 * 60
SERVER_STOP_TIMEOUT_S = 20
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True},
}

expect.set_options(timeout=EXPECT_TIMEOUT_MS)


# -- the database ----------------------------------------------------------------
@pytest.fixture(scope="session")
def e2e_database(cluster) -> str:
    """`worldspeak_e2e`, rebuilt from bootstrap, migrations and seed (the app's own database is untouched)."""
    migrations.reset(cluster, E2E_DB_NAME)
    return E2E_DB_NAME


@pytest.fixture
def e2e_db(cluster, e2e_database):
    """A superuser connection to the e2e database, only for reading back what the UI saved."""
    with psycopg.connect(cluster.url(dbname=e2e_database), autocommit=True, row_factory=dict_row) as conn:
        yield conn


# -- the app server ----------------------------------------------------------------
def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _log_tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _private_web_dir(base: Path) -> Path:
    """A copy of the project's `.web` (its node_modules spare a reinstall) without the build output."""
    target = base / "web"
    source = PROJECT_ROOT / ".web"
    if source.is_dir():
        # Only the top-level build folder: packages in node_modules have "build" folders of their own.
        def skip_build_output(folder: str, names: list[str]) -> list[str]:
            return ["build"] if Path(folder) == source else []

        shutil.copytree(source, target, symlinks=True, ignore=skip_build_output)
    return target


def _server_environment(web_dir: Path, states_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    tools = [str(PROJECT_ROOT / ".tools" / "node_modules" / ".bin"), str(PROJECT_ROOT / ".venv" / "bin")]
    env["PATH"] = os.pathsep.join([*tools, env.get("PATH", "")])
    env.update(
        {
            "REFLEX_USE_SYSTEM_BUN": "1",
            "REFLEX_TELEMETRY_ENABLED": "false",
            "REFLEX_WEB_WORKDIR": str(web_dir),
            "REFLEX_STATES_WORKDIR": str(states_dir),
            "WORLDSPEAK_DB_NAME": E2E_DB_NAME,
            "WORLDSPEAK_PORT": str(APP_PORT),
            # Local mode, whatever the shell or a .env says (an empty value also wins over .env).
            "SUPABASE_URL": "",
            "SUPABASE_ANON_KEY": "",
            "SUPABASE_SERVICE_ROLE_KEY": "",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=SERVER_STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        process.wait(timeout=SERVER_STOP_TIMEOUT_S)


def _wait_until_ready(process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    last = "no answer yet"
    with httpx.Client(timeout=5.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(
                    f"the app exited early with code {process.returncode}; log {log_path}:\n{_log_tail(log_path)}",
                    pytrace=False,
                )
            try:
                health = client.get(f"{BASE_URL}/api/health")
                root = client.get(f"{BASE_URL}/")
                if health.status_code == 200 and root.status_code == 200:
                    return
                last = f"/api/health {health.status_code} {health.text[:200]!r}, / {root.status_code}"
            except httpx.HTTPError as error:
                last = repr(error)
            time.sleep(1.0)
    pytest.fail(
        f"the app did not answer within {SERVER_START_TIMEOUT_S} s ({last}); log {log_path}:\n{_log_tail(log_path)}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def app_server(e2e_database, tmp_path_factory) -> str:
    """`reflex run --env prod` on port 3100 against worldspeak_e2e; yields the base URL."""
    if _port_in_use(APP_PORT):
        pytest.fail(
            f"port {APP_PORT} is already taken: stop whatever is listening there (a leftover e2e app?) "
            "so the tests do not run against the wrong server",
            pytrace=False,
        )
    base = tmp_path_factory.mktemp("app")
    web_dir = _private_web_dir(base)
    log_path = base / "reflex.log"
    command = [
        sys.executable, "-m", "reflex", "run", "--env", "prod",
        "--frontend-port", str(APP_PORT), "--backend-port", str(APP_PORT), "--loglevel", "warning",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=_server_environment(web_dir, base / "states"),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_ready(process, log_path)
        yield BASE_URL
    finally:
        _stop(process)
        shutil.rmtree(web_dir, ignore_errors=True)


# -- the browser ---------------------------------------------------------------------
@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright for the run: a second sync_playwright() would start inside the first one's loop.

    Sync Playwright holds an event loop in the test thread while it lives, so the e2e tests run
    last (see tests/conftest.py): tests that call asyncio.run() come before.
    """
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver) -> Browser:
    launched = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request) -> str:
    """Which screen the test runs on: "desktop" or "phone"."""
    return request.param


@pytest.fixture
def context(browser, app_server, viewport) -> BrowserContext:
    """A fresh context (fresh localStorage) with an English browser in Tokyo."""
    ctx = browser.new_context(
        base_url=app_server,
        locale=BROWSER_LOCALE,
        timezone_id=BROWSER_TIMEZONE,
        **VIEWPORTS[viewport],
    )
    ctx.set_default_timeout(EXPECT_TIMEOUT_MS)
    ctx.set_default_navigation_timeout(30_000)
    ctx.on("page", track_hydration)
    yield ctx
    ctx.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"e2e_report_{report.when}", report)
    return report


@pytest.fixture
def page(context, request, tmp_path_factory) -> Page:
    new_page = context.new_page()
    track_hydration(new_page)
    yield new_page
    report = getattr(request.node, "e2e_report_call", None)
    if report is not None and report.failed and not new_page.is_closed():
        folder = tmp_path_factory.getbasetemp() / "e2e-failures"
        folder.mkdir(exist_ok=True)
        shot = folder / f"{request.node.name.replace('/', '_')}.png"
        try:
            new_page.screenshot(path=str(shot), full_page=True)
            print(f"\nscreenshot of the failure: {shot} (page was at {new_page.url})")
        except Exception as error:  # a failing screenshot must not hide the real failure
            print(f"\ncould not take a screenshot: {error!r}")


# -- a learner made by the fixture, not through the UI ---------------------------------
@pytest.fixture(scope="session")
def e2e_auth(cluster, e2e_database):
    """The app's own auth adapter against the e2e database, with the app's JWT secret."""
    from worldspeak.adapters.local_auth import LocalAuth
    from worldspeak.adapters.local_data import LocalDataGateway, LocalPostgres
    from worldspeak.settings import get_settings

    settings = get_settings()
    pool = LocalPostgres(cluster.url(dbname=e2e_database, user="authenticator"), settings.jwt_secret)
    yield LocalAuth(pool, settings.jwt_secret, 3600, 30), LocalDataGateway(pool)
    pool.close()


@pytest.fixture
def signed_in(e2e_auth, e2e_db, context):
    """Make an onboarded learner (optionally an admin) and put their session in this context's storage.

    Only the tests about signing in go through the sign-in form; every other test starts here:
        learner = signed_in()                   # then open_page(page, "/home")
        admin = signed_in(admin=True)
    """
    from tests.e2e.helpers import Learner, onboard_directly, session_init_script

    def make(learner: Learner | None = None, admin: bool = False) -> Learner:
        learner = learner or Learner()
        auth, gateway = e2e_auth
        session = auth.sign_up(learner.email, learner.password, learner.name)
        onboard_directly(gateway.for_learner(session.access_token), learner)
        if admin:
            gateway.service().set_app_metadata(session.user_id, {"role": "admin"})
            session = auth.sign_in(learner.email, learner.password)
        learner.user_id = session.user_id
        context.add_init_script(session_init_script(session.access_token, session.refresh_token))
        return learner

    return make
