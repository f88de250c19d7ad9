// NEON super-resolution rows; same integer arithmetic as sr_row_c.h, tails in
// C.
#include <arm_neon.h>

#include "enhance/sr_dsp.h"
#include "enhance/sr_row_c.h"

namespace edgeav {

namespace {

// (u - v) >> 1 of two bytes: uhsub floors the 9-bit difference, and the result
// lies in [-128, 127], so its low 8 bits read as signed are exact.
inline int8x16_t half_diff(uint8x16_t u, uint8x16_t v) { return vreinterpretq_s8_u8(vhsubq_u8(u, v)); }
inline int8x8_t half_diff(uint8x8_t u, uint8x8_t v) { return vreinterpret_s8_u8(vhsub_u8(u, v)); }

// The products fit 16 bits (at most 128 * 128), so a widening multiply is
// exact before the arithmetic shift.
inline void store_products(int8x8_t gx, int8x8_t gy, int16_t* xx, int16_t* yy, int16_t* xy) {
  vst1q_s16(xx, vshrq_n_s16(vmull_s8(gx, gx), 5));
  vst1q_s16(yy, vshrq_n_s16(vmull_s8(gy, gy), 5));
  vst1q_s16(xy, vshrq_n_s16(vmull_s8(gx, gy), 5));
}

void sr_gradients_neon(const uint8_t* above, const uint8_t* row, const uint8_t* below, int16_t* xx, int16_t* yy,
                       int16_t* xy, int width) {
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    const int8x16_t gx = half_diff(vld1q_u8(row + x + 1), vld1q_u8(row + x - 1));
    const int8x16_t gy = half_diff(vld1q_u8(below + x), vld1q_u8(above + x));
    store_products(vget_low_s8(gx), vget_low_s8(gy), xx + x, yy + x, xy + x);
    vst1q_s16(xx + x + 8, vshrq_n_s16(vmull_high_s8(gx, gx), 5));
    vst1q_s16(yy + x + 8, vshrq_n_s16(vmull_high_s8(gy, gy), 5));
    vst1q_s16(xy + x + 8, vshrq_n_s16(vmull_high_s8(gx, gy), 5));
  }
  if (x + 8 <= width) {
    store_products(half_diff(vld1_u8(row + x + 1), vld1_u8(row + x - 1)),
                   half_diff(vld1_u8(below + x), vld1_u8(above + x)), xx + x, yy + x, xy + x);
    x += 8;
  }
  sr_gradients_c(above + x, row + x, below + x, xx + x, yy + x, xy + x, width - x);
}

// Sums of the five rows at columns i..i+7. 16-bit adds wrap like the C cast
// of the int sum, so they are exact for any input.
inline int16x8_t column_sums(const int16_t* const r[5], int i) {
  int16x8_t s = vld1q_s16(r[0] + i);
  for (int k = 1; k < 5; k++) s = vaddq_s16(s, vld1q_s16(r[k] + i));
  return s;
}

// Eight outputs from the column sums of their 12 columns: `lo` the first 8,
// the low half of `hi` the next 4.
inline int16x8_t window5(int16x8_t lo, int16x8_t hi) {
  int16x8_t s = vaddq_s16(lo, vextq_s16(lo, hi, 1));
  s = vaddq_s16(s, vextq_s16(lo, hi, 2));
  s = vaddq_s16(s, vextq_s16(lo, hi, 3));
  return vaddq_s16(s, vextq_s16(lo, hi, 4));
}

// Separable: five rows summed per column, then five neighbouring column sums.
// Every load ends at or before column width + 1, the last valid one.
void sr_box5_neon(const int16_t* const rows[5], int16_t* dst, int width) {
  const int16_t* r[5];
  for (int k = 0; k < 5; k++) r[k] = rows[k] - 2;  // r[k][i] is column i - 2
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    const int16x8_t c0 = column_sums(r, x), c1 = column_sums(r, x + 8);
    const int16x8_t c2 = column_sums(r, x + 12);  // columns x+10..x+17; the upper half is needed
    vst1q_s16(dst + x, window5(c0, c1));
    vst1q_s16(dst + x + 8, window5(c1, vextq_s16(c2, c2, 4)));
  }
  if (x + 8 <= width) {
    const int16x8_t c0 = column_sums(r, x), c1 = column_sums(r, x + 4);  // columns x-2..x+5, x+2..x+9
    vst1q_s16(dst + x, window5(c0, vextq_s16(c1, c1, 4)));
    x += 8;
  }
  const int16_t* rest[5];
  for (int k = 0; k < 5; k++) rest[k] = rows[k] + x;
  sr_box5_c(rest, dst + x, width - x);
}

static_assert(kSrCos[0] > 0 && kSrSin[0] == 0 && kSrCos[3] == 0 && kSrSin[3] > 0,
              "boundaries 0 and 3 are the axes");

struct ClassConsts {
  int32x4_t strength[2], coherence_q15[2];
};

// Classes of 4 pixels, in 32 bits, with sr_class_of's int arithmetic: for
// int16 inputs no product below overflows where the C one does not, and the
// ones that can wrap (d4, ct * ct) wrap the same way.
inline int32x4_t classes4(int32x4_t a, int32x4_t b, int32x4_t t, const ClassConsts& c) {
  // Sides of the boundary lines as 0 / -1 masks; 0 and 3 are signs of b and -a.
  const int32x4_t first = vreinterpretq_s32_u32(vcgezq_s32(b));
  int32x4_t negatives = vaddq_s32(first, vreinterpretq_s32_u32(vclezq_s32(a)));
  constexpr int kOblique[4] = {1, 2, 4, 5};
  for (int k : kOblique) {
    const int32x4_t cross = vmlsq_n_s32(vmulq_n_s32(b, kSrCos[k]), a, kSrSin[k]);
    negatives = vaddq_s32(negatives, vreinterpretq_s32_u32(vcgezq_s32(cross)));
  }
  // count = -negatives; first side positive ? count - 1 = ~negatives : 11 - count.
  const int32x4_t angle = vbslq_s32(vreinterpretq_u32_s32(first), vmvnq_s32(negatives),
                                    vaddq_s32(negatives, vdupq_n_s32(11)));
  const int32x4_t strength = vaddq_s32(vreinterpretq_s32_u32(vcgeq_s32(t, c.strength[0])),
                                       vreinterpretq_s32_u32(vcgeq_s32(t, c.strength[1])));  // -strength
  const int32x4_t d4 = vmlaq_s32(vmulq_s32(a, a), b, b);
  const int32x4_t round = vdupq_n_s32(1 << 14);
  int32x4_t coherence = vdupq_n_s32(0);  // -coherence
  for (int k = 0; k < 2; k++) {
    const int32x4_t ct = vshrq_n_s32(vmlaq_s32(round, t, c.coherence_q15[k]), 15);
    coherence = vaddq_s32(coherence, vreinterpretq_s32_u32(vcgtq_s32(d4, vmulq_s32(ct, ct))));
  }
  // (angle * 3 + strength) * 3 + coherence
  return vsubq_s32(vmlsq_n_s32(vmulq_n_s32(angle, kSrStrengths * kSrCoherences), strength, kSrCoherences),
                   coherence);
}

inline uint8x8_t classes8(int16x8_t xx, int16x8_t yy, int16x8_t xy, const ClassConsts& c) {
  const int32x4_t lo = classes4(vsubl_s16(vget_low_s16(xx), vget_low_s16(yy)), vshll_n_s16(vget_low_s16(xy), 1),
                                vaddl_s16(vget_low_s16(xx), vget_low_s16(yy)), c);
  const int32x4_t hi = classes4(vsubl_high_s16(xx, yy), vshll_high_n_s16(xy, 1), vaddl_high_s16(xx, yy), c);
  // Classes are 0..107: plain narrowing.
  return vmovn_u16(vreinterpretq_u16_s16(vmovn_high_s32(vmovn_s32(lo), hi)));
}

void sr_classify_neon(const int16_t* xx, const int16_t* yy, const int16_t* xy, uint8_t* cls, int width,
                      const SrClassParams* params) {
  ClassConsts c;
  for (int k = 0; k < 2; k++) {
    c.strength[k] = vdupq_n_s32(params->strength[k]);
    c.coherence_q15[k] = vdupq_n_s32(params->coherence_q15[k]);
  }
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    const uint8x8_t lo = classes8(vld1q_s16(xx + x), vld1q_s16(yy + x), vld1q_s16(xy + x), c);
    const uint8x8_t hi = classes8(vld1q_s16(xx + x + 8), vld1q_s16(yy + x + 8), vld1q_s16(xy + x + 8), c);
    vst1q_u8(cls + x, vcombine_u8(lo, hi));
  }
  if (x + 8 <= width) {
    vst1_u8(cls + x, classes8(vld1q_s16(xx + x), vld1q_s16(yy + x), vld1q_s16(xy + x), c));
    x += 8;
  }
  sr_classify_c(xx + x, yy + x, xy + x, cls + x, width - x, params);
}

struct Mask16 {
  uint8_t b[16];
};
// tbl indices for 16-bit output vector `v` of 8 five-way interleaved columns:
// the table holds rows 0..4 as bytes 8k..8k+7, and the high byte of every
// word indexes past the 48-byte table, which tbl reads as zero.
constexpr Mask16 interleave5_mask(int v) {
  Mask16 m{};
  for (int i = 0; i < 8; i++) {
    const int g = 8 * v + i;  // col[g] = row g % 5, column g / 5
    m.b[2 * i] = static_cast<uint8_t>(8 * (g % 5) + g / 5);
    m.b[2 * i + 1] = 0xff;
  }
  return m;
}
constexpr Mask16 kInterleave5[5] = {interleave5_mask(0), interleave5_mask(1), interleave5_mask(2),
                                    interleave5_mask(3), interleave5_mask(4)};

void sr_columns_neon(const uint8_t* const rows[5], int16_t* col, int width) {
  const int n = width + 4;  // columns to write, starting at rows[k][-2]
  uint8x16_t idx[5];
  for (int v = 0; v < 5; v++) idx[v] = vld1q_u8(kInterleave5[v].b);
  const uint8_t* r[5];
  for (int k = 0; k < 5; k++) r[k] = rows[k] - 2;
  int x = 0;
  for (; x + 8 <= n; x += 8) {
    uint8x16x3_t t;
    t.val[0] = vcombine_u8(vld1_u8(r[0] + x), vld1_u8(r[1] + x));
    t.val[1] = vcombine_u8(vld1_u8(r[2] + x), vld1_u8(r[3] + x));
    t.val[2] = vcombine_u8(vld1_u8(r[4] + x), vdup_n_u8(0));
    for (int v = 0; v < 5; v++) vst1q_s16(col + x * 5 + v * 8, vreinterpretq_s16_u8(vqtbl3q_u8(t, idx[v])));
  }
  for (; x < n; x++)
    for (int k = 0; k < 5; k++) col[x * 5 + k] = r[k][x];
}

// The four partial sums of one output pixel: its 25 taps times its patch. The
// last tap is masked so that nothing past tap 24 counts, as in the C.
inline int32x4_t pixel_sums(const int16_t* p, const int16_t* f, int16x4_t last_tap) {
  const int16x8_t p0 = vld1q_s16(p), p1 = vld1q_s16(p + 8), p2 = vld1q_s16(p + 16);
  const int16x8_t f0 = vld1q_s16(f), f1 = vld1q_s16(f + 8), f2 = vld1q_s16(f + 16);
  int32x4_t s = vmull_s16(vget_low_s16(p0), vget_low_s16(f0));
  s = vmlal_high_s16(s, p0, f0);
  s = vmlal_s16(s, vget_low_s16(p1), vget_low_s16(f1));
  s = vmlal_high_s16(s, p1, f1);
  s = vmlal_s16(s, vget_low_s16(p2), vget_low_s16(f2));
  s = vmlal_high_s16(s, p2, f2);
  return vmlal_s16(s, vld1_s16(p + 24), vand_s16(vld1_s16(f + 24), last_tap));
}

// The totals of four pixels' partial sums, in order.
inline int32x4_t totals4(int32x4_t s0, int32x4_t s1, int32x4_t s2, int32x4_t s3) {
  return vpaddq_s32(vpaddq_s32(s0, s1), vpaddq_s32(s2, s3));
}

void sr_filter_neon(const int16_t* col, const int16_t* bank, int phases, int phase_y, const uint8_t* cls,
                    const int32_t* anchor, const uint8_t* phase, uint8_t* dst, int width) {
  const int16x4_t last_tap = vreinterpret_s16_u64(vdup_n_u64(0xffff));
  int x = 0;
  for (; x + 8 <= width; x += 8) {
    int32x4_t s[8];
    for (int i = 0; i < 8; i++) {
      const int a = anchor[x + i];
      const int16_t* f = bank + ((cls[a] * phases + phase_y) * phases + phase[x + i]) * kSrTapStride;
      s[i] = pixel_sums(col + a * 5, f, last_tap);
    }
    // (sum + 2^13) >> 14 saturated to 0..65535, then to 255: the C clamp.
    const uint16x8_t words =
        vqrshrun_high_n_s32(vqrshrun_n_s32(totals4(s[0], s[1], s[2], s[3]), kSrFilterShift),
                            totals4(s[4], s[5], s[6], s[7]), kSrFilterShift);
    vst1_u8(dst + x, vqmovn_u16(words));
  }
  sr_filter_c(col, bank, phases, phase_y, cls, anchor + x, phase + x, dst + x, width - x);
}

}  // namespace

void sr_dsp_init_neon(SrDsp* dsp) {
  dsp->gradients = sr_gradients_neon;
  dsp->box5 = sr_box5_neon;
  dsp->classify = sr_classify_neon;
  dsp->columns = sr_columns_neon;
  dsp->filter = sr_filter_neon;
}

}  // namespace edgeav
