"""English goodness of pronunciation (GOP) from the audio: pocketsphinx 5 forced alignment.

pocketsphinx 5.1.1 (BSD-2-Clause) ships the en-us acoustic model and the CMU dictionary inside
its wheel: nothing is downloaded. Three passes over the 16 kHz audio:

1. word alignment to the expected words (`set_align_text`): word boundaries, or a failure when
   the audio is not these words (another line, silence, noise, a beginner's attempt);
2. phone and state alignment inside them (`set_alignment`): each aligned phone's acoustic score;
3. an unconstrained phone loop (`allphone` search) over the same audio: the best score any
   phone sequence reaches on each frame. Its phone "language model" is a flat unigram over the
   model's phones, written at load: every phone may follow any other, as in Witt & Young. The
   wheel's trigram phone LM cost 2.3x as much (0.21 s against 0.09 s for a 5 s answer) and
   its search collapsed to a dozen phones over a sentence below a beam of 1e-25.

GOP after Witt & Young, per phone: (aligned score - phone-loop score over the same frames) /
frames, at most 0; a word's GOP is the mean of its phones'; `goodness` maps it to 0..1 linearly
between GOP_ZERO and GOP_FULL. Scores are pocketsphinx's integer acoustic log-likelihoods.

pocketsphinx normalises senone scores per frame by the best senone it evaluated, so the loop and
the alignment are not on exactly one scale (`compallsen` would put them on one, at +0.12-0.18 s
per pass for a 5 s answer: over the 1 s budget). The loop's segment scores also come out
positive now and then, which a normalised log-likelihood cannot be: its per-frame score is
clamped at 0. Measured on generated readings (piper joe, 8 lines read as written and with one
word substituted; one substituted reading did not align): words read as written had a GOP
median 0, 10th percentile -2 to -5, lowest -47; substituted words -52 to -94. The alignment alone
(no loop) separated them less (substituted words from -41, written ones down to -68).

Words missing from the CMU dictionary get a pronunciation from espeak-ng's IPA (the analyser's
phones) mapped to ARPAbet; a word whose IPA does not map is left out and gets None.

Both decoders load once per process, lazily and thread-safely (`offline_speech.warm_up` loads
them at start); each is used by one call at a time. pocketsphinx holds the GIL while it decodes,
so the audio is fed in short chunks: a concurrent recognition (CTranslate2) keeps running.
"""

from __future__ import annotations

import logging
import math
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from worldspeak.adapters.audio_decoding import samples_of
from worldspeak.adapters.offline_speech import _timed
from worldspeak.domain.speech import SAMPLE_RATE, DecodedAudio, PhoneGoodness, WordGoodness

log = logging.getLogger(__name__)

LANGUAGES = frozenset({"en"})
FRAMES_PER_SECOND = 100
# GOP per frame mapped to goodness: at or above GOP_FULL a word is fully good (1.0), at or below
# GOP_ZERO it is 0. Generated set: words read as written median 0, 10th percentile -2 to -5;
# substituted words -52 and below.
GOP_FULL = -8.0
GOP_ZERO = -50.0
# The phone loop scores every other frame (`ds` 2) with the best two Gaussians (`topn` 2): a
# third less time for the same separation on the generated set (written words' 10th percentile
# -2 against -5 at full cost, substituted words -52 against -53 and below).
PHONE_LOOP = {"beam": 1e-30, "pbeam": 1e-30, "ds": 2, "topn": 2}
# The en-us model's context-independent phones (its mdef, fillers left out).
PHONES = [
    "AA",
    "AE",
    "AH",
    "AO",
    "AW",
    "AY",
    "B",
    "CH",
    "D",
    "DH",
    "EH",
    "ER",
    "EY",
    "F",
    "G",
    "HH",
    "IH",
    "IY",
    "JH",
    "K",
    "L",
    "M",
    "N",
    "NG",
    "OW",
    "OY",
    "P",
    "R",
    "S",
    "SH",
    "SIL",
    "T",
    "TH",
    "UH",
    "UW",
    "V",
    "W",
    "Y",
    "Z",
    "ZH",
]
# The alignment with the best two Gaussians as well: the same separation, 15 % faster.
ALIGNMENT = {"topn": 2}
# 0.1 s of audio per decoder call: pocketsphinx holds the GIL for the whole call (measured: a
# Python thread ran at 2 % of its speed beside it), 0.1 s is about 2 ms of decoding.
CHUNK_SAMPLES = SAMPLE_RATE // 10
MIN_SECONDS = 0.2

# espeak-ng en-us IPA (no stress marks) to the CMU dictionary's ARPAbet, longest symbols first.
_IPA_TO_ARPABET = {
    "tʃ": "CH",
    "dʒ": "JH",
    "eɪ": "EY",
    "aɪ": "AY",
    "ɔɪ": "OY",
    "aʊ": "AW",
    "oʊ": "OW",
    "əʊ": "OW",
    "ɜː": "ER",
    "ɝ": "ER",
    "ɚ": "ER",
    "ɑː": "AA",
    "ɑ": "AA",
    "ɒ": "AA",
    "æ": "AE",
    "ʌ": "AH",
    "ə": "AH",
    "ɐ": "AH",
    "ɛ": "EH",
    "e": "EH",
    "ɪ": "IH",
    "ᵻ": "IH",
    "iː": "IY",
    "i": "IY",
    "ʊ": "UH",
    "uː": "UW",
    "u": "UW",
    "ɔː": "AO",
    "ɔ": "AO",
    "o": "OW",
    "a": "AA",
    "p": "P",
    "b": "B",
    "t": "T",
    "d": "D",
    "k": "K",
    "ɡ": "G",
    "g": "G",
    "f": "F",
    "v": "V",
    "θ": "TH",
    "ð": "DH",
    "s": "S",
    "z": "Z",
    "ʃ": "SH",
    "ʒ": "ZH",
    "h": "HH",
    "m": "M",
    "n": "N",
    "ŋ": "NG",
    "l": "L",
    "ɹ": "R",
    "r": "R",
    "j": "Y",
    "w": "W",
    "ɾ": "T",
    "ʔ": "T",
    "x": "K",
}
_IPA_IGNORED = set("ˈˌ-‿' \u0329\u0303")  # stress, links, syllabic and nasal marks


def arpabet_of(ipa: str) -> str | None:
    """ARPAbet for an espeak-ng en-us IPA string, or None when a symbol has no equivalent."""
    ipa = "".join(ch for ch in ipa if ch not in _IPA_IGNORED)
    phones: list[str] = []
    position = 0
    while position < len(ipa):
        for length in (2, 1):
            symbol = ipa[position : position + length]
            if len(symbol) == length and symbol in _IPA_TO_ARPABET:
                phone = _IPA_TO_ARPABET[symbol]
                if not (phones and phones[-1] == phone == "R"):  # espeak writes "bɑːɹɹɪstə"
                    phones.append(phone)
                position += length
                break
        else:
            if ipa[position] == "ː":  # a length mark after a symbol mapped on its own
                position += 1
                continue
            return None
    return " ".join(phones) or None


@dataclass
class _Decoders:
    align: Any  # pocketsphinx.Decoder in word/phone alignment mode (the bindings are untyped)
    loop: Any  # pocketsphinx.Decoder with the allphone search
    align_cmn: str
    loop_cmn: str
    align_lock: threading.Lock
    loop_lock: threading.Lock


@_timed("pocketsphinx_en")
def pocketsphinx_en() -> _Decoders:
    from pocketsphinx import Decoder, get_model_path

    model = get_model_path("en-us")
    common = {"hmm": f"{model}/en-us", "loglevel": "FATAL", "samprate": SAMPLE_RATE}
    align = Decoder(dict=f"{model}/cmudict-en-us.dict", lm=None, **ALIGNMENT, **common)
    with tempfile.TemporaryDirectory(prefix="worldspeak-phone-loop-") as folder:
        flat = f"{folder}/phones.arpa"
        with open(flat, "w", encoding="ascii") as out:
            out.write(flat_phone_lm(PHONES))
        loop = Decoder(allphone=flat, **PHONE_LOOP, **common)  # read whole at load
    return _Decoders(align, loop, align.get_cmn(), loop.get_cmn(), threading.Lock(), threading.Lock())


def flat_phone_lm(phones: Sequence[str]) -> str:
    """An ARPA unigram model in which every phone is equally likely after any other."""
    log10 = math.log10(1 / len(phones))
    entries = [f"{log10:.4f} {token} 0.0" for token in ("<s>", "</s>", *phones)]
    return "\\data\\\nngram 1={}\n\n\\1-grams:\n{}\n\n\\end\\\n".format(len(entries), "\n".join(entries))


def _decode(decoder, cmn: str, pcm16: bytes) -> None:
    # The front end (its noise estimate) and the cepstral means carry over from one utterance to
    # the next: each answer starts from the model's initial state, so its score does not depend
    # on who spoke before (after a slow 5 s reading the next clip's first words scored 5 lower).
    decoder.reinit_feat()
    decoder.set_cmn(cmn)
    decoder.start_utt()
    step = 2 * CHUNK_SAMPLES
    for offset in range(0, len(pcm16), step):
        decoder.process_raw(pcm16[offset : offset + step], full_utt=False)
    decoder.end_utt()


@dataclass(frozen=True)
class _AlignedPhone:
    name: str
    start: int  # frame
    frames: int  # frames scored (the utterance's very first state has no score of its own)
    score: int


@dataclass(frozen=True)
class _AlignedWord:
    word: str
    start: int
    end: int  # frame after the last
    phones: tuple[_AlignedPhone, ...]


def _is_filler(name: str) -> bool:
    return name.startswith(("<", "["))


class PocketsphinxAligner:
    """ports.speech.PronunciationAligner for English."""

    def supports(self, language: str) -> bool:
        return language in LANGUAGES

    def goodness(
        self, audio: DecodedAudio, words: Sequence[str], language: str
    ) -> tuple[WordGoodness | None, ...] | None:
        if language not in LANGUAGES or not words or audio.duration_seconds < MIN_SECONDS:
            return None
        decoders = pocketsphinx_en()
        samples = np.clip(samples_of(audio), -1.0, 1.0)
        pcm16 = (samples * 32767).astype("<i2").tobytes()
        with decoders.align_lock:
            spoken = self._in_dictionary(decoders.align, words)
            if not any(spoken):
                return None
            aligned = self._align(decoders, [w for w in spoken if w], pcm16)
        if aligned is None:
            return None
        with decoders.loop_lock:
            loop = self._phone_loop(decoders, pcm16)
        results: list[WordGoodness | None] = []
        found = iter(aligned)
        for word in spoken:
            results.append(_word_goodness(next(found), loop) if word else None)
        return tuple(results)

    @staticmethod
    def _in_dictionary(decoder, words: Sequence[str]) -> list[str | None]:
        """The dictionary form of each word ("" -> None when it cannot be pronounced), adding
        words the CMU dictionary lacks with espeak-ng's pronunciation."""
        spoken: list[str | None] = []
        for word in words:
            key = word.lower().strip()
            if not key or _is_filler(key) or " " in key:
                spoken.append(None)
                continue
            if decoder.lookup_word(key) is None:
                arpabet = _espeak_arpabet(key)
                if arpabet is None:
                    spoken.append(None)
                    continue
                decoder.add_word(key, arpabet, True)
            spoken.append(key)
        return spoken

    @staticmethod
    def _align(decoders: _Decoders, words: list[str], pcm16: bytes) -> list[_AlignedWord] | None:
        decoder = decoders.align
        try:
            decoder.set_align_text(" ".join(words))
            _decode(decoder, decoders.align_cmn, pcm16)
            if decoder.hyp() is None:
                return None  # the audio is not these words
            decoder.set_alignment()
            _decode(decoder, decoders.align_cmn, pcm16)
            alignment = decoder.get_alignment()
        except RuntimeError:  # "Final result does not match the grammar", "Alignment failed"
            return None
        if alignment is None:
            return None
        aligned: list[_AlignedWord] = []
        for entry in alignment:
            if _is_filler(entry.name):
                continue
            phones = []
            for phone in entry:
                states = [s for s in phone if s.start > 0]  # frame 0's state carries no score
                start = states[0].start if states else phone.start
                frames = sum(s.duration for s in states)
                phones.append(_AlignedPhone(phone.name, start, frames, sum(s.score for s in states)))
            aligned.append(_AlignedWord(entry.name, entry.start, entry.start + entry.duration, tuple(phones)))
        if [w.word.split("(")[0] for w in aligned] != words:
            log.warning("pocketsphinx aligned %s to %s", [w.word for w in aligned], words)
            return None
        return aligned

    @staticmethod
    def _phone_loop(decoders: _Decoders, pcm16: bytes) -> np.ndarray:
        """The unconstrained phone loop's acoustic score on each frame (at most 0)."""
        decoder = decoders.loop
        _decode(decoder, decoders.loop_cmn, pcm16)
        logmath = decoder.get_logmath()
        per_frame = np.zeros(decoder.n_frames() + 1, dtype=np.float64)
        for segment in decoder.seg():
            frames = segment.end_frame - segment.start_frame + 1
            if frames <= 0 or segment.ascore <= 0:
                continue
            score = logmath.log(segment.ascore) / frames
            per_frame[segment.start_frame : segment.end_frame + 1] = min(0.0, score)
        return per_frame


def _goodness_of(gop: float) -> float:
    return float(min(1.0, max(0.0, (gop - GOP_ZERO) / (GOP_FULL - GOP_ZERO))))


def _word_goodness(word: _AlignedWord, loop: np.ndarray) -> WordGoodness | None:
    phones: list[PhoneGoodness] = []
    gops: list[float] = []
    for phone in word.phones:
        if phone.frames <= 0:
            continue
        end = phone.start + phone.frames
        free = float(loop[phone.start : end].sum()) if phone.start < loop.size else 0.0
        gop = min(0.0, (phone.score - free) / phone.frames)
        gops.append(gop)
        phones.append(
            PhoneGoodness(
                phone.name,
                round(phone.start / FRAMES_PER_SECOND, 3),
                round(end / FRAMES_PER_SECOND, 3),
                round(_goodness_of(gop), 4),
            )
        )
    if not gops:
        return None
    gop = sum(gops) / len(gops)
    return WordGoodness(
        word=word.word.split("(")[0],
        start=round(word.start / FRAMES_PER_SECOND, 3),
        end=round(word.end / FRAMES_PER_SECOND, 3),
        goodness=round(_goodness_of(gop), 4),
        gop=round(gop, 2),
        phones=tuple(phones),
    )


def _espeak_arpabet(word: str) -> str | None:
    from worldspeak.adapters.offline_speech import OfflineSpeechAnalyser

    pairs = OfflineSpeechAnalyser().phonetic_words(word, "en")
    if len(pairs) != 1:
        return None
    return arpabet_of(pairs[0][1])
