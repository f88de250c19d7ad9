#include "base/image.h"

#include <string>

namespace edgeav {

int plane_count(PixelFormat f) {
  switch (f) {
    case EAV_FORMAT_I420: return 3;
    case EAV_FORMAT_NV12: return 2;
    default: return 1;
  }
}

const char* format_name(PixelFormat f) {
  switch (f) {
    case EAV_FORMAT_I420: return "i420";
    case EAV_FORMAT_NV12: return "nv12";
    case EAV_FORMAT_RGB24: return "rgb24";
    case EAV_FORMAT_BGR24: return "bgr24";
    case EAV_FORMAT_RGBA: return "rgba";
    case EAV_FORMAT_BGRA: return "bgra";
    case EAV_FORMAT_GRAY8: return "gray";
  }
  return "unknown";
}

PlaneGeometry plane_geometry(PixelFormat f, int width, int height, int plane) {
  switch (f) {
    case EAV_FORMAT_I420: return plane == 0 ? PlaneGeometry{width, height} : PlaneGeometry{width / 2, height / 2};
    case EAV_FORMAT_NV12: return plane == 0 ? PlaneGeometry{width, height} : PlaneGeometry{width, height / 2};
    case EAV_FORMAT_RGBA:
    case EAV_FORMAT_BGRA: return {width * 4, height};
    case EAV_FORMAT_GRAY8: return {width, height};
    default: return {width * 3, height};
  }
}

Status validate_image(const Image& image, const char* role) {
  const std::string who = role;
  if (image.format < EAV_FORMAT_I420 || image.format > EAV_FORMAT_GRAY8)
    return Status::invalid(who + ": unknown pixel format " + std::to_string(image.format));
  // The 16384 limit keeps every row offset and 2x2 sum in 32-bit arithmetic.
  if (image.width <= 0 || image.height <= 0 || image.width > 16384 || image.height > 16384)
    return Status::invalid(who + ": size " + std::to_string(image.width) + "x" + std::to_string(image.height) +
                           " is empty or larger than 16384");
  if (is_yuv420(image.format) && (image.width % 2 || image.height % 2))
    return Status::invalid(who + ": " + format_name(image.format) + " needs even width and height, got " +
                           std::to_string(image.width) + "x" + std::to_string(image.height));
  for (int p = 0; p < plane_count(image.format); p++) {
    const PlaneGeometry g = plane_geometry(image.format, image.width, image.height, p);
    if (!image.data[p]) return Status::invalid(who + ": plane " + std::to_string(p) + " is null");
    if (image.stride[p] < g.width_bytes)
      return Status::invalid(who + ": plane " + std::to_string(p) + " stride " + std::to_string(image.stride[p]) +
                             " is smaller than its row of " + std::to_string(g.width_bytes) + " bytes");
  }
  return {};
}

}  // namespace edgeav
