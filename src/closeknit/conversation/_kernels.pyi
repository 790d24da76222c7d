"""Type stubs for the compiled kernels in ``_kernels.pyx``."""

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import polars as pl

Classify = Callable[[list[int]], list[tuple[int, int]]]

FLAG_WORD: int
FLAG_SPACE: int
FLAG_SYMBOL: int
FLAG_KEPT: int
FLAG_APOSTROPHE: int

class CharTable:
    def __init__(self, classify: Classify) -> None: ...

class EmotionLogits:
    def __init__(
        self,
        unigrams: dict[str, int],
        n_unigrams: int,
        bigram_keys: npt.NDArray[np.int64],
        weights: npt.NDArray[np.float32],
        idf_squared: npt.NDArray[np.float32],
        intercept: npt.NDArray[np.float32],
        classify: Classify,
    ) -> None: ...
    def logits(
        self,
        series: pl.Series,
        out: npt.NDArray[np.float32],
        done: npt.NDArray[np.uint8],
    ) -> None: ...

class CueSearch:
    def __init__(
        self,
        needles: list[str],
        rows: list[list[tuple[int, float, bool]]],
        markers: int,
        window: int,
        classify: Classify,
    ) -> None: ...
    @property
    def states(self) -> int: ...
    def cue_sums(
        self,
        series: pl.Series,
        out: npt.NDArray[np.float64],
        done: npt.NDArray[np.uint8],
        counts: npt.NDArray[np.uint32] | None = None,
    ) -> None: ...

def add_rows_by_group(
    table: npt.NDArray[np.float32],
    rows: npt.NDArray[np.int64],
    groups: npt.NDArray[np.int64],
    out: npt.NDArray[np.float64],
) -> None: ...
