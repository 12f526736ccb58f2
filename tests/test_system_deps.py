"""scripts/system-deps.sh, run by `make run` / `make test` before anything else: silent
when all is there, installs what is missing as root, otherwise stops at once with the one
command to run. Driven here with a fake system: a PATH of stub commands and a file tree."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "system-deps.sh"
BASH = shutil.which("bash") or "/bin/bash"
CHMOD = shutil.which("chmod") or "/bin/chmod"
EVERYTHING = [
    "usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf",
    "usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    "usr/lib/x86_64-linux-gnu/libpango-1.0.so.0",
    "usr/lib/x86_64-linux-gnu/libpangoft2-1.0.so.0",
    "usr/lib/x86_64-linux-gnu/libharfbuzz-subset.so.0",
    "usr/bin/chromium",
]


class FakeSystem:
    def __init__(self, tmp_path: Path, *, uid: int):
        self.root = tmp_path / "root"
        self.bin = tmp_path / "bin"
        self.apt_log = tmp_path / "apt.log"
        self.venv = tmp_path / "venv"
        self.bin.mkdir()
        for command in ("msgfmt", "pdftotext", "pdftoppm"):
            self.stub(command, "exit 0")
        self.stub("id", f"echo {uid}")
        # apt-get records its arguments; installing chromium puts the browser in place.
        self.stub(
            "apt-get",
            f'echo "$*" >> {self.apt_log}\n'
            f'case " $* " in *" chromium "*) : > {self.root}/usr/bin/chromium; {CHMOD} 755 {self.root}/usr/bin/chromium;; esac',
        )
        (self.venv / "bin").mkdir(parents=True)
        self.stub("python", "exit 0", folder=self.venv / "bin")
        for name in EVERYTHING:
            self.add(name)

    def stub(self, name: str, body: str, folder: Path | None = None) -> None:
        path = (folder or self.bin) / name
        path.write_text(f"#!{BASH}\n{body}\n")
        path.chmod(0o755)

    def add(self, name: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
        path.chmod(0o755)

    def remove(self, name: str) -> None:
        (self.root / name).unlink()

    def run(self, purpose: str) -> subprocess.CompletedProcess:
        env = {"PATH": str(self.bin), "ROWAD_SYSROOT": str(self.root), "VENV": str(self.venv)}
        return subprocess.run(
            [BASH, str(SCRIPT), purpose], env=env, capture_output=True, text=True, timeout=30, check=False
        )

    def apt_calls(self) -> list[str]:
        return self.apt_log.read_text().splitlines() if self.apt_log.exists() else []


def test_system_deps_everything_present_is_silent(tmp_path):
    system = FakeSystem(tmp_path, uid=1000)

    result = system.run("test")

    assert (result.returncode, result.stdout, result.stderr, system.apt_calls()) == (0, "", "", [])


def test_system_deps_non_root_stops_with_the_one_command(tmp_path):
    system = FakeSystem(tmp_path, uid=1000)
    system.remove("usr/bin/chromium")
    system.remove("usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf")
    (system.bin / "pdftoppm").unlink()

    result = system.run("test")

    assert result.returncode == 1
    assert "  sudo apt-get update && sudo apt-get install -y fonts-noto-core chromium poppler-utils\n" in (
        result.stderr
    )
    assert system.apt_calls() == []


def test_system_deps_run_needs_no_browser(tmp_path):
    system = FakeSystem(tmp_path, uid=1000)
    system.remove("usr/bin/chromium")

    assert system.run("run").returncode == 0
    assert system.run("test").returncode == 1


def test_system_deps_missing_python_venv_is_named(tmp_path):
    system = FakeSystem(tmp_path, uid=1000)
    shutil.rmtree(system.venv)
    system.stub("python3.11", "exit 1")  # a Debian python3.11 without ensurepip

    result = system.run("run")

    assert "sudo apt-get install -y python3.11-venv\n" in result.stderr


def test_system_deps_as_root_installs_what_is_missing(tmp_path):
    system = FakeSystem(tmp_path, uid=0)
    system.remove("usr/bin/chromium")

    result = system.run("test")

    assert result.returncode == 0, result.stderr
    assert system.apt_calls() == ["update -qq", "install -y -qq chromium"]


def test_system_deps_as_root_fails_when_install_did_not_help(tmp_path):
    system = FakeSystem(tmp_path, uid=0)
    system.remove("usr/lib/x86_64-linux-gnu/libpango-1.0.so.0")

    result = system.run("run")

    assert result.returncode == 1
    assert "Still missing after apt-get install libpango-1.0-0: libpango-1.0-0" in result.stderr


def test_system_deps_skip_variable(tmp_path):
    result = subprocess.run(
        [BASH, str(SCRIPT), "test"],
        env={"PATH": str(tmp_path), "ROWAD_SKIP_SYSTEM_DEPS": "1", "ROWAD_SYSROOT": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 0
