"""Rules for email addresses and passwords, the same in both modes."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from worldspeak.domain.errors import AuthError

MIN_PASSWORD_LENGTH = 8
# bcrypt only reads the first 72 bytes; a longer password would be silently truncated.
MAX_PASSWORD_BYTES = 72


def normalise_email(email: str) -> str:
    """The address in the form we store it, or AuthError('invalid_email')."""
    try:
        checked = validate_email((email or "").strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise AuthError("invalid_email", str(error)) from error
    return checked.normalized.lower()


def password_problem(password: str) -> str | None:
    """The code of what is wrong with a new password, or None when it is acceptable."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return "password_too_short"
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        return "password_too_long"
    return None
