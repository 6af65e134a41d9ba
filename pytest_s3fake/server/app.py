"""The HTTP door: one HTTP/1.1 request on a socket -> `attempt.Incoming` -> route -> `attempt.respond`
-> bytes on the socket.

Built on the standard library's `http.server` (a thread per connection; docs/server.md says why): it
keeps connections alive and times idle ones out. This module reads the request head (without the email
package http.server would use), answers `Expect: 100-continue`, reads the body (Content-Length or
chunked transfer encoding; `aws-chunked`
framing inside it is the wire layer's job, as in-process), finds the operation (`routes.py`), calls the
auth hook (`auth.py`), and writes the Reply: the response after its delay, or, for an injected network
error, a connection reset with nothing written. A client that disconnects before its body is complete
is never answered, so nothing it sent is stored.
"""

from __future__ import annotations

import http.client
import io
import socket
import struct
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from pytest_s3fake import attempt, bodies, unframing, values
from pytest_s3fake.errors import S3Error
from pytest_s3fake.errors.codes import BadRequest, MethodNotAllowed, RequestHeaderSectionTooLarge
from pytest_s3fake.server import auth, cors, routes
from pytest_s3fake.server.chunked import Incomplete, TransferChunks
from pytest_s3fake.wire import Request, Response, split_url

if TYPE_CHECKING:
    from pytest_s3fake.fake import S3Fake

#: S3's limit on the header section (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonRequestHeaders.html
#: says 8 KB for user metadata; the whole section is refused past this).
MAX_HEADER_BYTES = 16 * 1024
#: How much of a chunked upload's declared size is allocated before its bytes arrive (the rest grows).
_AHEAD = 64 << 20
_REASONS = {code: phrase for code, phrase in http.client.responses.items()}


def _field_text(raw: bytes) -> str:
    """A header line's text: UTF-8 when it is valid UTF-8 (what botocore, the SDKs and browsers send for a
    value beyond ASCII, such as user metadata; the in-process door sees the same text), else Latin-1."""
    if raw.isascii():
        return raw.decode("ascii")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("iso-8859-1")


def _field_bytes(line: str) -> bytes:
    """A response header line as Latin-1 when it can be (a Python client reads headers as Latin-1, and so
    reads what the in-process door hands botocore), else as UTF-8."""
    try:
        return line.encode("latin-1")
    except UnicodeEncodeError:
        return line.encode("utf-8")


class _BadLength(Exception):
    """A Content-Length that is not a non-negative integer."""


class S3HTTPServer(ThreadingHTTPServer):
    """A threaded HTTP server answering from one fake."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], fake: S3Fake, *, idle_timeout: float) -> None:
        self.fake = fake
        self.idle_timeout = idle_timeout
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, S3RequestHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection that broke mid-request is the client's business; anything else is a bug, shown."""
        import sys

        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError, Incomplete)):
            return
        super().handle_error(request, client_address)


class S3RequestHandler(BaseHTTPRequestHandler):
    """One connection: requests answered in turn until the client closes it or it idles out."""

    server: S3HTTPServer
    fields: dict[str, str]
    raw_requestline: bytes
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.idle_timeout)  # an idle keep-alive connection is closed

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: every request is in the fake's journal instead."""

    def version_string(self) -> str:
        return "AmazonS3"

    # --- http.server's own errors (garbage bytes, oversized headers, unknown methods) -----------------

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """An S3 `<Error>` document instead of http.server's HTML page, then close the connection."""
        error: S3Error
        if code in (414, 431) or (message or "").startswith(("Line too long", "Too many headers")):
            error = RequestHeaderSectionTooLarge(max_size_allowed=MAX_HEADER_BYTES)
        elif code == 501:
            error = MethodNotAllowed(method=self.command or "", resource_type="OBJECT")
        else:
            error = BadRequest(message or "Bad Request")
        fake = self.server.fake
        from pytest_s3fake.wire import error_response

        response = error_response(error, method="GET", request_id=fake.ids.request_id(),
                                  host_id=fake.ids.host_id())
        self.close_connection = True
        headers = {**response.headers, "Connection": "close", "Content-Length": str(len(response.body))}
        try:
            self._write(response.status, headers, response.body)
        except OSError:
            pass

    def parse_request(self) -> bool:
        """The request line and header section, read into `self.fields` (lower-case names; a repeated
        field keeps its last value). http.server's own parser goes through the email package, which cost
        a quarter of the server's time per request; it also folds a leading `//` of the path into `/`,
        which would change a key that starts with `/`."""
        self.command = ""
        self.close_connection = True
        line = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        self.requestline = line
        words = line.split()
        if len(words) != 3 or not words[2].startswith("HTTP/"):
            self.send_error(400, f"Bad request syntax ({line!r})")
            return False
        command, path, version = words
        if version not in ("HTTP/1.1", "HTTP/1.0"):
            self.send_error(505, f"Invalid HTTP version ({version})")
            return False
        self.command, self.path, self.request_version = command, path, version
        fields: dict[str, str] = {}
        size = 0
        name = ""
        while True:
            raw = self.rfile.readline(MAX_HEADER_BYTES + 1)
            size += len(raw)
            if size > MAX_HEADER_BYTES:
                self.send_error(431)
                return False
            if raw in (b"\r\n", b"\n", b""):
                break
            text = _field_text(raw).rstrip("\r\n")
            if text[:1] in (" ", "\t") and name:  # an obsolete folded continuation of the previous field
                fields[name] = f"{fields[name]} {text.strip()}"
                continue
            name, colon, value = text.partition(":")
            name = name.lower()
            if not colon or not name or name != name.strip():
                self.send_error(400, f"Bad header line ({text[:100]!r})")
                return False
            fields[name] = value.strip()
        self.fields = fields
        connection = fields.get("connection", "").lower()
        self.close_connection = connection == "close" or (version == "HTTP/1.0" and connection != "keep-alive")
        if fields.get("expect", "").lower() == "100-continue" and version == "HTTP/1.1":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        return True

    # --- every S3 method goes through `_serve` -----------------------------------------------------------

    def do_GET(self) -> None:
        self._serve()

    do_PUT = do_POST = do_DELETE = do_HEAD = do_PATCH = do_GET

    def do_OPTIONS(self) -> None:
        self._serve(preflight=True)

    def _serve(self, *, preflight: bool = False) -> None:
        fake = self.server.fake
        try:
            body = self._read_body()
        except Incomplete:
            self.close_connection = True
            return
        except _BadLength as error:
            self.send_error(400, f"Invalid Content-Length: {error.args[0]!r}")
            return
        headers = self.fields
        incoming = attempt.Incoming(self.command, self._url(headers), headers, body)
        reply = self._answer(fake, incoming, headers, preflight)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.error is not None:
            self._reset()
            return
        response = reply.response
        assert response is not None
        out_headers = response.headers
        if not preflight and "origin" in headers:  # a browser reads the answer only with these
            try:
                bucket = split_url(incoming.url)[0]
            except S3Error:
                bucket = None
            extra = cors.actual_headers(fake.store, bucket, self.command, headers)
            if extra:
                out_headers = {**out_headers, **extra}
        self._write(response.status, out_headers, b"" if self.command == "HEAD" else response.body)

    def _answer(self, fake: S3Fake, incoming: attempt.Incoming, headers: dict[str, str],
                preflight: bool) -> attempt.Reply:
        try:
            bucket, key, query = split_url(incoming.url)
        except S3Error as error:
            return attempt.refuse(fake, "", incoming, error)
        if preflight:
            def answer_preflight(req: Request) -> Response:
                return cors.preflight(fake.store, bucket, key, headers)

            return attempt.answer_outside(fake, "Preflight", incoming, answer_preflight)
        try:
            operation = routes.operation_for(self.command, bucket, key, query, headers)
        except S3Error as error:
            return attempt.refuse(fake, "", incoming, error)
        try:
            auth.authenticate(fake, operation, incoming)
        except S3Error as error:
            return attempt.refuse(fake, operation, incoming, error)
        return attempt.respond(fake, operation, incoming)

    # --- reading and writing -------------------------------------------------------------------------

    def _url(self, headers: dict[str, str]) -> str:
        if self.path.startswith(("http://", "https://")):
            return self.path
        host = headers.get("host") or f"{self.server.server_address[0]!s}:{self.server.server_address[1]}"
        return f"http://{host}{self.path}"

    def _read_body(self) -> bytes | bodies.Unframed:
        """The body as sent: Content-Length bytes, or the data of a chunked transfer encoding
        (`chunked.TransferChunks`). Unsigned aws-chunked framing inside either (what the SDKs send by
        default) is unframed and hashed as it arrives (`unframing.read_unsigned_chunked`); signed framing
        stays whole, for its chunk signatures."""
        unsigned_framing = self.fields.get("x-amz-content-sha256") == unframing.UNSIGNED_TRAILER
        declared = None
        if unsigned_framing:  # the payload's size as the client declares it, to size its buffer
            declared = values.parse_integer(self.fields.get("x-amz-decoded-content-length", ""))
        if "chunked" in self.fields.get("transfer-encoding", "").lower():
            stream = TransferChunks(self.rfile)
            if not unsigned_framing:
                buffer = io.BytesIO()  # grows in place: the peak is the body plus one piece
                while piece := stream.read(1 << 20):
                    buffer.write(piece)
                return buffer.getvalue()
            # The payload's size as declared sizes its buffer, but no more than this ahead of the bytes.
            unframed = unframing.read_unsigned_chunked(stream, None, min(declared or 0, _AHEAD) or None)
            stream.finish()
            if unframed is None:
                raise Incomplete
            return unframed
        length_text = self.fields.get("content-length")
        if not length_text:
            return b""
        length = values.parse_integer(length_text.strip())
        if length is None or length < 0:  # where the body ends is unknown: answered, then closed
            raise _BadLength(length_text)
        if unsigned_framing:  # the payload is smaller than its framing: a larger declared size is not believed
            unframed = unframing.read_unsigned_chunked(self.rfile, length, min(declared or 0, length) or None)
            if unframed is None:
                raise Incomplete
            return unframed
        data = self.rfile.read(length)
        if len(data) != length:
            raise Incomplete
        return data

    def _write(self, status: int, headers: Any, body: bytes | memoryview) -> None:
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}"]
        lines.extend(f"{name}: {value}" for name, value in headers.items())
        text = "\r\n".join(lines) + "\r\n\r\n"
        try:
            head = text.encode("latin-1")
        except UnicodeEncodeError:  # a value beyond Latin-1 (user metadata) goes out as the UTF-8 it came in
            head = b"".join(_field_bytes(line) for line in text.splitlines(keepends=True))
        if len(body) <= 1 << 20:  # one send: head and body in the same segments
            self.wfile.write(head + body)
        else:  # a big body straight from the stored bytes, never copied
            self.wfile.write(head)
            self.wfile.write(body)

    def _reset(self) -> None:
        """Drop the connection with a TCP reset, as a network fault: the client sees no response."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    def finish(self) -> None:
        try:
            super().finish()
        except (OSError, ValueError):
            pass
