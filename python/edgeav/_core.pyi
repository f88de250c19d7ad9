from collections.abc import Sequence
from typing import Any, Literal, Union

import numpy as np
import numpy.typing as npt

__version__: str

Frame = Union[npt.NDArray[np.uint8], tuple[npt.NDArray[np.uint8], ...]]
PixelFormat = Literal["i420", "nv12", "rgb24", "rgb", "bgr24", "bgr", "rgba", "bgra", "gray"]

class Error(Exception): ...
class InvalidArgument(Error, ValueError): ...
class Unsupported(Error, ValueError): ...

def convert(
    src: Frame,
    src_format: PixelFormat,
    dst_format: PixelFormat,
    *,
    matrix: Literal["bt601", "bt709"] = "bt601",
    full_range: bool = False,
    out: Frame | None = None,
) -> Frame: ...
def downscale2(src: npt.NDArray[np.uint8], *, out: npt.NDArray[np.uint8] | None = None) -> npt.NDArray[np.uint8]: ...
def cpu_features() -> list[str]: ...
def cpu_flags() -> list[str]: ...
def set_cpu_mask(flags: Sequence[str] | None) -> None: ...
def build_info() -> dict[str, Any]: ...

class SuperResolution:
    def __init__(
        self,
        scale: float | tuple[int, int] = 2.0,
        *,
        mode: Literal["standard"] = "standard",
        sharpness: float = 1.0,
        brightness: float = 0.0,
        contrast: float = 1.0,
        saturation: float = 1.0,
    ) -> None: ...
    def output_size(self, width: int, height: int, format: PixelFormat = "gray") -> tuple[int, int]: ...
    def process(self, frame: Frame, *, format: PixelFormat | None = None, out: Frame | None = None) -> Frame: ...

class Adjust:
    def __init__(self, *, brightness: float = 0.0, contrast: float = 1.0, saturation: float = 1.0) -> None: ...
    def process(self, frame: Frame, *, format: PixelFormat | None = None, out: Frame | None = None) -> Frame: ...
