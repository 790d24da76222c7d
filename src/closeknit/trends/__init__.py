"""closeknit trends."""
