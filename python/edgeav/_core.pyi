from collections.abc import Sequence
from typing import Any, Literal, TypeVar, Union

import numpy as np
import numpy.typing as npt

__version__: str

Frame = Union[npt.NDArray[np.uint8], tuple[npt.NDArray[np.uint8], ...]]
PixelFormat = Literal["i420", "nv12", "rgb24", "rgb", "bgr24", "bgr", "rgba", "bgra"]
_F = TypeVar("_F", bound=Frame)

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
