"""businesscase: business cases for municipal investment pools, from a YAML file to a table.

The version has one source, ``project.version`` in pyproject.toml; ``__version__`` reads it
from the installed package's metadata, and only when asked (``--version``), so that starting
a command does not pay for the lookup.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("businesscase")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
