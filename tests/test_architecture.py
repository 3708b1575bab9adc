"""The apps' import boundaries (pyproject.toml [tool.importlinter]) hold, and the check can fail."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def run_lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_it_keeps_every_import_contract():
    result = run_lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_it_fails_when_agencies_imports_objectives(tmp_path):
    for name in ("agencies", "objectives", "reports", "qms_portal"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "agencies" / "leak.py").write_text('"""A forbidden import."""\n\nfrom objectives import models\n')
    result = run_lint_imports(tmp_path)
    assert result.returncode != 0
    assert "agencies knows nothing of objectives or reports BROKEN" in result.stdout
    assert "agencies.leak -> objectives" in result.stdout
