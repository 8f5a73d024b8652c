"""Renderers: one module per output format. All number formatting lives in :mod:`.numbers`."""
