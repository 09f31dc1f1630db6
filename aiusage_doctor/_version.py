"""The version, in one place: the package metadata (pyproject's dynamic version) is read
from this file at build time, and the app imports it directly, so start-up never has to
go through importlib.metadata."""

__version__ = "0.1.0"
