"""Audio in and out, in one place: the learner's upload to 16 kHz mono, and speech to Ogg/Opus.

PyAV decodes in-process (libav* inside the `av` wheel): about 5-10x faster than pydub, which
starts an ffmpeg process per clip (figures in `bench/speech.py`). It reads Chrome's webm/opus
(also streams with no duration in the header), Safari's mp4/aac (also fragmented), ogg, wav and
mp3. The duration is always counted from the decoded samples, never taken from the container.
"""

from __future__ import annotations

import io
from fractions import Fraction

import av
import numpy as np

from worldspeak.domain.errors import InputError
from worldspeak.domain.speech import MAX_RATE, MIN_RATE, SAMPLE_RATE, DecodedAudio

MAX_AUDIO_BYTES = 10 * 1024 * 1024
MAX_AUDIO_SECONDS = 60.0
# Peak below this (-54 dBFS) is a muted microphone or room tone, not a voice.
SILENT_PEAK = 0.002
OPUS_SAMPLE_RATE = 48_000
OPUS_BITRATE = 32_000


def decode_audio(data: bytes, max_bytes: int = MAX_AUDIO_BYTES, max_seconds: float = MAX_AUDIO_SECONDS) -> DecodedAudio:
    """Any supported upload as 16 kHz mono float32 PCM; InputError with the code the UI shows."""
    if not data:
        raise InputError("audio_empty", "no bytes")
    if len(data) > max_bytes:
        raise InputError("audio_too_large", f"{len(data)} bytes > {max_bytes}")
    samples = _decode(data, max_samples=int(max_seconds * SAMPLE_RATE) + 1)
    if samples.size == 0:
        raise InputError("audio_empty", "no samples decoded")
    if samples.size > max_seconds * SAMPLE_RATE:
        raise InputError("audio_too_long", f"more than {max_seconds:g} s")
    if float(np.max(np.abs(samples))) < SILENT_PEAK:
        raise InputError("audio_silent", "peak below the silence threshold")
    return DecodedAudio(samples.astype("<f4").tobytes())


def samples_of(audio: DecodedAudio) -> np.ndarray:
    """The PCM as a float32 array (a view, no copy)."""
    return np.frombuffer(audio.pcm, dtype="<f4")


def audio_of(samples: np.ndarray) -> DecodedAudio:
    return DecodedAudio(np.asarray(samples, dtype="<f4").tobytes())


def _decode(data: bytes, max_samples: int) -> np.ndarray:
    try:
        container = av.open(io.BytesIO(data), mode="r")
    except (av.error.FFmpegError, ValueError, IndexError) as error:
        raise InputError("not_audio", f"unreadable: {error}") from error
    try:
        if not container.streams.audio:
            raise InputError("not_audio", "no audio stream")
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        chunks: list[np.ndarray] = []
        total = 0
        try:
            for frame in container.decode(stream):
                frame.pts = None  # fragmented mp4 and webm without cues carry odd timestamps
                for out in resampler.resample(frame):
                    chunk = out.to_ndarray().reshape(-1)
                    chunks.append(chunk)
                    total += chunk.size
                if total > max_samples:
                    break  # too long already: stop decoding, the caller refuses it
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
        except av.error.FFmpegError as error:
            if total == 0:
                raise InputError("not_audio", f"undecodable: {error}") from error
            # A truncated tail (the recorder stopped mid-packet) keeps what decoded.
        return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
    finally:
        container.close()


def encode_ogg_opus(samples: np.ndarray, sample_rate: int) -> bytes:
    """Mono float32 samples as Ogg/Opus (what every current browser plays), 32 kbit/s."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=OPUS_SAMPLE_RATE)
        stream.bit_rate = OPUS_BITRATE
        stream.layout = "mono"
        resampler = av.AudioResampler(format="s16", layout="mono", rate=OPUS_SAMPLE_RATE)
        frame = _frame(samples, sample_rate)
        for out in [*resampler.resample(frame), *resampler.resample(None)]:
            out.pts = None
            for packet in stream.encode(out):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


def time_stretch(samples: np.ndarray, sample_rate: int, rate: float) -> np.ndarray:
    """Speed up or slow down by `rate` keeping the pitch (ffmpeg's atempo, in-process)."""
    if not MIN_RATE <= rate <= MAX_RATE:
        raise ValueError(f"rate {rate} outside {MIN_RATE}-{MAX_RATE}")
    if abs(rate - 1.0) < 1e-3 or samples.size == 0:
        return samples
    graph = av.filter.Graph()
    source = graph.add_abuffer(format="flt", sample_rate=sample_rate, layout="mono", time_base=Fraction(1, sample_rate))
    tempo = graph.add("atempo", str(rate))
    sink = graph.add("abuffersink")
    source.link_to(tempo)
    tempo.link_to(sink)
    graph.configure()
    out: list[np.ndarray] = []
    step = 4096
    for offset in range(0, samples.size, step):
        frame = _frame(samples[offset : offset + step], sample_rate)
        frame.pts = offset
        graph.push(frame)
        out.extend(_drain(graph))
    graph.push(None)
    out.extend(_drain(graph))
    return np.concatenate(out) if out else np.zeros(0, dtype=np.float32)


def _drain(graph) -> list[np.ndarray]:
    chunks: list[np.ndarray] = []
    while True:
        try:
            frame = graph.pull()
        except (av.error.BlockingIOError, av.error.EOFError):
            return chunks
        chunks.append(frame.to_ndarray().reshape(-1).astype(np.float32))


def _frame(samples: np.ndarray, sample_rate: int) -> av.AudioFrame:
    array = np.ascontiguousarray(samples, dtype=np.float32).reshape(1, -1)
    frame = av.AudioFrame.from_ndarray(array, format="flt", layout="mono")
    frame.sample_rate = sample_rate
    return frame


def resample(samples: np.ndarray, from_rate: int, to_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Mono float32 at another sample rate (libswresample)."""
    if from_rate == to_rate:
        return np.asarray(samples, dtype=np.float32)
    resampler = av.AudioResampler(format="flt", layout="mono", rate=to_rate)
    frame = _frame(samples, from_rate)
    chunks = [out.to_ndarray().reshape(-1) for out in [*resampler.resample(frame), *resampler.resample(None)]]
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
