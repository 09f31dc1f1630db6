"""AI Usage Doctor: find out why AI-assistant usage data can't be read, and say how to fix it."""

from importlib.metadata import PackageNotFoundError, version as _version

APP_NAME = "AI Usage Doctor"
APP_ID = "io.github.aiusagedoctor.AIUsageDoctor"

try:
    __version__ = _version("aiusage-doctor")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

__all__ = ["APP_ID", "APP_NAME", "__version__"]
