"""Mandarin transcripts in Simplified characters, as WorldSpeak teaches it (scripts, scenario
graphs and voices are all Simplified).

Whisper (the offline base model, and OpenAI's) often writes what it hears in Traditional
characters ("拿鐵。謝謝。" for 拿铁，谢谢): shown to a learner of Simplified, and compared with
Simplified lines, every such character would count as a mistake the learner never made. OpenCC's
phrase-aware Traditional-to-Simplified table converts them; it changes the script, never the words.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from worldspeak.domain.speech import WordTiming

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    with _lock:  # one converter for the process; OpenCC objects are not documented as thread-safe
        return str(_converter().convert(text))


def simplified_words(words: tuple[WordTiming, ...], language: str) -> tuple[WordTiming, ...]:
    """The words as heard, Chinese ones in Simplified characters (other languages unchanged)."""
    if language != "zh":
        return words
    return tuple(WordTiming(simplified(w.text), w.start, w.end, w.confidence) for w in words)
