"""closeknit reports."""
