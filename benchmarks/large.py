"""Large objects: PutObject (botocore's default CRC32 trailer, so an aws-chunked stream) and GetObject
of one big body, time and peak memory, against the floor: the same client call answered by a canned
handler that drains the same AwsChunkedWrapper in sized reads (PutObject), or hands back the same
bytes (GetObject): botocore's own cost, which no in-process fake can go below.

    python -m benchmarks.large                 # the 64 MB rows
    python -m benchmarks.large --size 1024     # 1 GB too (slow; or S3FAKE_BENCH_1GB=1)

Each row runs in a fresh interpreter, so peak RSS (ru_maxrss) is its own; memory is reported as the
peak above the interpreter's baseline after the body exists, divided by the body size.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

_CHILD = r"""
import io, json, resource, sys, time
size = int(sys.argv[1]) * 1024 * 1024
kind = sys.argv[2]
from pytest_s3fake import S3Fake
body = b"\x5a" * size
fake = S3Fake(); fake.start(); client = fake.client(); fake.create_bucket("big")
if kind.endswith("floor"):
    from botocore.awsrequest import AWSResponse
    def floor(request, **kwargs):
        # botocore's own cost: the request serialized and its body stream drained in sized reads
        # (the same AwsChunkedWrapper our fake reads), answered with a canned response.
        if request.body is not None and hasattr(request.body, "read"):
            while request.body.read(1 << 20):
                pass
        answer = body if request.method == "GET" else b""
        if "uploads" in request.url:
            answer = b"<InitiateMultipartUploadResult><UploadId>u</UploadId></InitiateMultipartUploadResult>"
        elif request.method == "POST":
            answer = b"<CompleteMultipartUploadResult><ETag>e</ETag></CompleteMultipartUploadResult>"
        headers = {"ETag": '"0"', "Content-Length": str(len(answer))}
        return AWSResponse(request.url, 200, headers, _Raw(answer))
    class _Raw(io.BytesIO):
        def stream(self, amt=65536, decode_content=None):
            while chunk := self.read(amt):
                yield chunk
    client.meta.events.register_first("before-send.s3", floor)
if kind.startswith("get"):
    fake.store.put_object("big", "k", body)
if kind.startswith(("part", "complete")):
    upload = client.create_multipart_upload(Bucket="big", Key="k")["UploadId"]
if kind.startswith("complete"):
    # 8 parts of the body's eighth, uploaded untimed (when_required: no trailer, the quick way in).
    piece = size // 8
    parts = [{"PartNumber": n, "ETag": client.upload_part(Bucket="big", Key="k", UploadId=upload, PartNumber=n,
                                                         Body=body[(n - 1) * piece: n * piece])["ETag"]}
             for n in range(1, 9)]
# A warm-up call of each operation first (as the other workloads drop their first round): botocore loads
# its shapes and our hook its emulation on an operation's first call, which is not the body's cost.
client.put_object(Bucket="big", Key="warm", Body=b"x")
client.get_object(Bucket="big", Key="warm" if not kind.endswith("floor") else "k")["Body"].read()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
t0 = time.perf_counter()
if kind == "put":
    client.put_object(Bucket="big", Key="k", Body=io.BytesIO(body))
elif kind == "put-floor":
    client.put_object(Bucket="big", Key="k", Body=io.BytesIO(body))
elif kind == "get":
    data = client.get_object(Bucket="big", Key="k")["Body"].read()
    assert len(data) == size
elif kind == "get-floor":
    data = client.get_object(Bucket="big", Key="k")["Body"].read()
elif kind in ("part", "part-floor"):
    client.upload_part(Bucket="big", Key="k", UploadId=upload, PartNumber=1, Body=io.BytesIO(body))
elif kind in ("complete", "complete-floor"):
    client.complete_multipart_upload(Bucket="big", Key="k", UploadId=upload, MultipartUpload={"Parts": parts})
elapsed = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
if kind in ("put", "complete"):
    assert len(fake.store.bucket("big").current("k").body) == size
fake.stop()
print(json.dumps({"seconds": elapsed, "peak_over_body": max(0, peak - base) / size}))
"""


ROWS = {
    "put": "PutObject (CRC32 trailer)",
    "get": "GetObject (body read)",
    "part": "UploadPart (CRC32 trailer)",
    "complete": "CompleteMultipartUpload of 8 parts",
}


def measure(size_mb: int, kind: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(size_mb), kind], check=True, capture_output=True,
                         text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, action="append", help="body size in MB (repeatable); default 64")
    args = parser.parse_args(argv)
    sizes = args.size or [64]
    if os.environ.get("S3FAKE_BENCH_1GB") and 1024 not in sizes:
        sizes.append(1024)
    print("| workload | ours | floor | ours/floor | ours peak RSS / body | floor peak RSS / body |")
    print("|---|---:|---:|---:|---:|---:|")
    for size in sizes:
        for op, name in ROWS.items():
            ours, floor = measure(size, op), measure(size, f"{op}-floor")
            print(f"| {name}, {size:,} MB | {ours['seconds'] * 1000:,.1f} ms | {floor['seconds'] * 1000:,.1f} ms | "
                  f"{ours['seconds'] / floor['seconds']:.2f}x | {ours['peak_over_body']:.2f} | "
                  f"{floor['peak_over_body']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
