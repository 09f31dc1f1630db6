"""Provider check declarations. Each module exposes a `PROVIDER` (see `aiusage_doctor.core.checks.Provider`)."""
