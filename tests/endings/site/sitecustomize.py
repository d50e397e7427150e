"""Breaks one function of a command that runs no pytest, where `hooks.py` cannot reach: an internal
error of the command's own.

Python imports `sitecustomize` at start-up from its path; a case puts this folder on PYTHONPATH.
With `ENDINGS_BREAK=module:function` set, calling that function raises, before the command imports
it by name. Without it, this does nothing.
"""

from __future__ import annotations

import importlib
import os

BREAK = "ENDINGS_BREAK"
INJECTED = "injected by tests/endings/site/sitecustomize.py"


def _broken(*args: object, **kwargs: object) -> object:
    raise RuntimeError(INJECTED)


if os.environ.get(BREAK):
    module, _, name = os.environ[BREAK].partition(":")
    setattr(importlib.import_module(module), name, _broken)
