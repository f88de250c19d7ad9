import numpy as np
import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "native_build: builds C++ test binaries from the source tree (needs cmake, "
                            "a compiler, qemu-user and g++-aarch64-linux-gnu)")
    config.addinivalue_line("markers", "subprocess: starts processes (not possible on iOS/Android test runs)")


@pytest.fixture(scope="session")
def photo() -> np.ndarray:
    """A real photo (scikit-image's astronaut, 512x512 RGB), cropped to odd-free 510x384."""
    from skimage import data

    return np.ascontiguousarray(data.astronaut()[:384, :510])


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1234)
