"""The console's build step never runs `npm ci` through a symlinked node_modules: npm would empty
the folder it points to (another checkout's install) before installing here."""

import os
import stat
from pathlib import Path

import pytest

from shared.local.console_build import ConsoleBuildError, ensure_built


def _console(tmp_path: Path) -> tuple[Path, Path]:
    """A console folder whose lock file is newer than the shared install, and an `npm` on PATH that
    records how it was called (and builds dist/index.html for `run build`)."""
    console, shared = tmp_path / "console", tmp_path / "shared_modules"
    (console / "src").mkdir(parents=True)
    shared.mkdir()
    (shared / "left-pad").mkdir()
    (shared / ".package-lock.json").write_text("{}")
    os.utime(shared / ".package-lock.json", (1_000_000, 1_000_000))
    (console / "package-lock.json").write_text("{}")
    (console / "build.mjs").write_text("")
    (console / "node_modules").symlink_to(shared)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text(f'#!/bin/sh\necho "$@" >> {tmp_path}/npm-calls\n'
                   'if [ "$1" = run ]; then mkdir -p dist && echo built > dist/index.html; fi\n')
    npm.chmod(npm.stat().st_mode | stat.S_IEXEC)
    return console, bin_dir


def test_a_symlinked_install_is_used_as_it_is(tmp_path, monkeypatch):
    console, bin_dir = _console(tmp_path)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert ensure_built(console) == console / "dist"
    assert (tmp_path / "npm-calls").read_text().split("\n")[0] == "run --silent build"
    assert (tmp_path / "shared_modules" / "left-pad").is_dir()


def test_an_empty_symlinked_install_is_an_error_naming_it(tmp_path, monkeypatch):
    console, bin_dir = _console(tmp_path)
    (tmp_path / "shared_modules" / ".package-lock.json").unlink()
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(ConsoleBuildError, match="no packages installed"):
        ensure_built(console)
    assert not (tmp_path / "npm-calls").exists()


def test_an_own_outdated_install_is_refreshed(tmp_path, monkeypatch):
    console, bin_dir = _console(tmp_path)
    (console / "node_modules").unlink()
    (console / "node_modules").mkdir()
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    ensure_built(console)
    assert (tmp_path / "npm-calls").read_text().split("\n")[0].startswith("ci --ignore-scripts")
