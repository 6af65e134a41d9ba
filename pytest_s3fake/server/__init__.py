"""The HTTP door: `S3Server` serves one `S3Fake` (its store, faults and journal) on a real socket.

`S3Fake.serve()` makes one; several can run at once, one per fake, whether or not the fake is also active
in-process. `app.py` turns HTTP into `attempt.Incoming`, `routes.py` finds botocore's operation name from
botocore's model, `auth.py` is the signature hook. See docs/server.md.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_s3fake.fake import S3Fake
    from pytest_s3fake.server.app import S3HTTPServer

log = logging.getLogger("pytest_s3fake.server")

#: An idle keep-alive connection is closed after this many seconds (S3 closes idle ones too).
IDLE_TIMEOUT = 20.0


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class S3Server:
    """A running HTTP endpoint for one fake: `with fake.serve() as server: ... server.endpoint_url`."""

    def __init__(self, fake: S3Fake, host: str = "127.0.0.1", port: int = 0, *,
                 idle_timeout: float = IDLE_TIMEOUT) -> None:
        self.fake = fake
        self.host = host
        self._port = port
        self.idle_timeout = idle_timeout
        self._httpd: S3HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def port(self) -> int:
        """The port bound (the one the OS chose, for port=0, once started)."""
        return self._port

    @property
    def endpoint_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._port}"

    @property
    def running(self) -> bool:
        return self._httpd is not None

    @property
    def loopback(self) -> bool:
        """Whether only this machine can reach the server."""
        return is_loopback(self.host)

    def start(self) -> S3Server:
        from pytest_s3fake.server.app import S3HTTPServer
        from pytest_s3fake.transport import DISPATCHER

        with self._lock:
            if self._httpd is not None:
                return self
            if not self.loopback:
                log.warning("pytest-s3fake serving on %s, which is not a loopback address: other machines "
                            "can reach this fake S3 (no signatures are checked by default)", self.host)
            httpd = S3HTTPServer((self.host, self._port), self.fake, idle_timeout=self.idle_timeout)
            self._port = httpd.server_address[1]
            self._httpd = httpd
            self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01},
                                            name=f"s3fake-server-{self._port}", daemon=True)
            self._thread.start()
            DISPATCHER.serve_over_http(self._port)
        return self

    def stop(self) -> None:
        from pytest_s3fake.transport import DISPATCHER

        with self._lock:
            httpd, thread = self._httpd, self._thread
            if httpd is None:
                return
            self._httpd = self._thread = None
            DISPATCHER.stop_serving(self._port)
            httpd.shutdown()
            httpd.server_close()
            if thread is not None:
                thread.join()

    def __enter__(self) -> S3Server:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<S3Server {state} {self.endpoint_url}>"
