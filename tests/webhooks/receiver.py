"""A real HTTP receiver on loopback, as a canton's system would run one.

It verifies each message's signature on its own, from the Standard Webhooks specification and
not with the platform's code: base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>")), the key being
the base64 after `whsec_`, any one of the space-separated `v1,` signatures matching suffices.
It records every message it received (before answering, so a message whose answer never
arrived is recorded too), and dedupes by `webhook-id` as the specification asks receivers to.
"""

import base64
import hashlib
import hmac
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def verify(*, secret: str, headers: dict[str, str], body: bytes, tolerance: int = 300) -> bool:
    message_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    if not message_id or not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    key = base64.b64decode(secret.split("_", 1)[1])
    expected = base64.b64encode(
        hmac.new(key, message_id.encode() + b"." + timestamp.encode() + b"." + body, hashlib.sha256).digest()
    ).decode()
    for candidate in headers.get("webhook-signature", "").split(" "):
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False


@dataclass
class Received:
    message_id: str
    headers: dict[str, str]
    body: bytes
    path: str


@dataclass
class Receiver:
    port: int = 0
    status: int = 204
    delay: float = 0.0
    location: str = ""
    messages: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "/hooks/ksmm") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def accepted_ids(self) -> list[str]:
        """The ids accepted after dedupe, in order of first arrival."""
        seen: dict[str, None] = {}
        for message in list(self.messages):
            seen.setdefault(message.message_id, None)
        return list(seen)


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {name.lower(): value for name, value in self.headers.items()}
            with receiver.lock:
                receiver.messages.append(
                    Received(message_id=headers.get("webhook-id", ""), headers=headers, body=body, path=self.path)
                )
            if receiver.delay:
                time.sleep(receiver.delay)
            self.send_response(receiver.status)
            if receiver.location:
                self.send_header("Location", receiver.location)
            self.send_header("Content-Length", "10")
            self.end_headers()
            self.wfile.write(b"not stored")

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@contextmanager
def running_receiver(**options: object) -> Iterator[Receiver]:
    receiver = Receiver(**options)  # type: ignore[arg-type]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    receiver.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
