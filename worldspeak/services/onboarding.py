"""Onboarding: what the form starts with, and saving the answers once they are valid."""

from __future__ import annotations

from dataclasses import dataclass

from worldspeak.domain.errors import DataError
from worldspeak.domain.onboarding import OnboardingAnswers, onboarding_problems
from worldspeak.ports import LearnerData


@dataclass(frozen=True)
class OnboardingResult:
    saved: bool
    # The first problem's i18n key (err_...), when not saved.
    error: str = ""


def save_onboarding(data: LearnerData, answers: OnboardingAnswers) -> OnboardingResult:
    """Checks every rule first, so nothing is half-saved; the database checks them again."""
    problems = onboarding_problems(answers)
    if problems:
        return OnboardingResult(False, f"err_{problems[0]}")
    try:
        data.complete_onboarding(answers)
    except DataError as error:
        return OnboardingResult(False, f"err_{error.code}")
    return OnboardingResult(True)
