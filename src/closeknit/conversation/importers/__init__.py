"""closeknit conversation importers."""
