"""Makes sure the console can run locally: its npm packages installed (npm ci, from the lock file)
and its assets built (npm run build) when a source is newer than the build.

    python -m shared.local.console_build
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONSOLE = ROOT / "console"
BUILT = CONSOLE / "dist" / "index.html"


class ConsoleBuildError(RuntimeError):
    pass


def _npm() -> str:
    npm = shutil.which("npm")
    if not npm:
        raise ConsoleBuildError("Node.js and npm are needed for the console: `apt-get install -y nodejs npm` "
                                "(or `make console`).")
    return npm


def _newest_source() -> float:
    sources = [CONSOLE / "package-lock.json", CONSOLE / "build.mjs", *(CONSOLE / "src").rglob("*")]
    return max(p.stat().st_mtime for p in sources if p.is_file())


def ensure_built() -> Path:
    """console/dist, installing packages and building first if needed."""
    installed = CONSOLE / "node_modules" / ".package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < (CONSOLE / "package-lock.json").stat().st_mtime:
        # Install scripts are skipped: the only one that matters (re2, optional) compiles C++ for minutes.
        subprocess.run([_npm(), "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=CONSOLE, check=True,
                       stdout=subprocess.DEVNULL)
    if not BUILT.exists() or BUILT.stat().st_mtime < _newest_source():
        subprocess.run([_npm(), "run", "--silent", "build"], cwd=CONSOLE, check=True)
    return BUILT.parent


if __name__ == "__main__":
    try:
        print(ensure_built())
    except (ConsoleBuildError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
