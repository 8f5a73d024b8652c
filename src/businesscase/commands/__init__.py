"""One module per command; :mod:`businesscase.cli` registers them on the typer app.

Each command module imports its heavy dependencies inside the command function, so that
``businesscase --help`` and ``businesscase validate`` start fast.
"""
