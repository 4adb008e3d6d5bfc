"""Decoding what browsers upload (made here with Debian's ffmpeg), and every bad-audio code."""

from __future__ import annotations

import io
import subprocess
import wave

import numpy as np
import pytest

from worldspeak.adapters.audio_decoding import (
    MAX_AUDIO_BYTES,
    decode_audio,
    encode_ogg_opus,
    samples_of,
    time_stretch,
)
from worldspeak.domain.errors import InputError

SECONDS = 2.5


def _tone_wav(seconds: float = SECONDS, rate: int = 44_100, amplitude: float = 0.3, channels: int = 2) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    # A vowel-like sound: 180 Hz with harmonics, amplitude-modulated like syllables.
    signal = sum(np.sin(2 * np.pi * 180 * k * t) / k for k in range(1, 6)) * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t))
    if signal.size:
        signal = amplitude * signal / np.max(np.abs(signal)) if amplitude else signal * 0
    frames = np.repeat((signal * 32767).astype("<i2")[:, None], channels, axis=1)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as handle:
        handle.setnchannels(channels)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(frames.tobytes())
    return buffer.getvalue()


def _ffmpeg(source: bytes, *args: str) -> bytes:
    """Encode with the ffmpeg command, reading a WAV on stdin and writing to stdout (a pipe: no
    seeking back, so webm gets no duration or cues, like Chrome's MediaRecorder)."""
    result = subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "wav", "-i", "pipe:0", *args, "pipe:1"],
        input=source,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout


FORMATS = {
    "webm_opus_no_duration": ("-c:a", "libopus", "-f", "webm"),
    "mp4_aac_fragmented": ("-c:a", "aac", "-movflags", "frag_keyframe+empty_moov+default_base_moof", "-f", "mp4"),
    "ogg_opus": ("-c:a", "libopus", "-f", "ogg"),
    "ogg_vorbis": ("-c:a", "libvorbis", "-f", "ogg"),
    "mp3": ("-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3"),
    "wav_8k_mono": ("-ar", "8000", "-ac", "1", "-f", "wav"),
}


@pytest.fixture(scope="module")
def source_wav() -> bytes:
    return _tone_wav()


@pytest.mark.parametrize("name", FORMATS)
def test_browser_formats_decode_to_16k_mono_with_the_true_duration(source_wav, name):
    upload = _ffmpeg(source_wav, *FORMATS[name])
    audio = decode_audio(upload)
    assert audio.sample_rate == 16_000
    samples = samples_of(audio)
    assert samples.dtype == np.float32 and samples.ndim == 1
    # Counted from the samples; codec padding (AAC priming, Opus pre-skip) allows a few frames.
    assert abs(audio.duration_seconds - SECONDS) < 0.08, audio.duration_seconds
    assert 0.1 < float(np.max(np.abs(samples))) <= 1.0


def test_plain_mp4_aac_decodes(source_wav, tmp_path):
    # A non-fragmented mp4 needs a seekable output (its index is written at the end).
    target = tmp_path / "answer.m4a"
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "wav", "-i", "pipe:0", "-c:a", "aac", str(target)],
        input=source_wav,
        check=True,
        timeout=60,
    )
    assert abs(decode_audio(target.read_bytes()).duration_seconds - SECONDS) < 0.08


def test_wav_decodes_without_ffmpeg(source_wav):
    assert abs(decode_audio(source_wav).duration_seconds - SECONDS) < 0.01


def test_the_encoder_makes_ogg_opus_that_decodes_back():
    samples = samples_of(decode_audio(_tone_wav()))
    encoded = encode_ogg_opus(samples, 16_000)
    assert encoded[:4] == b"OggS" and b"OpusHead" in encoded[:100]
    assert abs(decode_audio(encoded).duration_seconds - SECONDS) < 0.03


@pytest.mark.parametrize("rate", [0.5, 1.0, 1.5, 2.0])
def test_time_stretch_scales_the_length_exactly(rate):
    samples = samples_of(decode_audio(_tone_wav()))
    stretched = time_stretch(samples, 16_000, rate)
    assert abs(stretched.size / 16_000 - SECONDS / rate) < 0.03


# --- every bad-audio code --------------------------------------------------------------------


def _code(data: bytes, **limits) -> str:
    with pytest.raises(InputError) as error:
        decode_audio(data, **limits)
    return error.value.code


def test_text_is_not_audio():
    assert _code(b"hello, this is not a recording\n" * 20) == "not_audio"


def test_a_corrupt_header_is_not_audio(source_wav):
    mp4 = _ffmpeg(source_wav, *FORMATS["mp4_aac_fragmented"])
    assert _code(b"\x00" * 64 + mp4[64:]) == "not_audio"
    assert _code(b"RIFF\xff\xff\xff\xffWAVEjunk" + bytes(200)) == "not_audio"


def test_an_image_is_not_audio():
    png = b"\x89PNG\r\n\x1a\n" + bytes(500)
    assert _code(png) == "not_audio"


def test_no_bytes_is_empty():
    assert _code(b"") == "audio_empty"


def test_a_valid_file_with_no_samples_is_empty():
    assert _code(_tone_wav(seconds=0)) == "audio_empty"


def test_digital_silence_is_silent():
    assert _code(_tone_wav(amplitude=0)) == "audio_silent"


def test_over_sixty_seconds_is_too_long():
    long_wav = _tone_wav(seconds=61, rate=16_000, channels=1)
    assert len(long_wav) < MAX_AUDIO_BYTES
    assert _code(long_wav) == "audio_too_long"
    assert decode_audio(_tone_wav(seconds=59, rate=16_000, channels=1)).duration_seconds == pytest.approx(59, abs=0.01)


def test_over_ten_megabytes_is_too_large():
    assert _code(b"\x00" * (MAX_AUDIO_BYTES + 1)) == "audio_too_large"
    assert _code(_tone_wav(), max_bytes=1000) == "audio_too_large"


def test_the_limits_are_parameters():
    assert _code(_tone_wav(seconds=3), max_seconds=2) == "audio_too_long"
