"""Regions a person can choose; they pick which help resources the safety pages show."""

REGIONS: tuple[tuple[str, str], ...] = (
    ("GB", "United Kingdom"),
    ("IE", "Ireland"),
    ("US", "United States"),
    ("CA", "Canada"),
    ("AU", "Australia"),
    ("NZ", "New Zealand"),
    ("DE", "Germany"),
    ("FR", "France"),
    ("ES", "Spain"),
    ("NL", "Netherlands"),
    ("IN", "India"),
    ("ZA", "South Africa"),
    ("XX", "Somewhere else"),
)
REGION_CODES = frozenset(code for code, _ in REGIONS)
