"""The English aligner as the app runs it: pocketsphinx in worker processes (it holds the GIL, and
in the app process it made other learners' clicks wait). The same judgement as in-process; a
worker that dies is replaced, and the answer in between is scored without goodness, not failed."""

from __future__ import annotations

import os

from tests.speech.generated_set import LINES
from worldspeak.adapters.alignment_worker import WorkerPocketsphinxAligner
from worldspeak.adapters.pocketsphinx_alignment import PocketsphinxAligner
from worldspeak.providers import pronunciation_aligner

EXPECTED = LINES["en"]["expected"]


def _words(engines, text: str) -> list[str]:
    _, analyser, _ = engines
    return [surface for surface, _phones in analyser.phonetic_words(text, "en")]


def test_the_app_s_aligner_runs_in_worker_processes_and_judges_as_in_process(engines, readings):
    aligner = pronunciation_aligner()
    assert isinstance(aligner, WorkerPocketsphinxAligner) and aligner is pronunciation_aligner()
    audio, words = readings[("en", "clean")].audio, _words(engines, EXPECTED)

    in_workers = aligner.goodness(audio, words, "en")

    assert in_workers is not None and all(word is not None for word in in_workers)
    assert in_workers == PocketsphinxAligner().goodness(audio, words, "en")
    pids = aligner.worker_pids()
    assert len(pids) == 2 and os.getpid() not in pids


def test_a_worker_that_dies_is_replaced_and_the_answer_between_is_scored_without_it(engines, readings):
    aligner = WorkerPocketsphinxAligner(workers=1)
    audio, words = readings[("en", "clean")].audio, _words(engines, EXPECTED)
    try:
        assert aligner.goodness(audio, words, "en") is not None
        [pid] = aligner.worker_pids()
        os.kill(pid, 9)

        assert aligner.goodness(audio, words, "en") is None, "graceful: no goodness, no error"
        assert aligner.goodness(audio, words, "en") is not None, "a fresh worker answers"
        assert aligner.worker_pids() != [pid]
    finally:
        aligner.stop()
    assert aligner.worker_pids() == []


def test_other_languages_start_no_worker():
    aligner = WorkerPocketsphinxAligner(workers=1)
    from worldspeak.domain.speech import DecodedAudio

    assert aligner.goodness(DecodedAudio(b"\x00" * 64000), ["hola"], "es") is None
    assert not aligner.supports("es") and aligner.worker_pids() == []
