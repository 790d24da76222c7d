"""Relationships: two people, invited by a single-use expiring link; everything else in the
app is scoped to one relationship (URLs ``/r/<uuid>/...``)."""
