// NEON packed RGB <-> YUV rows, bit-exact with convert_row_c.h; tails go to
// the C rows. vld3/vld4 and vst3/vst4 (de)interleave the pixels, so one
// template serves all four layouts.
#include <arm_neon.h>

#include "convert/convert_dsp.h"
#include "convert/convert_row_c.h"

namespace edgeav {

namespace {

struct Rgb {
  uint8x16_t r, g, b;
};

// 16 pixels.
template <PackedLayout L>
inline Rgb load_rgb(const uint8_t* p) {
  constexpr int ri = packed_red_index(L), bi = packed_blue_index(L);
  if constexpr (packed_bytes_per_pixel(L) == 4) {
    const uint8x16x4_t v = vld4q_u8(p);
    return {v.val[ri], v.val[1], v.val[bi]};
  } else {
    const uint8x16x3_t v = vld3q_u8(p);
    return {v.val[ri], v.val[1], v.val[bi]};
  }
}

template <PackedLayout L>
inline void store_rgb(uint8_t* p, const Rgb& c) {
  constexpr int ri = packed_red_index(L), bi = packed_blue_index(L);
  if constexpr (packed_bytes_per_pixel(L) == 4) {
    uint8x16x4_t v;
    v.val[ri] = c.r, v.val[1] = c.g, v.val[bi] = c.b, v.val[3] = vdupq_n_u8(255);
    vst4q_u8(p, v);
  } else {
    uint8x16x3_t v;
    v.val[ri] = c.r, v.val[1] = c.g, v.val[bi] = c.b;
    vst3q_u8(p, v);
  }
}

template <PackedLayout L>
void packed_to_y_neon(const uint8_t* src, uint8_t* dst_y, int width, const RgbToYuvCoeffs* k) {
  constexpr int bpp = packed_bytes_per_pixel(L);
  // Coefficients in registers: stores through uint8_t* could alias *k.
  const uint8x16_t wr = vdupq_n_u8(k->y[0]), wg = vdupq_n_u8(k->y[1]), wb = vdupq_n_u8(k->y[2]);
  const uint8x16_t offset = vdupq_n_u8(k->y_offset);
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    const Rgb c = load_rgb<L>(src + x * bpp);
    // The weights sum to at most 256, so the weighted sum fits 16 unsigned bits.
    uint16x8_t lo = vmull_u8(vget_low_u8(c.r), vget_low_u8(wr));
    lo = vmlal_u8(lo, vget_low_u8(c.g), vget_low_u8(wg));
    lo = vmlal_u8(lo, vget_low_u8(c.b), vget_low_u8(wb));
    uint16x8_t hi = vmull_high_u8(c.r, wr);
    hi = vmlal_high_u8(hi, c.g, wg);
    hi = vmlal_high_u8(hi, c.b, wb);
    // (sum + 128) >> 8 is a rounding narrow; the offset add wraps like the C cast.
    vst1q_u8(dst_y + x, vaddq_u8(vrshrn_high_n_u16(vrshrn_n_u16(lo, 8), hi, 8), offset));
  }
  packed_to_y_c<L>(src + x * bpp, dst_y + x, width - x, k);
}

// clamp((w0*r + w1*g + w2*b + bias) >> 17) for 2x2 sums r, g, b (0..1020).
inline uint8x8_t weigh_sums(int16x8_t r, int16x8_t g, int16x8_t b, int16x4_t w, int32x4_t bias) {
  int32x4_t lo = vmlal_lane_s16(bias, vget_low_s16(r), w, 0);
  lo = vmlal_lane_s16(lo, vget_low_s16(g), w, 1);
  lo = vmlal_lane_s16(lo, vget_low_s16(b), w, 2);
  int32x4_t hi = vmlal_high_lane_s16(bias, r, w, 0);
  hi = vmlal_high_lane_s16(hi, g, w, 1);
  hi = vmlal_high_lane_s16(hi, b, w, 2);
  // No narrowing shift takes 17 from 32 bits: >> 16 saturating to u16 (clamps
  // below 0), then >> 1 saturating to u8 (clamps above 255) is the same floor.
  return vqshrn_n_u16(vqshrun_high_n_s32(vqshrun_n_s32(lo, 16), hi, 16), 1);
}

// 2x2 block sums of one channel over two rows of 16 pixels: 8 lanes.
inline int16x8_t block_sums(uint8x16_t row0, uint8x16_t row1) {
  return vreinterpretq_s16_u16(vpadalq_u8(vpaddlq_u8(row0), row1));
}

template <PackedLayout L>
void packed_to_uv_neon(const uint8_t* src0, const uint8_t* src1, uint8_t* dst_u, uint8_t* dst_v, int width,
                       const RgbToYuvCoeffs* k) {
  constexpr int bpp = packed_bytes_per_pixel(L);
  const int16x4_t wu = {k->u[0], k->u[1], k->u[2], 0}, wv = {k->v[0], k->v[1], k->v[2], 0};
  const int32x4_t bias = vdupq_n_s32((128 << 17) + (1 << 16));
  int x = 0;
  for (; x + 8 <= width; x += 8) {
    const Rgb a = load_rgb<L>(src0 + 2 * x * bpp), b = load_rgb<L>(src1 + 2 * x * bpp);
    const int16x8_t sr = block_sums(a.r, b.r), sg = block_sums(a.g, b.g), sb = block_sums(a.b, b.b);
    vst1_u8(dst_u + x, weigh_sums(sr, sg, sb, wu, bias));
    vst1_u8(dst_v + x, weigh_sums(sr, sg, sb, wv, bias));
  }
  packed_to_uv_c<L>(src0 + 2 * x * bpp, src1 + 2 * x * bpp, dst_u + x, dst_v + x, width - x, k);
}

// yy + bias for 8 lanes of Y * 0x0101: the high halves of the 32-bit products.
inline int16x8_t luma_base(uint16x8_t y257, uint16x8_t y_mul, int16x8_t bias) {
  const uint32x4_t lo = vmull_u16(vget_low_u16(y257), vget_low_u16(y_mul)), hi = vmull_high_u16(y257, y_mul);
  const uint16x8_t yy = vuzp2q_u16(vreinterpretq_u16_u32(lo), vreinterpretq_u16_u32(hi));
  return vaddq_s16(vreinterpretq_s16_u16(yy), bias);
}

// clamp(x >> 6) of 16 lanes.
inline uint8x16_t narrow6(int16x8_t lo, int16x8_t hi) { return vqshrun_high_n_s16(vqshrun_n_s16(lo, 6), hi, 6); }

// 16-bit lanes are exact for the coefficient sets of yuv_matrix.cpp: yy + bias
// fits (yy < y_mul < 2^15), each chroma term fits (|weight| * 128 with weights,
// and u_to_g + v_to_g, below 256), and only the final add can leave the int16
// range; it saturates, and a saturated sum clamps to the same 0 or 255.
template <PackedLayout L>
void yuv_to_packed_neon(const uint8_t* y, const uint8_t* u, const uint8_t* v, uint8_t* dst, int width,
                        const YuvToRgbCoeffs* k) {
  constexpr int bpp = packed_bytes_per_pixel(L);
  const uint16x8_t y_mul = vdupq_n_u16(k->y_mul);
  const int16x8_t bias = vdupq_n_s16(k->bias);
  const int16_t v_to_r = k->v_to_r, u_to_g = k->u_to_g, v_to_g = k->v_to_g, u_to_b = k->u_to_b;
  const uint8x8_t c128 = vdup_n_u8(128);
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    const uint8x16_t yv = vld1q_u8(y + x);
    // A byte zipped with itself is Y * 0x0101 as a 16-bit lane.
    const int16x8_t base_lo = luma_base(vreinterpretq_u16_u8(vzip1q_u8(yv, yv)), y_mul, bias);
    const int16x8_t base_hi = luma_base(vreinterpretq_u16_u8(vzip2q_u8(yv, yv)), y_mul, bias);
    // Chroma terms once per chroma sample, then doubled up for the pixel pairs.
    const int16x8_t cu = vreinterpretq_s16_u16(vsubl_u8(vld1_u8(u + x / 2), c128));
    const int16x8_t cv = vreinterpretq_s16_u16(vsubl_u8(vld1_u8(v + x / 2), c128));
    const int16x8_t tr = vmulq_n_s16(cv, v_to_r);
    const int16x8_t tg = vmlaq_n_s16(vmulq_n_s16(cu, u_to_g), cv, v_to_g);
    const int16x8_t tb = vmulq_n_s16(cu, u_to_b);
    Rgb c;
    c.r = narrow6(vqaddq_s16(base_lo, vzip1q_s16(tr, tr)), vqaddq_s16(base_hi, vzip2q_s16(tr, tr)));
    c.g = narrow6(vqsubq_s16(base_lo, vzip1q_s16(tg, tg)), vqsubq_s16(base_hi, vzip2q_s16(tg, tg)));
    c.b = narrow6(vqaddq_s16(base_lo, vzip1q_s16(tb, tb)), vqaddq_s16(base_hi, vzip2q_s16(tb, tb)));
    store_rgb<L>(dst + x * bpp, c);
  }
  // x is even, so the tail's chroma starts at u[x / 2].
  yuv_to_packed_c<L>(y + x, u + x / 2, v + x / 2, dst + x * bpp, width - x, k);
}

template <PackedLayout L>
void set_neon_layout(ConvertDsp* dsp) {
  dsp->packed_to_y[L] = packed_to_y_neon<L>;
  dsp->packed_to_uv[L] = packed_to_uv_neon<L>;
  dsp->yuv_to_packed[L] = yuv_to_packed_neon<L>;
}

}  // namespace

void convert_dsp_init_neon(ConvertDsp* dsp) {
  set_neon_layout<kLayoutRGB24>(dsp);
  set_neon_layout<kLayoutBGR24>(dsp);
  set_neon_layout<kLayoutRGBA>(dsp);
  set_neon_layout<kLayoutBGRA>(dsp);
}

}  // namespace edgeav
