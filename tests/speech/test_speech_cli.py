"""`python -m worldspeak speech transcribe|say|score`: JSON out, one-line errors, non-zero exits."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from worldspeak.cli import main
from worldspeak.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def spoken_files(tmp_path_factory, engines):
    """An Ogg/Opus answer made by `speech say`, and a text file pretending to be audio."""
    folder = tmp_path_factory.mktemp("cli")
    answer = folder / "answer.ogg"
    assert main(["speech", "say", "Quiero un café con leche, por favor.", "--language", "es", "-o", str(answer)]) == 0
    bogus = folder / "notes.webm"
    bogus.write_text("not a recording")
    return answer, bogus


def _json(capsys):
    return json.loads(capsys.readouterr().out)


def test_say_writes_playable_audio_at_a_rate(tmp_path, capsys, engines):
    from worldspeak.adapters.audio_decoding import decode_audio

    normal, slow = tmp_path / "normal.ogg", tmp_path / "slow.wav"
    assert main(["speech", "say", "Guten Morgen, wie geht es dir?", "--language", "de", "-o", str(normal)]) == 0
    reported = _json(capsys)
    assert reported["mime_type"] == "audio/ogg"
    assert (
        main(["speech", "say", "Guten Morgen, wie geht es dir?", "--language", "de", "--rate", "0.5", "-o", str(slow)])
        == 0
    )
    assert _json(capsys)["mime_type"] == "audio/wav"
    assert slow.read_bytes()[:4] == b"RIFF"
    ratio = decode_audio(slow.read_bytes()).duration_seconds / decode_audio(normal.read_bytes()).duration_seconds
    assert ratio == pytest.approx(2.0, rel=0.06)


def test_transcribe_prints_text_words_and_language(spoken_files, capsys):
    answer, _ = spoken_files
    assert main(["speech", "transcribe", str(answer), "--language", "es"]) == 0
    result = _json(capsys)
    assert "café" in result["text"].lower()
    assert result["language"] == "es"
    assert result["words"][0]["start"] >= 0 and "confidence" in result["words"][0]


def test_score_prints_every_sub_score_words_reasons_and_time(spoken_files, capsys):
    answer, _ = spoken_files
    code = main(
        ["speech", "score", str(answer), "--expected", "Quiero un café con leche, por favor.", "--language", "es"]
    )
    assert code == 0
    result = _json(capsys)
    for name in ("fluency", "accuracy", "completeness", "pronunciation", "script_adherence", "overall"):
        assert 0 <= result[name]["score"] <= 100 and result[name]["reason"]
    assert result["overall"]["score"] >= 80
    assert [w["expected"] for w in result["words"]][:2] == ["quiero", "un"]
    assert result["seconds_taken"] > 0 and "decode" in result["timings"]


def test_score_batch_prints_one_result_per_line(spoken_files, tmp_path, capsys):
    answer, bogus = spoken_files
    batch = tmp_path / "answers.jsonl"
    batch.write_text(
        "\n".join(
            [
                json.dumps(
                    {"audio": str(answer), "expected": "Quiero un café con leche, por favor.", "language": "es"}
                ),
                json.dumps({"audio": str(answer), "expected": "El museo abre temprano.", "language": "es"}),
                json.dumps({"audio": str(bogus), "expected": "Hola.", "language": "es"}),
                "{not json",
            ]
        )
    )
    code = main(["speech", "score", "--batch", str(batch)])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1  # two bad lines
    assert [line["line"] for line in lines] == [1, 2, 3, 4]
    assert lines[0]["overall"]["score"] > lines[1]["overall"]["score"]
    assert lines[2]["error"] == "not_audio"
    assert lines[3]["error"] == "invalid_value"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["transcribe", "{bogus}"], "not_audio"),
        (["transcribe", "/no/such/file.webm"], "invalid_value"),
        (["transcribe", "{answer}", "--language", "it"], "language_unsupported"),
        (["say", "Ciao", "--language", "it", "-o", "/tmp/x.ogg"], "language_unsupported"),
        (["say", "Hello", "--language", "en", "--rate", "3", "-o", "/tmp/x.ogg"], "invalid_value"),
        (["score", "--language", "en"], "invalid_value"),
    ],
)
def test_bad_input_gets_one_line_and_a_non_zero_exit(spoken_files, capsys, args, code):
    answer, bogus = spoken_files
    argv = ["speech", *(a.format(answer=answer, bogus=bogus) for a in args)]
    assert main(argv) != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {code}"), captured.err


def test_a_real_process_prints_no_trace(tmp_path):
    bogus = tmp_path / "answer.mp4"
    bogus.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(100))
    result = subprocess.run(
        [sys.executable, "-m", "worldspeak", "speech", "score", str(bogus), "--expected", "Hi", "--language", "en"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: not_audio") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
