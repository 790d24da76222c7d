"""The intimacy model: concepts (components, forms, signs, causes, practices, benefits) as data."""
