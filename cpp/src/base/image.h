// Image views and their geometry. An Image is the public eav_image, so both
// bindings hand the same struct to the internal layer.
#pragma once
#include <cstddef>
#include <cstdint>

#include "base/status.h"
#include "edgeav/edgeav.h"

namespace edgeav {

using Image = eav_image;
using PixelFormat = eav_pixel_format;

inline bool is_yuv420(PixelFormat f) { return f == EAV_FORMAT_I420 || f == EAV_FORMAT_NV12; }
inline bool is_packed_rgb(PixelFormat f) { return f >= EAV_FORMAT_RGB24 && f <= EAV_FORMAT_BGRA; }
int plane_count(PixelFormat f);
const char* format_name(PixelFormat f);

struct PlaneGeometry {
  int width_bytes;
  int rows;
};
PlaneGeometry plane_geometry(PixelFormat f, int width, int height, int plane);

// Checks format, size (4:2:0 needs even sizes), pointers and strides. `role`
// ("src", "dst") names the image in the message.
Status validate_image(const Image& image, const char* role);

}  // namespace edgeav
