// The C row kernels: the specification of every SIMD version. Templates over
// the pixel layout, in an unnamed namespace so that a SIMD translation unit
// (built with -mavx2) that calls them for its tail gets its own copy instead
// of sharing, through the linker, one compiled with AVX2 with baseline code.
#pragma once
#include <cstdint>

#include "convert/convert_dsp.h"

namespace edgeav {
namespace {

inline uint8_t clamp_u8(int v) { return static_cast<uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v); }

template <PackedLayout L>
void packed_to_y_c(const uint8_t* src, uint8_t* dst_y, int width, const RgbToYuvCoeffs* k) {
  constexpr int bpp = packed_bytes_per_pixel(L), ri = packed_red_index(L), bi = packed_blue_index(L);
  for (int x = 0; x < width; x++, src += bpp) {
    const int y = k->y[0] * src[ri] + k->y[1] * src[1] + k->y[2] * src[bi];
    dst_y[x] = static_cast<uint8_t>(((y + 128) >> 8) + k->y_offset);
  }
}

template <PackedLayout L>
void packed_to_uv_c(const uint8_t* src0, const uint8_t* src1, uint8_t* dst_u, uint8_t* dst_v, int width,
                    const RgbToYuvCoeffs* k) {
  constexpr int bpp = packed_bytes_per_pixel(L), ri = packed_red_index(L), bi = packed_blue_index(L);
  constexpr int kBias = (128 << 17) + (1 << 16);
  for (int x = 0; x < width; x++, src0 += 2 * bpp, src1 += 2 * bpp) {
    const int r = src0[ri] + src0[bpp + ri] + src1[ri] + src1[bpp + ri];
    const int g = src0[1] + src0[bpp + 1] + src1[1] + src1[bpp + 1];
    const int b = src0[bi] + src0[bpp + bi] + src1[bi] + src1[bpp + bi];
    dst_u[x] = clamp_u8((k->u[0] * r + k->u[1] * g + k->u[2] * b + kBias) >> 17);
    dst_v[x] = clamp_u8((k->v[0] * r + k->v[1] * g + k->v[2] * b + kBias) >> 17);
  }
}

template <PackedLayout L>
void yuv_to_packed_c(const uint8_t* y, const uint8_t* u, const uint8_t* v, uint8_t* dst, int width,
                     const YuvToRgbCoeffs* k) {
  constexpr int bpp = packed_bytes_per_pixel(L), ri = packed_red_index(L), bi = packed_blue_index(L);
  for (int x = 0; x < width; x++, dst += bpp) {
    const int cu = u[x >> 1] - 128, cv = v[x >> 1] - 128;
    const int base = static_cast<int>((y[x] * 0x0101u * k->y_mul) >> 16) + k->bias;
    dst[ri] = clamp_u8((base + k->v_to_r * cv) >> 6);
    dst[1] = clamp_u8((base - k->u_to_g * cu - k->v_to_g * cv) >> 6);
    dst[bi] = clamp_u8((base + k->u_to_b * cu) >> 6);
    if (bpp == 4) dst[3] = 255;
  }
}

}  // namespace
}  // namespace edgeav
