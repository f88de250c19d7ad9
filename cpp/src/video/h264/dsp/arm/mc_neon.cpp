// NEON motion compensation. The 6-tap filter runs in wrapping 16-bit lanes
// (its value lies in [-2550, 10710]) and rounds with vqrshrun, which is the
// C's clip((t + 16) >> 5). The centre sample filters those 16-bit values
// again without widening (see centre_tap). Every kernel reads exactly the
// columns its C reference reads: chunks overlap at the end of a row instead
// of running past it.
#include <arm_neon.h>

#include <cstring>

#include "base/arm/neon_util.h"
#include "video/h264/dsp/mc_dsp.h"

namespace edgeav {
namespace h264 {

namespace {

// Calls f(i) for chunks of K covering [0, n), n >= K; the last chunk
// overlaps the one before it rather than passing n.
template <int K, typename F>
inline void cover(int n, F f) {
  int i = 0;
  for (; i + K <= n; i += K) f(i);
  if (i < n) f(n - K);
}

// a - 5b + 20c + 20d - 5e + f on 8 columns.
inline int16x8_t tap6(uint8x8_t a, uint8x8_t b, uint8x8_t c, uint8x8_t d, uint8x8_t e, uint8x8_t f) {
  uint16x8_t t = vmlaq_n_u16(vaddl_u8(a, f), vaddl_u8(c, d), 20);
  t = vmlsq_n_u16(t, vaddl_u8(b, e), 5);
  return vreinterpretq_s16_u16(t);
}
inline int16x8_t tap6_high(uint8x16_t a, uint8x16_t b, uint8x16_t c, uint8x16_t d, uint8x16_t e, uint8x16_t f) {
  uint16x8_t t = vmlaq_n_u16(vaddl_high_u8(a, f), vaddl_high_u8(c, d), 20);
  t = vmlsq_n_u16(t, vaddl_high_u8(b, e), 5);
  return vreinterpretq_s16_u16(t);
}
inline int16x8_t tap6_low(uint8x16_t a, uint8x16_t b, uint8x16_t c, uint8x16_t d, uint8x16_t e, uint8x16_t f) {
  return tap6(vget_low_u8(a), vget_low_u8(b), vget_low_u8(c), vget_low_u8(d), vget_low_u8(e), vget_low_u8(f));
}

// clip((tap6(m0..m5) + 512) >> 10) of 16-bit vertical taps. With a = m0 + m5,
// b = m1 + m4, c = m2 + m3 (all within int16), floor(tap / 16) equals
// c + floor((floor((a - b) / 4) + c - b) / 4), whose terms stay within int16
// (the halving add takes the sum without overflow); the rounding shift by 6
// then gives floor((tap + 512) / 1024) exactly.
inline uint8x8_t centre_tap(int16x8_t m0, int16x8_t m1, int16x8_t m2, int16x8_t m3, int16x8_t m4, int16x8_t m5) {
  const int16x8_t a = vaddq_s16(m0, m5), b = vaddq_s16(m1, m4), c = vaddq_s16(m2, m3);
  const int16x8_t q = vshrq_n_s16(vhaddq_s16(vshrq_n_s16(vsubq_s16(a, b), 2), vsubq_s16(c, b)), 1);
  return vqrshrun_n_s16(vaddq_s16(c, q), 6);
}

// Vertical taps of K columns starting at s (rows s - 2 stride .. s + 3 stride) into t.
inline void vertical16(int16_t* t, const uint8_t* s, ptrdiff_t stride) {
  const uint8x16_t a = vld1q_u8(s - 2 * stride), b = vld1q_u8(s - stride), c = vld1q_u8(s), d = vld1q_u8(s + stride),
                   e = vld1q_u8(s + 2 * stride), f = vld1q_u8(s + 3 * stride);
  vst1q_s16(t, tap6_low(a, b, c, d, e, f));
  vst1q_s16(t + 8, tap6_high(a, b, c, d, e, f));
}
inline void vertical8(int16_t* t, const uint8_t* s, ptrdiff_t stride) {
  vst1q_s16(t, tap6(vld1_u8(s - 2 * stride), vld1_u8(s - stride), vld1_u8(s), vld1_u8(s + stride),
                    vld1_u8(s + 2 * stride), vld1_u8(s + 3 * stride)));
}
inline void vertical4(int16_t* t, const uint8_t* s, ptrdiff_t stride) {
  vst1_s16(t, vget_low_s16(tap6(load4(s - 2 * stride), load4(s - stride), load4(s), load4(s + stride),
                                load4(s + 2 * stride), load4(s + 3 * stride))));
}

// h, v and c of 16 columns: s = the source row at the first column, m = the
// vertical taps of that row from two columns to its left.
inline void outputs16(uint8_t* h, uint8_t* v, uint8_t* c, const uint8_t* s, const int16_t* m) {
  const uint8x16_t a = vld1q_u8(s - 2), b = vld1q_u8(s - 1), x = vld1q_u8(s), d = vld1q_u8(s + 1),
                   e = vld1q_u8(s + 2), f = vld1q_u8(s + 3);
  vst1q_u8(h, vcombine_u8(vqrshrun_n_s16(tap6_low(a, b, x, d, e, f), 5),
                          vqrshrun_n_s16(tap6_high(a, b, x, d, e, f), 5)));
  uint8x8_t vo[2], co[2];
  for (int k = 0; k < 2; k++) {
    const int16_t* mk = m + 8 * k;
    const int16x8_t m2 = vld1q_s16(mk + 2);
    vo[k] = vqrshrun_n_s16(m2, 5);
    co[k] = centre_tap(vld1q_s16(mk), vld1q_s16(mk + 1), m2, vld1q_s16(mk + 3), vld1q_s16(mk + 4), vld1q_s16(mk + 5));
  }
  vst1q_u8(v, vcombine_u8(vo[0], vo[1]));
  vst1q_u8(c, vcombine_u8(co[0], co[1]));
}

struct Out8 {
  uint8x8_t h, v, c;
};
inline Out8 outputs8(const uint8_t* s, const int16_t* m) {
  const int16x8_t m2 = vld1q_s16(m + 2);
  return {vqrshrun_n_s16(tap6(vld1_u8(s - 2), vld1_u8(s - 1), vld1_u8(s), vld1_u8(s + 1), vld1_u8(s + 2), vld1_u8(s + 3)), 5),
          vqrshrun_n_s16(m2, 5),
          centre_tap(vld1q_s16(m), vld1q_s16(m + 1), m2, vld1q_s16(m + 3), vld1q_s16(m + 4), vld1q_s16(m + 5))};
}

void hpel_filter_neon(uint8_t* h, uint8_t* v, uint8_t* c, const uint8_t* src, ptrdiff_t stride, int width,
                      int height, int16_t* scratch) {
  const int taps = width + 5;  // vertical taps from column -2 to width + 2
  for (int y = 0; y < height; y++) {
    const ptrdiff_t row = y * stride;
    const uint8_t* s = src + row;
    if (taps >= 16)
      cover<16>(taps, [&](int i) { vertical16(scratch + i, s - 2 + i, stride); });
    else if (taps >= 8)
      cover<8>(taps, [&](int i) { vertical8(scratch + i, s - 2 + i, stride); });
    else
      cover<4>(taps, [&](int i) { vertical4(scratch + i, s - 2 + i, stride); });
    if (width >= 16) {
      cover<16>(width, [&](int x) { outputs16(h + row + x, v + row + x, c + row + x, s + x, scratch + x); });
    } else if (width >= 8) {
      cover<8>(width, [&](int x) {
        const Out8 o = outputs8(s + x, scratch + x);
        vst1_u8(h + row + x, o.h);
        vst1_u8(v + row + x, o.v);
        vst1_u8(c + row + x, o.c);
      });
    } else {
      // Too narrow for one vector: filter padded copies of the row and its taps.
      uint8_t srow[16] = {};
      int16_t taps_copy[16] = {};
      std::memcpy(srow, s - 2, taps);
      std::memcpy(taps_copy, scratch, taps * sizeof(int16_t));
      const Out8 o = outputs8(srow + 2, taps_copy);
      uint8_t out[3][8];
      vst1_u8(out[0], o.h);
      vst1_u8(out[1], o.v);
      vst1_u8(out[2], o.c);
      std::memcpy(h + row, out[0], width);
      std::memcpy(v + row, out[1], width);
      std::memcpy(c + row, out[2], width);
    }
  }
}

void pixel_avg_neon(uint8_t* dst, ptrdiff_t ds, const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs,
                    int w, int h) {
  if (w == 16) {
    for (int y = 0; y < h; y++, dst += ds, a += as, b += bs) vst1q_u8(dst, vrhaddq_u8(vld1q_u8(a), vld1q_u8(b)));
  } else if (w == 8) {
    for (int y = 0; y < h; y++, dst += ds, a += as, b += bs) vst1_u8(dst, vrhadd_u8(vld1_u8(a), vld1_u8(b)));
  } else {
    int y = 0;
    for (; y + 2 <= h; y += 2, dst += 2 * ds, a += 2 * as, b += 2 * bs) {
      const uint8x8_t r = vrhadd_u8(load4x2(a, a + as), load4x2(b, b + bs));
      store4<0>(dst, r);
      store4<1>(dst + ds, r);
    }
    if (y < h) store4<0>(dst, vrhadd_u8(load4(a), load4(b)));
  }
}

struct ChromaWeights {
  uint8x8_t a, b, c, d;
};

// (wa p + wb p[1] + wc p[stride] + wd p[stride + 1] + 32) >> 6: the weights
// sum to 64, so the sum fits 16 bits and the result 8 bits.
inline uint8x8_t bilinear(uint8x8_t p, uint8x8_t p1, uint8x8_t ps, uint8x8_t ps1, const ChromaWeights& w) {
  uint16x8_t t = vmull_u8(p, w.a);
  t = vmlal_u8(t, p1, w.b);
  t = vmlal_u8(t, ps, w.c);
  t = vmlal_u8(t, ps1, w.d);
  return vrshrn_n_u16(t, 6);
}

// Blocks 4 or 2 pixels wide hold two rows per register: rows y and y + 1
// against their lower neighbours y + 1 and y + 2.
template <int W, int Row>
inline void store_row(uint8_t* d, uint8x8_t r) {
  if (W == 4)
    store4<Row>(d, r);
  else
    store2<Row>(d, r);
}

template <int W>
void mc_chroma_narrow(uint8_t* dst, ptrdiff_t ds, const uint8_t* src, ptrdiff_t ss, int h, const ChromaWeights& wt) {
  const auto rows = [](const uint8_t* a, const uint8_t* b) { return W == 4 ? load4x2(a, b) : load2x2(a, b); };
  int y = 0;
  for (; y + 2 <= h; y += 2, src += 2 * ss, dst += 2 * ds) {
    const uint8x8_t r = bilinear(rows(src, src + ss), rows(src + 1, src + ss + 1), rows(src + ss, src + 2 * ss),
                                 rows(src + ss + 1, src + 2 * ss + 1), wt);
    store_row<W, 0>(dst, r);
    store_row<W, 1>(dst + ds, r);
  }
  if (y < h) {  // odd height: the lower neighbours rotate down from the second row slot
    const uint8x8_t p = rows(src, src + ss), p1 = rows(src + 1, src + ss + 1);
    store_row<W, 0>(dst, bilinear(p, p1, vext_u8(p, p, W), vext_u8(p1, p1, W), wt));
  }
}

void mc_chroma_neon(uint8_t* dst, ptrdiff_t ds, const uint8_t* src, ptrdiff_t ss, int dx, int dy, int w, int h) {
  const ChromaWeights wt = {vdup_n_u8(static_cast<uint8_t>((8 - dx) * (8 - dy))),
                            vdup_n_u8(static_cast<uint8_t>(dx * (8 - dy))),
                            vdup_n_u8(static_cast<uint8_t>((8 - dx) * dy)), vdup_n_u8(static_cast<uint8_t>(dx * dy))};
  if (w == 4) return mc_chroma_narrow<4>(dst, ds, src, ss, h, wt);
  if (w == 2) return mc_chroma_narrow<2>(dst, ds, src, ss, h, wt);
  // Each row's loads serve again as the lower neighbours of the row before.
  uint8x8_t p = vld1_u8(src), p1 = vld1_u8(src + 1);
  for (int y = 0; y < h; y++, dst += ds) {
    src += ss;
    const uint8x8_t q = vld1_u8(src), q1 = vld1_u8(src + 1);
    vst1_u8(dst, bilinear(p, p1, q, q1, wt));
    p = q, p1 = q1;
  }
}

void copy_neon(uint8_t* dst, ptrdiff_t ds, const uint8_t* src, ptrdiff_t ss, int w, int h) {
  if (w == 16)
    for (int y = 0; y < h; y++, dst += ds, src += ss) vst1q_u8(dst, vld1q_u8(src));
  else if (w == 8)
    for (int y = 0; y < h; y++, dst += ds, src += ss) vst1_u8(dst, vld1_u8(src));
  else
    for (int y = 0; y < h; y++, dst += ds, src += ss) std::memcpy(dst, src, 4);
}

}  // namespace

void mc_dsp_init_neon(McDsp* dsp) {
  dsp->hpel_filter = hpel_filter_neon;
  dsp->pixel_avg = pixel_avg_neon;
  dsp->mc_chroma = mc_chroma_neon;
  dsp->copy = copy_neon;
}

}  // namespace h264
}  // namespace edgeav
