"""businesscase: business cases for municipal investment pools, from a YAML file to a table."""

__version__ = "0.1.0"
