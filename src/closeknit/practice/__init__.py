"""closeknit practice."""
