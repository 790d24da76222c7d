"""The compiled ASCII kernels (``_ascii.pyx``), when this installation has them.

An installed package always has them (they are built with it); a source tree that was never
built does not, and then every text takes the polars/numpy reference path, which gives the
same results more slowly. :data:`AVAILABLE` says which is in use.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np
import numpy.typing as npt
import polars as pl

ascii_kernels: ModuleType | None
try:
    from closeknit.conversation import _ascii as ascii_kernels
except ImportError:  # pragma: no cover - an unbuilt source tree
    ascii_kernels = None

AVAILABLE = ascii_kernels is not None


def pick(values: list[str | None], rows: npt.NDArray[np.intp]) -> pl.Series:
    """The texts at ``rows`` (the ones a kernel left to the reference) as a String Series.

    Built from the list the kernel read: several times cheaper than ``Series.gather``.
    """
    return pl.Series("text", [values[i] for i in rows.tolist()], dtype=pl.String)
