"""The demo learner and demo admin that `make run` prints.

Passwords are generated on first run and kept in the git-ignored data folder,
so nothing secret is in the repository and a second run shows the same ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from worldspeak.domain.onboarding import build_answers
from worldspeak.providers import auth_provider, data_gateway
from worldspeak.settings import get_settings, read_or_create_secret


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    full_name: str
    native_language: str
    targets: dict[str, str]


def demo_accounts() -> list[DemoAccount]:
    secrets_dir = get_settings().secrets_dir
    return [
        DemoAccount(
            "learner",
            "demo.learner@example.com",
            read_or_create_secret(secrets_dir / "demo_learner_password", 12),
            "Demo Learner",
            "ja",
            {"en": "intermediate", "es": "beginner"},
        ),
        DemoAccount(
            "admin",
            "demo.admin@example.com",
            read_or_create_secret(secrets_dir / "demo_admin_password", 12),
            "Demo Admin",
            "en",
            {"ja": "elementary"},
        ),
    ]


def ensure_demo_accounts() -> list[DemoAccount]:
    auth, gateway = auth_provider(), data_gateway()
    service = gateway.service()
    accounts = demo_accounts()
    for account in accounts:
        if service.find_user_id(account.email):
            continue
        session = auth.sign_up(account.email, account.password, account.full_name)
        gateway.for_learner(session.access_token).complete_onboarding(
            build_answers(account.full_name, account.native_language, account.targets, "Asia/Tokyo", "auditory", 30)
        )
        if account.role == "admin":
            service.set_app_metadata(session.user_id, {"role": "admin"})
        auth.sign_out(session.access_token)
    return accounts
