"""Generated docs and code stay in step with their sources."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("script", ["gen_errors.py", "gen_docs.py"])
def test_generated_files_are_fresh(script: str) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--check"], capture_output=True,
                            text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
