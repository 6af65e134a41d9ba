"""The HTTP door against moto's ThreadedMotoServer, in one run: `python -m benchmarks.server [--quick]`.

Rows: boto3 over HTTP on loopback (PutObject 1 KiB, GetObject 1 KiB, DeleteObjects of 1,000 keys, one
ListObjectsV2 page of 1,000) and pyarrow writing and reading a 10 MB parquet file (`benchmarks/clients.py`,
skipped without pyarrow), each as the median per-call time on both servers and their ratio (target:
ours at least 3x faster); `S3Fake.serve()` start plus stop (target under 50 ms); and 16 concurrent
clients for 10 s (2 s with --quick) with their error count (target zero) and aggregate request rate.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import boto3
from botocore.config import Config

from pytest_s3fake import S3Fake

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}
BODY = b"x" * 1024


def client(endpoint: str) -> Any:
    return boto3.client("s3", endpoint_url=endpoint, config=Config(s3={"addressing_style": "path"},
                                                                   retries={"max_attempts": 1}), **CREDENTIALS)


def median_time(fn: Callable[[int], None], rounds: int, setup: Callable[[int], None] | None = None) -> float:
    times = []
    for i in range(rounds):
        if setup is not None:
            setup(i)
        started = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def rows(endpoint: str, quick: bool) -> dict[str, float]:
    c = client(endpoint)
    c.create_bucket(Bucket="bench")
    n = 30 if quick else 200
    out = {}
    c.put_object(Bucket="bench", Key="warm", Body=BODY)
    out["PutObject 1 KiB"] = median_time(lambda i: c.put_object(Bucket="bench", Key=f"p{i}", Body=BODY), n)
    out["GetObject 1 KiB"] = median_time(lambda i: c.get_object(Bucket="bench", Key="warm")["Body"].read(), n)
    keys = [{"Key": f"d/{k:04d}"} for k in range(1000)]

    def seed(i: int) -> None:
        for item in keys:
            c.put_object(Bucket="bench", Key=item["Key"], Body=b"")

    rounds = 2 if quick else 5
    out["DeleteObjects 1,000 keys"] = median_time(
        lambda i: c.delete_objects(Bucket="bench", Delete={"Objects": keys, "Quiet": True}), rounds, seed)
    c.create_bucket(Bucket="listing")
    for k in range(1000):
        c.put_object(Bucket="listing", Key=f"l/{k:04d}", Body=b"")
    out["ListObjectsV2 page of 1,000"] = median_time(lambda i: c.list_objects_v2(Bucket="listing"), rounds * 4)
    return out


def start_stop(rounds: int) -> float:
    fake = S3Fake()
    fake.serve().stop()  # imports, once
    return median_time(lambda i: fake.serve().stop(), rounds)


def concurrent(endpoint: str, clients: int, seconds: float) -> tuple[int, int, float]:
    client(endpoint).create_bucket(Bucket="load")
    counts, errors = [0] * clients, [0] * clients
    deadline = time.monotonic() + seconds

    def work(n: int) -> None:
        c = client(endpoint)
        i = 0
        while time.monotonic() < deadline:
            try:
                if i % 2:
                    c.get_object(Bucket="load", Key=f"{n}/{i - 1}")["Body"].read()
                else:
                    c.put_object(Bucket="load", Key=f"{n}/{i}", Body=BODY)
            except Exception:
                errors[n] += 1
            counts[n] += 1
            i += 1

    threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return sum(counts), sum(errors), sum(counts) / elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.server")
    parser.add_argument("--quick", action="store_true", help="a smoke run: few rounds, 2 s of load")
    args = parser.parse_args(argv)
    with S3Fake().serve() as server:
        ours = rows(server.endpoint_url, args.quick)
    theirs: dict[str, float] = {}
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        print("moto[server] is not installed: no moto column")
    else:
        moto_server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        moto_server.start()
        host, port = moto_server.get_host_and_port()
        try:
            theirs = rows(f"http://{host}:{port}", args.quick)
        finally:
            moto_server.stop()
    from benchmarks import clients

    client_ours, client_theirs = clients.run(args.quick)
    ours.update(client_ours)
    theirs.update(client_theirs)
    print("| client over HTTP | pytest-s3fake server | moto ThreadedMotoServer | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name, value in ours.items():
        other = theirs.get(name)
        ratio = f"{other / value:.1f}x" if other else "-"
        moto_text = f"{other * 1000:.2f} ms" if other else "-"
        print(f"| {name} | {value * 1000:.2f} ms | {moto_text} | {ratio} |")
    print(f"\nS3Fake.serve() start + stop: {start_stop(10 if args.quick else 50) * 1000:.1f} ms (median)")
    seconds = 2.0 if args.quick else 10.0
    with S3Fake().serve() as server:
        total, errors, rate = concurrent(server.endpoint_url, 16, seconds)
    print(f"16 concurrent clients for {seconds:.0f} s: {total} requests, {errors} errors, {rate:.0f} requests/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
