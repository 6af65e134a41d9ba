"""pyarrow (the AWS C++ SDK) over HTTP against `S3Fake.serve()` and moto's ThreadedMotoServer, in one run:
`python -m benchmarks.clients [--quick]` (also part of `python -m benchmarks.server`).

Rows: write one 10 MB parquet file (`pyarrow.parquet.write_table` to an `S3FileSystem`: a multipart
upload, as pyarrow sends files of this size) and read it back whole (`read_table`: ranged GETs), median
per call on each server, and moto's time divided by ours (target: at least 3x). Needs pyarrow (the
`clients` extra) and `moto[server]` (the `bench` extra); a missing one leaves its column empty.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from pytest_s3fake import S3Fake

#: About 10 MB of parquet: 1.25 M random float64 values, which compress to almost nothing less.
ROWS = 1_250_000
PARQUET_ROWS = ("pyarrow write 10 MB parquet", "pyarrow read 10 MB parquet")


def _median(fn: Callable[[int], Any], rounds: int) -> float:
    fn(-1)  # warm-up: the SDK's first request, connection and the server's first answer
    times = []
    for i in range(rounds):
        started = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def parquet_rows(endpoint: str, quick: bool) -> dict[str, float]:
    """Median seconds to write and to read the parquet file through `endpoint` (http://host:port)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq

    fs = pafs.S3FileSystem(access_key="testing", secret_key="testing", endpoint_override=endpoint.removeprefix("http://"),
                           scheme="http", region="us-east-1", allow_bucket_creation=True)
    fs.create_dir("parquet-bench")
    table = pa.table({"x": pc.random(ROWS, initializer=0)})
    rounds = 3 if quick else 9

    def write(i: int) -> None:
        pq.write_table(table, f"parquet-bench/f{i}.parquet", filesystem=fs)

    def read(i: int) -> None:
        back = pq.read_table("parquet-bench/f0.parquet", filesystem=fs)
        assert back.num_rows == ROWS

    out = {PARQUET_ROWS[0]: _median(write, rounds)}
    size = fs.get_file_info("parquet-bench/f0.parquet").size
    assert size > 9_000_000, size
    out[PARQUET_ROWS[1]] = _median(read, rounds)
    return out


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


def run(quick: bool) -> tuple[dict[str, float], dict[str, float]]:
    """(ours, moto's) rows; empty when pyarrow is missing, moto's empty without moto[server]."""
    try:
        import pyarrow.fs  # noqa: F401
    except ImportError:
        print("pyarrow is not installed: no pyarrow rows")
        return {}, {}
    with S3Fake().serve() as server:
        ours = parquet_rows(server.endpoint_url, quick)
    theirs: dict[str, float] = {}
    started = moto_endpoint()
    if started is not None:
        moto_server, endpoint = started
        try:
            theirs = parquet_rows(endpoint, quick)
        finally:
            moto_server.stop()
    return ours, theirs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.clients")
    parser.add_argument("--quick", action="store_true", help="a smoke run: three rounds")
    args = parser.parse_args(argv)
    ours, theirs = run(args.quick)
    print("| pyarrow over HTTP | pytest-s3fake server | moto ThreadedMotoServer | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name, value in ours.items():
        other = theirs.get(name)
        print(f"| {name} | {value * 1000:.1f} ms | {f'{other * 1000:.1f} ms' if other else '-'} | "
              f"{f'{other / value:.1f}x' if other else '-'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
