// NEON plane rows; tails go to the C rows.
#include <arm_neon.h>

#include "convert/plane_dsp.h"
#include "convert/plane_row_c.h"

namespace edgeav {

namespace {

void copy_row_neon(const uint8_t* src, uint8_t* dst, int width) {
  int x = 0;
  for (; x + 64 <= width; x += 64) {
    const uint8x16_t a = vld1q_u8(src + x), b = vld1q_u8(src + x + 16);
    const uint8x16_t c = vld1q_u8(src + x + 32), d = vld1q_u8(src + x + 48);
    vst1q_u8(dst + x, a);
    vst1q_u8(dst + x + 16, b);
    vst1q_u8(dst + x + 32, c);
    vst1q_u8(dst + x + 48, d);
  }
  for (; x + 16 <= width; x += 16) vst1q_u8(dst + x, vld1q_u8(src + x));
  copy_row_c(src + x, dst + x, width - x);
}

void merge_uv_row_neon(const uint8_t* u, const uint8_t* v, uint8_t* uv, int width) {
  int x = 0;
  for (; x + 16 <= width; x += 16) vst2q_u8(uv + 2 * x, (uint8x16x2_t{{vld1q_u8(u + x), vld1q_u8(v + x)}}));
  merge_uv_row_c(u + x, v + x, uv + 2 * x, width - x);
}

void split_uv_row_neon(const uint8_t* uv, uint8_t* u, uint8_t* v, int width) {
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    const uint8x16x2_t p = vld2q_u8(uv + 2 * x);
    vst1q_u8(u + x, p.val[0]);
    vst1q_u8(v + x, p.val[1]);
  }
  split_uv_row_c(uv + 2 * x, u + x, v + x, width - x);
}

void downscale2_row_neon(const uint8_t* src0, const uint8_t* src1, uint8_t* dst, int width) {
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    // Horizontal pair sums of row 0 plus those of row 1: at most 1020, exact in 16 bits.
    const uint16x8_t lo = vpadalq_u8(vpaddlq_u8(vld1q_u8(src0 + 2 * x)), vld1q_u8(src1 + 2 * x));
    const uint16x8_t hi = vpadalq_u8(vpaddlq_u8(vld1q_u8(src0 + 2 * x + 16)), vld1q_u8(src1 + 2 * x + 16));
    // (sum + 2) >> 2 never exceeds 255, so the narrowing is exact.
    vst1q_u8(dst + x, vrshrn_high_n_u16(vrshrn_n_u16(lo, 2), hi, 2));
  }
  downscale2_row_c(src0 + 2 * x, src1 + 2 * x, dst + x, width - x);
}

}  // namespace

void plane_dsp_init_neon(PlaneDsp* dsp) {
  dsp->copy = copy_row_neon;
  dsp->merge_uv = merge_uv_row_neon;
  dsp->split_uv = split_uv_row_neon;
  dsp->downscale2 = downscale2_row_neon;
}

}  // namespace edgeav
