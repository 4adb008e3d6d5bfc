"""WorldSpeak: speaking practice with an AI partner."""
