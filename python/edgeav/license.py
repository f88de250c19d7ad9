"""Licensing: activate a signed license, query it, deactivate it.

    info = edgeav.license.activate("EAV1....", app_id="com.example.player")   # or a path to a token file
    edgeav.license.status().editions       # {"video": None, "audio": None, "enhance": "standard"}

Without a license the SDK runs in evaluation mode and every feature works. With
one, creating a processing object whose feature the license does not grant
raises edgeav.FeatureNotLicensed (the message names the edition it needs).
The check happens when an object is created, never per frame.
"""

from __future__ import annotations

import datetime as _dt
import os
import time
import warnings
from dataclasses import dataclass, field

from . import _core

__all__ = ["LicenseInfo", "activate", "deactivate", "features", "require", "status"]

_WARN_DAYS = 30


@dataclass(frozen=True)
class LicenseInfo:
    mode: str  # "evaluation" or "licensed"
    editions: dict[str, str | None] = field(default_factory=dict)
    license_id: str | None = None
    licensee: str | None = None
    not_before: _dt.datetime | None = None
    expires: _dt.datetime | None = None
    days_left: int | None = None
    app_ids: tuple[str, ...] = ()
    development_build: bool = False
    trusted_keys: tuple[str, ...] = ()  # hex Ed25519 public keys this build accepts licenses from


def _utc(seconds: int) -> _dt.datetime:
    return _dt.datetime.fromtimestamp(seconds, _dt.timezone.utc)


def _info(d: dict, now: float) -> LicenseInfo:
    if not d["licensed"]:
        return LicenseInfo("evaluation", dict.fromkeys(d["editions"]), development_build=d["development_build"],
                           trusted_keys=tuple(d["trusted_keys"]))
    return LicenseInfo("licensed", d["editions"], d["license_id"], d["licensee"], _utc(d["not_before"]),
                       _utc(d["expires"]), int((d["expires"] - now) // 86400), tuple(d["app_ids"]),
                       d["development_build"], tuple(d["trusted_keys"]))


def activate(token_or_path: str | os.PathLike, app_id: str) -> LicenseInfo:
    """Verifies and installs a license token (the token text, or a file holding it)."""
    text = os.fspath(token_or_path)
    if not text.startswith("EAV1.") and os.path.isfile(text):
        with open(text, encoding="ascii") as f:
            text = f.read().strip()
    now = time.time()
    info = _info(_core._license_activate(text, app_id, int(now)), now)
    if info.days_left is not None and info.days_left < _WARN_DAYS:
        warnings.warn(f"edgeav license {info.license_id} expires in {info.days_left} days ({info.expires:%Y-%m-%d})",
                      stacklevel=2)
    return info


def status() -> LicenseInfo:
    return _info(_core._license_status(), time.time())


def deactivate() -> None:
    """Back to evaluation mode."""
    _core._license_deactivate()


def require(feature: str) -> None:
    """Raises edgeav.FeatureNotLicensed unless the license (or evaluation mode) allows `feature`."""
    _core._license_require(feature)


def features() -> list[tuple[str, str, str]]:
    """The edition table: (feature, product line, lowest edition) for every feature."""
    return _core._license_features()
