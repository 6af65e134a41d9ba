"""The floor for the HTTP door: a server that answers every request with bytes recorded from ours.

It reads a request (head, then Content-Length bytes; `Expect: 100-continue` answered) and writes back
the response our server gave for the same call, so a client timed against it pays everything but an
S3 server: its own serialisation, signing, HTTP on loopback and parsing of the same response. A row's
`ours / floor` is then what our server costs on top of the client, and `moto / floor` bounds the best
ratio against moto any server could show on that row.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any


class Replay:
    """A loopback server replaying one recorded response; `record()` captures it from our server."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.response = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
        self.endpoint_url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        buffer = b""
        with conn:
            while True:
                while b"\r\n\r\n" not in buffer:
                    data = conn.recv(1 << 16)
                    if not data:
                        return
                    buffer += data
                head, _, rest = buffer.partition(b"\r\n\r\n")
                length, expect = 0, False
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                    elif name.strip().lower() == b"expect":
                        expect = True
                if expect and len(rest) < length:
                    conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
                while len(rest) < length:
                    data = conn.recv(1 << 16)
                    if not data:
                        return
                    rest += data
                buffer = rest[length:]
                conn.sendall(self.response)

    @contextlib.contextmanager
    def record(self) -> Iterator[None]:
        """Inside this block, the last response our server writes becomes the one replayed."""
        from pytest_s3fake.server import app

        original: Callable[..., Any] = app.S3RequestHandler._write

        def tap(handler: Any, status: int, headers: Any, body: bytes) -> None:
            lines = [f"HTTP/1.1 {status} OK", *(f"{name}: {value}" for name, value in headers.items())]
            self.response = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
            original(handler, status, headers, body)

        app.S3RequestHandler._write = tap  # type: ignore[method-assign]
        try:
            yield
        finally:
            app.S3RequestHandler._write = original  # type: ignore[method-assign]

    def close(self) -> None:
        self.sock.close()
