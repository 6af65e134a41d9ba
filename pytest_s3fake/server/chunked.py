"""HTTP/1.1's chunked transfer coding (RFC 9112 section 7.1), read as a stream of the data it carries.

The server reads a chunked body through `TransferChunks` as if it were the plain body: `read(n)` and
`readinto(view)` and `readline(limit)` cross chunk boundaries, so an aws-chunked body inside (what pyarrow and the JS SDK send)
is unframed as it arrives, like one sent with Content-Length. `Incomplete` means the client went away or
broke the framing; the connection cannot be read further either way.
"""

from __future__ import annotations

import io

#: The longest chunk-size line or trailer field read (RFC 9112 sets no limit; S3's header limit is 16 KiB).
MAX_LINE = 16 * 1024


class Incomplete(Exception):
    """The client went away before its request body was complete, or broke its framing."""


class TransferChunks:
    """The data of a chunked body on `rfile`, read chunk by chunk as asked for."""

    __slots__ = ("_ended", "_left", "_rfile")

    def __init__(self, rfile: io.BufferedIOBase) -> None:
        self._rfile = rfile
        self._left = 0  # bytes left in the current chunk
        self._ended = False

    def _refill(self) -> bool:
        """Move to the next chunk when the current one is used up; False once the last chunk was read."""
        if self._left or self._ended:
            return not self._ended
        line = self._rfile.readline(MAX_LINE)
        if not line.endswith(b"\n"):
            raise Incomplete
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise Incomplete from None
        if size < 0:
            raise Incomplete
        if size == 0:
            self._ended = True
            self._skip_trailer()
            return False
        self._left = size
        return True

    def _consumed(self, count: int) -> None:
        self._left -= count
        if self._left == 0 and self._rfile.readline(3) not in (b"\r\n", b"\n"):  # the CRLF after a chunk
            raise Incomplete

    def _skip_trailer(self) -> None:
        """The transfer coding's trailer fields (not aws-chunked's), read and dropped, to the empty line."""
        while True:
            line = self._rfile.readline(MAX_LINE)
            if not line.endswith(b"\n"):
                raise Incomplete
            if line in (b"\r\n", b"\n"):
                return

    def read(self, size: int) -> bytes:
        """Up to `size` bytes, fewer only at the end of the body."""
        pieces = []
        while size > 0 and self._refill():
            piece = self._rfile.read(min(size, self._left))
            if not piece:
                raise Incomplete
            size -= len(piece)
            self._consumed(len(piece))
            pieces.append(piece)
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)

    def readinto(self, view: memoryview) -> int:
        """Read into `view` from the current chunk; how many bytes (0 only at the end of the body)."""
        if not view or not self._refill():
            return 0
        count = self._rfile.readinto(view[: self._left] if len(view) > self._left else view)
        if not count:
            raise Incomplete
        self._consumed(count)
        return count

    def readline(self, limit: int) -> bytes:
        """A line, its `\\n` included, of at most `limit` bytes; shorter without `\\n` only at the end."""
        pieces = []
        while limit > 0 and self._refill():
            piece = self._rfile.readline(min(limit, self._left))
            if not piece:
                raise Incomplete
            limit -= len(piece)
            self._consumed(len(piece))
            pieces.append(piece)
            if piece.endswith(b"\n"):
                break
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)

    def finish(self) -> None:
        """Read to the end of the body (what the reader left unread, then the last chunk and trailer)."""
        while self._refill():
            self.read(min(self._left, 1 << 20))
