"""edgeav: on-device media SDK (video codec, audio 3A, enhancement).

Frames are numpy uint8 arrays taken without a copy; see README.md for the
conventions every module follows.
"""

from . import audio, enhance, license, video
from ._core import (
    AppIdMismatch,
    Error,
    EvaluationLimitReached,
    FeatureNotLicensed,
    InvalidArgument,
    LicenseError,
    LicenseExpired,
    LicenseInvalid,
    LicenseNotYetValid,
    Unsupported,
    __version__,
    build_info,
    convert,
    cpu_features,
    cpu_flags,
    downscale2,
    set_cpu_mask,
)

__all__ = [
    "audio",
    "enhance",
    "license",
    "video",
    "AppIdMismatch",
    "Error",
    "EvaluationLimitReached",
    "FeatureNotLicensed",
    "InvalidArgument",
    "LicenseError",
    "LicenseExpired",
    "LicenseInvalid",
    "LicenseNotYetValid",
    "Unsupported",
    "__version__",
    "build_info",
    "convert",
    "cpu_features",
    "cpu_flags",
    "downscale2",
    "set_cpu_mask",
]
