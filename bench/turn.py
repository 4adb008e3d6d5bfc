"""Conversation-practice benchmark: what one turn costs on the local default (offline engines).

    python bench/turn.py            # figures for the table in the issue
    python bench/turn.py --quick    # fewer repetitions

It rebuilds its own database (worldspeak_bench_turn), makes learners with the local auth adapter,
and runs `services.practice` exactly as the pages do, with the real adapters: local PostgreSQL as
the learner (RLS), local audio storage, offline recognition, scoring, voices and partner. The
learner's audio is the app's own offline voice reading a line, padded to 5 s. It prints figures
and writes bench/results/turn.json; it asserts nothing.

What is measured (wall clock, this machine, cores shared with whatever else runs):
  typed overhead   take_typed_turn minus the partner's own time (measured around the tutor call);
                   no synthesis (that is the "speaking" figure below)
  spoken e2e       take_spoken_turn without synthesis: upload staging excluded (a file write),
                   decode, meter, store, recognise, score (with English pronunciation alignment),
                   partner reply text; free talk in en and es, and a scripted English turn
  first audio      end of the learner's speech -> the partner's first sentence stored, signed and
                   handed to the page (the reply is voiced sentence by sentence); "all audio" is
                   the whole turn with every sentence voiced
  openai (stub)    the same with the OpenAI tutor against a local stub that answers after a stated delay
  10 at once       10 learners taking spoken turns together: p95 turn latency, and the latency of an
                   11th learner's light service call (what a click costs) meanwhile
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

import os  # noqa: E402

os.environ.setdefault("WORLDSPEAK_DB_NAME", "worldspeak_bench_turn")

import numpy as np  # noqa: E402

from worldspeak import providers  # noqa: E402
from worldspeak.adapters.audio_decoding import decode_audio, samples_of  # noqa: E402
from worldspeak.adapters.local_data import LocalPostgres  # noqa: E402
from worldspeak.adapters.local_practice_data import LocalPracticeGateway  # noqa: E402
from worldspeak.adapters.local_storage import LocalAudioStorage  # noqa: E402
from worldspeak.adapters.offline_tutor import OfflineTutor  # noqa: E402
from worldspeak.adapters.speech_scorer import SpeechServiceScorer  # noqa: E402
from worldspeak.localstack import migrations  # noqa: E402
from worldspeak.localstack.cluster import local_cluster  # noqa: E402
from worldspeak.services import practice  # noqa: E402
from worldspeak.services.practice import PracticePorts  # noqa: E402
from worldspeak.settings import get_settings  # noqa: E402

LINES = {
    "en": "Hi, can I have a large latte and a blueberry muffin, please?",
    "es": "Hola, quiero un café con leche grande y una magdalena, por favor.",
}
# A scripted English turn: the seed's café script, whose first learner line the clip reads (its
# pronunciation alignment runs beside recognition, as the app does it).
CAFE_SCRIPT = "5c000000-0000-4000-8000-000000000001"
SCRIPT_LINE = "Can I have a latte, please?"


class TimedTutor:
    """Wraps the partner to measure its own time, so the service overhead can be stated without it."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name = inner.name
        self.last_seconds = 0.0

    def respond(self, request, on_sentence=None):
        started = time.perf_counter()
        try:
            return self.inner.respond(request, on_sentence)
        finally:
            self.last_seconds = time.perf_counter() - started

    def translate(self, text, source, target):
        return self.inner.translate(text, source, target)


def timed_first_clip(take_turn, *args) -> tuple[float, float]:
    """(seconds to the first partner clip, seconds to the end of the turn) of `take_turn(*args)`."""
    first: list[float] = []
    started = time.perf_counter()

    def on_clip(clip) -> None:
        if not first:
            first.append(time.perf_counter() - started)

    take_turn(*args, on_clip=on_clip)
    total = time.perf_counter() - started
    return (first[0] if first else float("nan")), total


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def wav_of(language: str, seconds: float = 5.0, text: str = "") -> bytes:
    import io
    import wave

    speech = providers.text_to_speech().synthesize(text or LINES[language], language)
    samples = samples_of(decode_audio(speech.audio))
    total = int(seconds * 16000)
    padded = np.zeros(total, dtype=np.float32)
    padded[: min(total, len(samples))] = samples[:total]
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes((np.clip(padded, -1, 1) * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--crowd-only", action="store_true", help="only the ten-learners-at-once figure")
    args = parser.parse_args()
    repeats = 10 if args.quick else 40
    spoken_repeats = 3 if args.quick else 8

    settings = get_settings()
    cluster = local_cluster(settings)
    cluster.start()
    migrations.reset(cluster, settings.db_name)
    pool = LocalPostgres(cluster.url(dbname=settings.db_name, user="authenticator"), settings.jwt_secret, max_size=20)
    from worldspeak.adapters.local_auth import LocalAuth

    auth = LocalAuth(pool, settings.jwt_secret, 3600, 30)
    gateway = LocalPracticeGateway(pool)
    storage = LocalAudioStorage(pool, Path(tempfile.mkdtemp(prefix="bench-turn-")), "bench-key")
    print("warming up the offline engines ...", flush=True)
    warm = time.perf_counter()
    stt, tts, scorer = (
        providers.speech_to_text(),
        providers.text_to_speech(),
        SpeechServiceScorer(providers.speech_analyser(), providers.pronunciation_aligner()),  # as the app builds it
    )
    providers.pronunciation_aligner().start()  # the app starts its workers at start-up too
    clips = {language: wav_of(language) for language in LINES}
    stt.transcribe(decode_audio(clips["en"]), "en")
    stt.transcribe(decode_audio(clips["es"]), "es")
    print(f"  models ready in {time.perf_counter() - warm:.1f} s", flush=True)

    def learner_ports(tutor=None, voice=True) -> PracticePorts:
        session = auth.sign_up(f"bench-{uuid.uuid4().hex[:12]}@example.com", "correct-horse-battery")
        with pool.as_service() as conn:  # a paid-size allowance: the bench must not hit the free limit
            conn.execute(
                "update subscriptions set monthly_seconds_limit = 360000 where user_id = %s", (session.user_id,)
            )
        return PracticePorts(
            access_token=session.access_token, data=gateway.for_learner(session.access_token), storage=storage,
            tutor=tutor or TimedTutor(OfflineTutor()), speech_to_text=stt, text_to_speech=tts if voice else None,
            scorer=scorer, decode=decode_audio,
        )  # fmt: skip

    results: dict[str, dict] = {}

    if args.crowd_only:
        ten_at_once(learner_ports, clips, results)
        print(json.dumps(results, indent=2))
        return
    # 1. typed turn overhead (partner time excluded), no synthesis
    ports = learner_ports(voice=False)
    conversation = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
    overheads, partner = [], []
    answers = ["Hi! A latte, please.", "Large, please.", "Yes, with oat milk.", "For here.", "By card, please."]
    for n in range(repeats):
        if n and n % 5 == 0:
            conversation = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
        started = time.perf_counter()
        practice.take_typed_turn(ports, conversation, answers[n % 5])
        total = time.perf_counter() - started
        partner.append(ports.tutor.last_seconds * 1000)
        overheads.append(total * 1000 - ports.tutor.last_seconds * 1000)
    results["typed_overhead_ms"] = {"p50": round(pct(overheads, 0.5), 1), "p95": round(pct(overheads, 0.95), 1),
                                    "partner_p50_ms_excluded": round(statistics.median(partner), 1), "n": repeats}  # fmt: skip

    # 2/3. spoken turns, en and es: reply text, and first partner audio
    for language in LINES:
        texts, audio_times, all_audio = [], [], []
        for _ in range(spoken_repeats):
            ports = learner_ports(voice=False)
            conversation = practice.start_conversation(ports, target_language=language, scenario="cafe_order")
            started = time.perf_counter()
            practice.take_spoken_turn(ports, conversation, clips[language], "audio/wav")
            texts.append(time.perf_counter() - started)
            voiced = learner_ports(voice=True)
            conversation = practice.start_conversation(voiced, target_language=language, scenario="cafe_order")
            first, total = timed_first_clip(
                practice.take_spoken_turn, voiced, conversation, clips[language], "audio/wav"
            )
            audio_times.append(first)
            all_audio.append(total)
        results[f"spoken_{language}_5s"] = {
            "reply_text_p50_s": round(statistics.median(texts), 2), "reply_text_max_s": round(max(texts), 2),
            "first_audio_p50_s": round(statistics.median(audio_times), 2),
            "first_audio_max_s": round(max(audio_times), 2),
            "all_audio_p50_s": round(statistics.median(all_audio), 2), "n": spoken_repeats,
        }  # fmt: skip

    # 3b. a scripted English turn (alignment beside recognition): reply text
    script_clip = wav_of("en", text=SCRIPT_LINE)
    texts = []
    for _ in range(spoken_repeats):
        ports = learner_ports(voice=False)
        conversation = practice.start_conversation(ports, target_language="en", script_id=CAFE_SCRIPT)
        started = time.perf_counter()
        practice.take_spoken_turn(ports, conversation, script_clip, "audio/wav")
        texts.append(time.perf_counter() - started)
    results["spoken_en_script_5s"] = {"reply_text_p50_s": round(statistics.median(texts), 2),
                                      "reply_text_max_s": round(max(texts), 2), "n": spoken_repeats}  # fmt: skip

    # 4. OpenAI tutor against the local stub, stated latency
    sys.path.insert(0, str(PROJECT_ROOT / "tests" / "practice"))
    import openai
    from openai_stub import OpenAIStubServer

    from worldspeak.adapters.openai_tutor import OpenAITutor

    stub_delay = 0.4
    with OpenAIStubServer("slow", delay_seconds=stub_delay) as stub:
        client = openai.OpenAI(api_key="stub", base_url=stub.base_url, timeout=10, max_retries=0)
        times, totals = [], []
        for _ in range(spoken_repeats):
            ports = learner_ports(tutor=OpenAITutor(client, "stub", 10), voice=True)
            conversation = practice.start_conversation(ports, target_language="en", scenario="cafe_order")
            first, total = timed_first_clip(practice.take_spoken_turn, ports, conversation, clips["en"], "audio/wav")
            times.append(first)
            totals.append(total)
    results["openai_stub_first_audio_s"] = {"p50": round(statistics.median(times), 2), "max": round(max(times), 2),
                                            "all_audio_p50": round(statistics.median(totals), 2),
                                            "stub_latency_s": stub_delay, "n": spoken_repeats}  # fmt: skip

    ten_at_once(learner_ports, clips, results)

    out = PROJECT_ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "turn.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))
    pool.close()


def ten_at_once(learner_ports, clips, results) -> None:
    """Ten learners taking spoken turns together, and an eleventh who only clicks meanwhile."""
    crowd = [learner_ports(voice=True) for _ in range(10)]
    rooms = [practice.start_conversation(p, target_language="en", scenario="cafe_order") for p in crowd]
    clicker = learner_ports(voice=False)
    clicker_room = practice.start_conversation(clicker, target_language="en", scenario="cafe_order")
    latencies: list[float] = []
    clicks: list[float] = []
    done = threading.Event()

    failures: list[str] = []

    def speak(index: int) -> None:
        started = time.perf_counter()
        try:
            practice.take_spoken_turn(crowd[index], rooms[index], clips["en"], "audio/wav")
        except practice.TurnFailed as failure:  # a step's timeout: the learner would see Retry
            failures.append(f"{failure.step}: {failure.detail}")
            return
        latencies.append(time.perf_counter() - started)

    def click() -> None:
        while not done.is_set():
            started = time.perf_counter()
            practice.conversation_view(clicker, clicker_room, sign_audio=True)
            clicks.append((time.perf_counter() - started) * 1000)
            time.sleep(0.1)

    clicking = threading.Thread(target=click)
    clicking.start()
    threads = [threading.Thread(target=speak, args=(i,)) for i in range(10)]
    wall = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    clicking.join()
    results["ten_at_once"] = {
        "completed": len(latencies), "failed": failures,
        "step_timeouts_s": practice.STEP_TIMEOUT_SECONDS,
        "turn_p95_s": round(pct(latencies, 0.95), 2) if latencies else None,
        "turn_p50_s": round(statistics.median(latencies), 2) if latencies else None,
        "wall_s": round(time.perf_counter() - wall, 2),
        "eleventh_click_p50_ms": round(statistics.median(clicks), 1), "eleventh_click_p95_ms": round(pct(clicks, 0.95), 1),
        "clicks": len(clicks),
    }  # fmt: skip


if __name__ == "__main__":
    main()
