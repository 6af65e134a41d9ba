"""pyarrow (the AWS C++ SDK) over HTTP against `S3Fake.serve()` and moto's ThreadedMotoServer, in one run:
`python -m benchmarks.clients [--quick]` (also part of `python -m benchmarks.server`).

Rows: write one 10 MB parquet file (`pyarrow.parquet.write_table` to an `S3FileSystem`: a multipart
upload, as pyarrow sends files of this size) and read it back whole (`read_table`: ranged GETs), median
per call on each server (the servers taking turns call by call), and moto's time divided by ours (target:
at least 3x), beside the floor: pyarrow answered by `benchmarks/replay.py` with the responses ours gave to
the same requests, so moto/floor bounds what any server could reach. Needs pyarrow (the
`clients` extra) and `moto[server]` (the `bench` extra); a missing one leaves its column empty.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time
from collections.abc import Sequence
from typing import Any

from benchmarks.replay import Replay
from pytest_s3fake import S3Fake

#: About 10 MB of parquet: 1.25 M random float64 values, which compress to almost nothing less.
ROWS = 1_250_000
PARQUET_ROWS = ("pyarrow write 10 MB parquet", "pyarrow read 10 MB parquet")


def parquet_alternating(endpoints: dict[str, str], quick: bool,
                        replay: Replay | None = None) -> dict[str, dict[str, float]]:
    """Median seconds to write and to read the parquet file through each endpoint (http://host:port),
    the endpoints taking turns call by call; empty without pyarrow. With `replay`, a "floor" endpoint
    answers with what ours answered to the same requests: ours' warm-up (bucket, write, read of one file) is
    recorded, and the floor writes and reads that same file each round."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.fs as pafs
        import pyarrow.parquet as pq
    except ImportError:
        print("pyarrow is not installed: no pyarrow rows")
        return {}
    if replay is not None:
        endpoints = {**endpoints, "floor": replay.endpoint_url}
    systems = {
        name: pafs.S3FileSystem(access_key="testing", secret_key="testing", scheme="http", region="us-east-1",
                                endpoint_override=endpoint.removeprefix("http://"), allow_bucket_creation=True)
        for name, endpoint in endpoints.items()
    }
    table = pa.table({"x": pc.random(ROWS, initializer=0)})
    rounds = 3 if quick else 9
    times: dict[str, dict[str, list[float]]] = {name: {row: [] for row in PARQUET_ROWS} for name in systems}
    for name, fs in systems.items():  # warm-up: connections, first answers; ours' is what the floor replays
        with replay.record() if replay is not None and name == "ours" else contextlib.nullcontext():
            fs.create_dir("parquet-bench")
            pq.write_table(table, "parquet-bench/warm.parquet", filesystem=fs)
            assert fs.get_file_info("parquet-bench/warm.parquet").size > 9_000_000
            pq.read_table("parquet-bench/warm.parquet", filesystem=fs)
    names = list(systems)
    for i in range(rounds):
        for name in names[i % len(names):] + names[: i % len(names)]:
            fs = systems[name]
            path = "parquet-bench/warm.parquet" if name == "floor" else f"parquet-bench/f{i}.parquet"
            started = time.perf_counter()
            pq.write_table(table, path, filesystem=fs)
            times[name][PARQUET_ROWS[0]].append(time.perf_counter() - started)
            started = time.perf_counter()
            back = pq.read_table(path, filesystem=fs)
            times[name][PARQUET_ROWS[1]].append(time.perf_counter() - started)
            assert back.num_rows == ROWS
    return {name: {row: statistics.median(values) for row, values in rows.items()} for name, rows in times.items()}


def moto_endpoint() -> tuple[Any, str] | None:
    """A started ThreadedMotoServer and its endpoint, or None without moto[server]."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        return None
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def run(quick: bool) -> dict[str, dict[str, float]]:
    """Rows per endpoint: "ours", "floor" (replayed), and "moto" with moto[server]; empty without pyarrow."""
    with contextlib.ExitStack() as stack:
        endpoints = {"ours": stack.enter_context(S3Fake().serve()).endpoint_url}
        started = moto_endpoint()
        if started is not None:
            stack.callback(started[0].stop)
            endpoints["moto"] = started[1]
        replay = Replay()
        stack.callback(replay.close)
        return parquet_alternating(endpoints, quick, replay)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.clients")
    parser.add_argument("--quick", action="store_true", help="a smoke run: three rounds")
    args = parser.parse_args(argv)
    results = run(args.quick)
    ours, theirs, floor = results.get("ours", {}), results.get("moto", {}), results.get("floor", {})
    print("| pyarrow over HTTP | pytest-s3fake server | moto ThreadedMotoServer | floor (replayed) | moto/ours "
          "| moto/floor |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, value in ours.items():
        other, least = theirs.get(name), floor.get(name)
        print(f"| {name} | {value * 1000:.1f} ms | {f'{other * 1000:.1f} ms' if other else '-'} | "
              f"{f'{least * 1000:.1f} ms' if least else '-'} | {f'{other / value:.1f}x' if other else '-'} | "
              f"{f'{other / least:.1f}x' if other and least else '-'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
