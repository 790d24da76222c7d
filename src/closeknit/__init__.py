"""closeknit: see how close two people are, understand what holds it back, practise what builds it.

The package is a framework-free core (the intimacy model, instruments, scoring, reports,
practice, trends, safety, conversation analysis) with a CLI and a Django web app on top.
"""

__version__ = "0.1.0"
