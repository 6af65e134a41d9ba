"""Conditional writes: `If-None-Match: *` and `If-Match: <etag>` on PutObject, CopyObject, CompleteMultipartUpload.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html. What S3 answers, as
LocalStack's AWS-validated `TestS3ObjectWritePrecondition` snapshots recorded it (2026-02):
- both headers at once: 501 NotImplemented, `Header: If-Match,If-None-Match`;
- `If-None-Match` with anything but `*`, or `If-Match: *`: 501 NotImplemented naming the header
  (`test_put_object_if_none_match_validation`, `test_put_object_if_match_validation`);
- `If-None-Match: *` on a key whose current version is an object: 412 PreconditionFailed (a current
  delete marker does not count);
- `If-Match` on a missing key (or a current delete marker): 404 NoSuchKey, whatever the value; a
  different ETag: 412 PreconditionFailed;
- CompleteMultipartUpload whose condition holds, but whose key was written (PUT, copy, completion or
  delete, even of identical bytes) after CreateMultipartUpload: 409 ConditionalRequestConflict; the
  upload must be started again (`test_multipart_if_match_with_put[_identical]`,
  `test_multipart_if_match_with_delete`, `test_multipart_if_none_match_with_delete`).
"""

from __future__ import annotations

from pytest_s3fake.errors.codes import ConditionalRequestConflict, NoSuchKey, PreconditionFailed
from pytest_s3fake.errors.codes import NotImplemented as NotImplementedError_
from pytest_s3fake.model import Bucket, ObjectVersion, Version
from pytest_s3fake.model.multipart import Upload
from pytest_s3fake.wire import Request

_REFUSED_VALUE = "We don't accept the provided value of {} header for this API"


def etag_matches(condition: str, etag: str) -> bool:
    candidates = [c.strip() for c in condition.split(",")]
    return "*" in candidates or any(c.strip('"') == etag.strip('"') for c in candidates)


def key_state(bucket: Bucket, key: str) -> Version | None:
    """The key's current version (which write it came from, by identity), or None when it has none."""
    return bucket.current(key)


def check_write_conditions(bucket: Bucket, key: str, req: Request, upload: Upload | None = None) -> None:
    """Evaluate `If-None-Match` / `If-Match` of a write to `key` against its current version.

    `upload` is the multipart upload a CompleteMultipartUpload completes: a condition that holds still
    fails with ConditionalRequestConflict when the key changed since the upload was created.
    """
    if_none_match = req.header("if-none-match")
    if_match = req.header("if-match")
    if if_none_match is None and if_match is None:
        return
    if if_none_match is not None and if_match is not None:
        raise NotImplementedError_(header="If-Match,If-None-Match",
                                   additional_message="Multiple conditional request headers present in the request")
    if if_none_match is not None and if_none_match.strip() != "*":
        raise NotImplementedError_(header="If-None-Match", additional_message=_REFUSED_VALUE.format("If-None-Match"))
    if if_match is not None and if_match.strip() == "*":
        raise NotImplementedError_(header="If-Match", additional_message=_REFUSED_VALUE.format("If-Match"))
    current = bucket.current(key)
    if if_none_match is not None:
        if isinstance(current, ObjectVersion):
            raise PreconditionFailed(condition="If-None-Match")
    elif if_match is not None:
        if not isinstance(current, ObjectVersion):
            raise NoSuchKey(key=key)
        if not etag_matches(if_match, current.etag):
            raise PreconditionFailed(condition="If-Match")
    if upload is not None and key_state(bucket, key) is not upload.key_state:
        raise ConditionalRequestConflict(condition="If-None-Match" if if_none_match is not None else "If-Match",
                                         key=key)
