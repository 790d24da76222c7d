"""closeknit scoring."""
