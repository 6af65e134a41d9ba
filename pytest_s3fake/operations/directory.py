"""The S3 Express One Zone (directory bucket) operations, as a store of general purpose buckets answers
them: ListDirectoryBuckets, CreateSession and RenameObject.

The fake has general purpose buckets only (a directory bucket name, `<base>--<zone-id>--x-s3`, is not
a bucket it can create). So ListDirectoryBuckets, sent to the `s3express-control` regional endpoint,
lists none; CreateSession and RenameObject, which S3 documents as directory-bucket only
(https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateSession.html,
https://docs.aws.amazon.com/AmazonS3/latest/API/API_RenameObject.html), answer NoSuchBucket for a
bucket that does not exist and 400 InvalidRequest for a general purpose one. No AWS recording we know
confirms the InvalidRequest message (docs/differences.md).
"""

from __future__ import annotations

from typing import NoReturn

from pytest_s3fake.errors.codes import InvalidRequest
from pytest_s3fake.model import Store
from pytest_s3fake.operations.common import owned_bucket
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response


@operation("ListDirectoryBuckets")
def list_directory_buckets(store: Store, req: Request) -> Response:
    """No directory buckets: the fake's buckets are all general purpose."""
    return Response.xml("ListAllMyDirectoryBucketsResult", {"Buckets": None})


def _directory_only(store: Store, req: Request) -> NoReturn:
    owned_bucket(store, req)
    raise InvalidRequest(f"{req.operation} is only supported for directory buckets.")


@operation("CreateSession")
def create_session(store: Store, req: Request) -> Response:
    """Directory buckets only: InvalidRequest on a general purpose bucket."""
    _directory_only(store, req)


@operation("RenameObject")
def rename_object(store: Store, req: Request) -> Response:
    """Directory buckets only: InvalidRequest on a general purpose bucket, which is left unchanged."""
    _directory_only(store, req)
