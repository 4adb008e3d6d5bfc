"""The one place that chooses adapters from configuration."""

from __future__ import annotations

from functools import lru_cache

from worldspeak.ports import AuthProvider, DataGateway
from worldspeak.settings import get_settings


@lru_cache(maxsize=1)
def _local_postgres():
    from worldspeak.adapters.local_data import LocalPostgres
    from worldspeak.localstack.cluster import local_cluster

    settings = get_settings()
    return LocalPostgres(local_cluster(settings).url(user="authenticator"), settings.jwt_secret)


@lru_cache(maxsize=1)
def _supabase_project():
    """One project handle (and one HTTP connection pool) shared by auth and data."""
    from worldspeak.adapters.supabase_project import SupabaseProject

    settings = get_settings()

    return SupabaseProject(settings.supabase_url, settings.supabase_anon_key, settings.supabase_service_role_key)


@lru_cache(maxsize=1)
def auth_provider() -> AuthProvider:
    settings = get_settings()
    if settings.mode == "supabase":
        from worldspeak.adapters.supabase_auth import SupabaseAuth

        return SupabaseAuth(_supabase_project())
    from worldspeak.adapters.local_auth import LocalAuth

    return LocalAuth(
        _local_postgres(),
        settings.jwt_secret,
        settings.access_token_seconds,
        settings.refresh_token_days,
        issuer=f"{settings.app_url}/auth/v1",
    )


@lru_cache(maxsize=1)
def data_gateway() -> DataGateway:
    settings = get_settings()
    if settings.mode == "supabase":
        from worldspeak.adapters.supabase_data import SupabaseDataGateway

        return SupabaseDataGateway(_supabase_project())
    from worldspeak.adapters.local_data import LocalDataGateway

    return LocalDataGateway(_local_postgres())
