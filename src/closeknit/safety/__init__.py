"""closeknit safety."""
