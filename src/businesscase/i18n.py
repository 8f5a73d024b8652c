"""The user's language, for what belongs to no case (``init``, a file that cannot be read).

A case speaks its own ``meta.language``; ``--lang`` overrides it. Where there is no case the
language comes from the environment, looked up as gettext does: ``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``, the first that is set; Danish (``da``, ``da_DK.UTF-8``) gives
``da``, anything else English.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

LANGUAGES = ("da", "en")


def user_language(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            first = value.split(":")[0]
            return "da" if first.lower().startswith("da") else "en"
    return "en"
