// Fixed-point coefficients for RGB <-> YCbCr (BT.601 / BT.709, limited or full
// range). The integer formulas in convert_c.cpp are the specification every
// SIMD version reproduces bit for bit; the precisions below are chosen so the
// SIMD versions can stay in 16-bit lanes where it matters for speed.
#pragma once
#include <cstdint>

namespace edgeav {

enum class YuvMatrix { kBT601, kBT709 };

// All coefficient triples are in R, G, B order.
struct RgbToYuvCoeffs {
  // Y = ((y[0]*R + y[1]*G + y[2]*B + 128) >> 8) + y_offset; the three sum to at
  // most 256, so the sum fits 16 unsigned bits.
  uint8_t y[3];
  uint8_t y_offset;
  // U, V from the sums of a 2x2 block (0..1020), Q15 per pixel:
  // U = clamp((u[0]*SR + u[1]*SG + u[2]*SB + (128 << 17) + (1 << 16)) >> 17).
  int16_t u[3];
  int16_t v[3];
};

struct YuvToRgbCoeffs {
  // yy = (Y * 0x0101 * y_mul) >> 16 is Y scaled to Q6 with ~16-bit precision.
  uint16_t y_mul;
  // Added to yy: rounding (+32) minus the scaled black level.
  int16_t bias;
  // Chroma weights in Q6 applied to (U - 128), (V - 128):
  // R = yy + bias + v_to_r*V'; G = yy + bias - u_to_g*U' - v_to_g*V'; B = yy + bias + u_to_b*U';
  // each then >> 6 and clamped to 0..255.
  int16_t v_to_r, u_to_g, v_to_g, u_to_b;
};

RgbToYuvCoeffs rgb_to_yuv_coeffs(YuvMatrix matrix, bool full_range);
YuvToRgbCoeffs yuv_to_rgb_coeffs(YuvMatrix matrix, bool full_range);

}  // namespace edgeav
