"""A local STUB of the OpenAI chat completions API (third-party HTTP), for the tutor adapter's tests.

Streams server-sent events like the real API. `mode` picks the behaviour:
  "schema"     a valid JSON answer, JSON-schema output accepted;
  "no_schema"  400 for response_format json_schema (a self-hosted server), then JSON mode works;
  "malformed"  streams text that is not JSON;
  "slow"       waits longer than the client's timeout before answering.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GOOD_ANSWER = {
    "reply": "Sure! What size would you like? We have small and large.",
    "reply_translation": "もちろん！サイズはどうしますか？",
    "corrected_sentence": "Yesterday I went to the café.",
    "explanation": "go の過去形は went です。",
    "vocabulary": [{"term": "size", "meaning": "サイズ"}],
    "on_topic": True,
    "finished": False,
}


class OpenAIStubServer:
    def __init__(self, mode: str = "schema", delay_seconds: float = 3.0) -> None:
        self.mode = mode
        self.delay_seconds = delay_seconds
        self.requests: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                return

            def do_POST(self):
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                stub.requests.append({"path": self.path, "body": body, "auth": self.headers.get("authorization")})
                response_format = (body.get("response_format") or {}).get("type")
                if stub.mode == "no_schema" and response_format == "json_schema":
                    self._json(400, {"error": {"message": "response_format json_schema is not supported",
                                               "type": "invalid_request_error"}})  # fmt: skip
                    return
                if stub.mode == "slow":
                    time.sleep(stub.delay_seconds)
                if not body.get("stream"):
                    self._json(200, {"id": "x", "object": "chat.completion", "created": 0, "model": "stub",
                                     "choices": [{"index": 0, "finish_reason": "stop",
                                                  "message": {"role": "assistant", "content": "翻訳です"}}]})  # fmt: skip
                    return
                content = "this is { not json" if stub.mode == "malformed" else json.dumps(GOOD_ANSWER)
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                for start in range(0, len(content), 7):
                    chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "stub",
                             "choices": [{"index": 0, "delta": {"content": content[start:start + 7]},
                                          "finish_reason": None}]}  # fmt: skip
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _json(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> OpenAIStubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
