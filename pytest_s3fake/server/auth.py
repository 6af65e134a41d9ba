"""Request authentication for the HTTP door: the hook `app.py` calls before any operation runs.

Signatures are not verified yet: any credentials work, as they do in-process. `authenticate` is where
SigV4 header, query (presigned) and POST-policy checks go; it raises the S3 error to answer with
(`SignatureDoesNotMatch`, `InvalidAccessKeyId`, ...), which the app journals and sends via
`attempt.refuse`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_s3fake.attempt import Incoming
    from pytest_s3fake.fake import S3Fake


def authenticate(fake: S3Fake, operation: str, incoming: Incoming) -> None:
    """Raise the S3 error for a request whose credentials do not check out; a no-op unless the fake
    verifies signatures (`S3Fake(verify_signatures=True)`)."""
    if not getattr(fake, "verify_signatures", False):
        return
