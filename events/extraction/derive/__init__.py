"""Build-time scripts that derive the engine's data files from third-party reference data."""
