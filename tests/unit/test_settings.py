from worldspeak.settings import Settings, get_settings, read_or_create_secret


def fresh_settings(monkeypatch, tmp_path, **env) -> Settings:
    for name in ("SUPABASE_URL", "SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY", "WORLDSPEAK_JWT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WORLDSPEAK_DATA_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        return get_settings()
    finally:
        get_settings.cache_clear()


def test_local_mode_is_the_default(monkeypatch, tmp_path):
    assert fresh_settings(monkeypatch, tmp_path).mode == "local"


def test_supabase_mode_needs_all_three_variables(monkeypatch, tmp_path):
    partial = fresh_settings(monkeypatch, tmp_path, SUPABASE_URL="https://x.supabase.co", SUPABASE_ANON_KEY="a")
    assert partial.mode == "local"
    full = fresh_settings(
        monkeypatch,
        tmp_path,
        SUPABASE_URL="https://x.supabase.co/",
        SUPABASE_ANON_KEY="a",
        SUPABASE_SERVICE_ROLE_KEY="s",
    )
    assert full.mode == "supabase"
    assert full.supabase_url == "https://x.supabase.co"


def test_jwt_secret_is_generated_once_and_kept_private(monkeypatch, tmp_path):
    settings = fresh_settings(monkeypatch, tmp_path)
    first = settings.jwt_secret
    assert len(first) >= 48
    assert settings.jwt_secret == first
    secret_file = tmp_path / "secrets" / "jwt_secret"
    assert secret_file.stat().st_mode & 0o077 == 0
    assert (tmp_path / "secrets").stat().st_mode & 0o077 == 0


def test_an_explicit_jwt_secret_wins(monkeypatch, tmp_path):
    assert fresh_settings(monkeypatch, tmp_path, WORLDSPEAK_JWT_SECRET="from-env").jwt_secret == "from-env"


def test_secret_files_are_created_exclusively(tmp_path):
    assert read_or_create_secret(tmp_path / "s") == read_or_create_secret(tmp_path / "s")


def test_bad_numbers_give_a_clear_message(monkeypatch, tmp_path):
    import pytest

    with pytest.raises(SystemExit, match="WORLDSPEAK_DB_PORT must be a whole number"):
        fresh_settings(monkeypatch, tmp_path, WORLDSPEAK_DB_PORT="fifty")
