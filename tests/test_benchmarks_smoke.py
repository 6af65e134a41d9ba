"""The benchmark harness runs end to end on tiny sizes and prints its table (no timing is asserted)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `benchmarks/` is a top-level folder of the repository, not installed

from benchmarks import run  # noqa: E402
from benchmarks.backends import moto_available  # noqa: E402


def test_quick_run_prints_every_workload_with_the_five_columns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    docs = tmp_path / "performance.md"
    docs.write_text(f"# Performance\n\n{run.START}\nold\n{run.END}\n\nkept\n")

    assert run.main(["--quick", "--rounds", "1", "--update-docs", str(docs)]) == 0

    out = capsys.readouterr().out
    header = "| workload | ours | moto | floor | ours/floor | moto/ours |"
    assert header in out
    table = out[out.index(header):].split("\n\n")[0].splitlines()
    rows = {line.split(" | ")[0].lstrip("| ").split(",")[0].split(" (")[0]: line for line in table[2:]}
    assert set(rows) == {"DeleteObjects", "PutObject", "GetObject", "ListObjectsV2",
                         "Versioned DeleteObjects 50 + ListObjectVersions",
                         "A test's life", "Import time", "Memory", "A 20-test suite under pytest"}
    assert len(table) == 2 + 14  # header, rule, fourteen workloads (memory twice: unversioned, versioned)
    for line in table[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert len(cells) == 6, line
        assert cells[1] != "—", line  # ours is measured everywhere
        million_keys = "keys among 5,000" in cells[0]  # the --quick stand-in for a million: no moto
        if moto_available():
            assert (cells[2] == "—") == million_keys, line
    assert "Machine: " in out and "botocore " in out and "Python " in out
    assert "Targets:" in out
    assert "MISSED" not in out and "met:" not in out  # tiny sizes: the targets are not judged
    text = docs.read_text()
    assert "old" not in text and header in text and text.endswith("\n\nkept\n")


def test_unknown_workload_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        run.main(["--quick", "--only", "delete_object"])
    assert exc.value.code == 2
    assert "unknown workload(s) delete_object" in capsys.readouterr().err


def test_targets_are_judged_on_the_ratios_of_a_full_run() -> None:
    def result(name: str, ours: float, moto: float | None, floor: float | None) -> run.Result:
        return run.Result(name, name, {"ours": ours, "moto": moto, "floor": floor})

    verdicts = {text: ok for text, _, ok in run.targets([
        result("delete_objects", 11.0, 32.0, 10.0),       # 1.10x the floor, but moto only 2.9x slower
        result("delete_objects_big", 12.5, 40.0, 10.0),   # 1.25x; 1.14x the small bucket
        result("put_object", 1.4, 3.0, 1.0),              # 1.4x the floor
        result("test_life", 1.0, 6.0, 0.9),               # moto 6x slower
    ])}
    assert verdicts == {
        "delete_objects: ours/floor <= 1.3": True,
        "delete_objects_big: ours/floor <= 1.3": True,
        "put_object: ours/floor <= 1.3": False,
        "test_life: moto/ours >= 5": True,
        "delete_objects: moto/ours >= 3": False,
        "ours, delete_objects_big vs delete_objects <= 1.2": True,
    }
