// NEON adjustment rows; same arithmetic as adjust_row_c.h, tails in C.
#include <arm_neon.h>

#include "enhance/adjust_dsp.h"
#include "enhance/adjust_row_c.h"

namespace edgeav {

namespace {

// The 256-entry table as four 64-byte tables: tbl gives 0 for an index past
// 64 and tbx leaves the lane alone, so each byte takes its value from the one
// quarter its (wrapping) index - 64q falls in.
inline uint8x16_t lookup(const uint8x16x4_t t[4], uint8x16_t x) {
  const uint8x16_t quarter = vdupq_n_u8(64);
  uint8x16_t r = vqtbl4q_u8(t[0], x);
  x = vsubq_u8(x, quarter);
  r = vqtbx4q_u8(r, t[1], x);
  x = vsubq_u8(x, quarter);
  r = vqtbx4q_u8(r, t[2], x);
  x = vsubq_u8(x, quarter);
  return vqtbx4q_u8(r, t[3], x);
}

void adjust_lut_row_neon(const uint8_t* src, uint8_t* dst, int width, const uint8_t* lut) {
  if (width < 16) return adjust_lut_row_c(src, dst, width, lut);
  uint8x16x4_t t[4];
  for (int q = 0; q < 4; q++) t[q] = vld1q_u8_x4(lut + 64 * q);
  int x = 0;
  for (; x + 32 <= width; x += 32) {
    const uint8x16_t a = lookup(t, vld1q_u8(src + x)), b = lookup(t, vld1q_u8(src + x + 16));
    vst1q_u8(dst + x, a);
    vst1q_u8(dst + x + 16, b);
  }
  for (; x + 16 <= width; x += 16) vst1q_u8(dst + x, lookup(t, vld1q_u8(src + x)));
  adjust_lut_row_c(src + x, dst + x, width - x, lut);
}

// (s * contrast) >> 12 is the doubling high half of (s << 3) * contrast:
// sqdmulh floors (2ab) >> 16 and cannot saturate with s << 3 >= 0. The
// saturating add and narrowing give the C clamp.
inline uint8x8_t linear8(uint8x8_t s, int16x8_t c, int16x8_t o) {
  const int16x8_t s8 = vreinterpretq_s16_u16(vshll_n_u8(s, 3));
  return vqmovun_s16(vqaddq_s16(vqdmulhq_s16(s8, c), o));
}

inline uint8x16_t linear16(uint8x16_t s, int16x8_t c, int16x8_t o) {
  return vcombine_u8(linear8(vget_low_u8(s), c, o), linear8(vget_high_u8(s), c, o));
}

void adjust_linear_row_neon(const uint8_t* src, uint8_t* dst, int width, int contrast, int offset) {
  const int16x8_t c = vdupq_n_s16(static_cast<int16_t>(contrast));
  const int16x8_t o = vdupq_n_s16(static_cast<int16_t>(offset));
  int x = 0;
  for (; x + 32 <= width; x += 32) {
    const uint8x16_t a = linear16(vld1q_u8(src + x), c, o), b = linear16(vld1q_u8(src + x + 16), c, o);
    vst1q_u8(dst + x, a);
    vst1q_u8(dst + x + 16, b);
  }
  for (; x + 16 <= width; x += 16) vst1q_u8(dst + x, linear16(vld1q_u8(src + x), c, o));
  adjust_linear_row_c(src + x, dst + x, width - x, contrast, offset);
}

}  // namespace

void adjust_dsp_init_neon(AdjustDsp* dsp) {
  dsp->apply_lut = adjust_lut_row_neon;
  dsp->linear = adjust_linear_row_neon;
}

}  // namespace edgeav
