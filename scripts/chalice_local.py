"""`chalice local` for the local runner: auto-reload that ignores what is not source, no life after the runner,
and an unknown path answered with a 404 problem+json as our API Gateway answers it (scripts/local_gateway.py).

Chalice's reloader restarts the app whenever any file under the project changes. The local
runner writes its data into `.local-aws/` a moment after every change (scripts/local_state.py),
which would restart the app after every request; installs (`.venv`, `node_modules`) and caches
would too. This starts Chalice's own CLI with its directory walk (`OSUtils.walk`, which only the
reloader uses under `chalice local`) pruned of those folders.

The runner starts this in a process group of its own and stops it on the way out; should the
runner be killed outright (kill -9), each of these processes is sent SIGTERM by the kernel when
its parent dies (Linux), rather than keep the port with no embedded AWS behind it.

Arguments are chalice's:

    .venv/bin/python scripts/chalice_local.py local --stage local --port 8000
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

NOT_SOURCE = frozenset(
    {".local-aws", ".git", ".venv", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache", "build"}
)


def ignore_data_and_tools() -> None:
    from chalice.utils import OSUtils

    walk = OSUtils.walk
    state = os.environ.get("RENDEZVOUS_LOCAL_STATE")
    state_folder = str(Path(state).resolve()) if state else None

    def source_only(self: OSUtils, path: str, followlinks: bool = False) -> Iterator[tuple[str, list, list]]:
        for root, folders, files in walk(self, path, followlinks):
            folders[:] = [
                folder
                for folder in folders
                if folder not in NOT_SOURCE and str(Path(root, folder).resolve()) != state_folder
            ]
            yield root, folders, files

    OSUtils.walk = source_only  # type: ignore[method-assign]


def die_with_parent() -> None:
    """Ask Linux to send SIGTERM when the parent process dies (prctl PR_SET_PDEATHSIG); elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def main() -> int:
    from chalice.cli import cli

    from scripts.local_gateway import answer_unknown_paths_with_404

    die_with_parent()
    args = sys.argv[1:]
    # The reloader starts its worker as Popen(sys.argv): let that be this script again.
    sys.argv = [sys.executable, str(Path(__file__).resolve()), *args]
    ignore_data_and_tools()
    answer_unknown_paths_with_404()
    return cli.main(args=args, prog_name="chalice", obj={})


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
