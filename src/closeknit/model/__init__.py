"""The intimacy model: concepts (components, forms, signs, causes, practices, benefits) as data.

>>> from closeknit.model import load_model
>>> load_model().get("trust").kind
'component'
"""

from closeknit.model.concepts import Concept, Link, Model, UnknownConceptError
from closeknit.model.loader import load_model, load_model_from

__all__ = ["Concept", "Link", "Model", "UnknownConceptError", "load_model", "load_model_from"]
