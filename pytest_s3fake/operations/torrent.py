"""GetObjectTorrent, as S3 answers it since it ended BitTorrent support (new customers from
April 29 2021, everyone from April 29 2022: https://docs.aws.amazon.com/AmazonS3/latest/userguide/S3Torrent.html).

The object is looked up as GetObject looks it up (NoSuchBucket, NoSuchKey, a current delete marker),
then the torrent is refused with 400 InvalidRequest, the code S3 used to refuse torrent creation
(recorded from S3 in cenkalti/rain#5: "Torrent creation is not supported for objects larger than
5368709120"). The message for an object of any size is ours (docs/differences.md).
"""

from __future__ import annotations

from pytest_s3fake.errors.codes import InvalidRequest
from pytest_s3fake.model import Store
from pytest_s3fake.operations.common import addressed_version, object_key, owned_bucket
from pytest_s3fake.operations.registry import operation
from pytest_s3fake.wire import Request, Response

MESSAGE = "Torrent creation is no longer supported by Amazon S3."


@operation("GetObjectTorrent")
def get_object_torrent(store: Store, req: Request) -> Response:
    """Refused with InvalidRequest once the object is found: S3 no longer makes torrents."""
    bucket = owned_bucket(store, req)
    addressed_version(bucket, object_key(req), None, req.method)
    raise InvalidRequest(MESSAGE)
