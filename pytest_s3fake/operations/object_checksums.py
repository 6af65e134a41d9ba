"""The checksum an object version has in S3: the one it was uploaded with, else S3's default CRC64NVME.

Since 2025 S3 stores a FULL_OBJECT CRC64NVME for every object uploaded without a checksum, and for a
multipart upload created without a checksum algorithm
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html; the `Checksum`
shape's ChecksumCRC64NVME "is present if ... the object was uploaded without a checksum (and Amazon S3
added the default checksum, CRC64NVME, to the uploaded object)"). LocalStack's AWS-validated snapshots
show it: `test_s3_checksum_no_automatic_sdk_calculation` (HeadObject and GetObjectAttributes of an object
PUT without a checksum), `test_complete_multipart_parts_checksum_default` and
`test_multipart_if_match_etag` (CompleteMultipartUpload without an algorithm answers ChecksumCRC64NVME
with ChecksumType FULL_OBJECT), `test_post_object_with_file_as_string` (ListObjects shows
`ChecksumAlgorithm: [CRC64NVME]`), and CopyObject keeps it.

A version stored without a checksum has empty `checksums`: the default is computed from its (immutable)
body on first read and cached on the version, so a PutObject never pays for a CRC nobody asks for (pure
Python CRC64NVME costs tens of microseconds per KiB without awscrt). Listings need only the algorithm's name.
"""

from __future__ import annotations

from collections.abc import Mapping

from pytest_s3fake import checksums
from pytest_s3fake.model import ObjectVersion

FULL_OBJECT = "FULL_OBJECT"


def stored_checksums(version: ObjectVersion) -> tuple[Mapping[str, str], str]:
    """(algorithm to base64 value, checksum type) of `version`, computing and caching the default."""
    if not version.checksums:
        algorithm = checksums.DEFAULT_ALGORITHM
        version.checksums = {algorithm: checksums.compute(algorithm, version.body)}
        version.checksum_type = FULL_OBJECT
    return version.checksums, version.checksum_type or FULL_OBJECT


def checksum_algorithms(version: ObjectVersion) -> tuple[list[str], str]:
    """(algorithm names, checksum type) for listings, without computing a default checksum."""
    if not version.checksums:
        return [checksums.DEFAULT_ALGORITHM], FULL_OBJECT
    return sorted(version.checksums), version.checksum_type or FULL_OBJECT
