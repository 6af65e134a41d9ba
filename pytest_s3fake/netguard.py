"""A socket-level guard: refuse connections to any address that is not loopback.

Used by no-network mode for the life of each test (so a presigned URL fetched with urllib or requests
fails at once instead of reaching AWS), and by this project's own suite. Loopback stays allowed: the
fake's HTTP server (`S3Fake.serve`) listens on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

HINT = (
    "pytest-s3fake no-network mode refuses connections to {address!r}: only loopback is allowed. "
    "A presigned URL or a plain HTTP client does not go through botocore, so the in-process fake cannot "
    "answer it; serve the fake over HTTP on 127.0.0.1 (`S3Fake.serve`) and point the URL or client there."
)


class NetworkBlockedError(OSError):
    """A socket connection to a non-loopback address while the guard is on."""


def _is_loopback(address: Any) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX paths and the like never leave the machine
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a name: resolving it is already a look-up we refuse


class Guard:
    """Patches `socket.socket.connect`/`connect_ex` and `socket.getaddrinfo` (a name other than
    `localhost` is refused before any DNS look-up) while on; `on()` and `off()` nest."""

    def __init__(self, hint: str = HINT) -> None:
        self.hint = hint
        self.refused: list[Any] = []
        self._depth = 0
        self._saved: tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]] | None = None

    def _check(self, address: Any) -> None:
        if not _is_loopback(address):
            self.refused.append(address)
            raise NetworkBlockedError(self.hint.format(address=address))

    def on(self) -> None:
        self._depth += 1
        if self._depth > 1:
            return
        connect, connect_ex, getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo
        guard = self

        def guarded_getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            if host is not None:
                name = host.decode() if isinstance(host, bytes) else str(host)
                guard._check((name, port))
            return getaddrinfo(host, port, *args, **kwargs)

        def guarded_connect(sock: socket.socket, address: Any) -> None:
            guard._check(address)
            connect(sock, address)

        def guarded_connect_ex(sock: socket.socket, address: Any) -> int:
            guard._check(address)
            result: int = connect_ex(sock, address)
            return result

        self._saved = (connect, connect_ex, getaddrinfo)
        socket.socket.connect = guarded_connect  # type: ignore[method-assign, assignment]
        socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign, assignment]
        socket.getaddrinfo = guarded_getaddrinfo

    def off(self) -> None:
        self._depth -= 1
        if self._depth == 0 and self._saved is not None:
            socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = self._saved  # type: ignore[method-assign]
            self._saved = None


#: The guard no-network mode turns on for each test.
GUARD = Guard()
