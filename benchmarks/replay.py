"""The floor for the HTTP door: a server that answers every request with bytes recorded from ours.

It reads a request (head, then Content-Length bytes; `Expect: 100-continue` answered) and writes back
the response our server gave for the same call, so a client timed against it pays everything but an
S3 server: its own serialisation, signing, HTTP on loopback and parsing of the same response. A row's
`ours / floor` is then what our server costs on top of the client, and `moto / floor` bounds the best
ratio against moto any server could show on that row.

A recording keeps each response under its request's method, target and Range, so a client that makes
several requests (pyarrow reading a file: HEADs, then ranged GETs) gets each its own answer when it asks
the same again; a request not recorded gets the last response recorded.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any


class Replay:
    """A loopback server replaying recorded responses; `record()` captures them from our server."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.response = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
        self.responses: dict[tuple[str, str, str], bytes] = {}
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
        buffer = bytearray()  # grows in place: a 5 MB part arrives in 80 pieces

        def fill(size: int) -> bool:
            """At least `size` bytes in the buffer; False when the client has gone."""
            while len(buffer) < size:
                data = conn.recv(1 << 20)
                if not data:
                    return False
                buffer.extend(data)
            return True

        def line() -> bytes | None:
            while (end := buffer.find(b"\r\n")) < 0:
                if not fill(len(buffer) + 1):
                    return None
            found = bytes(buffer[:end])
            del buffer[: end + 2]
            return found

        with conn:
            while True:
                request_line = line()
                if not request_line:
                    return
                length, expect, chunked, byte_range = 0, False, False, ""
                while field := line():
                    name, _, value = field.partition(b":")
                    name = name.strip().lower()
                    if name == b"content-length":
                        length = int(value)
                    elif name == b"expect":
                        expect = True
                    elif name == b"transfer-encoding":
                        chunked = b"chunked" in value.lower()
                    elif name == b"range":
                        byte_range = value.strip().decode("latin-1")
                if field is None:
                    return
                method, target = request_line.decode("latin-1").split(" ")[:2]
                if expect:
                    conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
                if chunked:  # chunks until the zero-size one, then trailer fields until a blank line
                    while (size_line := line()) is not None and (size := int(size_line.split(b";")[0], 16)):
                        if not fill(size + 2):
                            return
                        del buffer[: size + 2]
                    while line():
                        pass
                else:
                    if not fill(length):
                        return
                    del buffer[:length]
                conn.sendall(self.responses.get((method, target, byte_range), self.response))

    @contextlib.contextmanager
    def record(self) -> Iterator[None]:
        """Inside this block, the responses our server writes become the ones replayed (those of an
        earlier recording are forgotten)."""
        from pytest_s3fake.server import app

        original: Callable[..., Any] = app.S3RequestHandler._write
        self.responses = {}

        def tap(handler: Any, status: int, headers: Any, body: bytes | memoryview) -> None:
            lines = [f"HTTP/1.1 {status} OK", *(f"{name}: {value}" for name, value in headers.items())]
            self.response = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + bytes(body)
            self.responses[handler.command, handler.path, handler.fields.get("range", "")] = self.response
            original(handler, status, headers, body)

        app.S3RequestHandler._write = tap  # type: ignore[method-assign]
        try:
            yield
        finally:
            app.S3RequestHandler._write = original  # type: ignore[method-assign]

    def close(self) -> None:
        self.sock.close()
