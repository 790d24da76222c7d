"""Versioned item banks (Checkup, Pulse, safety screen) as data, with their loader."""
