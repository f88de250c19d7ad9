#include "python/numpy_image.h"

#include <string>

namespace edgeav {

namespace {

std::string shape_of(const py::array& a) {
  std::string s = "(";
  for (py::ssize_t i = 0; i < a.ndim(); i++) s += (i ? ", " : "") + std::to_string(a.shape(i));
  return s + (a.ndim() == 1 ? ",)" : ")");
}

py::array as_uint8_array(py::handle obj, bool writable, const std::string& what) {
  if (!py::isinstance<py::array>(obj))
    throw InvalidArgumentError(what + " must be a numpy uint8 array, got " +
                               std::string(py::str(py::type::handle_of(obj).attr("__name__"))));
  py::array a = py::reinterpret_borrow<py::array>(obj);
  if (a.dtype().kind() != 'u' || a.itemsize() != 1)
    throw InvalidArgumentError(what + " must have dtype uint8, got " + std::string(py::str(a.dtype())));
  if (a.size() == 0) throw InvalidArgumentError(what + " is empty, shape " + shape_of(a));
  if (writable && !a.writeable()) throw InvalidArgumentError(what + " is read-only");
  for (py::ssize_t i = 0; i < a.ndim(); i++)
    if (a.strides(i) <= 0 && a.shape(i) > 1)
      throw InvalidArgumentError(what + " has a non-positive stride; pass a copy (np.ascontiguousarray)");
  return a;
}

// Writability was checked where it matters; inputs may be read-only arrays.
uint8_t* data_of(const py::array& a) { return static_cast<uint8_t*>(const_cast<void*>(a.data())); }

// numpy may give a single-row array any row stride; treat it as packed.
ptrdiff_t row_stride(const py::array& a, ptrdiff_t row_bytes) { return a.shape(0) > 1 ? a.strides(0) : row_bytes; }

// A 2-D array whose rows hold contiguous bytes.
py::array plane_array(py::handle obj, bool writable, const std::string& what) {
  py::array a = as_uint8_array(obj, writable, what);
  if (a.ndim() != 2) throw InvalidArgumentError(what + " must be 2-D, got shape " + shape_of(a));
  if (a.strides(1) != 1 && a.shape(1) > 1)
    throw InvalidArgumentError(what + " must have contiguous rows (stride 1 along the width)");
  return a;
}

void expect_shape(const py::array& a, py::ssize_t rows, py::ssize_t cols, const std::string& what) {
  if (a.shape(0) != rows || a.shape(1) != cols)
    throw InvalidArgumentError(what + " must have shape (" + std::to_string(rows) + ", " + std::to_string(cols) +
                               "), got " + shape_of(a));
}

int checked_int(py::ssize_t v, const std::string& what) {
  if (v > 16384) throw InvalidArgumentError(what + " is larger than 16384");
  return static_cast<int>(v);
}

Image yuv420_from_tuple(const py::tuple& t, PixelFormat format, bool writable, const char* role) {
  const std::string r = role;
  const size_t n = format == EAV_FORMAT_I420 ? 3 : 2;
  if (t.size() != n)
    throw InvalidArgumentError(r + ": " + format_name(format) + " planes must be a tuple of " + std::to_string(n) +
                               " arrays, got " + std::to_string(t.size()));
  py::array y = plane_array(t[0], writable, r + " Y plane");
  Image im{};
  im.format = format;
  im.height = checked_int(y.shape(0), r + " height");
  im.width = checked_int(y.shape(1), r + " width");
  if (im.width % 2 || im.height % 2)
    throw InvalidArgumentError(r + ": " + format_name(format) + " needs even width and height, got " +
                               std::to_string(im.width) + "x" + std::to_string(im.height));
  im.data[0] = data_of(y), im.stride[0] = row_stride(y, im.width);
  if (format == EAV_FORMAT_I420) {
    for (int p = 1; p < 3; p++) {
      const std::string what = r + (p == 1 ? " U plane" : " V plane");
      py::array c = plane_array(t[p], writable, what);
      expect_shape(c, im.height / 2, im.width / 2, what);
      im.data[p] = data_of(c), im.stride[p] = row_stride(c, im.width / 2);
    }
    return im;
  }
  const std::string what = r + " UV plane";
  py::array uv = as_uint8_array(t[1], writable, what);
  if (uv.ndim() == 3) {  // (H/2, W/2, 2): pairs of U, V
    if (uv.shape(0) != im.height / 2 || uv.shape(1) != im.width / 2 || uv.shape(2) != 2)
      throw InvalidArgumentError(what + " must have shape (" + std::to_string(im.height / 2) + ", " +
                                 std::to_string(im.width / 2) + ", 2), got " + shape_of(uv));
    if (uv.strides(2) != 1 || uv.strides(1) != 2) throw InvalidArgumentError(what + " must have contiguous rows");
  } else {
    uv = plane_array(t[1], writable, what);
    expect_shape(uv, im.height / 2, im.width, what);
  }
  im.data[1] = data_of(uv), im.stride[1] = row_stride(uv, im.width);
  return im;
}

Image yuv420_from_buffer(py::handle obj, PixelFormat format, bool writable, const char* role) {
  const std::string r = role, what = r + " " + format_name(format) + " buffer";
  py::array a = plane_array(obj, writable, what);
  if (a.shape(0) % 3)
    throw InvalidArgumentError(what + " must have H*3/2 rows for an even height H, got shape " + shape_of(a));
  Image im{};
  im.format = format;
  im.height = checked_int(a.shape(0) / 3 * 2, r + " height");
  im.width = checked_int(a.shape(1), r + " width");
  if (im.width % 2 || im.height % 2)
    throw InvalidArgumentError(r + ": " + format_name(format) + " needs even width and height, got " +
                               std::to_string(im.width) + "x" + std::to_string(im.height));
  const ptrdiff_t stride = a.strides(0);
  uint8_t* base = data_of(a);
  im.data[0] = base, im.stride[0] = stride;
  if (format == EAV_FORMAT_NV12) {
    im.data[1] = base + im.height * stride, im.stride[1] = stride;
    return im;
  }
  // I420 packs two chroma rows per buffer row, which only lines up when the
  // buffer rows are exactly W bytes apart.
  if (stride != im.width)
    throw InvalidArgumentError(what + " must be C-contiguous; for a strided I420 frame pass a (y, u, v) tuple");
  const ptrdiff_t luma = static_cast<ptrdiff_t>(im.width) * im.height, chroma = luma / 4;
  im.data[1] = base + luma, im.data[2] = base + luma + chroma;
  im.stride[1] = im.stride[2] = im.width / 2;
  return im;
}

Image packed_from_array(py::handle obj, PixelFormat format, bool writable, const char* role) {
  const std::string r = role, what = r + " " + format_name(format) + " image";
  const int channels = plane_geometry(format, 1, 1, 0).width_bytes;
  py::array a = as_uint8_array(obj, writable, what);
  if (a.ndim() != 3 || a.shape(2) != channels)
    throw InvalidArgumentError(what + " must have shape (H, W, " + std::to_string(channels) + "), got " +
                               shape_of(a));
  if (a.strides(2) != 1 || (a.strides(1) != channels && a.shape(1) > 1))
    throw InvalidArgumentError(what + " must have contiguous pixels within each row");
  Image im{};
  im.format = format;
  im.height = checked_int(a.shape(0), r + " height");
  im.width = checked_int(a.shape(1), r + " width");
  im.data[0] = data_of(a), im.stride[0] = row_stride(a, static_cast<ptrdiff_t>(im.width) * channels);
  return im;
}

}  // namespace

PixelFormat parse_format(const std::string& name) {
  static const std::pair<const char*, PixelFormat> names[] = {
      {"i420", EAV_FORMAT_I420}, {"nv12", EAV_FORMAT_NV12}, {"rgb24", EAV_FORMAT_RGB24}, {"rgb", EAV_FORMAT_RGB24},
      {"bgr24", EAV_FORMAT_BGR24}, {"bgr", EAV_FORMAT_BGR24}, {"rgba", EAV_FORMAT_RGBA}, {"bgra", EAV_FORMAT_BGRA}, {"gray", EAV_FORMAT_GRAY8}};
  for (const auto& n : names)
    if (name == n.first) return n.second;
  throw InvalidArgumentError("unknown pixel format '" + name + "'; expected one of i420, nv12, rgb24, bgr24, rgba, bgra, gray");
}

Image image_from_numpy(py::handle obj, PixelFormat format, bool writable, const char* role) {
  if (format == EAV_FORMAT_GRAY8) {
    const PlaneView p = plane_from_numpy(obj, writable, role);
    Image im{};
    im.format = format, im.width = p.width, im.height = p.height, im.data[0] = p.data, im.stride[0] = p.stride;
    return im;
  }
  if (is_packed_rgb(format)) return packed_from_array(obj, format, writable, role);
  if (py::isinstance<py::tuple>(obj))
    return yuv420_from_tuple(py::reinterpret_borrow<py::tuple>(obj), format, writable, role);
  return yuv420_from_buffer(obj, format, writable, role);
}

py::array new_image_array(PixelFormat format, int width, int height) {
  if (is_yuv420(format) && (width % 2 || height % 2))
    throw InvalidArgumentError(std::string(format_name(format)) + " needs even width and height, got " +
                               std::to_string(width) + "x" + std::to_string(height));
  if (is_yuv420(format)) return py::array_t<uint8_t>({height * 3 / 2, width});
  if (format == EAV_FORMAT_GRAY8) return py::array_t<uint8_t>({height, width});
  return py::array_t<uint8_t>({height, width, plane_geometry(format, 1, 1, 0).width_bytes});
}

PlaneView plane_from_numpy(py::handle obj, bool writable, const char* role) {
  py::array a = plane_array(obj, writable, role);
  return {data_of(a), row_stride(a, a.shape(1)), checked_int(a.shape(1), std::string(role) + " width"),
          checked_int(a.shape(0), std::string(role) + " height")};
}

}  // namespace edgeav
