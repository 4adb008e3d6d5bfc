import pytest

from worldspeak.domain.credentials import normalise_email, password_problem
from worldspeak.ports import AuthError


def test_email_is_normalised_to_lower_case():
    assert normalise_email("  Learner@Example.COM ") == "learner@example.com"


@pytest.mark.parametrize("bad", ["", "no-at-sign", "a@b", "two@@example.com", "x@example..com", "<script>@x.com"])
def test_invalid_emails_are_rejected_with_a_code(bad):
    with pytest.raises(AuthError) as caught:
        normalise_email(bad)
    assert caught.value.code == "invalid_email"


def test_password_rules():
    assert password_problem("1234567") == "password_too_short"
    assert password_problem("") == "password_too_short"
    assert password_problem("12345678") is None
    assert password_problem("パスワード長い文字") is None
    # bcrypt reads 72 bytes at most: longer would be silently truncated
    assert password_problem("あ" * 25) == "password_too_long"


def test_gotrue_s_own_rate_limit_reads_as_too_many_attempts():
    from supabase_auth.errors import AuthApiError

    from worldspeak.adapters.supabase_auth import _translate
    from worldspeak.domain.rate_limits import TooManyAttempts

    refusal = _translate(AuthApiError("Request rate limit reached", 429, "over_request_rate_limit"))
    assert isinstance(refusal, TooManyAttempts) and refusal.code == "too_many_attempts"
    assert refusal.wait_minutes == 1
    assert (
        _translate(AuthApiError("Invalid login credentials", 400, "invalid_credentials")).code == "invalid_credentials"
    )
