"""The layer contract (issue 13), checked by import-linter with the contracts in
pyproject.toml ([tool.importlinter]): core imports no domain, the mail infrastructure
(notifications) imports no domain, scheduling imports no domain but accounts, no domain imports
the JSON API. Every import counts, those inside functions too."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lint_imports(*arguments: str) -> subprocess.CompletedProcess:
    command = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(command), "--no-cache", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_layer_contracts_are_kept():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_domain_import_in_core_breaks_the_contract(tmp_path):
    """The contract can fail: a deferred import of a domain inside lmb.core is found."""
    probe = ROOT / "lmb" / "core" / "_layer_probe.py"
    probe.write_text("def f():\n    from lmb.accounts.models import User\n\n    return User\n")
    try:
        result = lint_imports()
    finally:
        probe.unlink()
    assert result.returncode != 0
    assert "lmb.core._layer_probe -> lmb.accounts.models" in result.stdout
