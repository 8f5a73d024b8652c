"""One module per command, each declaring itself as ``COMMAND`` (see :mod:`.params`);
:mod:`businesscase.cli` lists them.

A command module imports its heavy dependencies inside the command function, and nothing
from typer, so that a plain command starts fast.
"""
