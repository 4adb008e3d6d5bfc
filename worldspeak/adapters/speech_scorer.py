"""A thin adapter from the speech service (`services.speech.assess_spoken_answer`) to practice's AnswerScorer.

Practice transcribes in its own step (so a failure there can be retried on its own), then
scores here: the assessment is run with a recogniser that replays the transcript already heard,
so the speech service's scoring is used as it is, and nothing is recognised twice.
"""

from __future__ import annotations

from typing import Any

from worldspeak.domain.speech import DecodedAudio, Transcript
from worldspeak.ports.speech import PronunciationAligner, SpeechAnalyser


class _HeardAlready:
    """A SpeechToText that hands back the transcript practice's transcribing step produced."""

    def __init__(self, transcript: Transcript) -> None:
        self._transcript = transcript

    def transcribe(self, audio: DecodedAudio, language: str, expected: str | None = None) -> Transcript:
        return self._transcript


class SpeechServiceScorer:
    def __init__(self, analyser: SpeechAnalyser, aligner: PronunciationAligner | None = None) -> None:
        self._analyser = analyser
        self._aligner = aligner  # English pronunciation from the audio (forced alignment)

    def begin(self, audio: DecodedAudio, expected: str, language: str) -> Any:
        """Start the audio's alignment to the expected line while it is being recognised."""
        from worldspeak.services.speech import begin_alignment

        return begin_alignment(self._aligner, self._analyser, audio, expected, language)

    def score(
        self,
        audio: DecodedAudio,
        transcript: Transcript,
        expected: str,
        language: str,
        alternatives: tuple[str, ...] = (),
        native_language: str | None = None,
        begun: Any = None,
    ) -> dict[str, Any]:
        from worldspeak.services.speech import assess_spoken_answer

        result = assess_spoken_answer(
            _HeardAlready(transcript),
            self._analyser,
            audio,
            language,
            expected=expected or None,
            alternatives=alternatives,
            native_language=native_language,
            aligner=self._aligner,
            alignment=begun,
        )
        names = {
            "pronunciation": result.pronunciation,
            "fluency": result.fluency,
            "accuracy": result.accuracy,
            "completeness": result.completeness,
            "overall": result.overall,
        }
        if expected:
            names["adherence"] = result.script_adherence
        return {
            "scores": {name: float(sub.score) for name, sub in names.items()},
            "reasons": {name: [sub.reason_key, dict(sub.reason_values), sub.reason] for name, sub in names.items()},
            "words": [
                {"text": word.expected or word.heard, "heard": word.heard, "score": word.score, "band": word.band}
                for word in result.words
            ],
            "wrong_language": result.wrong_language,
            "heard_language": result.language,
            "speaking_seconds": result.speaking_seconds,
            "long_pauses": result.long_pauses,
        }
