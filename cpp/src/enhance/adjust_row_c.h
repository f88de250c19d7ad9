// The C adjustment row kernels: the specification of every SIMD version (see
// adjust_dsp.h; in an unnamed namespace for the reason given in
// convert/convert_row_c.h).
#pragma once
#include <cstdint>

namespace edgeav {
namespace {

inline void adjust_lut_row_c(const uint8_t* src, uint8_t* dst, int width, const uint8_t* lut) {
  for (int x = 0; x < width; x++) dst[x] = lut[src[x]];
}

// One pixel of FFmpeg eq's fixed-point map: Q12 product floored by an
// arithmetic shift, plus the offset, clamped to 8 bits.
inline uint8_t adjust_linear_pixel(int v, int contrast, int offset) {
  const int pel = ((v * contrast) >> 12) + offset;
  return static_cast<uint8_t>(pel < 0 ? 0 : pel > 255 ? 255 : pel);
}

inline void adjust_linear_row_c(const uint8_t* src, uint8_t* dst, int width, int contrast, int offset) {
  for (int x = 0; x < width; x++) dst[x] = adjust_linear_pixel(src[x], contrast, offset);
}

}  // namespace
}  // namespace edgeav
