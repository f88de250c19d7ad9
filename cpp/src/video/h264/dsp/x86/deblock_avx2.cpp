// AVX2 deblocking: the int16 filters of deblock_sse2.cpp on 16 lines at
// once. Luma: all lines of an edge; vertical edges are transposed with rows
// 0-7 in the low lane and rows 8-15 in the high lane, which the in-lane
// unpacks turn into columns of 16 int16 in line order. Chroma: the 8 lines
// of the u edge in the low lane, those of the v edge in the high one.
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "base/bits.h"
#include "base/x86/sse2_util.h"
#include "video/h264/dsp/deblock_dsp.h"

namespace edgeav {
namespace h264 {

namespace {

inline __m256i load_row16(const uint8_t* p) { return _mm256_cvtepu8_epi16(load16(p)); }
inline void store_row16(uint8_t* p, __m256i v) {
  store16(p, _mm_packus_epi16(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1)));
}

inline __m256i absdiff(__m256i a, __m256i b) {
  return _mm256_max_epi16(_mm256_sub_epi16(a, b), _mm256_sub_epi16(b, a));
}
inline __m256i below(__m256i v, __m256i limit) { return _mm256_cmpgt_epi16(limit, v); }
inline __m256i select(__m256i mask, __m256i a, __m256i b) { return _mm256_blendv_epi8(b, a, mask); }
inline __m256i clamp(__m256i v, __m256i lo, __m256i hi) { return _mm256_min_epi16(_mm256_max_epi16(v, lo), hi); }
inline __m256i threshold(int v) { return _mm256_set1_epi16(static_cast<int16_t>(std::min(v, 256))); }

inline __m256i edge_mask(__m256i p1, __m256i p0, __m256i q0, __m256i q1, __m256i alpha, __m256i beta) {
  return _mm256_and_si256(below(absdiff(p0, q0), alpha),
                          _mm256_and_si256(below(absdiff(p1, p0), beta), below(absdiff(q1, q0), beta)));
}

// The bS < 4 p0 / q0 correction, clipped to +-tc and zero outside `mask`.
inline __m256i normal_delta(__m256i p1, __m256i p0, __m256i q0, __m256i q1, __m256i tc, __m256i mask) {
  const __m256i d = _mm256_srai_epi16(
      _mm256_add_epi16(_mm256_add_epi16(_mm256_slli_epi16(_mm256_sub_epi16(q0, p0), 2), _mm256_sub_epi16(p1, q1)),
                       _mm256_set1_epi16(4)),
      3);
  return _mm256_and_si256(clamp(d, _mm256_sub_epi16(_mm256_setzero_si256(), tc), tc), mask);
}

// (2 * x1 + x0 + y1 + 2) >> 2: p0 (or q0) of the intra filters but the strong luma one.
inline __m256i intra_weak(__m256i x1, __m256i x0, __m256i y1) {
  const __m256i sum = _mm256_add_epi16(_mm256_add_epi16(x1, x1), _mm256_add_epi16(x0, y1));
  return _mm256_srai_epi16(_mm256_add_epi16(sum, _mm256_set1_epi16(2)), 2);
}

// tC0 of each of 16 lines as int16; `quarters` picks the tc0 byte of each line.
inline __m256i tc0_lines(const int8_t tc0[4], __m128i quarters) {
  int32_t t;
  std::memcpy(&t, tc0, 4);
  return _mm256_cvtepi8_epi16(_mm_shuffle_epi8(_mm_cvtsi32_si128(t), quarters));
}

// p2..q2 of 16 lines as int16: the bS < 4 filter; updates p1..q1, or returns false
// when it filters no line (inter edges often: the stores are skipped).
EDGEAV_ALWAYS_INLINE bool luma_normal16(__m256i s[6], int alpha, int beta, const int8_t tc0[4]) {
  __m256i &p2 = s[0], &p1 = s[1], &p0 = s[2], &q0 = s[3], &q1 = s[4], &q2 = s[5];
  const __m256i a = threshold(alpha), b = threshold(beta), zero = _mm256_setzero_si256();
  const __m256i tc0v = tc0_lines(tc0, _mm_setr_epi8(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3));
  const __m256i mask =
      _mm256_and_si256(edge_mask(p1, p0, q0, q1, a, b), _mm256_cmpgt_epi16(tc0v, _mm256_set1_epi16(-1)));
  if (_mm256_testz_si256(mask, mask)) return false;
  const __m256i ap = below(absdiff(p2, p0), b), aq = below(absdiff(q2, q0), b);
  const __m256i tc = _mm256_sub_epi16(_mm256_sub_epi16(tc0v, ap), aq);
  const __m256i delta = normal_delta(p1, p0, q0, q1, tc, mask);
  const __m256i avg = _mm256_avg_epu16(p0, q0), neg_tc0 = _mm256_sub_epi16(zero, tc0v);
  const __m256i dp1 = _mm256_srai_epi16(_mm256_sub_epi16(_mm256_add_epi16(p2, avg), _mm256_add_epi16(p1, p1)), 1);
  const __m256i dq1 = _mm256_srai_epi16(_mm256_sub_epi16(_mm256_add_epi16(q2, avg), _mm256_add_epi16(q1, q1)), 1);
  p1 = _mm256_add_epi16(p1, _mm256_and_si256(clamp(dp1, neg_tc0, tc0v), _mm256_and_si256(mask, ap)));
  q1 = _mm256_add_epi16(q1, _mm256_and_si256(clamp(dq1, neg_tc0, tc0v), _mm256_and_si256(mask, aq)));
  p0 = _mm256_add_epi16(p0, delta);
  q0 = _mm256_sub_epi16(q0, delta);
  return true;
}

// p3..q3 of 16 lines as int16: the bS = 4 filter; updates p2..q2.
EDGEAV_ALWAYS_INLINE void luma_intra16(__m256i s[8], int alpha, int beta) {
  const __m256i p3 = s[0], p2 = s[1], p1 = s[2], p0 = s[3], q0 = s[4], q1 = s[5], q2 = s[6], q3 = s[7];
  const __m256i b = threshold(beta);
  const __m256i mask = edge_mask(p1, p0, q0, q1, threshold(alpha), b);
  const __m256i strong = _mm256_and_si256(mask, below(absdiff(p0, q0), threshold((alpha >> 2) + 2)));
  const __m256i sp = _mm256_and_si256(strong, below(absdiff(p2, p0), b));
  const __m256i sq = _mm256_and_si256(strong, below(absdiff(q2, q0), b));
  const __m256i two = _mm256_set1_epi16(2), four = _mm256_set1_epi16(4), pq = _mm256_add_epi16(p0, q0);
  auto sum3 = [&](__m256i x1, __m256i x2, __m256i twice) {  // x1 + x2 + 2 * twice + 4
    return _mm256_add_epi16(_mm256_add_epi16(x1, x2), _mm256_add_epi16(_mm256_slli_epi16(twice, 1), four));
  };
  const __m256i p0s = _mm256_srai_epi16(sum3(p2, q1, _mm256_add_epi16(p1, pq)), 3);
  const __m256i p1s = _mm256_srai_epi16(_mm256_add_epi16(_mm256_add_epi16(p2, p1), _mm256_add_epi16(pq, two)), 2);
  const __m256i p2s = _mm256_srai_epi16(sum3(_mm256_add_epi16(p2, p1), pq, _mm256_add_epi16(p3, p2)), 3);
  const __m256i q0s = _mm256_srai_epi16(sum3(q2, p1, _mm256_add_epi16(q1, pq)), 3);
  const __m256i q1s = _mm256_srai_epi16(_mm256_add_epi16(_mm256_add_epi16(q2, q1), _mm256_add_epi16(pq, two)), 2);
  const __m256i q2s = _mm256_srai_epi16(sum3(_mm256_add_epi16(q2, q1), pq, _mm256_add_epi16(q3, q2)), 3);
  s[1] = select(sp, p2s, p2);
  s[2] = select(sp, p1s, p1);
  s[3] = select(mask, select(sp, p0s, intra_weak(p1, p0, q1)), p0);
  s[4] = select(mask, select(sq, q0s, intra_weak(q1, q0, p1)), q0);
  s[5] = select(sq, q1s, q1);
  s[6] = select(sq, q2s, q2);
}

// 16 rows of 8 bytes -> 8 columns of 16 int16.
EDGEAV_ALWAYS_INLINE void load_columns(const uint8_t* p, ptrdiff_t stride, __m256i col[8]) {
  __m256i y[8], a[4], b[4];
  for (int r = 0; r < 8; r++)
    y[r] = _mm256_inserti128_si256(_mm256_castsi128_si256(load8(p + r * stride)), load8(p + (r + 8) * stride), 1);
  for (int k = 0; k < 4; k++) a[k] = _mm256_unpacklo_epi8(y[2 * k], y[2 * k + 1]);
  for (int g = 0; g < 2; g++) {  // rows 4g..4g+3 of each lane: columns 0-3, 4-7
    b[2 * g] = _mm256_unpacklo_epi16(a[2 * g], a[2 * g + 1]);
    b[2 * g + 1] = _mm256_unpackhi_epi16(a[2 * g], a[2 * g + 1]);
  }
  const __m256i zero = _mm256_setzero_si256();
  for (int q = 0; q < 2; q++) {
    const __m256i c0 = _mm256_unpacklo_epi32(b[q], b[2 + q]), c1 = _mm256_unpackhi_epi32(b[q], b[2 + q]);
    col[4 * q] = _mm256_unpacklo_epi8(c0, zero), col[4 * q + 1] = _mm256_unpackhi_epi8(c0, zero);
    col[4 * q + 2] = _mm256_unpacklo_epi8(c1, zero), col[4 * q + 3] = _mm256_unpackhi_epi8(c1, zero);
  }
}

// Per lane: the rows of two int16 columns as byte pairs (first, second).
inline __m256i column_pairs(__m256i first, __m256i second) {
  const __m256i packed = _mm256_packus_epi16(first, second);  // per lane: 8 of first, 8 of second
  return _mm256_unpacklo_epi8(packed, _mm256_srli_si256(packed, 8));
}

// Stores 4 bytes, the dword `Row` of `rows` (one extract straight to memory).
template <int Row>
inline void store_row4(uint8_t* p, __m128i rows) {
  const int32_t v = _mm_extract_epi32(rows, Row);
  std::memcpy(p, &v, 4);
}

// Stores p1 p0 q0 q1 (4 bytes) of each of the 16 rows.
void store_16x4(uint8_t* p, ptrdiff_t stride, __m256i p1, __m256i p0, __m256i q0, __m256i q1) {
  const __m256i a = column_pairs(p1, p0), b = column_pairs(q0, q1);
  const __m256i quads[2] = {_mm256_unpacklo_epi16(a, b), _mm256_unpackhi_epi16(a, b)};  // rows 0-3, 4-7 per lane
  for (int g = 0; g < 2; g++)
    for (int lane = 0; lane < 2; lane++) {
      const __m128i rows = lane ? _mm256_extracti128_si256(quads[g], 1) : _mm256_castsi256_si128(quads[g]);
      store_row4<0>(p + (8 * lane + 4 * g) * stride, rows);
      store_row4<1>(p + (8 * lane + 4 * g + 1) * stride, rows);
      store_row4<2>(p + (8 * lane + 4 * g + 2) * stride, rows);
      store_row4<3>(p + (8 * lane + 4 * g + 3) * stride, rows);
    }
}

// Stores the 8 columns back as 16 rows of 8 bytes.
void store_columns(uint8_t* p, ptrdiff_t stride, const __m256i col[8]) {
  __m256i e[4];
  for (int k = 0; k < 4; k++) e[k] = column_pairs(col[2 * k], col[2 * k + 1]);
  const __m256i f0 = _mm256_unpacklo_epi16(e[0], e[1]), f1 = _mm256_unpackhi_epi16(e[0], e[1]);  // columns 0-3
  const __m256i f2 = _mm256_unpacklo_epi16(e[2], e[3]), f3 = _mm256_unpackhi_epi16(e[2], e[3]);  // columns 4-7
  const __m256i pairs[4] = {_mm256_unpacklo_epi32(f0, f2), _mm256_unpackhi_epi32(f0, f2), _mm256_unpacklo_epi32(f1, f3),
                            _mm256_unpackhi_epi32(f1, f3)};  // rows 2m, 2m + 1 of each lane
  for (int m = 0; m < 4; m++)
    for (int lane = 0; lane < 2; lane++) {
      const __m128i rows = lane ? _mm256_extracti128_si256(pairs[m], 1) : _mm256_castsi256_si128(pairs[m]);
      uint8_t* row = p + (8 * lane + 2 * m) * stride;
      store8(row, rows), store8(row + stride, _mm_unpackhi_epi64(rows, rows));
    }
}

void luma_vertical_avx2(uint8_t* pix, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  if (alpha <= 0 || beta <= 0) return;
  __m256i col[8];
  load_columns(pix - 4, stride, col);
  if (!luma_normal16(col + 1, alpha, beta, tc0)) return;
  store_16x4(pix - 2, stride, col[2], col[3], col[4], col[5]);
}

void luma_horizontal_avx2(uint8_t* pix, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  if (alpha <= 0 || beta <= 0) return;
  __m256i row[6];
  for (int i = 0; i < 6; i++) row[i] = load_row16(pix + (i - 3) * stride);
  if (!luma_normal16(row, alpha, beta, tc0)) return;
  for (int i = 1; i < 5; i++) store_row16(pix + (i - 3) * stride, row[i]);
}

void luma_intra_vertical_avx2(uint8_t* pix, ptrdiff_t stride, int alpha, int beta) {
  if (alpha <= 0 || beta <= 0) return;
  __m256i col[8];
  load_columns(pix - 4, stride, col);
  luma_intra16(col, alpha, beta);
  store_columns(pix - 4, stride, col);
}

void luma_intra_horizontal_avx2(uint8_t* pix, ptrdiff_t stride, int alpha, int beta) {
  if (alpha <= 0 || beta <= 0) return;
  __m256i row[8];
  for (int i = 0; i < 8; i++) row[i] = load_row16(pix + (i - 4) * stride);
  luma_intra16(row, alpha, beta);
  for (int i = 1; i < 7; i++) store_row16(pix + (i - 4) * stride, row[i]);
}

// p1 p0 q0 q1 of both planes' 8 lines as int16: the bS < 4 chroma filter; updates p0, q0.
EDGEAV_ALWAYS_INLINE void chroma_normal16(__m256i s[4], int alpha, int beta, const int8_t tc0[4]) {
  const __m256i tc0v = tc0_lines(tc0, _mm_setr_epi8(0, 0, 1, 1, 2, 2, 3, 3, 0, 0, 1, 1, 2, 2, 3, 3));
  const __m256i mask = _mm256_and_si256(edge_mask(s[0], s[1], s[2], s[3], threshold(alpha), threshold(beta)),
                                        _mm256_cmpgt_epi16(tc0v, _mm256_set1_epi16(-1)));
  const __m256i delta = normal_delta(s[0], s[1], s[2], s[3], _mm256_add_epi16(tc0v, _mm256_set1_epi16(1)), mask);
  s[1] = _mm256_add_epi16(s[1], delta);
  s[2] = _mm256_sub_epi16(s[2], delta);
}

// The bS = 4 chroma filter; updates p0, q0.
EDGEAV_ALWAYS_INLINE void chroma_intra16(__m256i s[4], int alpha, int beta) {
  const __m256i p1 = s[0], p0 = s[1], q0 = s[2], q1 = s[3];
  const __m256i mask = edge_mask(p1, p0, q0, q1, threshold(alpha), threshold(beta));
  s[1] = select(mask, intra_weak(p1, p0, q1), p0);
  s[2] = select(mask, intra_weak(q1, q0, p1), q0);
}

// Rows p1 p0 q0 q1 of both planes' horizontal edges.
EDGEAV_ALWAYS_INLINE void load_chroma_rows(const uint8_t* u, const uint8_t* v, ptrdiff_t stride, __m256i s[4]) {
  for (int i = 0; i < 4; i++)
    s[i] = _mm256_cvtepu8_epi16(_mm_unpacklo_epi64(load8(u + (i - 2) * stride), load8(v + (i - 2) * stride)));
}

EDGEAV_ALWAYS_INLINE void store_chroma_rows(uint8_t* u, uint8_t* v, ptrdiff_t stride, __m256i p0, __m256i q0) {
  const __m256i bytes = _mm256_packus_epi16(p0, q0);  // per plane: p0, then q0
  const __m128i bu = _mm256_castsi256_si128(bytes), bv = _mm256_extracti128_si256(bytes, 1);
  store8(u - stride, bu), store8(u, _mm_unpackhi_epi64(bu, bu));
  store8(v - stride, bv), store8(v, _mm_unpackhi_epi64(bv, bv));
}

// Columns -2..1 (p1 p0 q0 q1) of the 8 rows of both planes' vertical edges.
EDGEAV_ALWAYS_INLINE void load_chroma_columns(const uint8_t* u, const uint8_t* v, ptrdiff_t stride, __m256i s[4]) {
  const __m128i by_column = _mm_setr_epi8(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  __m128i quads[4];  // rows 0-3 and 4-7 of u, then of v: the 4 bytes of each column
  for (int k = 0; k < 4; k++) {
    const uint8_t* p = (k < 2 ? u : v) - 2 + (k & 1) * 4 * stride;
    const __m128i r01 = _mm_unpacklo_epi32(load4(p), load4(p + stride));
    const __m128i r23 = _mm_unpacklo_epi32(load4(p + 2 * stride), load4(p + 3 * stride));
    quads[k] = _mm_shuffle_epi8(_mm_unpacklo_epi64(r01, r23), by_column);
  }
  // Per plane: columns 0 and 1 (2 and 3) of the 8 rows, 8 bytes each.
  const __m128i u01 = _mm_unpacklo_epi32(quads[0], quads[1]), u23 = _mm_unpackhi_epi32(quads[0], quads[1]);
  const __m128i v01 = _mm_unpacklo_epi32(quads[2], quads[3]), v23 = _mm_unpackhi_epi32(quads[2], quads[3]);
  s[0] = _mm256_cvtepu8_epi16(_mm_unpacklo_epi64(u01, v01));
  s[1] = _mm256_cvtepu8_epi16(_mm_unpackhi_epi64(u01, v01));
  s[2] = _mm256_cvtepu8_epi16(_mm_unpacklo_epi64(u23, v23));
  s[3] = _mm256_cvtepu8_epi16(_mm_unpackhi_epi64(u23, v23));
}

// Stores 2 bytes, the word `Row` of `pairs`.
template <int Row>
inline void store_pair(uint8_t* p, __m128i pairs) {
  const uint16_t v = static_cast<uint16_t>(_mm_extract_epi16(pairs, Row));
  std::memcpy(p, &v, 2);
}

// p0 q0 of 8 rows, a word each.
inline void store_pairs(uint8_t* p, ptrdiff_t stride, __m128i pairs) {
  store_pair<0>(p, pairs), store_pair<1>(p + stride, pairs);
  store_pair<2>(p + 2 * stride, pairs), store_pair<3>(p + 3 * stride, pairs);
  store_pair<4>(p + 4 * stride, pairs), store_pair<5>(p + 5 * stride, pairs);
  store_pair<6>(p + 6 * stride, pairs), store_pair<7>(p + 7 * stride, pairs);
}

// Writes back p0 q0 (the only samples the chroma filters change) of both planes' rows.
EDGEAV_ALWAYS_INLINE void store_chroma_p0q0(uint8_t* u, uint8_t* v, ptrdiff_t stride, __m256i p0, __m256i q0) {
  const __m256i bytes = _mm256_packus_epi16(p0, q0);                                // per plane: p0, then q0
  const __m256i pairs = _mm256_unpacklo_epi8(bytes, _mm256_srli_si256(bytes, 8));  // per plane: p0 q0 of each row
  store_pairs(u - 1, stride, _mm256_castsi256_si128(pairs));
  store_pairs(v - 1, stride, _mm256_extracti128_si256(pairs, 1));
}

// One chroma edge of both planes: the samples across it loaded, filtered, and p0 and q0 stored.
template <bool kVertical, typename Filter>
inline void chroma_edge(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta, Filter filter) {
  if (alpha <= 0 || beta <= 0) return;
  __m256i s[4];
  if (kVertical)
    load_chroma_columns(u, v, stride, s);
  else
    load_chroma_rows(u, v, stride, s);
  filter(s);
  if (kVertical)
    store_chroma_p0q0(u, v, stride, s[1], s[2]);
  else
    store_chroma_rows(u, v, stride, s[1], s[2]);
}

void chroma_vertical_avx2(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  chroma_edge<true>(u, v, stride, alpha, beta, [&](__m256i* s) { chroma_normal16(s, alpha, beta, tc0); });
}

void chroma_horizontal_avx2(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]) {
  chroma_edge<false>(u, v, stride, alpha, beta, [&](__m256i* s) { chroma_normal16(s, alpha, beta, tc0); });
}

void chroma_intra_vertical_avx2(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta) {
  chroma_edge<true>(u, v, stride, alpha, beta, [&](__m256i* s) { chroma_intra16(s, alpha, beta); });
}

void chroma_intra_horizontal_avx2(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta) {
  chroma_edge<false>(u, v, stride, alpha, beta, [&](__m256i* s) { chroma_intra16(s, alpha, beta); });
}

}  // namespace

void deblock_dsp_init_avx2(DeblockDsp* dsp) {
  dsp->luma_vertical = luma_vertical_avx2;
  dsp->luma_horizontal = luma_horizontal_avx2;
  dsp->luma_intra_vertical = luma_intra_vertical_avx2;
  dsp->luma_intra_horizontal = luma_intra_horizontal_avx2;
  dsp->chroma_vertical = chroma_vertical_avx2;
  dsp->chroma_horizontal = chroma_horizontal_avx2;
  dsp->chroma_intra_vertical = chroma_intra_vertical_avx2;
  dsp->chroma_intra_horizontal = chroma_intra_horizontal_avx2;
}

}  // namespace h264
}  // namespace edgeav
