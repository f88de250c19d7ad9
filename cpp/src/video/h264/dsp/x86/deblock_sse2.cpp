// SSE2 deblocking. The filters compute in int16 (8 lines per vector), where
// the C formulas cannot overflow, so they match it exactly; vertical edges
// are transposed so that each vector holds one sample position across the
// edge. Like every frame edge, the luma vertical edge reads the 4-sample
// blocks on both sides (p3..q3) even for bS < 4; writes of unchanged samples
// (p1/q1 when not filtered) store the value they already hold.
#include <emmintrin.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>

#include "video/h264/dsp/deblock_dsp.h"
#include "base/bits.h"
#include "base/x86/sse2_util.h"

namespace edgeav {
namespace h264 {

namespace {


inline __m128i lo16(__m128i v) { return _mm_unpacklo_epi8(v, _mm_setzero_si128()); }
inline __m128i hi16(__m128i v) { return _mm_unpackhi_epi8(v, _mm_setzero_si128()); }
inline __m128i absdiff(__m128i a, __m128i b) { return _mm_max_epi16(_mm_sub_epi16(a, b), _mm_sub_epi16(b, a)); }
inline __m128i below(__m128i v, __m128i limit) { return _mm_cmplt_epi16(v, limit); }
inline __m128i select(__m128i mask, __m128i a, __m128i b) {
  return _mm_or_si128(_mm_and_si128(mask, a), _mm_andnot_si128(mask, b));
}
inline __m128i clamp(__m128i v, __m128i lo, __m128i hi) { return _mm_min_epi16(_mm_max_epi16(v, lo), hi); }

// A sample difference is at most 255: larger thresholds act like 256, and
// keep the int16 compare right.
inline __m128i threshold(int v) { return _mm_set1_epi16(static_cast<int16_t>(std::min(v, 256))); }

// tC0 of each line as int16, for 16 lines (lo: lines 0-7, hi: 8-15) or 8.
inline __m128i tc0_bytes(const int8_t tc0[4]) {
  int32_t t;
  std::memcpy(&t, tc0, 4);
  const __m128i v = _mm_cvtsi32_si128(t);
  return _mm_unpacklo_epi8(v, v);  // t0 t0 t1 t1 t2 t2 t3 t3
}
inline __m128i sign_extend_lo(__m128i bytes) { return _mm_srai_epi16(_mm_unpacklo_epi8(bytes, bytes), 8); }
inline __m128i sign_extend_hi(__m128i bytes) { return _mm_srai_epi16(_mm_unpackhi_epi8(bytes, bytes), 8); }

// Whether the line is filtered at all: |p0 - q0| < alpha, |p1 - p0| < beta, |q1 - q0| < beta.
inline __m128i edge_mask(__m128i p1, __m128i p0, __m128i q0, __m128i q1, __m128i alpha, __m128i beta) {
  return _mm_and_si128(below(absdiff(p0, q0), alpha),
                       _mm_and_si128(below(absdiff(p1, p0), beta), below(absdiff(q1, q0), beta)));
}

// The bS < 4 p0 / q0 correction, clipped to +-tc and zero outside `mask`.
inline __m128i normal_delta(__m128i p1, __m128i p0, __m128i q0, __m128i q1, __m128i tc, __m128i mask) {
  const __m128i four = _mm_set1_epi16(4);
  const __m128i d = _mm_srai_epi16(
      _mm_add_epi16(_mm_add_epi16(_mm_slli_epi16(_mm_sub_epi16(q0, p0), 2), _mm_sub_epi16(p1, q1)), four), 3);
  return _mm_and_si128(clamp(d, _mm_sub_epi16(_mm_setzero_si128(), tc), tc), mask);
}

// (2 * x1 + x0 + y1 + 2) >> 2: p0 (or q0) of the intra filters but the strong luma one.
inline __m128i intra_weak(__m128i x1, __m128i x0, __m128i y1) {
  const __m128i sum = _mm_add_epi16(_mm_add_epi16(x1, x1), _mm_add_epi16(x0, y1));
  return _mm_srai_epi16(_mm_add_epi16(sum, _mm_set1_epi16(2)), 2);
}

struct Thresholds {
  __m128i alpha, beta;
};

// 8 lines of the luma bS < 4 filter (int16 lanes); updates p1, p0, q0, q1.
void luma_normal8(__m128i s[6], const Thresholds& t, __m128i tc0) {
  __m128i &p2 = s[0], &p1 = s[1], &p0 = s[2], &q0 = s[3], &q1 = s[4], &q2 = s[5];
  const __m128i mask = _mm_and_si128(edge_mask(p1, p0, q0, q1, t.alpha, t.beta),
                                     _mm_cmpgt_epi16(tc0, _mm_set1_epi16(-1)));
  const __m128i ap = below(absdiff(p2, p0), t.beta), aq = below(absdiff(q2, q0), t.beta);
  const __m128i tc = _mm_sub_epi16(_mm_sub_epi16(tc0, ap), aq);  // masks are -1
  const __m128i delta = normal_delta(p1, p0, q0, q1, tc, mask);
  const __m128i avg = _mm_avg_epu16(p0, q0), neg_tc0 = _mm_sub_epi16(_mm_setzero_si128(), tc0);
  const __m128i dp1 = _mm_srai_epi16(_mm_sub_epi16(_mm_add_epi16(p2, avg), _mm_add_epi16(p1, p1)), 1);
  const __m128i dq1 = _mm_srai_epi16(_mm_sub_epi16(_mm_add_epi16(q2, avg), _mm_add_epi16(q1, q1)), 1);
  p1 = _mm_add_epi16(p1, _mm_and_si128(clamp(dp1, neg_tc0, tc0), _mm_and_si128(mask, ap)));
  q1 = _mm_add_epi16(q1, _mm_and_si128(clamp(dq1, neg_tc0, tc0), _mm_and_si128(mask, aq)));
  p0 = _mm_add_epi16(p0, delta);
  q0 = _mm_sub_epi16(q0, delta);
}

// 8 lines of the luma bS = 4 filter; updates p2..q2.
void luma_intra8(__m128i s[8], const Thresholds& t, __m128i strong_limit) {
  const __m128i p3 = s[0], p2 = s[1], p1 = s[2], p0 = s[3], q0 = s[4], q1 = s[5], q2 = s[6], q3 = s[7];
  const __m128i mask = edge_mask(p1, p0, q0, q1, t.alpha, t.beta);
  const __m128i strong = _mm_and_si128(mask, below(absdiff(p0, q0), strong_limit));
  const __m128i sp = _mm_and_si128(strong, below(absdiff(p2, p0), t.beta));
  const __m128i sq = _mm_and_si128(strong, below(absdiff(q2, q0), t.beta));
  const __m128i two = _mm_set1_epi16(2), four = _mm_set1_epi16(4), pq = _mm_add_epi16(p0, q0);
  // p side (the q side is the mirror image).
  const __m128i p0s = _mm_srai_epi16(
      _mm_add_epi16(_mm_add_epi16(p2, q1), _mm_add_epi16(_mm_slli_epi16(_mm_add_epi16(p1, pq), 1), four)), 3);
  const __m128i p1s = _mm_srai_epi16(_mm_add_epi16(_mm_add_epi16(p2, p1), _mm_add_epi16(pq, two)), 2);
  const __m128i p2s = _mm_srai_epi16(
      _mm_add_epi16(_mm_add_epi16(_mm_slli_epi16(_mm_add_epi16(p3, p2), 1), _mm_add_epi16(p2, p1)),
                    _mm_add_epi16(pq, four)),
      3);
  const __m128i q0s = _mm_srai_epi16(
      _mm_add_epi16(_mm_add_epi16(q2, p1), _mm_add_epi16(_mm_slli_epi16(_mm_add_epi16(q1, pq), 1), four)), 3);
  const __m128i q1s = _mm_srai_epi16(_mm_add_epi16(_mm_add_epi16(q2, q1), _mm_add_epi16(pq, two)), 2);
  const __m128i q2s = _mm_srai_epi16(
      _mm_add_epi16(_mm_add_epi16(_mm_slli_epi16(_mm_add_epi16(q3, q2), 1), _mm_add_epi16(q2, q1)),
                    _mm_add_epi16(pq, four)),
      3);
  s[1] = select(sp, p2s, p2);
  s[2] = select(sp, p1s, p1);
  s[3] = select(mask, select(sp, p0s, intra_weak(p1, p0, q1)), p0);
  s[4] = select(mask, select(sq, q0s, intra_weak(q1, q0, p1)), q0);
  s[5] = select(sq, q1s, q1);
  s[6] = select(sq, q2s, q2);
}

// Runs an 8-line filter on both halves of 16 lines given as bytes.
template <int N, typename Filter>
void on_16_lines(__m128i bytes[N], Filter filter) {
  __m128i lo[N], hi[N];
  for (int i = 0; i < N; i++) lo[i] = lo16(bytes[i]), hi[i] = hi16(bytes[i]);
  filter(lo, 0);
  filter(hi, 1);
  for (int i = 0; i < N; i++) bytes[i] = _mm_packus_epi16(lo[i], hi[i]);
}

// p2..q2 of 16 lines (bytes): the bS < 4 luma filter.
EDGEAV_ALWAYS_INLINE void luma_normal16(__m128i s[6], int alpha, int beta, const int8_t tc0[4]) {
  const Thresholds t{threshold(alpha), threshold(beta)};
  const __m128i tc = tc0_bytes(tc0);
  const __m128i tc_lines[2] = {sign_extend_lo(_mm_unpacklo_epi16(tc, tc)), sign_extend_hi(_mm_unpacklo_epi16(tc, tc))};
  on_16_lines<6>(s, [&](__m128i* v, int half) { luma_normal8(v, t, tc_lines[half]); });
}

// p3..q3 of 16 lines (bytes): the bS = 4 luma filter.
EDGEAV_ALWAYS_INLINE void luma_intra16(__m128i s[8], int alpha, int beta) {
  const Thresholds t{threshold(alpha), threshold(beta)};
  const __m128i strong_limit = threshold((alpha >> 2) + 2);
  on_16_lines<8>(s, [&](__m128i* v, int) { luma_intra8(v, t, strong_limit); });
}

// 16 rows of 8 bytes -> 8 columns of 16 bytes (and back below).
EDGEAV_ALWAYS_INLINE void transpose_16x8(const uint8_t* p, ptrdiff_t stride, __m128i col[8]) {
  __m128i a[8], b[8], c[8];
  for (int k = 0; k < 8; k++) a[k] = _mm_unpacklo_epi8(load8(p + 2 * k * stride), load8(p + (2 * k + 1) * stride));
  for (int g = 0; g < 4; g++) {  // rows 4g..4g+3: columns 0-3 and 4-7
    b[2 * g] = _mm_unpacklo_epi16(a[2 * g], a[2 * g + 1]);
    b[2 * g + 1] = _mm_unpackhi_epi16(a[2 * g], a[2 * g + 1]);
  }
  for (int h = 0; h < 2; h++)  // rows 8h..8h+7: column pairs 0-1, 2-3, 4-5, 6-7
    for (int q = 0; q < 2; q++) {
      c[4 * h + 2 * q] = _mm_unpacklo_epi32(b[4 * h + q], b[4 * h + 2 + q]);
      c[4 * h + 2 * q + 1] = _mm_unpackhi_epi32(b[4 * h + q], b[4 * h + 2 + q]);
    }
  for (int k = 0; k < 4; k++) {
    col[2 * k] = _mm_unpacklo_epi64(c[k], c[4 + k]);
    col[2 * k + 1] = _mm_unpackhi_epi64(c[k], c[4 + k]);
  }
}

void transpose_8x16(uint8_t* p, ptrdiff_t stride, const __m128i col[8]) {
  for (int h = 0; h < 2; h++) {  // rows 8h..8h+7
    __m128i e[4], f[4];
    for (int k = 0; k < 4; k++)
      e[k] = h ? _mm_unpackhi_epi8(col[2 * k], col[2 * k + 1]) : _mm_unpacklo_epi8(col[2 * k], col[2 * k + 1]);
    f[0] = _mm_unpacklo_epi16(e[0], e[1]), f[1] = _mm_unpackhi_epi16(e[0], e[1]);  // columns 0-3
    f[2] = _mm_unpacklo_epi16(e[2], e[3]), f[3] = _mm_unpackhi_epi16(e[2], e[3]);  // columns 4-7
    for (int g = 0; g < 2; g++) {
      const __m128i r01 = _mm_unpacklo_epi32(f[g], f[2 + g]), r23 = _mm_unpackhi_epi32(f[g], f[2 + g]);
      uint8_t* row = p + (8 * h + 4 * g) * stride;
      store8(row, r01), store8(row + stride, _mm_unpackhi_epi64(r01, r01));
      store8(row + 2 * stride, r23), store8(row + 3 * stride, _mm_unpackhi_epi64(r23, r23));
    }
  }
}

// Stores 4 bytes (p1 p0 q0 q1) in each of 16 rows from the four columns.
void store_16x4(uint8_t* p, ptrdiff_t stride, __m128i p1, __m128i p0, __m128i q0, __m128i q1) {
  for (int h = 0; h < 2; h++) {
    const __m128i a = h ? _mm_unpackhi_epi8(p1, p0) : _mm_unpacklo_epi8(p1, p0);
    const __m128i b = h ? _mm_unpackhi_epi8(q0, q1) : _mm_unpacklo_epi8(q0, q1);
    __m128i rows[2] = {_mm_unpacklo_epi16(a, b), _mm_unpackhi_epi16(a, b)};
    for (int g = 0; g < 2; g++)
      for (int r = 0; r < 4; r++) {
        store4(p + (8 * h + 4 * g + r) * stride, rows[g]);
        rows[g] = _mm_srli_si128(rows[g], 4);
      }
  }
}

void luma_vertical_sse2(uint8_t* pix, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  if (alpha <= 0 || beta <= 0) return;
  __m128i col[8];
  transpose_16x8(pix - 4, stride, col);
  luma_normal16(col + 1, alpha, beta, tc0);
  store_16x4(pix - 2, stride, col[2], col[3], col[4], col[5]);
}

void luma_horizontal_sse2(uint8_t* pix, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  if (alpha <= 0 || beta <= 0) return;
  __m128i row[6];
  for (int i = 0; i < 6; i++) row[i] = load16(pix + (i - 3) * stride);
  luma_normal16(row, alpha, beta, tc0);
  for (int i = 1; i < 5; i++) store16(pix + (i - 3) * stride, row[i]);
}

void luma_intra_vertical_sse2(uint8_t* pix, ptrdiff_t stride, int alpha, int beta) {
  if (alpha <= 0 || beta <= 0) return;
  __m128i col[8];
  transpose_16x8(pix - 4, stride, col);
  luma_intra16(col, alpha, beta);
  transpose_8x16(pix - 4, stride, col);
}

void luma_intra_horizontal_sse2(uint8_t* pix, ptrdiff_t stride, int alpha, int beta) {
  if (alpha <= 0 || beta <= 0) return;
  __m128i row[8];
  for (int i = 0; i < 8; i++) row[i] = load16(pix + (i - 4) * stride);
  luma_intra16(row, alpha, beta);
  for (int i = 1; i < 7; i++) store16(pix + (i - 4) * stride, row[i]);
}

// Chroma: the 8 lines of a plane fill one vector; the thresholds serve both planes.
struct ChromaThresholds {
  __m128i alpha, beta, tc0;  // tc0: of each line, as int16
};

ChromaThresholds chroma_thresholds(int alpha, int beta, const int8_t tc0[4]) {
  return {threshold(alpha), threshold(beta), sign_extend_lo(tc0_bytes(tc0))};
}

// s = p1 p0 q0 q1 as int16; updates p0, q0.
void chroma_normal8(__m128i s[4], const ChromaThresholds& t) {
  const __m128i mask = _mm_and_si128(edge_mask(s[0], s[1], s[2], s[3], t.alpha, t.beta),
                                     _mm_cmpgt_epi16(t.tc0, _mm_set1_epi16(-1)));
  const __m128i tc = _mm_add_epi16(t.tc0, _mm_set1_epi16(1));
  const __m128i delta = normal_delta(s[0], s[1], s[2], s[3], tc, mask);
  s[1] = _mm_add_epi16(s[1], delta);
  s[2] = _mm_sub_epi16(s[2], delta);
}

void chroma_intra8(__m128i s[4], __m128i alpha, __m128i beta) {
  const __m128i p1 = s[0], p0 = s[1], q0 = s[2], q1 = s[3];
  const __m128i mask = edge_mask(p1, p0, q0, q1, alpha, beta);
  s[1] = select(mask, intra_weak(p1, p0, q1), p0);
  s[2] = select(mask, intra_weak(q1, q0, p1), q0);
}

// 8 rows of p1 p0 q0 q1 -> the four columns as int16.
void load_chroma_columns(const uint8_t* p, ptrdiff_t stride, __m128i s[4]) {
  __m128i a[4];
  for (int k = 0; k < 4; k++) a[k] = _mm_unpacklo_epi8(load4(p + 2 * k * stride), load4(p + (2 * k + 1) * stride));
  const __m128i b0 = _mm_unpacklo_epi16(a[0], a[1]), b1 = _mm_unpacklo_epi16(a[2], a[3]);  // rows 0-3, 4-7
  const __m128i c01 = _mm_unpacklo_epi32(b0, b1), c23 = _mm_unpackhi_epi32(b0, b1);
  s[0] = lo16(c01), s[1] = hi16(c01), s[2] = lo16(c23), s[3] = hi16(c23);
}

// Writes back p0 q0 (the only samples the chroma filters change) of 8 rows.
void store_chroma_p0q0(uint8_t* p, ptrdiff_t stride, __m128i p0, __m128i q0) {
  const __m128i bytes = _mm_packus_epi16(p0, q0);  // clipped: p0 of rows 0-7, then q0
  __m128i pairs = _mm_unpacklo_epi8(bytes, _mm_srli_si128(bytes, 8));
  for (int r = 0; r < 8; r++) {
    const uint16_t v = static_cast<uint16_t>(_mm_cvtsi128_si32(pairs));
    std::memcpy(p + r * stride, &v, 2);
    pairs = _mm_srli_si128(pairs, 2);
  }
}

// Runs `filter` on the p1 p0 q0 q1 vectors of each plane's vertical edge.
template <typename Filter>
void chroma_vertical(uint8_t* u, uint8_t* v, ptrdiff_t stride, Filter filter) {
  for (uint8_t* pix : {u, v}) {
    __m128i s[4];
    load_chroma_columns(pix - 2, stride, s);
    filter(s);
    store_chroma_p0q0(pix - 1, stride, s[1], s[2]);
  }
}

template <typename Filter>
void chroma_horizontal(uint8_t* u, uint8_t* v, ptrdiff_t stride, Filter filter) {
  for (uint8_t* pix : {u, v}) {
    __m128i s[4];
    for (int i = 0; i < 4; i++) s[i] = lo16(load8(pix + (i - 2) * stride));
    filter(s);
    store8(pix - stride, _mm_packus_epi16(s[1], s[1]));
    store8(pix, _mm_packus_epi16(s[2], s[2]));
  }
}

void chroma_vertical_sse2(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  if (alpha <= 0 || beta <= 0) return;
  const ChromaThresholds t = chroma_thresholds(alpha, beta, tc0);
  chroma_vertical(u, v, stride, [&](__m128i* s) { chroma_normal8(s, t); });
}

void chroma_horizontal_sse2(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  if (alpha <= 0 || beta <= 0) return;
  const ChromaThresholds t = chroma_thresholds(alpha, beta, tc0);
  chroma_horizontal(u, v, stride, [&](__m128i* s) { chroma_normal8(s, t); });
}

void chroma_intra_vertical_sse2(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta) {
  if (alpha <= 0 || beta <= 0) return;
  const __m128i a = threshold(alpha), b = threshold(beta);
  chroma_vertical(u, v, stride, [&](__m128i* s) { chroma_intra8(s, a, b); });
}

void chroma_intra_horizontal_sse2(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta) {
  if (alpha <= 0 || beta <= 0) return;
  const __m128i a = threshold(alpha), b = threshold(beta);
  chroma_horizontal(u, v, stride, [&](__m128i* s) { chroma_intra8(s, a, b); });
}

}  // namespace

void deblock_dsp_init_sse2(DeblockDsp* dsp) {
  dsp->luma_vertical = luma_vertical_sse2;
  dsp->luma_horizontal = luma_horizontal_sse2;
  dsp->luma_intra_vertical = luma_intra_vertical_sse2;
  dsp->luma_intra_horizontal = luma_intra_horizontal_sse2;
  dsp->chroma_vertical = chroma_vertical_sse2;
  dsp->chroma_horizontal = chroma_horizontal_sse2;
  dsp->chroma_intra_vertical = chroma_intra_vertical_sse2;
  dsp->chroma_intra_horizontal = chroma_intra_horizontal_sse2;
}

}  // namespace h264
}  // namespace edgeav
