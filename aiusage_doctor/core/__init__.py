"""The Qt-free engine: models, check runner, HTTP adapter, tokens, redaction, reports and secret store."""
