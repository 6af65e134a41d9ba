"""The HTTP door against moto's ThreadedMotoServer, in one run: `python -m benchmarks.server [--quick]`.

Rows: boto3 over HTTP on loopback (PutObject 1 KiB, GetObject 1 KiB, DeleteObjects of 1,000 keys, one
ListObjectsV2 page of 1,000) and pyarrow writing and reading a 10 MB parquet file (`benchmarks/clients.py`,
skipped without pyarrow), each as the median per-call time on both servers and their ratio (target:
ours at least 3x faster), beside the floor: the same boto3 call answered by `benchmarks/replay.py` with
the bytes our server gave, which is the client's own cost and so bounds the ratio any server can reach; `S3Fake.serve()` start plus stop (target under 50 ms); and 16 concurrent
clients for 10 s (2 s with --quick) with their error count (target zero) and aggregate request rate.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import boto3
from botocore.config import Config

from benchmarks.replay import Replay
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


Workload = tuple[str, Callable[[Any, int], Any], Callable[[Any, int], None] | None, int]


def workloads(quick: bool) -> list[Workload]:
    """(row, call(client, i), untimed setup before each call or None, calls per batch)."""
    n = 15 if quick else 40
    keys = [{"Key": f"d/{k:04d}"} for k in range(1000)]

    def seed(c: Any, i: int) -> None:
        for item in keys:
            c.put_object(Bucket="bench", Key=item["Key"], Body=b"")

    return [
        ("PutObject 1 KiB", lambda c, i: c.put_object(Bucket="bench", Key=f"p{i}", Body=BODY), None, n),
        ("GetObject 1 KiB", lambda c, i: c.get_object(Bucket="bench", Key="warm")["Body"].read(), None, n),
        ("DeleteObjects 1,000 keys",
         lambda c, i: c.delete_objects(Bucket="bench", Delete={"Objects": keys, "Quiet": True}), seed, 1),
        ("ListObjectsV2 page of 1,000", lambda c, i: c.list_objects_v2(Bucket="listing"), None, 2),
    ]


def prepare(c: Any) -> None:
    c.create_bucket(Bucket="bench")
    c.put_object(Bucket="bench", Key="warm", Body=BODY)
    c.create_bucket(Bucket="listing")
    for k in range(1000):
        c.put_object(Bucket="listing", Key=f"l/{k:04d}", Body=b"")


def alternate(backends: dict[str, Any], work: list[Workload], batches: int,
              replay: Replay | None = None) -> dict[str, dict[str, float]]:
    """Median per call of each workload on each backend, the backends taking turns batch by batch (the
    order rotated), so that a shared machine's load changes weigh on all columns alike. With `replay`,
    backend "floor" is answered with the response "ours" gave to the row's warm-up call (no set-up runs
    there: it stores nothing)."""
    names = list(backends)
    out: dict[str, dict[str, float]] = {name: {} for name in names}
    for row, call, setup, per_batch in work:
        times: dict[str, list[float]] = {name: [] for name in names}

        def prepare(name: str, i: int, setup: Callable[[Any, int], None] | None = setup) -> None:
            """The row's untimed set-up; none on the floor, which stores nothing."""
            if setup is not None and name != "floor":
                setup(backends[name], i)

        for name in names:  # warm-up: each operation's first call loads its shapes (and ours is recorded)
            prepare(name, -1)
            recording = replay.record() if replay is not None and name == "ours" else contextlib.nullcontext()
            with recording:
                call(backends[name], -1)
        for batch in range(batches):
            for name in names[batch % len(names):] + names[: batch % len(names)]:
                for j in range(per_batch):
                    i = batch * per_batch + j
                    prepare(name, i)
                    started = time.perf_counter()
                    call(backends[name], i)
                    times[name].append(time.perf_counter() - started)
        for name in names:
            out[name][row] = statistics.median(times[name])
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
    from benchmarks import clients

    endpoints: dict[str, str] = {}
    with contextlib.ExitStack() as stack:
        endpoints["ours"] = stack.enter_context(S3Fake().serve()).endpoint_url
        started = clients.moto_endpoint()
        if started is None:
            print("moto[server] is not installed: no moto column")
        else:
            stack.callback(started[0].stop)
            endpoints["moto"] = started[1]
        backends = {name: client(endpoint) for name, endpoint in endpoints.items()}
        for c in backends.values():
            prepare(c)
        replay = Replay()
        stack.callback(replay.close)
        backends["floor"] = client(replay.endpoint_url)
        results = alternate(backends, workloads(args.quick), 2 if args.quick else 5, replay)
        for name, values in clients.parquet_alternating(endpoints, args.quick, replay).items():
            results[name].update(values)
    ours, theirs, floor = results["ours"], results.get("moto", {}), results.get("floor", {})
    print("| client over HTTP | pytest-s3fake server | moto ThreadedMotoServer | floor (replayed) "
          "| moto/ours | ours/floor | best possible moto/ours (moto/floor) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, value in ours.items():
        other, least = theirs.get(name), floor.get(name)
        print(f"| {name} | {value * 1000:.2f} ms | {f'{other * 1000:.2f} ms' if other else '-'} | "
              f"{f'{least * 1000:.2f} ms' if least else '-'} | {f'{other / value:.1f}x' if other else '-'} | "
              f"{f'{value / least:.2f}x' if least else '-'} | "
              f"{f'{other / least:.1f}x' if other and least else '-'} |")
    print(f"\nS3Fake.serve() start + stop: {start_stop(10 if args.quick else 50) * 1000:.1f} ms (median)")
    seconds = 2.0 if args.quick else 10.0
    with S3Fake().serve() as server:
        total, errors, rate = concurrent(server.endpoint_url, 16, seconds)
    print(f"16 concurrent clients for {seconds:.0f} s: {total} requests, {errors} errors, {rate:.0f} requests/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
