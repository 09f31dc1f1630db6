"""AI Usage Doctor: find out why AI-assistant usage data can't be read, and say how to fix it."""

from aiusage_doctor._version import __version__

APP_NAME = "AI Usage Doctor"
APP_ID = "io.github.aiusagedoctor.AIUsageDoctor"

__all__ = ["APP_ID", "APP_NAME", "__version__"]
