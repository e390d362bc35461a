"""A wheel of the project carries the built-in themes, so a non-editable install builds."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "courses" / "aldeas-digitales"
PIP_WHEEL = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
COURSEWARE = [sys.executable, "-S", "-m", "courseware"]


def test_a_wheel_install_builds_the_sample_course(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [*PIP_WHEEL, "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("courseware-*.whl")
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(installed)
    assert "courseware/builtin_themes/default/theme.yml" in names
    assert "courseware/builtin_themes/alto-contraste/theme.yml" in names
    assert "courseware/locales/es.json" in names
    # -S: no site module, so the editable install of the checkout cannot shadow the wheel;
    # the dependencies come from this environment's site-packages as a plain path.
    search = os.pathsep.join([str(installed), sysconfig.get_paths()["purelib"]])
    env = {"PYTHONPATH": search, "PATH": os.environ.get("PATH", os.defpath)}
    if "SYSTEMROOT" in os.environ:  # Windows: Python cannot start without it
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    run = subprocess.run(
        [sys.executable, "-S", "-c", "import courseware, sys; print(courseware.__file__)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip().startswith(str(installed))
    out = tmp_path / "dist"
    build = subprocess.run(
        [*COURSEWARE, "build", str(SAMPLE), "-o", str(out), "-f", "html", "-q"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    page = (out / "aldeas-digitales" / "html" / "index.html").read_text("utf-8")
    assert "Aldeas digitales" in page and (out / "aldeas-digitales/html/assets").is_dir()
