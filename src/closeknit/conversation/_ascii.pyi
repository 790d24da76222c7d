"""Type stubs for the compiled kernels in ``_ascii.pyx``."""

import numpy as np
import numpy.typing as npt

class EmotionLogits:
    def __init__(
        self,
        unigrams: list[str],
        bigram_keys: npt.NDArray[np.int64],
        weights: npt.NDArray[np.float32],
        idf_squared: npt.NDArray[np.float32],
        intercept: npt.NDArray[np.float32],
    ) -> None: ...
    def logits(
        self,
        texts: list[str | None],
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
    ) -> None: ...
    @property
    def states(self) -> int: ...
    def cue_sums(
        self,
        texts: list[str | None],
        out: npt.NDArray[np.float64],
        done: npt.NDArray[np.uint8],
    ) -> None: ...
