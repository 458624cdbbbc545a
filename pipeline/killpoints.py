"""Named points where the crash-safety tests kill a run (SIGKILL), to prove it resumes without loss.

``VKS_KILL_AT=name`` (or ``name:N`` for the N-th pass) makes the process kill itself there. Unset, each
point is one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

_passes: dict[str, int] = {}


def checkpoint(name: str) -> None:
    target = os.environ.get("VKS_KILL_AT")
    if not target:
        return
    point, _, count = target.partition(":")
    if point != name:
        return
    _passes[name] = _passes.get(name, 0) + 1
    if _passes[name] >= int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)
