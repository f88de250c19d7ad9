// AVX2 transforms and quantisation: the SSE2 scheme (dct_sse2.cpp explains
// why it is exact) on four 4x4 blocks at once. The unpacks work within
// 128-bit lanes, so each lane holds a pair of side by side blocks: in a
// 16x16 block the left and right halves of a block row, in an 8x8 block the
// upper and lower pairs. The single-block kernels other than quant_4x4,
// quant_8x8 and dequant_8x8 are no faster in 256 bits and keep their SSE2
// versions; decimate_score has an AVX2 version for the instructions that
// come with it (pshufb, popcnt), not for the width.
#include <immintrin.h>

#include "base/bits.h"
#include "video/h264/dsp/dct_dsp.h"
#include "video/h264/tables.h"

namespace edgeav {
namespace h264 {

namespace {

inline __m128i load64(const uint8_t* p) { return _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)); }
inline __m256i load(const int16_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
inline void store(int16_t* p, __m256i v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }

// 16 pixels as int16: a 16-sample row, or two 8-sample rows (lanes).
inline __m256i row16(const uint8_t* p) {
  return _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
inline __m256i rows8(const uint8_t* lo, const uint8_t* hi) {
  return _mm256_cvtepu8_epi16(_mm_unpacklo_epi64(load64(lo), load64(hi)));
}

inline void transpose_pairs(__m256i& a, __m256i& b, __m256i& c, __m256i& d) {
  const __m256i t0 = _mm256_unpacklo_epi16(a, b), t1 = _mm256_unpacklo_epi16(c, d);
  const __m256i t2 = _mm256_unpackhi_epi16(a, b), t3 = _mm256_unpackhi_epi16(c, d);
  const __m256i u0 = _mm256_unpacklo_epi32(t0, t1), u1 = _mm256_unpackhi_epi32(t0, t1);
  const __m256i u2 = _mm256_unpacklo_epi32(t2, t3), u3 = _mm256_unpackhi_epi32(t2, t3);
  a = _mm256_unpacklo_epi64(u0, u2), b = _mm256_unpackhi_epi64(u0, u2);
  c = _mm256_unpacklo_epi64(u1, u3), d = _mm256_unpackhi_epi64(u1, u3);
}

inline void forward4(__m256i& a, __m256i& b, __m256i& c, __m256i& d) {
  const __m256i s03 = _mm256_add_epi16(a, d), d03 = _mm256_sub_epi16(a, d);
  const __m256i s12 = _mm256_add_epi16(b, c), d12 = _mm256_sub_epi16(b, c);
  a = _mm256_add_epi16(s03, s12);
  b = _mm256_add_epi16(_mm256_add_epi16(d03, d03), d12);
  c = _mm256_sub_epi16(s03, s12);
  d = _mm256_sub_epi16(d03, _mm256_add_epi16(d12, d12));
}

inline void inverse4(__m256i& a, __m256i& b, __m256i& c, __m256i& d) {
  const __m256i e = _mm256_add_epi16(a, c), f = _mm256_sub_epi16(a, c);
  const __m256i g = _mm256_sub_epi16(_mm256_srai_epi16(b, 1), d), h = _mm256_add_epi16(b, _mm256_srai_epi16(d, 1));
  a = _mm256_add_epi16(e, h), b = _mm256_add_epi16(f, g), c = _mm256_sub_epi16(f, g), d = _mm256_sub_epi16(e, h);
}

// Rows of difference (lane 0: blocks 0, 1; lane 1: blocks 2, 3) ->
// dct[0..3] in raster block order.
inline void forward_quad(__m256i r0, __m256i r1, __m256i r2, __m256i r3, int16_t (*dct)[16]) {
  forward4(r0, r1, r2, r3);
  transpose_pairs(r0, r1, r2, r3);
  forward4(r0, r1, r2, r3);
  const __m256i t0 = _mm256_unpacklo_epi16(r0, r1), t1 = _mm256_unpacklo_epi16(r2, r3);
  const __m256i t2 = _mm256_unpackhi_epi16(r0, r1), t3 = _mm256_unpackhi_epi16(r2, r3);
  const __m256i a01 = _mm256_unpacklo_epi32(t0, t1), a23 = _mm256_unpackhi_epi32(t0, t1);  // blocks 0 | 2
  const __m256i b01 = _mm256_unpacklo_epi32(t2, t3), b23 = _mm256_unpackhi_epi32(t2, t3);  // blocks 1 | 3
  store(dct[0], _mm256_permute2x128_si256(a01, a23, 0x20));
  store(dct[1], _mm256_permute2x128_si256(b01, b23, 0x20));
  store(dct[2], _mm256_permute2x128_si256(a01, a23, 0x31));
  store(dct[3], _mm256_permute2x128_si256(b01, b23, 0x31));
}

void sub8x8_dct_avx2(int16_t dct[4][16], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  __m256i r[4];
  for (int y = 0; y < 4; y++)
    r[y] = _mm256_sub_epi16(rows8(src + y * ss, src + (y + 4) * ss), rows8(pred + y * ps, pred + (y + 4) * ps));
  forward_quad(r[0], r[1], r[2], r[3], dct);
}

void sub16x16_dct_avx2(int16_t dct[16][16], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  for (int by = 0; by < 4; by++) {
    __m256i r[4];
    for (int y = 0; y < 4; y++) {
      const ptrdiff_t row = by * 4 + y;
      r[y] = _mm256_sub_epi16(row16(src + row * ss), row16(pred + row * ps));
    }
    forward_quad(r[0], r[1], r[2], r[3], dct + 4 * by);
  }
}

// dct[0..3] (raster block order) -> rows of residual; lane 0 holds blocks 0,
// 1 and lane 1 blocks 2, 3, as in forward_quad.
inline void inverse_quad(const int16_t (*dct)[16], __m256i c[4]) {
  const __m256i q0 = load(dct[0]), q1 = load(dct[1]), q2 = load(dct[2]), q3 = load(dct[3]);
  // Per lane: rows 0, 1 and rows 2, 3 of the first and of the second block.
  const __m256i a_lo = _mm256_permute2x128_si256(q0, q2, 0x20), a_hi = _mm256_permute2x128_si256(q0, q2, 0x31);
  const __m256i b_lo = _mm256_permute2x128_si256(q1, q3, 0x20), b_hi = _mm256_permute2x128_si256(q1, q3, 0x31);
  __m256i t0 = _mm256_unpacklo_epi16(a_lo, a_hi), t1 = _mm256_unpackhi_epi16(a_lo, a_hi);
  const __m256i a01 = _mm256_unpacklo_epi16(t0, t1), a23 = _mm256_unpackhi_epi16(t0, t1);  // columns
  t0 = _mm256_unpacklo_epi16(b_lo, b_hi), t1 = _mm256_unpackhi_epi16(b_lo, b_hi);
  const __m256i b01 = _mm256_unpacklo_epi16(t0, t1), b23 = _mm256_unpackhi_epi16(t0, t1);
  c[0] = _mm256_unpacklo_epi64(a01, b01), c[1] = _mm256_unpackhi_epi64(a01, b01);
  c[2] = _mm256_unpacklo_epi64(a23, b23), c[3] = _mm256_unpackhi_epi64(a23, b23);
  inverse4(c[0], c[1], c[2], c[3]);
  transpose_pairs(c[0], c[1], c[2], c[3]);
  inverse4(c[0], c[1], c[2], c[3]);
  const __m256i sixteen = _mm256_set1_epi16(16);
  for (int i = 0; i < 4; i++) c[i] = _mm256_srai_epi16(_mm256_add_epi16(_mm256_srai_epi16(c[i], 1), sixteen), 5);
}

void add8x8_idct_avx2(uint8_t* dst, ptrdiff_t stride, const int16_t dct[4][16]) {
  __m256i c[4];
  inverse_quad(dct, c);
  for (int y = 0; y < 4; y++) {
    uint8_t* d0 = dst + y * stride;
    uint8_t* d1 = dst + (y + 4) * stride;
    const __m256i px = _mm256_add_epi16(rows8(d0, d1), c[y]);
    const __m256i packed = _mm256_packus_epi16(px, px);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(d0), _mm256_castsi256_si128(packed));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(d1), _mm256_extracti128_si256(packed, 1));
  }
}

void add16x16_idct_avx2(uint8_t* dst, ptrdiff_t stride, const int16_t dct[16][16]) {
  for (int by = 0; by < 4; by++) {
    __m256i c[4];
    inverse_quad(dct + 4 * by, c);
    for (int y = 0; y < 4; y += 2) {
      uint8_t* d0 = dst + (by * 4 + y) * stride;
      uint8_t* d1 = d0 + stride;
      const __m256i p0 = _mm256_add_epi16(row16(d0), c[y]), p1 = _mm256_add_epi16(row16(d1), c[y + 1]);
      const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi16(p0, p1), 0xD8);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(d0), _mm256_castsi256_si128(packed));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(d1), _mm256_extracti128_si256(packed, 1));
    }
  }
}

// 8x8 transforms: dct_sse2.cpp's row-vector scheme (exact for the same
// reasons) with the two 8x8 blocks of a 16-pixel-wide pair in the two lanes,
// which the in-lane unpacks transpose independently.
inline void transpose8(__m256i r[8]) {
  const __m256i a0 = _mm256_unpacklo_epi16(r[0], r[1]), a1 = _mm256_unpackhi_epi16(r[0], r[1]);
  const __m256i a2 = _mm256_unpacklo_epi16(r[2], r[3]), a3 = _mm256_unpackhi_epi16(r[2], r[3]);
  const __m256i a4 = _mm256_unpacklo_epi16(r[4], r[5]), a5 = _mm256_unpackhi_epi16(r[4], r[5]);
  const __m256i a6 = _mm256_unpacklo_epi16(r[6], r[7]), a7 = _mm256_unpackhi_epi16(r[6], r[7]);
  const __m256i b0 = _mm256_unpacklo_epi32(a0, a2), b1 = _mm256_unpackhi_epi32(a0, a2);
  const __m256i b2 = _mm256_unpacklo_epi32(a1, a3), b3 = _mm256_unpackhi_epi32(a1, a3);
  const __m256i b4 = _mm256_unpacklo_epi32(a4, a6), b5 = _mm256_unpackhi_epi32(a4, a6);
  const __m256i b6 = _mm256_unpacklo_epi32(a5, a7), b7 = _mm256_unpackhi_epi32(a5, a7);
  r[0] = _mm256_unpacklo_epi64(b0, b4), r[1] = _mm256_unpackhi_epi64(b0, b4);
  r[2] = _mm256_unpacklo_epi64(b1, b5), r[3] = _mm256_unpackhi_epi64(b1, b5);
  r[4] = _mm256_unpacklo_epi64(b2, b6), r[5] = _mm256_unpackhi_epi64(b2, b6);
  r[6] = _mm256_unpacklo_epi64(b3, b7), r[7] = _mm256_unpackhi_epi64(b3, b7);
}

// x + (x >> 1)
inline __m256i mul3_2(__m256i x) { return _mm256_add_epi16(x, _mm256_srai_epi16(x, 1)); }

inline void fdct8(__m256i v[8]) {
  const __m256i s07 = _mm256_add_epi16(v[0], v[7]), s16 = _mm256_add_epi16(v[1], v[6]);
  const __m256i s25 = _mm256_add_epi16(v[2], v[5]), s34 = _mm256_add_epi16(v[3], v[4]);
  const __m256i d07 = _mm256_sub_epi16(v[0], v[7]), d16 = _mm256_sub_epi16(v[1], v[6]);
  const __m256i d25 = _mm256_sub_epi16(v[2], v[5]), d34 = _mm256_sub_epi16(v[3], v[4]);
  const __m256i a0 = _mm256_add_epi16(s07, s34), a1 = _mm256_add_epi16(s16, s25);
  const __m256i a2 = _mm256_sub_epi16(s07, s34), a3 = _mm256_sub_epi16(s16, s25);
  const __m256i a4 = _mm256_add_epi16(_mm256_add_epi16(d16, d25), mul3_2(d07));
  const __m256i a5 = _mm256_sub_epi16(_mm256_sub_epi16(d07, d34), mul3_2(d25));
  const __m256i a6 = _mm256_sub_epi16(_mm256_add_epi16(d07, d34), mul3_2(d16));
  const __m256i a7 = _mm256_add_epi16(_mm256_sub_epi16(d16, d25), mul3_2(d34));
  v[0] = _mm256_add_epi16(a0, a1), v[4] = _mm256_sub_epi16(a0, a1);
  v[2] = _mm256_add_epi16(a2, _mm256_srai_epi16(a3, 1)), v[6] = _mm256_sub_epi16(_mm256_srai_epi16(a2, 1), a3);
  v[1] = _mm256_add_epi16(a4, _mm256_srai_epi16(a7, 2)), v[7] = _mm256_sub_epi16(_mm256_srai_epi16(a4, 2), a7);
  v[3] = _mm256_add_epi16(a5, _mm256_srai_epi16(a6, 2)), v[5] = _mm256_sub_epi16(a6, _mm256_srai_epi16(a5, 2));
}

inline void idct8(__m256i d[8]) {
  const __m256i a0 = _mm256_add_epi16(d[0], d[4]), a4 = _mm256_sub_epi16(d[0], d[4]);
  const __m256i a2 = _mm256_sub_epi16(_mm256_srai_epi16(d[2], 1), d[6]);
  const __m256i a6 = _mm256_add_epi16(d[2], _mm256_srai_epi16(d[6], 1));
  const __m256i b0 = _mm256_add_epi16(a0, a6), b2 = _mm256_add_epi16(a4, a2);
  const __m256i b4 = _mm256_sub_epi16(a4, a2), b6 = _mm256_sub_epi16(a0, a6);
  const __m256i a1 = _mm256_sub_epi16(_mm256_sub_epi16(d[5], d[3]), mul3_2(d[7]));
  const __m256i a3 = _mm256_sub_epi16(_mm256_add_epi16(d[1], d[7]), mul3_2(d[3]));
  const __m256i a5 = _mm256_add_epi16(_mm256_sub_epi16(d[7], d[1]), mul3_2(d[5]));
  const __m256i a7 = _mm256_add_epi16(_mm256_add_epi16(d[3], d[5]), mul3_2(d[1]));
  const __m256i b1 = _mm256_add_epi16(a1, _mm256_srai_epi16(a7, 2));
  const __m256i b7 = _mm256_sub_epi16(a7, _mm256_srai_epi16(a1, 2));
  const __m256i b3 = _mm256_add_epi16(a3, _mm256_srai_epi16(a5, 2));
  const __m256i b5 = _mm256_sub_epi16(_mm256_srai_epi16(a3, 2), a5);
  d[0] = _mm256_add_epi16(b0, b7), d[1] = _mm256_add_epi16(b2, b5);
  d[2] = _mm256_add_epi16(b4, b3), d[3] = _mm256_add_epi16(b6, b1);
  d[4] = _mm256_sub_epi16(b6, b1), d[5] = _mm256_sub_epi16(b4, b3);
  d[6] = _mm256_sub_epi16(b2, b5), d[7] = _mm256_sub_epi16(b0, b7);
}

// One 16x8 half: blocks `left` and `left + 1` of dct.
inline void sub_dct8_pair(int16_t (*dct)[64], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  __m256i r[8];
  for (int y = 0; y < 8; y++) r[y] = _mm256_sub_epi16(row16(src + y * ss), row16(pred + y * ps));
  fdct8(r);
  transpose8(r);
  fdct8(r);
  transpose8(r);
  for (int y = 0; y < 8; y += 2) {
    store(dct[0] + 8 * y, _mm256_permute2x128_si256(r[y], r[y + 1], 0x20));
    store(dct[1] + 8 * y, _mm256_permute2x128_si256(r[y], r[y + 1], 0x31));
  }
}

void sub16x16_dct8_avx2(int16_t dct[4][64], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  sub_dct8_pair(dct, src, ss, pred, ps);
  sub_dct8_pair(dct + 2, src + 8 * ss, ss, pred + 8 * ps, ps);
}

inline void add_idct8_pair(uint8_t* dst, ptrdiff_t stride, const int16_t (*dct)[64]) {
  __m256i r[8];
  for (int y = 0; y < 8; y += 2) {
    const __m256i a = load(dct[0] + 8 * y), b = load(dct[1] + 8 * y);
    r[y] = _mm256_permute2x128_si256(a, b, 0x20), r[y + 1] = _mm256_permute2x128_si256(a, b, 0x31);
  }
  transpose8(r);
  idct8(r);
  transpose8(r);
  idct8(r);
  const __m256i sixteen = _mm256_set1_epi16(16);
  for (int y = 0; y < 8; y++) r[y] = _mm256_srai_epi16(_mm256_add_epi16(_mm256_srai_epi16(r[y], 1), sixteen), 5);
  for (int y = 0; y < 8; y += 2) {
    uint8_t* d0 = dst + y * stride;
    uint8_t* d1 = d0 + stride;
    const __m256i p0 = _mm256_add_epi16(row16(d0), r[y]), p1 = _mm256_add_epi16(row16(d1), r[y + 1]);
    const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi16(p0, p1), 0xD8);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d0), _mm256_castsi256_si128(packed));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d1), _mm256_extracti128_si256(packed, 1));
  }
}

void add16x16_idct8_avx2(uint8_t* dst, ptrdiff_t stride, const int16_t dct[4][64]) {
  add_idct8_pair(dst, stride, dct);
  add_idct8_pair(dst + 8 * stride, stride, dct + 2);
}

inline __m256i quant16(int16_t* p, __m256i mf, __m256i bias) {
  const __m256i c = load(p), sign = _mm256_srai_epi16(c, 15);
  const __m256i abs = _mm256_sub_epi16(_mm256_xor_si256(c, sign), sign);
  const __m256i level = _mm256_mulhi_epu16(_mm256_add_epi16(abs, bias), mf);
  store(p, _mm256_sub_epi16(_mm256_xor_si256(level, sign), sign));
  return level;
}

int quant_4x4_avx2(int16_t dct[16], const uint16_t mf[16], const uint16_t bias[16]) {
  const __m256i m = load(reinterpret_cast<const int16_t*>(mf)), b = load(reinterpret_cast<const int16_t*>(bias));
  const __m256i level = quant16(dct, m, b);
  return !_mm256_testz_si256(level, level);
}

int quant_4x4x16_avx2(int16_t dct[16][16], const uint16_t mf[16], const uint16_t bias[16]) {
  const __m256i m = load(reinterpret_cast<const int16_t*>(mf)), b = load(reinterpret_cast<const int16_t*>(bias));
  int mask = 0;
  for (int i = 0; i < 16; i++) {
    const __m256i level = quant16(dct[i], m, b);
    mask |= !_mm256_testz_si256(level, level) << i;
  }
  return mask;
}

int quant_8x8_avx2(int16_t dct[64], const uint16_t mf[64], const uint16_t bias[64]) {
  const int16_t* m = reinterpret_cast<const int16_t*>(mf);
  const int16_t* b = reinterpret_cast<const int16_t*>(bias);
  __m256i levels = _mm256_setzero_si256();
  for (int i = 0; i < 64; i += 16) levels = _mm256_or_si256(levels, quant16(dct + i, load(m + i), load(b + i)));
  return !_mm256_testz_si256(levels, levels);
}

// dct_sse2.cpp's dequant_8x8 on 16 coefficients at a time.
void dequant_8x8_avx2(int16_t dct[64], const int32_t scale[64]) {
  const __m256i two = _mm256_set1_epi32(2);
  for (int i = 0; i < 64; i += 16) {
    const __m256i* s = reinterpret_cast<const __m256i*>(scale + i);
    // packs interleaves the lanes: scales 0-3, 8-11 | 4-7, 12-15 until the permute.
    const __m256i sc =
        _mm256_permute4x64_epi64(_mm256_packs_epi32(_mm256_loadu_si256(s), _mm256_loadu_si256(s + 1)), 0xD8);
    const __m256i c = load(dct + i), lo = _mm256_mullo_epi16(c, sc), hi = _mm256_mulhi_epi16(c, sc);
    // Products of coefficients 0-3 | 8-11 and 4-7 | 12-15, which the pack puts back in order.
    const __m256i p0 = _mm256_srai_epi32(_mm256_add_epi32(_mm256_unpacklo_epi16(lo, hi), two), 2);
    const __m256i p1 = _mm256_srai_epi32(_mm256_add_epi32(_mm256_unpackhi_epi16(lo, hi), two), 2);
    const auto low16 = [](__m256i v) { return _mm256_srai_epi32(_mm256_slli_epi32(v, 16), 16); };
    store(dct + i, _mm256_packs_epi32(low16(p0), low16(p1)));
  }
}

// dct_sse2.cpp's decimate_score with the levels shuffled to zig-zag order
// before the movemask (no mask tables) and the popcount in hardware: the
// score of a run, 3 2 2 1 1 1 0..., is [run < 1] + [run < 3] + [run < 6].
inline int decimate_score(const int16_t dct[16], int skip_dc) {
  const __m128i raster = _mm_packs_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(dct)),
                                         _mm_loadu_si128(reinterpret_cast<const __m128i*>(dct + 8)));
  const __m128i levels = _mm_shuffle_epi8(raster, _mm_loadu_si128(reinterpret_cast<const __m128i*>(kZigzag4x4)));
  const __m128i zero = _mm_setzero_si128();
  const __m128i small = _mm_cmpeq_epi8(_mm_subs_epu8(_mm_sub_epi8(levels, _mm_set1_epi8(-1)), _mm_set1_epi8(2)), zero);
  const int all_small = (_mm_movemask_epi8(small) | skip_dc) == 0xFFFF;
  const uint32_t zigzag = ~_mm_movemask_epi8(_mm_cmpeq_epi8(levels, zero)) & 0xFFFF;
  // Bit 0: the position before the first coefficient read (for 15 the DC).
  const uint32_t t = skip_dc ? zigzag | 1 : zigzag << 1 | 1;
  const uint32_t coded = t & ~1u, w1 = t << 1, w3 = w1 | w1 << 1 | w1 << 2, w6 = w3 | w3 << 3;
  const int score = popcount32(coded & w1) + popcount32(coded & w3) + popcount32(coded & w6);
  return all_small ? score : 9;
}

int decimate_score16_avx2(const int16_t dct[16]) { return decimate_score(dct, 0); }
int decimate_score15_avx2(const int16_t dct[16]) { return decimate_score(dct, 1); }

}  // namespace

void dct_dsp_init_avx2(DctDsp* dsp) {
  dsp->sub8x8_dct = sub8x8_dct_avx2;
  dsp->sub16x16_dct = sub16x16_dct_avx2;
  dsp->add8x8_idct = add8x8_idct_avx2;
  dsp->add16x16_idct = add16x16_idct_avx2;
  dsp->quant_4x4 = quant_4x4_avx2;
  dsp->quant_4x4x16 = quant_4x4x16_avx2;
  dsp->decimate_score16 = decimate_score16_avx2;
  dsp->decimate_score15 = decimate_score15_avx2;
  dsp->sub16x16_dct8 = sub16x16_dct8_avx2;
  dsp->add16x16_idct8 = add16x16_idct8_avx2;
  dsp->quant_8x8 = quant_8x8_avx2;
  dsp->dequant_8x8 = dequant_8x8_avx2;
}

}  // namespace h264
}  // namespace edgeav
