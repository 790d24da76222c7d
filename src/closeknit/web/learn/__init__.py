"""Learn: the intimacy model as browsable, cross-linked pages, open to everyone."""
