"""The one place that chooses adapters from configuration."""

from __future__ import annotations

from functools import lru_cache

from worldspeak.ports import AuthProvider, DataGateway
from worldspeak.ports.rate_limit import RateLimiter
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


@lru_cache(maxsize=1)
def rate_limiter() -> RateLimiter:
    """Counters shared by every worker: PostgreSQL locally, the service-role RPC on Supabase."""
    settings = get_settings()
    if settings.mode == "supabase":
        from worldspeak.adapters.supabase_rate_limit import SupabaseRateLimiter

        return SupabaseRateLimiter(_supabase_project())
    from worldspeak.adapters.postgres_rate_limit import PostgresRateLimiter
    from worldspeak.localstack.cluster import local_cluster

    return PostgresRateLimiter(local_cluster(settings).url(user="authenticator"))


@lru_cache(maxsize=1)
def admin_gateway():
    """The admin console's data (ports.admin.AdminGateway) for the configured mode."""
    if get_settings().mode == "supabase":
        from worldspeak.adapters.supabase_admin import SupabaseAdminGateway

        return SupabaseAdminGateway(_supabase_project())
    from worldspeak.adapters.local_admin import LocalAdminGateway

    return LocalAdminGateway(_local_postgres())


@lru_cache(maxsize=1)
def maintenance():
    """Scheduled maintenance (ports.operations.Maintenance); local mode only (hosted runs pg_cron)."""
    from worldspeak.adapters.local_operations import LocalMaintenance

    return LocalMaintenance(_local_postgres())


# -- billing (ports.billing) ------------------------------------------------------------------
@lru_cache(maxsize=1)
def billing_store():
    """Billing reads and writes on the service path (ports.billing.BillingStore)."""
    if get_settings().mode == "supabase":
        from worldspeak.adapters.supabase_billing_store import SupabaseBillingStore

        return SupabaseBillingStore(_supabase_project())
    from worldspeak.adapters.local_billing_store import LocalBillingStore

    return LocalBillingStore(_local_postgres())


@lru_cache(maxsize=1)
def billing_provider():
    """Stripe with STRIPE_SECRET_KEY, else the local checkout twin (ports.billing.BillingProvider)."""
    settings = get_settings()
    if settings.billing_mode == "stripe":
        from worldspeak.adapters.stripe_billing import StripeBilling

        return StripeBilling(settings.stripe_secret_key, api_base=settings.stripe_api_base or None)
    from worldspeak.adapters.local_billing import LocalBilling, http_delivery

    return LocalBilling(
        settings.data_dir / "local_billing" / "state.json",
        settings.webhook_secret,
        http_delivery(f"http://127.0.0.1:{settings.app_port}/api/stripe/webhook"),
        amounts={"price_local_standard": 980, "price_local_premium": 2480},
    )


def billing_prices():
    """Which Stripe price is which plan (domain.billing.PriceBook)."""
    from worldspeak.adapters.local_billing import LOCAL_PRICES
    from worldspeak.domain.billing import PriceBook

    settings = get_settings()
    if settings.billing_mode == "local":
        return PriceBook(dict(LOCAL_PRICES))
    prices = {settings.stripe_price_standard: "standard", settings.stripe_price_premium: "premium"}
    return PriceBook({price: plan for price, plan in prices.items() if price})


def stripe_webhook_secret() -> str:
    """The signing secret; "" when Stripe is configured without STRIPE_WEBHOOK_SECRET (a setup error)."""
    settings = get_settings()
    if settings.billing_mode == "stripe" and not settings.stripe_webhook_secret:
        return ""
    return settings.webhook_secret


# --- Speech (issue 7): OpenAI when OPENAI_API_KEY is set, else the offline engines -------------


@lru_cache(maxsize=1)
def speech_to_text():
    """ports.speech.SpeechToText: OpenAI transcription with word timestamps, else faster-whisper."""
    settings = get_settings()
    if settings.openai_api_key:
        from worldspeak.adapters.openai_speech import OpenAISpeechToText

        return OpenAISpeechToText.from_settings(settings)
    from worldspeak.adapters.offline_speech import OfflineSpeechToText

    return OfflineSpeechToText()


@lru_cache(maxsize=1)
def text_to_speech():
    """ports.speech.TextToSpeech: OpenAI voices, else the best offline voice per language."""
    settings = get_settings()
    if settings.openai_api_key:
        from worldspeak.adapters.openai_speech import OpenAITextToSpeech

        return OpenAITextToSpeech.from_settings(settings)
    from worldspeak.adapters.offline_speech import OfflineTextToSpeech

    return OfflineTextToSpeech()


@lru_cache(maxsize=1)
def speech_analyser():
    """ports.speech.SpeechAnalyser (voice activity, phones, text language): always offline and local."""
    from worldspeak.adapters.offline_speech import OfflineSpeechAnalyser

    return OfflineSpeechAnalyser()


@lru_cache(maxsize=1)
def pronunciation_aligner():
    """ports.speech.PronunciationAligner (English goodness of pronunciation): always the local
    pocketsphinx forced alignment, in both modes, in worker processes (it holds the GIL)."""
    from worldspeak.adapters.alignment_worker import WorkerPocketsphinxAligner

    return WorkerPocketsphinxAligner()


def warm_up_speech():
    """Start loading the speech models in a background thread (call once at app start).

    With OpenAI only the local analysers load; offline, every recogniser and voice does. The
    English pronunciation aligner's worker processes start in both modes.
    """
    import threading

    from worldspeak.adapters import offline_speech

    threading.Thread(target=pronunciation_aligner().start, name="alignment-warm-up", daemon=True).start()
    if get_settings().openai_api_key:
        return offline_speech.start_warm_up(analysers_only=True)
    return offline_speech.start_warm_up()


# --- Conversation practice (issue 8) ---------------------------------------------------------------
@lru_cache(maxsize=1)
def practice_gateway():
    """ports.practice.PracticeData per learner: conversations, messages, scripts, ending."""
    if get_settings().mode == "supabase":
        from worldspeak.adapters.supabase_practice_data import SupabasePracticeGateway

        return SupabasePracticeGateway(_supabase_project())
    from worldspeak.adapters.local_practice_data import LocalPracticeGateway

    return LocalPracticeGateway(_local_postgres())


@lru_cache(maxsize=1)
def audio_storage():
    """ports.storage.AudioStorage: Supabase Storage, else files under .worldspeak/storage/ (RLS decides)."""
    settings = get_settings()
    if settings.mode == "supabase":
        from worldspeak.adapters.supabase_storage import SupabaseAudioStorage

        return SupabaseAudioStorage(_supabase_project())
    from worldspeak.adapters.local_storage import LocalAudioStorage
    from worldspeak.settings import read_or_create_secret

    return LocalAudioStorage(
        _local_postgres(),
        settings.data_dir / "storage",
        read_or_create_secret(settings.secrets_dir / "storage_signing_key", nbytes=32),
    )


@lru_cache(maxsize=1)
def tutor():
    """ports.tutor.Tutor: OpenAI (or OPENAI_BASE_URL's compatible server) with a key, else the offline partner."""
    import os

    settings = get_settings()
    if os.environ.get("WORLDSPEAK_E2E_FLAKY_TUTOR") == "1":
        # Test-only: set by the e2e fixture alone, to prove "partner failed -> retry" in a browser.
        from tests.e2e.flaky_tutor import FlakyTutor

        return FlakyTutor()
    if settings.openai_api_key or settings.openai_base_url:
        from worldspeak.adapters.openai_tutor import OpenAITutor

        return OpenAITutor.from_settings(settings)
    from worldspeak.adapters.offline_tutor import OfflineTutor

    return OfflineTutor()


def practice_ports(access_token: str):
    """Everything a practice service call needs, for one verified learner."""
    from worldspeak.adapters.audio_decoding import decode_audio
    from worldspeak.adapters.speech_scorer import SpeechServiceScorer
    from worldspeak.services.practice import PracticePorts

    return PracticePorts(
        access_token=access_token,
        data=practice_gateway().for_learner(access_token),
        storage=audio_storage(),
        tutor=tutor(),
        speech_to_text=speech_to_text(),
        text_to_speech=text_to_speech(),
        scorer=SpeechServiceScorer(speech_analyser(), pronunciation_aligner()),
        decode=decode_audio,
    )
