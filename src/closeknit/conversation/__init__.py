"""closeknit conversation."""
