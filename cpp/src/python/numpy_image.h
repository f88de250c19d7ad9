// numpy arrays <-> Image views for the Python module: strict (uint8 only, no
// conversion, no copy), with messages that say what shape was expected.
#pragma once
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "base/image.h"

namespace edgeav {
namespace py = pybind11;

// Raised as edgeav.InvalidArgument by the module.
struct InvalidArgumentError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

PixelFormat parse_format(const std::string& name);

// A frame of `format` from numpy: a 2-D (H*3/2, W) I420/NV12 buffer, a (y, u, v)
// or (y, uv) tuple of planes, or an (H, W, 3|4) RGB array. Row strides may be
// anything at least a row long; pixels within a row must be contiguous.
Image image_from_numpy(py::handle obj, PixelFormat format, bool writable, const char* role);

// A new C-contiguous array in the canonical form of `format`.
py::array new_image_array(PixelFormat format, int width, int height);

// A single 2-D uint8 plane.
struct PlaneView {
  uint8_t* data;
  ptrdiff_t stride;
  int width, height;
};
PlaneView plane_from_numpy(py::handle obj, bool writable, const char* role);

}  // namespace edgeav
