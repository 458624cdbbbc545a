"""The shipped scheduling examples run the real command line."""

from __future__ import annotations

import re
import shlex

from pipeline.sample_portal import Portal, PortalServer

from .conftest import ROOT, vks

DEPLOY = ROOT / "pipeline" / "deploy"


def vks_args(line: str) -> list[str]:
    words = shlex.split(line)
    return words[next(i for i, w in enumerate(words) if w.endswith("/vks")) + 1:]


def test_systemd_unit_command_runs(tmp_path):
    service = (DEPLOY / "vks-run.service").read_text(encoding="utf-8")
    args = vks_args(re.search(r"^ExecStart=(.+)$", service, re.M).group(1))
    assert args[:3] == ["run", "--site", "vkskh"]
    timer = (DEPLOY / "vks-run.timer").read_text(encoding="utf-8")
    assert re.search(r"^OnCalendar=\S", timer, re.M) and "Persistent=true" in timer
    with PortalServer(portal=Portal()) as server:
        # the same command, pointed at the local sample portal instead of the live site
        args = ["run", "--site", "sample", *args[3:], "--base-url", server.url]
        out = vks(*args, env={"VKS_DATA_DIR": str(tmp_path), "VKS_DELAY": "0"})
    assert "90 new articles" in out.stdout


def test_cron_example_uses_flock_and_a_known_command():
    line = next(ln for ln in (DEPLOY / "crontab.example").read_text(encoding="utf-8").splitlines()
                if ln and not ln.startswith("#") and "vks" in ln and "=" not in ln.split()[0])
    assert "flock -n" in line
    args = vks_args(line.split("&&", 1)[1].split(">>")[0])
    assert args[0] == "run" and "--site" in args
    assert vks(args[0], "--help").returncode == 0
