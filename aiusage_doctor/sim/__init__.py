"""The built-in provider simulator used by demo mode, end-to-end tests and benchmarks."""
