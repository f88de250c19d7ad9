// NEON deblocking: one lane per line across the edge (16 for luma; for
// chroma the 8 of the u edge, then the 8 of the v edge), every condition a
// byte mask. Vertical edges are transposed in and
// out of registers (trn for 16 x 8 luma rows, uzp/zip for 8 x 4 chroma rows);
// each filter reads exactly the samples of its C reference and writes back
// unfiltered lines unchanged.
//
// Thresholds: |d| < t is compared as |d| <= t - 1, t >= 1 once alpha, beta
// <= 0 (nothing filtered) have returned early. The normal filters take
// tc0 up to 127: the delta (|.| <= 160) is split into a positive and a
// negative part, each a byte, so saturating byte adds give the C's clip.
#include <arm_neon.h>

#include "base/arm/neon_util.h"
#include "video/h264/dsp/deblock_dsp.h"

namespace edgeav {
namespace h264 {

namespace {

// The threshold t >= 1 as the limit of a <= compare.
inline uint8_t limit(int t) { return static_cast<uint8_t>(t > 256 ? 255 : t - 1); }

// Lines where |p0 - q0| < alpha, |p1 - p0| < beta and |q1 - q0| < beta.
inline uint8x16_t filter_mask(uint8x16_t p1, uint8x16_t p0, uint8x16_t q0, uint8x16_t q1, uint8x16_t alpha1,
                              uint8x16_t beta1) {
  return vandq_u8(vandq_u8(vcleq_u8(vabdq_u8(p0, q0), alpha1), vcleq_u8(vabdq_u8(p1, p0), beta1)),
                  vcleq_u8(vabdq_u8(q1, q0), beta1));
}

// (4 (q0 - p0) + (p1 - q1) + 4) >> 3 of 8 lines, in [-160, 160].
inline int16x8_t raw_delta(uint8x8_t p1, uint8x8_t p0, uint8x8_t q0, uint8x8_t q1) {
  const int16x8_t d = vreinterpretq_s16_u16(vsubl_u8(q0, p0)), e = vreinterpretq_s16_u16(vsubl_u8(p1, q1));
  return vrshrq_n_s16(vaddq_s16(vshlq_n_s16(d, 2), e), 3);
}
inline void delta_parts(uint8x8_t p1, uint8x8_t p0, uint8x8_t q0, uint8x8_t q1, uint8x8_t& pos, uint8x8_t& neg) {
  const int16x8_t d = raw_delta(p1, p0, q0, q1);
  pos = vqmovun_s16(d), neg = vqmovun_s16(vnegq_s16(d));
}
inline void delta_parts(uint8x16_t p1, uint8x16_t p0, uint8x16_t q0, uint8x16_t q1, uint8x16_t& pos,
                        uint8x16_t& neg) {
  uint8x8_t pl, nl, ph, nh;
  delta_parts(vget_low_u8(p1), vget_low_u8(p0), vget_low_u8(q0), vget_low_u8(q1), pl, nl);
  delta_parts(vget_high_u8(p1), vget_high_u8(p0), vget_high_u8(q0), vget_high_u8(q1), ph, nh);
  pos = vcombine_u8(pl, ph), neg = vcombine_u8(nl, nh);
}

// p0 += delta, q0 -= delta (clipped) where mask; delta = clip3(-tc, tc, raw delta).
inline void apply_delta(uint8x16_t p1, uint8x16_t& p0, uint8x16_t& q0, uint8x16_t q1, uint8x16_t tc,
                        uint8x16_t mask) {
  uint8x16_t pos, neg;
  delta_parts(p1, p0, q0, q1, pos, neg);
  pos = vandq_u8(vminq_u8(pos, tc), mask), neg = vandq_u8(vminq_u8(neg, tc), mask);
  p0 = vqsubq_u8(vqaddq_u8(p0, pos), neg);
  q0 = vqaddq_u8(vqsubq_u8(q0, pos), neg);
}

// tc0[i / 4] in lane i (luma), tc0[i % 8 / 2] (chroma).
inline uint8x16_t luma_tc0(const int8_t tc0[4]) {
  const uint8x8_t t = load4(reinterpret_cast<const uint8_t*>(tc0));
  const uint8x8_t t2 = vzip1_u8(t, t);
  return vcombine_u8(vzip1_u8(t2, t2), vzip2_u8(t2, t2));
}
inline uint8x16_t chroma_tc0(const int8_t tc0[4]) {
  const uint8x8_t t = load4(reinterpret_cast<const uint8_t*>(tc0));
  const uint8x8_t t2 = vzip1_u8(t, t);
  return vcombine_u8(t2, t2);  // both planes
}

// No line has bS > 0, or the thresholds exclude every line.
inline bool skip(int alpha, int beta, const int8_t tc0[4]) {
  return alpha <= 0 || beta <= 0 || (load_u32(reinterpret_cast<const uint8_t*>(tc0)) & 0x80808080u) == 0x80808080u;
}

struct LumaLines {
  uint8x16_t p3, p2, p1, p0, q0, q1, q2, q3;
};

// The bS < 4 luma filter (8.7.2.3); false when no line is filtered.
bool luma_normal(LumaLines& l, int alpha, int beta, const int8_t tc0[4]) {
  const uint8x16_t alpha1 = vdupq_n_u8(limit(alpha)), beta1 = vdupq_n_u8(limit(beta));
  const uint8x16_t tc0v = luma_tc0(tc0);
  const uint8x16_t mask = vandq_u8(filter_mask(l.p1, l.p0, l.q0, l.q1, alpha1, beta1), vcgezq_s8(vreinterpretq_s8_u8(tc0v)));
  if (!vmaxvq_u8(mask)) return false;
  const uint8x16_t ap = vcleq_u8(vabdq_u8(l.p2, l.p0), beta1), aq = vcleq_u8(vabdq_u8(l.q2, l.q0), beta1);
  // p1 + clip3(-tc0, tc0, ((p2 + ((p0 + q0 + 1) >> 1)) >> 1) - p1) as a clamp of the
  // target (within [0, 255]) to p1 -/+ tc0, whose saturation cannot matter.
  const uint8x16_t avg = vrhaddq_u8(l.p0, l.q0);
  const uint8x16_t p1f = vminq_u8(vmaxq_u8(vhaddq_u8(l.p2, avg), vqsubq_u8(l.p1, tc0v)), vqaddq_u8(l.p1, tc0v));
  const uint8x16_t q1f = vminq_u8(vmaxq_u8(vhaddq_u8(l.q2, avg), vqsubq_u8(l.q1, tc0v)), vqaddq_u8(l.q1, tc0v));
  // tc = tc0 + ap + aq: the masks are -1 where set.
  apply_delta(l.p1, l.p0, l.q0, l.q1, vsubq_u8(vsubq_u8(tc0v, ap), aq), mask);
  l.p1 = vbslq_u8(vandq_u8(mask, ap), p1f, l.p1);
  l.q1 = vbslq_u8(vandq_u8(mask, aq), q1f, l.q1);
  return true;
}

// One side of the bS = 4 luma filter: x0..x3 on the filtered side, y0, y1
// the first two samples across. Strong lines get 3 new samples, the others
// where `mask` a new x0 only.
inline void luma_intra_side(uint8x16_t& x0, uint8x16_t& x1, uint8x16_t& x2, uint8x16_t x3, uint8x16_t y0,
                            uint8x16_t y1, uint8x16_t strong, uint8x16_t mask) {
  uint8x8_t n0[2], n1[2], n2[2];
  for (int k = 0; k < 2; k++) {
    const auto half = [k](uint8x16_t v) { return k ? vget_high_u8(v) : vget_low_u8(v); };
    const uint16x8_t s = vaddw_u8(vaddl_u8(half(x1), half(x0)), half(y0));  // x1 + x0 + y0
    const uint16x8_t s2 = vaddw_u8(s, half(x2));
    n0[k] = vrshrn_n_u16(vaddw_u8(vaddq_u16(s, s2), half(y1)), 3);  // (x2 + 2 x1 + 2 x0 + 2 y0 + y1 + 4) >> 3
    n1[k] = vrshrn_n_u16(s2, 2);                                      // (x2 + x1 + x0 + y0 + 2) >> 2
    n2[k] = vrshrn_n_u16(vaddq_u16(vshlq_n_u16(vaddl_u8(half(x3), half(x2)), 1), s2), 3);  // (2 x3 + 3 x2 + s + 4) >> 3
  }
  const uint8x16_t weak = avg3(x0, x1, y1);  // (2 x1 + x0 + y1 + 2) >> 2
  x0 = vbslq_u8(strong, vcombine_u8(n0[0], n0[1]), vbslq_u8(mask, weak, x0));
  x1 = vbslq_u8(strong, vcombine_u8(n1[0], n1[1]), x1);
  x2 = vbslq_u8(strong, vcombine_u8(n2[0], n2[1]), x2);
}

// The bS = 4 luma filter (8.7.2.4); false when no line is filtered.
bool luma_intra(LumaLines& l, int alpha, int beta) {
  const uint8x16_t beta1 = vdupq_n_u8(limit(beta));
  const uint8x16_t mask = filter_mask(l.p1, l.p0, l.q0, l.q1, vdupq_n_u8(limit(alpha)), beta1);
  if (!vmaxvq_u8(mask)) return false;
  const uint8x16_t close = vandq_u8(mask, vcleq_u8(vabdq_u8(l.p0, l.q0), vdupq_n_u8(limit((alpha >> 2) + 2))));
  const uint8x16_t sp = vandq_u8(close, vcleq_u8(vabdq_u8(l.p2, l.p0), beta1));
  const uint8x16_t sq = vandq_u8(close, vcleq_u8(vabdq_u8(l.q2, l.q0), beta1));
  const uint8x16_t p0 = l.p0, p1 = l.p1;  // the q side reads the unfiltered p samples
  luma_intra_side(l.p0, l.p1, l.p2, l.p3, l.q0, l.q1, sp, mask);
  luma_intra_side(l.q0, l.q1, l.q2, l.q3, p0, p1, sq, mask);
  return true;
}

// Rows 0-7 in the low halves, rows 8-15 in the high halves: transposes both
// 8 x 8 byte blocks at once (an involution: columns back to rows too).
inline void transpose8x8x2(uint8x16_t r[8]) {
  uint8x16_t t[8];
  for (int i = 0; i < 8; i += 2) t[i] = vtrn1q_u8(r[i], r[i + 1]), t[i + 1] = vtrn2q_u8(r[i], r[i + 1]);
  uint16x8_t u[8];
  for (int i = 0; i < 8; i += 4)
    for (int k = 0; k < 2; k++) {
      const uint16x8_t a = vreinterpretq_u16_u8(t[i + k]), b = vreinterpretq_u16_u8(t[i + k + 2]);
      u[i + k] = vtrn1q_u16(a, b), u[i + k + 2] = vtrn2q_u16(a, b);
    }
  for (int k = 0; k < 4; k++) {
    const uint32x4_t a = vreinterpretq_u32_u16(u[k]), b = vreinterpretq_u32_u16(u[k + 4]);
    r[k] = vreinterpretq_u8_u32(vtrn1q_u32(a, b)), r[k + 4] = vreinterpretq_u8_u32(vtrn2q_u32(a, b));
  }
}

void luma_horizontal_neon(uint8_t* pix, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  if (skip(alpha, beta, tc0)) return;
  LumaLines l;
  l.p2 = vld1q_u8(pix - 3 * stride), l.p1 = vld1q_u8(pix - 2 * stride), l.p0 = vld1q_u8(pix - stride);
  l.q0 = vld1q_u8(pix), l.q1 = vld1q_u8(pix + stride), l.q2 = vld1q_u8(pix + 2 * stride);
  if (!luma_normal(l, alpha, beta, tc0)) return;
  vst1q_u8(pix - 2 * stride, l.p1);
  vst1q_u8(pix - stride, l.p0);
  vst1q_u8(pix, l.q0);
  vst1q_u8(pix + stride, l.q1);
}

void luma_vertical_neon(uint8_t* pix, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  if (skip(alpha, beta, tc0)) return;
  // Columns p2..q2 (-3..2) of 16 rows: 8-byte loads from column -3, except
  // the last row, loaded from column -5 and shifted, so that no load passes
  // the last byte the C reads.
  uint8x16_t r[8];
  for (int i = 0; i < 8; i++) {
    const uint8_t* lo = pix - 3 + i * stride;
    const uint8x8_t hi = i < 7 ? vld1_u8(lo + 8 * stride) : vext_u8(vld1_u8(lo + 8 * stride - 2), vdup_n_u8(0), 2);
    r[i] = vcombine_u8(vld1_u8(lo), hi);
  }
  transpose8x8x2(r);
  LumaLines l = {vdupq_n_u8(0), r[0], r[1], r[2], r[3], r[4], r[5], vdupq_n_u8(0)};
  if (!luma_normal(l, alpha, beta, tc0)) return;
  // Columns p1..q1 back to rows of 4 bytes.
  const uint8x16_t p_lo = vzip1q_u8(l.p1, l.p0), p_hi = vzip2q_u8(l.p1, l.p0);
  const uint8x16_t q_lo = vzip1q_u8(l.q0, l.q1), q_hi = vzip2q_u8(l.q0, l.q1);
  const uint8x16_t rows[4] = {
      vreinterpretq_u8_u16(vzip1q_u16(vreinterpretq_u16_u8(p_lo), vreinterpretq_u16_u8(q_lo))),
      vreinterpretq_u8_u16(vzip2q_u16(vreinterpretq_u16_u8(p_lo), vreinterpretq_u16_u8(q_lo))),
      vreinterpretq_u8_u16(vzip1q_u16(vreinterpretq_u16_u8(p_hi), vreinterpretq_u16_u8(q_hi))),
      vreinterpretq_u8_u16(vzip2q_u16(vreinterpretq_u16_u8(p_hi), vreinterpretq_u16_u8(q_hi)))};
  uint8_t* d = pix - 2;
  for (int k = 0; k < 4; k++, d += 4 * stride) {
    store4<0>(d, rows[k]);
    store4<1>(d + stride, rows[k]);
    store4<2>(d + 2 * stride, rows[k]);
    store4<3>(d + 3 * stride, rows[k]);
  }
}

void luma_intra_horizontal_neon(uint8_t* pix, ptrdiff_t stride, int alpha, int beta) {
  if (alpha <= 0 || beta <= 0) return;
  LumaLines l;
  l.p3 = vld1q_u8(pix - 4 * stride), l.p2 = vld1q_u8(pix - 3 * stride), l.p1 = vld1q_u8(pix - 2 * stride);
  l.p0 = vld1q_u8(pix - stride), l.q0 = vld1q_u8(pix), l.q1 = vld1q_u8(pix + stride);
  l.q2 = vld1q_u8(pix + 2 * stride), l.q3 = vld1q_u8(pix + 3 * stride);
  if (!luma_intra(l, alpha, beta)) return;
  vst1q_u8(pix - 3 * stride, l.p2);
  vst1q_u8(pix - 2 * stride, l.p1);
  vst1q_u8(pix - stride, l.p0);
  vst1q_u8(pix, l.q0);
  vst1q_u8(pix + stride, l.q1);
  vst1q_u8(pix + 2 * stride, l.q2);
}

void luma_intra_vertical_neon(uint8_t* pix, ptrdiff_t stride, int alpha, int beta) {
  if (alpha <= 0 || beta <= 0) return;
  uint8x16_t r[8];  // columns p3..q3 (-4..3), exactly what the C reads
  for (int i = 0; i < 8; i++) r[i] = vcombine_u8(vld1_u8(pix - 4 + i * stride), vld1_u8(pix - 4 + (i + 8) * stride));
  transpose8x8x2(r);
  LumaLines l = {r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]};
  if (!luma_intra(l, alpha, beta)) return;
  r[1] = l.p2, r[2] = l.p1, r[3] = l.p0, r[4] = l.q0, r[5] = l.q1, r[6] = l.q2;
  transpose8x8x2(r);
  for (int i = 0; i < 8; i++) {
    vst1_u8(pix - 4 + i * stride, vget_low_u8(r[i]));
    vst1_u8(pix - 4 + (i + 8) * stride, vget_high_u8(r[i]));
  }
}

// The lines of both planes: u in the low halves, v in the high ones.
struct ChromaLines {
  uint8x16_t p1, p0, q0, q1;
};

inline uint8x16_t lows(uint8x16_t a, uint8x16_t b) { return vcombine_u8(vget_low_u8(a), vget_low_u8(b)); }
inline uint8x16_t highs(uint8x16_t a, uint8x16_t b) { return vcombine_u8(vget_high_u8(a), vget_high_u8(b)); }

// The bS < 4 chroma filter: tc = tc0 + 1; false when no line is filtered.
bool chroma_normal(ChromaLines& l, int alpha, int beta, const int8_t tc0[4]) {
  const uint8x16_t tc0v = chroma_tc0(tc0);
  const uint8x16_t mask = vandq_u8(
      filter_mask(l.p1, l.p0, l.q0, l.q1, vdupq_n_u8(limit(alpha)), vdupq_n_u8(limit(beta))),
      vcgezq_s8(vreinterpretq_s8_u8(tc0v)));
  if (!vmaxvq_u8(mask)) return false;
  apply_delta(l.p1, l.p0, l.q0, l.q1, vaddq_u8(tc0v, vdupq_n_u8(1)), mask);
  return true;
}

// The bS = 4 chroma filter: p0 = (2 p1 + p0 + q1 + 2) >> 2, likewise q0.
bool chroma_intra(ChromaLines& l, int alpha, int beta) {
  const uint8x16_t mask = filter_mask(l.p1, l.p0, l.q0, l.q1, vdupq_n_u8(limit(alpha)), vdupq_n_u8(limit(beta)));
  if (!vmaxvq_u8(mask)) return false;
  const uint8x16_t p0 = avg3(l.p0, l.p1, l.q1), q0 = avg3(l.q0, l.q1, l.p1);
  l.p0 = vbslq_u8(mask, p0, l.p0);
  l.q0 = vbslq_u8(mask, q0, l.q0);
  return true;
}

template <typename Filter>
void chroma_horizontal(uint8_t* u, uint8_t* v, ptrdiff_t stride, Filter filter) {
  const auto row = [&](ptrdiff_t k) { return vcombine_u8(vld1_u8(u + k * stride), vld1_u8(v + k * stride)); };
  ChromaLines l = {row(-2), row(-1), row(0), row(1)};
  if (!filter(l)) return;
  vst1_u8(u - stride, vget_low_u8(l.p0));
  vst1_u8(u, vget_low_u8(l.q0));
  vst1_u8(v - stride, vget_high_u8(l.p0));
  vst1_u8(v, vget_high_u8(l.q0));
}

// 8 rows of columns -2..1 of one plane as [p1 | p0], [q0 | q1]: two rounds of
// byte unzips gather the columns, two rounds of zips (the inverse) return them.
inline void load_chroma_columns(const uint8_t* pix, ptrdiff_t stride, uint8x16_t& p, uint8x16_t& q) {
  const uint8_t* s = pix - 2;
  const uint8x16_t top = vcombine_u8(load4x2(s, s + stride), load4x2(s + 2 * stride, s + 3 * stride));
  const uint8x16_t bottom = vcombine_u8(load4x2(s + 4 * stride, s + 5 * stride), load4x2(s + 6 * stride, s + 7 * stride));
  const uint8x16_t even = vuzp1q_u8(top, bottom), odd = vuzp2q_u8(top, bottom);
  p = vuzp1q_u8(even, odd), q = vuzp2q_u8(even, odd);
}

inline void store_chroma_columns(uint8_t* pix, ptrdiff_t stride, uint8x16_t p, uint8x16_t q) {
  const uint8x16_t e = vzip1q_u8(p, q), o = vzip2q_u8(p, q);
  const uint8x16_t rows03 = vzip1q_u8(e, o), rows47 = vzip2q_u8(e, o);
  uint8_t* d = pix - 2;
  store4<0>(d, rows03);
  store4<1>(d + stride, rows03);
  store4<2>(d + 2 * stride, rows03);
  store4<3>(d + 3 * stride, rows03);
  store4<0>(d + 4 * stride, rows47);
  store4<1>(d + 5 * stride, rows47);
  store4<2>(d + 6 * stride, rows47);
  store4<3>(d + 7 * stride, rows47);
}

template <typename Filter>
void chroma_vertical(uint8_t* u, uint8_t* v, ptrdiff_t stride, Filter filter) {
  uint8x16_t pu, qu, pv, qv;
  load_chroma_columns(u, stride, pu, qu);
  load_chroma_columns(v, stride, pv, qv);
  ChromaLines l = {lows(pu, pv), highs(pu, pv), lows(qu, qv), highs(qu, qv)};
  if (!filter(l)) return;
  store_chroma_columns(u, stride, lows(l.p1, l.p0), lows(l.q0, l.q1));
  store_chroma_columns(v, stride, highs(l.p1, l.p0), highs(l.q0, l.q1));
}

void chroma_horizontal_neon(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  if (skip(alpha, beta, tc0)) return;
  chroma_horizontal(u, v, stride, [&](ChromaLines& l) { return chroma_normal(l, alpha, beta, tc0); });
}
void chroma_vertical_neon(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  if (skip(alpha, beta, tc0)) return;
  chroma_vertical(u, v, stride, [&](ChromaLines& l) { return chroma_normal(l, alpha, beta, tc0); });
}
void chroma_intra_horizontal_neon(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta) {
  if (alpha <= 0 || beta <= 0) return;
  chroma_horizontal(u, v, stride, [&](ChromaLines& l) { return chroma_intra(l, alpha, beta); });
}
void chroma_intra_vertical_neon(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta) {
  if (alpha <= 0 || beta <= 0) return;
  chroma_vertical(u, v, stride, [&](ChromaLines& l) { return chroma_intra(l, alpha, beta); });
}

}  // namespace

void deblock_dsp_init_neon(DeblockDsp* dsp) {
  dsp->luma_vertical = luma_vertical_neon;
  dsp->luma_horizontal = luma_horizontal_neon;
  dsp->luma_intra_vertical = luma_intra_vertical_neon;
  dsp->luma_intra_horizontal = luma_intra_horizontal_neon;
  dsp->chroma_vertical = chroma_vertical_neon;
  dsp->chroma_horizontal = chroma_horizontal_neon;
  dsp->chroma_intra_vertical = chroma_intra_vertical_neon;
  dsp->chroma_intra_horizontal = chroma_intra_horizontal_neon;
}

}  // namespace h264
}  // namespace edgeav
