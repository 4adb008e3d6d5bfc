"""The generated set's lines: per language the expected line, a different line, the line with
words dropped, and the same request in another language (read by that language's voice)."""

from __future__ import annotations

# expected line, a different line, the line with words dropped, and the same request in another language
LINES: dict[str, dict[str, str]] = {
    "en": {
        "expected": "I would like a cup of coffee and a piece of cake, please.",
        "wrong_line": "The museum opens early on Sunday morning.",
        "dropped": "I would like coffee and cake.",
        "other_language": "Quiero una taza de café y un trozo de pastel, por favor.",
        "other_code": "es",
    },
    "es": {
        "expected": "Quiero un café con leche y un bocadillo, por favor.",
        "wrong_line": "El museo abre temprano los domingos por la mañana.",
        "dropped": "Quiero un café y un bocadillo.",
        "other_language": "I would like a coffee with milk and a sandwich, please.",
        "other_code": "en",
    },
    "fr": {
        "expected": "Je voudrais un café au lait et un croissant, s'il vous plaît.",
        "wrong_line": "Le musée ouvre tôt le dimanche matin.",
        "dropped": "Je voudrais un café et un croissant.",
        "other_language": "I would like a coffee with milk and a croissant, please.",
        "other_code": "en",
    },
    "de": {
        "expected": "Ich möchte einen Kaffee mit Milch und ein Stück Kuchen, bitte.",
        "wrong_line": "Das Museum öffnet am Sonntag schon früh am Morgen.",
        "dropped": "Ich möchte einen Kaffee und Kuchen.",
        "other_language": "I would like a coffee with milk and a piece of cake, please.",
        "other_code": "en",
    },
    "ja": {
        "expected": "駅までの道を教えてください。",
        "wrong_line": "明日の朝は雨が降るそうです。",
        "dropped": "道を教えてください。",
        "other_language": "Could you tell me the way to the station, please?",
        "other_code": "en",
    },
    "zh": {
        "expected": "我想要一杯咖啡和一个面包。",
        "wrong_line": "明天早上可能会下雨。",
        "dropped": "我想要咖啡。",
        "other_language": "I would like a cup of coffee and some bread, please.",
        "other_code": "en",
    },
}
LANGUAGES = tuple(LINES)
DEGRADATIONS = ("dropped", "wrong_line", "pauses", "tempo_0.6", "tempo_1.6", "noise", "other_language")
PAUSE_SECONDS = 1.2
NOISE_SNR_DB = 0.0
