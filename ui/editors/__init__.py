"""One small editor widget per field type, registered in :data:`EDITORS`."""
