"""Signal receivers stay thin: they hand over to services."""
