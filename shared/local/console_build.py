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


class ConsoleBuildError(RuntimeError):
    pass


def _npm() -> str:
    npm = shutil.which("npm")
    if not npm:
        raise ConsoleBuildError("Node.js and npm are needed for the console: `apt-get install -y nodejs npm` "
                                "(or `make console`).")
    return npm


def _newest_source(console: Path) -> float:
    sources = [console / "package-lock.json", console / "build.mjs", *(console / "src").rglob("*")]
    return max(p.stat().st_mtime for p in sources if p.is_file())


def ensure_built(console: Path = CONSOLE) -> Path:
    """console/dist, installing packages and building first if needed."""
    modules = console / "node_modules"
    built = console / "dist" / "index.html"
    installed = modules / ".package-lock.json"
    if modules.is_symlink():
        # A shared install (another checkout's): `npm ci` would empty the folder it points to.
        if not installed.exists():
            raise ConsoleBuildError(f"{modules} points to {modules.resolve()}, which has no packages installed.")
    elif not installed.exists() or installed.stat().st_mtime < (console / "package-lock.json").stat().st_mtime:
        # Install scripts are skipped: the only one that matters (re2, optional) compiles C++ for minutes.
        subprocess.run([_npm(), "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=console, check=True,
                       stdout=subprocess.DEVNULL)
    if not built.exists() or built.stat().st_mtime < _newest_source(console):
        subprocess.run([_npm(), "run", "--silent", "build"], cwd=console, check=True)
    return built.parent


if __name__ == "__main__":
    try:
        print(ensure_built())
    except (ConsoleBuildError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
