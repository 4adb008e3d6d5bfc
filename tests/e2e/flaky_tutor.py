"""TEST ONLY: the offline partner, failing once on purpose, for the e2e "partner failed -> retry" check.

The app picks it only when WORLDSPEAK_E2E_FLAKY_TUTOR=1, which only tests/e2e/test_practice.py sets
for the e2e app server. It answers exactly like the offline partner, except that a learner answer
containing FAIL_ONCE_MARKER fails the first time it is seen (retry then succeeds).
"""

from __future__ import annotations

import threading

from worldspeak.adapters.offline_tutor import OfflineTutor
from worldspeak.domain.errors import ProviderError

FAIL_ONCE_MARKER = "e2e-fail-once"


class FlakyTutor(OfflineTutor):
    name = "offline"

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def respond(self, request, on_sentence=None):
        if FAIL_ONCE_MARKER in request.learner_text.lower():
            with self._lock:
                first = request.learner_text not in self._seen
                self._seen.add(request.learner_text)
            if first:
                raise ProviderError("tutor_unavailable", "e2e: failing once on purpose")
        return super().respond(request, on_sentence)
