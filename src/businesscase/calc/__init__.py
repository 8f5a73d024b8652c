"""The calculation model: every figure of a case defined once, evaluated by interpreters.

``build(case)`` (:mod:`.model`) makes the nodes; :func:`.exact.evaluate` gives their exact
values; :mod:`.vector` evaluates the same nodes over arrays of draws; :mod:`.explain` walks a
node down to the inputs it rests on. The package reads no files and formats nothing but
through :mod:`businesscase.fmt`.
"""
