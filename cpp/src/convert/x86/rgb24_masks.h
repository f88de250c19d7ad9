// pshufb masks shared by the SSSE3 and AVX2 colour kernels (AVX2 applies the
// same 16-byte mask in each 128-bit lane). Only constants: no code, so nothing
// built with -mavx2 can leak into baseline code through this header.
#pragma once
#include <cstdint>

namespace edgeav {
namespace x86 {

struct Mask16 {
  uint8_t b[16];
};

// Four 3-byte pixels starting at byte `skip` of a 16-byte load -> four 4-byte
// pixels with a zero fourth byte.
constexpr Mask16 rgb24_to_rgbx_mask(int skip) {
  Mask16 m{};
  for (int i = 0; i < 16; i++) m.b[i] = (i % 4 == 3) ? 0x80 : static_cast<uint8_t>(skip + (i / 4) * 3 + i % 4);
  return m;
}

// Byte j of output block `block` (of three) of 16 interleaved 3-byte pixels,
// taken from plane `channel` (0, 1, 2), or zero when another plane supplies it.
constexpr Mask16 interleave3_mask(int block, int channel) {
  Mask16 m{};
  for (int j = 0; j < 16; j++) {
    const int g = 16 * block + j;
    m.b[j] = g % 3 == channel ? static_cast<uint8_t>(g / 3) : 0x80;
  }
  return m;
}

constexpr Mask16 kRgb24Window = rgb24_to_rgbx_mask(0);      // load starts at the first pixel
constexpr Mask16 kRgb24WindowSkip4 = rgb24_to_rgbx_mask(4);  // load starts 4 bytes early
constexpr Mask16 kInterleave3[3][3] = {
    {interleave3_mask(0, 0), interleave3_mask(0, 1), interleave3_mask(0, 2)},
    {interleave3_mask(1, 0), interleave3_mask(1, 1), interleave3_mask(1, 2)},
    {interleave3_mask(2, 0), interleave3_mask(2, 1), interleave3_mask(2, 2)},
};

// The coefficients of RgbToYuvCoeffs (R, G, B order) placed at the byte/word
// positions of a pixel in `layout`: position 3 (alpha or padding) gets 0.
template <typename T>
constexpr void place_rgb(int red_index, int blue_index, T r, T g, T b, T out[4]) {
  out[red_index] = r, out[1] = g, out[blue_index] = b, out[3] = 0;
}

}  // namespace x86
}  // namespace edgeav
