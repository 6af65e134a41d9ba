"""The in-process workloads: what is seeded (untimed) and what is timed, on any backend.

`setup` runs once per backend (big buckets); `prepare` runs before every round, untimed, and returns
the timed action; `check` looks at the action's result afterwards, so a broken handler cannot post a
fast time. The time reported is per call: the round's time divided by `calls`.
"""

from __future__ import annotations

import base64
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks import responses
from benchmarks.backends import Backend, aws_response


@dataclass(frozen=True)
class Sizes:
    """How big each workload is; `--quick` shrinks everything."""

    keys: int = 1000            # keys per DeleteObjects / versioned delete
    medium: int = 20_000        # the "small" listing bucket
    big: int = 100_000          # the "big" bucket for DeleteObjects and listing
    small: int = 1_000          # the smallest listing bucket: one whole page (issue 3's comparison)
    huge: int = 1_000_000       # DeleteObjects among a million keys (issue 4's comparison; no moto)
    object_calls: int = 200     # PutObject / GetObject calls per round
    list_calls: int = 3         # ListObjectsV2 pages per round
    life_calls: int = 5         # test lives per round
    memory: int = 1_000_000     # objects held for the memory probe
    moto_memory: int = 100_000  # moto holds fewer and is scaled up (a SpooledTemporaryFile per key)
    import_rounds: int = 5


FULL = Sizes()
QUICK = Sizes(keys=50, medium=400, big=2_000, small=1_000, huge=5_000, object_calls=10, list_calls=1, life_calls=1,
              memory=2_000, moto_memory=2_000, import_rounds=1)

Action = Callable[[], Any]


@dataclass(frozen=True)
class Workload:
    name: str
    #: Formatted with the `Sizes` fields: `"DeleteObjects, {keys:,} keys"`.
    title: str
    prepare: Callable[[Backend, Sizes, int], Action]
    check: Callable[[Any, Sizes], None]
    calls: Callable[[Sizes], int] = lambda sizes: 1
    setup: Callable[[Backend, Sizes], None] | None = None
    #: False when the action starts and stops its backend itself (a test's life).
    activate: bool = True
    #: False where seeding moto would take minutes and gigabytes (a million keys): ours and the floor only.
    with_moto: bool = True


BODY_1K = bytes(range(256)) * 4
SMALL = b"x"


def _crc32(body: bytes) -> str:
    return base64.b64encode(zlib.crc32(body).to_bytes(4, "big")).decode()


def _targets(n: int) -> list[str]:
    return [f"target/{i:06d}" for i in range(n)]


def _others(n: int) -> list[str]:
    return [f"other/{i:07d}" for i in range(n)]


# --- DeleteObjects ---------------------------------------------------------------------------------------


def _delete_setup(bucket: str, others: Callable[[Sizes], int]) -> Callable[[Backend, Sizes], None]:
    def setup(b: Backend, sizes: Sizes) -> None:
        b.create_bucket(bucket)
        b.put_objects(bucket, _others(others(sizes)), SMALL)
    return setup


def _delete_prepare(bucket: str) -> Callable[[Backend, Sizes, int], Action]:
    def prepare(b: Backend, sizes: Sizes, round_: int) -> Action:
        keys = _targets(sizes.keys)
        b.put_objects(bucket, keys, SMALL)
        body = responses.delete_result(keys)
        b.respond("DeleteObjects", lambda request: aws_response(request.url, 200, responses.XML, body))
        objects = {"Objects": [{"Key": key} for key in keys]}
        return lambda: b.client.delete_objects(Bucket=bucket, Delete=objects)
    return prepare


def _check_deleted(result: Any, sizes: Sizes) -> None:
    assert len(result.get("Deleted", [])) == sizes.keys and not result.get("Errors"), result.get("Errors")


# --- PutObject / GetObject -------------------------------------------------------------------------------


def _objects_setup(b: Backend, sizes: Sizes) -> None:
    b.create_bucket("objects")
    b.put_objects("objects", ["get/1k"], BODY_1K)


def _put_prepare(b: Backend, sizes: Sizes, round_: int) -> Action:
    headers = {"ETag": responses.etag(BODY_1K), "x-amz-server-side-encryption": "AES256",
               "x-amz-checksum-crc32": _crc32(BODY_1K), "x-amz-checksum-type": "FULL_OBJECT"}
    b.respond("PutObject", lambda request: aws_response(request.url, 200, headers))
    keys = [f"put/{round_}/{i}" for i in range(sizes.object_calls)]

    def action() -> Any:
        put = b.client.put_object
        for key in keys:
            result = put(Bucket="objects", Key=key, Body=BODY_1K)
        return result
    return action


def _get_prepare(b: Backend, sizes: Sizes, round_: int) -> Action:
    headers = responses.object_headers(BODY_1K)
    b.respond("GetObject", lambda request: aws_response(request.url, 200, headers, BODY_1K))

    def action() -> Any:
        get = b.client.get_object
        for _ in range(sizes.object_calls):
            data = get(Bucket="objects", Key="get/1k")["Body"].read()
        return data
    return action


# --- ListObjectsV2 ---------------------------------------------------------------------------------------


def _list_setup(bucket: str, count: Callable[[Sizes], int]) -> Callable[[Backend, Sizes], None]:
    def setup(b: Backend, sizes: Sizes) -> None:
        b.create_bucket(bucket)
        b.put_objects(bucket, _others(count(sizes)), SMALL)
    return setup


def _list_prepare(bucket: str, count: Callable[[Sizes], int]) -> Callable[[Backend, Sizes, int], Action]:
    def prepare(b: Backend, sizes: Sizes, round_: int) -> Action:
        page = _others(min(1000, count(sizes)))
        body = responses.list_v2_page(bucket, page, SMALL, truncated=count(sizes) > 1000)
        b.respond("ListObjectsV2", lambda request: aws_response(request.url, 200, responses.XML, body))

        def action() -> Any:
            for _ in range(sizes.list_calls):
                result = b.client.list_objects_v2(Bucket=bucket)
            return result
        return action
    return prepare


def _check_page(count: Callable[[Sizes], int]) -> Callable[[Any, Sizes], None]:
    def check(result: Any, sizes: Sizes) -> None:
        assert result["KeyCount"] == min(1000, count(sizes)) == len(result["Contents"]), result["KeyCount"]
        assert result["Contents"][0]["Key"] == "other/0000000"
    return check


# --- versioned DeleteObjects, then a full ListObjectVersions --------------------------------------------


def _versioned_prepare(b: Backend, sizes: Sizes, round_: int) -> Action:
    bucket = f"versioned-{round_}"
    keys = _targets(sizes.keys)
    b.create_bucket(bucket, versioned=True)
    b.put_objects(bucket, keys, SMALL)
    version_ids = [responses.version_id(i) for i in range(sizes.keys)]
    marker_ids = [responses.version_id(-i - 1) for i in range(sizes.keys)]
    delete_body = responses.delete_result(keys, marker_ids=marker_ids)
    b.respond("DeleteObjects", lambda request: aws_response(request.url, 200, responses.XML, delete_body))
    half = 500  # 1000 entries a page: 500 keys, each a delete marker over a version
    pages = [
        responses.list_versions_page(bucket, keys[start:start + half], version_ids[start:start + half],
                                     marker_ids[start:start + half], SMALL,
                                     key_marker=keys[start - 1] if start else None,
                                     truncated=start + half < len(keys))
        for start in range(0, len(keys), half)
    ]

    def list_versions(request: Any) -> Any:
        marker = request.url.partition("key-marker=")[2].partition("&")[0]
        index = 0 if not marker else (_targets(sizes.keys).index(marker.replace("%2F", "/")) + 1) // half
        return aws_response(request.url, 200, responses.XML, pages[index])
    b.respond("ListObjectVersions", list_versions)
    objects = {"Objects": [{"Key": key} for key in keys]}

    def action() -> Any:
        b.client.delete_objects(Bucket=bucket, Delete=objects)
        paginator = b.client.get_paginator("list_object_versions")
        return [entry for page in paginator.paginate(Bucket=bucket)
                for entry in page.get("Versions", []) + page.get("DeleteMarkers", [])]
    return action


def _check_versions(result: Any, sizes: Sizes) -> None:
    assert len(result) == 2 * sizes.keys, len(result)


# --- one test's life -------------------------------------------------------------------------------------


def _life_prepare(b: Backend, sizes: Sizes, round_: int) -> Action:
    def action() -> Any:
        for _ in range(sizes.life_calls):
            b.life()
        return True
    return action


def _check_true(result: Any, sizes: Sizes) -> None:
    assert result is True


def _check_put(result: Any, sizes: Sizes) -> None:
    assert result["ETag"] == responses.etag(BODY_1K), result


def _check_body(data: Any, sizes: Sizes) -> None:
    assert data == BODY_1K


WORKLOADS = [
    Workload("delete_objects", "DeleteObjects, {keys:,} keys", _delete_prepare("delete"), _check_deleted,
             setup=_delete_setup("delete", lambda sizes: 0)),
    Workload("delete_objects_big", "DeleteObjects, {keys:,} keys among {big:,}", _delete_prepare("delete-big"),
             _check_deleted, setup=_delete_setup("delete-big", lambda sizes: sizes.big)),
    Workload("delete_objects_huge", "DeleteObjects, {keys:,} keys among {huge:,}", _delete_prepare("delete-huge"),
             _check_deleted, setup=_delete_setup("delete-huge", lambda sizes: sizes.huge), with_moto=False),
    Workload("put_object", "PutObject, 1 KiB", _put_prepare, _check_put,
             calls=lambda sizes: sizes.object_calls, setup=_objects_setup),
    Workload("get_object", "GetObject, 1 KiB", _get_prepare, _check_body,
             calls=lambda sizes: sizes.object_calls, setup=_objects_setup),
    Workload("list_page_small", "ListObjectsV2, 1 page of {small:,}", _list_prepare("list-small", lambda s: s.small),
             _check_page(lambda s: s.small), calls=lambda sizes: sizes.list_calls,
             setup=_list_setup("list-small", lambda s: s.small)),
    Workload("list_page", "ListObjectsV2, 1 page of {medium:,}", _list_prepare("list", lambda s: s.medium),
             _check_page(lambda s: s.medium), calls=lambda sizes: sizes.list_calls,
             setup=_list_setup("list", lambda s: s.medium)),
    Workload("list_page_big", "ListObjectsV2, 1 page of {big:,}", _list_prepare("list-big", lambda s: s.big),
             _check_page(lambda s: s.big), calls=lambda sizes: sizes.list_calls,
             setup=_list_setup("list-big", lambda s: s.big)),
    Workload("versioned_delete", "Versioned DeleteObjects {keys:,} + ListObjectVersions", _versioned_prepare,
             _check_versions),
    Workload("test_life", "A test's life (start, client, bucket, put, delete, stop)", _life_prepare,
             _check_true, calls=lambda sizes: sizes.life_calls, activate=False),
]
