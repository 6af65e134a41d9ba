"""Benchmarks: pytest-s3fake side by side with moto and with botocore's own cost (the floor).

Run `python -m benchmarks` (or `--quick`); see docs/performance.md.
"""
