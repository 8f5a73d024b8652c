"""Build hook: an editable install compiles the package's own modules.

``uv sync`` installs this project editable: the environment points at ``src/`` and imports
the working tree. The dependencies are compiled at install (``compile-bytecode`` in
pyproject.toml), but a compile step never reaches ``src/``, and where
``PYTHONDONTWRITEBYTECODE`` is set (as on these machines) Python never writes the
package's ``.pyc`` itself: every command would compile every module it imports again, about
as long as the rest of its start-up. So the editable build compiles them into
``src/businesscase/__pycache__``. They are checked against the sources' timestamps as any
``.pyc``: a module edited since is compiled afresh in memory, never run stale.
"""

from __future__ import annotations

import compileall
import contextlib
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version != "editable":
            return  # a wheel's installer compiles it
        package = Path(self.root) / "src" / "businesscase"
        with contextlib.suppress(OSError):  # a read-only checkout runs, only slower
            compileall.compile_dir(package, quiet=1)
