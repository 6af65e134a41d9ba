"""The `s3fake` command (also `python -m pytest_s3fake`): `s3fake serve` runs a fake S3 on loopback for
any language's tests and for development, until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="s3fake", description="pytest-s3fake: an in-memory S3")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve an in-memory S3 over HTTP until SIGINT/SIGTERM")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=int, default=0, help="port to bind (default 0: any free port)")
    serve.add_argument("--region", default="us-east-1", help="the fake's region (default us-east-1)")
    serve.add_argument("--seed", type=int, default=0, help="seed for ids, so runs repeat (default 0)")
    serve.add_argument("--verify-signatures", action="store_true",
                       help="check SigV4 signatures against the fake's credentials")
    return parser


def serve(args: argparse.Namespace) -> int:
    from pytest_s3fake.fake import S3Fake
    from pytest_s3fake.server import S3Server

    options: dict[str, Any] = {"region": args.region, "seed": args.seed}
    if args.verify_signatures:
        options["verify_signatures"] = True
    try:
        fake = S3Fake(**options)
    except TypeError:
        print("s3fake: --verify-signatures is not supported by this version", file=sys.stderr)
        return 2
    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        server = S3Server(fake, args.host, args.port).start()
    except OSError as error:
        print(f"s3fake: cannot bind {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    if not server.loopback:
        print(f"s3fake: WARNING: listening on {args.host}, not a loopback address: other machines can "
              "reach this server", file=sys.stderr, flush=True)
    print(f"s3fake: serving S3 at {server.endpoint_url} (region {fake.region}); Ctrl-C to stop", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    print("s3fake: stopped", flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return serve(args)
    return 2  # pragma: no cover - argparse requires a command
