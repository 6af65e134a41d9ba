"""Request authentication for the HTTP door.

Signatures are checked in `attempt.respond`, for both doors alike (`pytest_s3fake/sigv4.py`): botocore
signs before `before-send`, so the in-process door sees a signed request as the server does. This hook is
where a check only HTTP needs would go; there is none today. With `S3Fake(verify_signatures=False)` (the
default) any credentials work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_s3fake.attempt import Incoming
    from pytest_s3fake.fake import S3Fake


def authenticate(fake: S3Fake, operation: str, incoming: Incoming) -> None:
    """Raise the S3 error for a request the HTTP door refuses before routing; SigV4 itself is checked in
    `attempt.respond`, shared with the botocore door."""
    return None
