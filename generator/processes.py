"""Child processes (render workers, Pagefind) that end when the build that started them does.

A build killed with -9 must leave nothing running: a child that went on would write into
the staging folder the next build removes, and bring it back. On Linux the kernel kills
the child with its parent (prctl PR_SET_PDEATHSIG); elsewhere a killed build's children
finish their work and the next build's clean-up finds their folder again.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def die_with_parent(parent: int) -> None:
    """Run in the child, first: be killed when `parent` dies."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
