"""Rate-limit messages (sign-in, sign-up, sessions), in English and Japanese."""

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "err_too_many_attempts": "Too many attempts. Please try again in {minutes} minutes.",
        "too_many_attempts_one_minute": "Too many attempts. Please try again in a minute.",
        "refresh_limited_notice": "Your session was renewed too often in a short time, so we signed you out. Please sign in again.",
    },
    "ja": {
        "err_too_many_attempts": "試行回数が多すぎます。{minutes}分後にもう一度お試しください。",
        "too_many_attempts_one_minute": "試行回数が多すぎます。1分後にもう一度お試しください。",
        "refresh_limited_notice": "短時間にセッションの更新が繰り返されたため、ログアウトしました。もう一度ログインしてください。",
    },
}
