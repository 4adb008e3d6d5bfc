"""The English pronunciation aligner in worker processes, so pocketsphinx never holds the app's GIL.

pocketsphinx holds the GIL while it decodes (its bindings never release it). In the app process,
10 learners speaking at once made an 11th learner's clicks wait: p95 60 ms without the aligner,
320-470 ms with it in a thread (bench/turn.py). Here each alignment runs in one of a few worker
processes (`python -m worldspeak.adapters.alignment_worker`), each loading the model once.

Protocol, one request at a time per worker: a JSON header line {"words": [...], "samples": n},
then n little-endian float32 samples (16 kHz mono) on stdin; the reply is one JSON line,
{"goodness": null | [word or null, ...]} or {"error": "..."}. A worker that dies or answers
garbage is replaced on the next call; the answer in between has no goodness (pronunciation then
falls back as for any answer that does not align), never an error.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import sys
import threading
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from worldspeak.adapters.worker_process import WorkerProcess
from worldspeak.domain.speech import DecodedAudio, PhoneGoodness, WordGoodness
from worldspeak.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

LANGUAGES = frozenset({"en"})
# Two cores: two alignments at once (the rest queue; one takes about 0.2 s for a 5 s answer).
WORKERS = 2
# How long an answer waits for a free worker before it is scored without goodness.
WAIT_FOR_WORKER_SECONDS = 20.0


def _encode(goodness: tuple[WordGoodness | None, ...] | None) -> Any:
    return None if goodness is None else [asdict(word) if word is not None else None for word in goodness]


def _decode(raw: Any) -> tuple[WordGoodness | None, ...] | None:
    if raw is None:
        return None
    return tuple(
        None
        if word is None
        else WordGoodness(
            word=str(word["word"]),
            start=float(word["start"]),
            end=float(word["end"]),
            goodness=float(word["goodness"]),
            gop=float(word["gop"]),
            phones=tuple(PhoneGoodness(**phone) for phone in word.get("phones") or ()),
        )
        for word in raw
    )


def _start_worker() -> WorkerProcess:
    # Started in the project's directory, where `worldspeak` imports from, wherever the app runs.
    return WorkerProcess([sys.executable, "-m", "worldspeak.adapters.alignment_worker"], cwd=PROJECT_ROOT)


def _ask(worker: WorkerProcess, audio: DecodedAudio, words: Sequence[str]) -> tuple[WordGoodness | None, ...] | None:
    reply = worker.request({"words": list(words), "samples": len(audio.pcm) // 4}, audio.pcm)
    if "error" in reply:
        raise RuntimeError(reply["error"])
    return _decode(reply["goodness"])


class WorkerPocketsphinxAligner:
    """ports.speech.PronunciationAligner: pocketsphinx_alignment.PocketsphinxAligner, run in a few
    worker processes started on first use (or by `start()` at warm-up)."""

    def __init__(self, workers: int = WORKERS) -> None:
        self._size = max(1, workers)
        self._idle: queue.Queue[WorkerProcess | None] = queue.Queue()
        self._lock = threading.Lock()
        self._started = False

    def supports(self, language: str) -> bool:
        return language in LANGUAGES

    def start(self) -> None:
        """Start the workers and load the model in each (at app start, so no learner waits)."""
        with self._lock:
            if self._started:
                return
            self._started = True
            for _ in range(self._size):
                self._idle.put(self._new_worker())

    @staticmethod
    def _new_worker() -> WorkerProcess | None:
        try:
            return _start_worker()
        except (OSError, RuntimeError, ValueError):
            log.exception("could not start an alignment worker")
            return None

    def goodness(
        self, audio: DecodedAudio, words: Sequence[str], language: str
    ) -> tuple[WordGoodness | None, ...] | None:
        if language not in LANGUAGES or not words:
            return None
        self.start()
        try:
            worker = self._idle.get(timeout=WAIT_FOR_WORKER_SECONDS)
        except queue.Empty:
            log.warning(
                "no alignment worker free for %.0f s; this answer is scored without it", WAIT_FOR_WORKER_SECONDS
            )
            return None
        try:
            if worker is None:
                worker = self._new_worker()  # the last one failed: try a fresh one
            if worker is None:
                return None
            return _ask(worker, audio, words)
        except (OSError, RuntimeError, ValueError, KeyError, TypeError):
            log.exception("the alignment worker failed; this answer is scored without it")
            if worker is not None:
                worker.stop()
            worker = None
            return None
        finally:
            self._idle.put(worker)

    def worker_pids(self) -> list[int]:
        """The live workers' process ids (the benchmark reads their memory)."""
        with self._idle.mutex:
            return [w.process.pid for w in self._idle.queue if w is not None and w.alive()]

    def stop(self) -> None:
        with self._lock:
            while not self._idle.empty():
                worker = self._idle.get_nowait()
                if worker is not None:
                    worker.stop()
            self._started = False


def main() -> None:
    """The worker: load the model, then answer requests until stdin closes."""
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything the engines print goes to stderr, never into the replies
    sys.stdout = sys.stderr
    from worldspeak.adapters.pocketsphinx_alignment import PocketsphinxAligner, pocketsphinx_en

    pocketsphinx_en()
    aligner = PocketsphinxAligner()
    replies.write(b'{"ready": true}\n')
    replies.flush()
    requests = sys.stdin.buffer
    while True:
        line = requests.readline()
        if not line:
            return
        try:
            header = json.loads(line)
            pcm = requests.read(4 * int(header["samples"]))
            goodness = aligner.goodness(DecodedAudio(pcm), header["words"], "en")
            reply: dict[str, Any] = {"goodness": _encode(goodness)}
        except Exception as error:  # reported to the app, which scores the answer without goodness
            reply = {"error": f"{type(error).__name__}: {error}"[:300]}
        replies.write((json.dumps(reply) + "\n").encode())
        replies.flush()


if __name__ == "__main__":
    main()
