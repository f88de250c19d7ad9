// SSE2 transforms and quantisation. A vector holds one row of two side by
// side 4x4 blocks (8 x int16); the 4-sample versions use the low half only.
//
// Exactness against the C reference (which computes in int):
//  * forward transforms: no rounding and every intermediate fits int16
//    (|pixel difference| <= 255 gives |coefficient| <= 9180), so the two
//    1-D passes may run in either order;
//  * add_idct: int16 like every H.264 decoder, so equal to the C wherever
//    all intermediates of 8.5.12.2 fit 16 bits, which the standard requires
//    of a conformant bitstream; the final (x + 32) >> 6 is computed as
//    ((x >> 1) + 16) >> 5, which cannot overflow;
//  * dct4x4dc: exact for |dc| <= 4095 (sums of 16 pixel differences are
//    within 4080), the halving of the 17-bit sums done with pavgw;
//  * idct4x4dc, dequant: only additions and multiplications, so int16
//    wrap-around gives the C's int16 conversion of its int results exactly;
//  * quant: pmulhuw is ((|c| + bias) * mf) >> 16 while |c| + bias < 65536,
//    i.e. for every bias <= 32767;
//  * decimate_score: the signed-saturating pack to bytes keeps every level's
//    sign, zeroness and |level| > 1, which is all the score depends on.
#include <emmintrin.h>

#include <cstring>

#include "video/h264/dsp/dct_dsp.h"
#include "video/h264/tables.h"

namespace edgeav {
namespace h264 {

namespace {

inline __m128i load(const int16_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
inline void store(int16_t* p, __m128i v) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v); }

inline __m128i load4_u16(const uint8_t* p) {
  int32_t v;
  std::memcpy(&v, p, 4);
  return _mm_unpacklo_epi8(_mm_cvtsi32_si128(v), _mm_setzero_si128());
}
inline __m128i load8_u16(const uint8_t* p) {
  return _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)), _mm_setzero_si128());
}

// Transposes each of the two 4x4 blocks in (a, b, c, d), keeping the blocks
// in their halves.
inline void transpose_pair(__m128i& a, __m128i& b, __m128i& c, __m128i& d) {
  const __m128i t0 = _mm_unpacklo_epi16(a, b), t1 = _mm_unpacklo_epi16(c, d);
  const __m128i t2 = _mm_unpackhi_epi16(a, b), t3 = _mm_unpackhi_epi16(c, d);
  const __m128i u0 = _mm_unpacklo_epi32(t0, t1), u1 = _mm_unpackhi_epi32(t0, t1);  // first block
  const __m128i u2 = _mm_unpacklo_epi32(t2, t3), u3 = _mm_unpackhi_epi32(t2, t3);  // second block
  a = _mm_unpacklo_epi64(u0, u2), b = _mm_unpackhi_epi64(u0, u2);
  c = _mm_unpacklo_epi64(u1, u3), d = _mm_unpackhi_epi64(u1, u3);
}

inline void forward4(__m128i& a, __m128i& b, __m128i& c, __m128i& d) {
  const __m128i s03 = _mm_add_epi16(a, d), d03 = _mm_sub_epi16(a, d);
  const __m128i s12 = _mm_add_epi16(b, c), d12 = _mm_sub_epi16(b, c);
  a = _mm_add_epi16(s03, s12);
  b = _mm_add_epi16(_mm_add_epi16(d03, d03), d12);
  c = _mm_sub_epi16(s03, s12);
  d = _mm_sub_epi16(d03, _mm_add_epi16(d12, d12));
}

inline void inverse4(__m128i& a, __m128i& b, __m128i& c, __m128i& d) {
  const __m128i e = _mm_add_epi16(a, c), f = _mm_sub_epi16(a, c);
  const __m128i g = _mm_sub_epi16(_mm_srai_epi16(b, 1), d), h = _mm_add_epi16(b, _mm_srai_epi16(d, 1));
  a = _mm_add_epi16(e, h), b = _mm_add_epi16(f, g), c = _mm_sub_epi16(f, g), d = _mm_sub_epi16(e, h);
}

// Rows r0..r3 of pixel differences (one or two blocks) -> coefficients of
// the first block in out0 (rows 0, 1) and out1 (rows 2, 3), of the second
// in out2, out3. The second pass leaves each block transposed, and the
// first half of a transpose restores the raster order block by block.
inline void forward_blocks(__m128i r0, __m128i r1, __m128i r2, __m128i r3, __m128i out[4]) {
  forward4(r0, r1, r2, r3);  // vertical
  transpose_pair(r0, r1, r2, r3);
  forward4(r0, r1, r2, r3);  // horizontal
  const __m128i t0 = _mm_unpacklo_epi16(r0, r1), t1 = _mm_unpacklo_epi16(r2, r3);
  const __m128i t2 = _mm_unpackhi_epi16(r0, r1), t3 = _mm_unpackhi_epi16(r2, r3);
  out[0] = _mm_unpacklo_epi32(t0, t1), out[1] = _mm_unpackhi_epi32(t0, t1);
  out[2] = _mm_unpacklo_epi32(t2, t3), out[3] = _mm_unpackhi_epi32(t2, t3);
}

void sub4x4_dct_sse2(int16_t dct[16], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  __m128i r[4], out[4];
  for (int y = 0; y < 4; y++) r[y] = _mm_sub_epi16(load4_u16(src + y * ss), load4_u16(pred + y * ps));
  forward_blocks(r[0], r[1], r[2], r[3], out);
  store(dct, out[0]), store(dct + 8, out[1]);
}

// Blocks (x, y) and (x + 4, y) of a larger block.
void sub_dct_pair(int16_t* first, int16_t* second, const uint8_t* src, ptrdiff_t ss, const uint8_t* pred,
                  ptrdiff_t ps) {
  __m128i r[4], out[4];
  for (int y = 0; y < 4; y++) r[y] = _mm_sub_epi16(load8_u16(src + y * ss), load8_u16(pred + y * ps));
  forward_blocks(r[0], r[1], r[2], r[3], out);
  store(first, out[0]), store(first + 8, out[1]), store(second, out[2]), store(second + 8, out[3]);
}

void sub8x8_dct_sse2(int16_t dct[4][16], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  sub_dct_pair(dct[0], dct[1], src, ss, pred, ps);
  sub_dct_pair(dct[2], dct[3], src + 4 * ss, ss, pred + 4 * ps, ps);
}

void sub16x16_dct_sse2(int16_t dct[16][16], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  for (int i = 0; i < 16; i += 2) {
    const int x = (i & 3) * 4, y = (i >> 2) * 4;
    sub_dct_pair(dct[i], dct[i + 1], src + y * ss + x, ss, pred + y * ps + x, ps);
  }
}

// Columns c0..c3 of the coefficients (one block per half) -> rows of the
// residual, ready to add: both passes of 8.5.12.2 and the final rounding.
inline void inverse_blocks(__m128i c[4]) {
  inverse4(c[0], c[1], c[2], c[3]);  // horizontal (the C's first pass)
  transpose_pair(c[0], c[1], c[2], c[3]);
  inverse4(c[0], c[1], c[2], c[3]);  // vertical
  const __m128i sixteen = _mm_set1_epi16(16);
  for (int i = 0; i < 4; i++) c[i] = _mm_srai_epi16(_mm_add_epi16(_mm_srai_epi16(c[i], 1), sixteen), 5);
}

// Raster coefficients (rows 0, 1 in lo, rows 2, 3 in hi) -> columns [0|1], [2|3].
inline void columns_of(const int16_t* dct, __m128i& c01, __m128i& c23) {
  const __m128i lo = load(dct), hi = load(dct + 8);
  const __m128i t0 = _mm_unpacklo_epi16(lo, hi), t1 = _mm_unpackhi_epi16(lo, hi);  // rows 0 2 / 1 3 interleaved
  c01 = _mm_unpacklo_epi16(t0, t1), c23 = _mm_unpackhi_epi16(t0, t1);
}

void add4x4_idct_sse2(uint8_t* dst, ptrdiff_t stride, const int16_t dct[16]) {
  __m128i c01, c23;
  columns_of(dct, c01, c23);
  __m128i c[4] = {c01, _mm_unpackhi_epi64(c01, c01), c23, _mm_unpackhi_epi64(c23, c23)};
  inverse_blocks(c);
  for (int y = 0; y < 4; y++) {
    uint8_t* d = dst + y * stride;
    const __m128i px = _mm_packus_epi16(_mm_add_epi16(load4_u16(d), c[y]), _mm_setzero_si128());
    const int32_t v = _mm_cvtsi128_si32(px);
    std::memcpy(d, &v, 4);
  }
}

void add_idct_pair(uint8_t* dst, ptrdiff_t stride, const int16_t* first, const int16_t* second) {
  __m128i a01, a23, b01, b23;
  columns_of(first, a01, a23);
  columns_of(second, b01, b23);
  __m128i c[4] = {_mm_unpacklo_epi64(a01, b01), _mm_unpackhi_epi64(a01, b01), _mm_unpacklo_epi64(a23, b23),
                  _mm_unpackhi_epi64(a23, b23)};
  inverse_blocks(c);
  for (int y = 0; y < 4; y++) {
    uint8_t* d = dst + y * stride;
    const __m128i px = _mm_packus_epi16(_mm_add_epi16(load8_u16(d), c[y]), _mm_setzero_si128());
    _mm_storel_epi64(reinterpret_cast<__m128i*>(d), px);
  }
}

void add8x8_idct_sse2(uint8_t* dst, ptrdiff_t stride, const int16_t dct[4][16]) {
  add_idct_pair(dst, stride, dct[0], dct[1]);
  add_idct_pair(dst + 4 * stride, stride, dct[2], dct[3]);
}

void add16x16_idct_sse2(uint8_t* dst, ptrdiff_t stride, const int16_t dct[16][16]) {
  for (int i = 0; i < 16; i += 2) add_idct_pair(dst + (i >> 2) * 4 * stride + (i & 3) * 4, stride, dct[i], dct[i + 1]);
}

// 8x8 transform: one vector per row (or column) of a block. The forward
// transform of pixel differences stays within int16 (|intermediate| <=
// 14280, |coefficient| <= 16320), and the inverse is the decoder's int16
// arithmetic, exact for every conformant input (8.5.13.2 bounds its
// intermediates to 16 bits), with the rounding of add_idct.
inline void transpose8(__m128i r[8]) {
  const __m128i a0 = _mm_unpacklo_epi16(r[0], r[1]), a1 = _mm_unpackhi_epi16(r[0], r[1]);
  const __m128i a2 = _mm_unpacklo_epi16(r[2], r[3]), a3 = _mm_unpackhi_epi16(r[2], r[3]);
  const __m128i a4 = _mm_unpacklo_epi16(r[4], r[5]), a5 = _mm_unpackhi_epi16(r[4], r[5]);
  const __m128i a6 = _mm_unpacklo_epi16(r[6], r[7]), a7 = _mm_unpackhi_epi16(r[6], r[7]);
  const __m128i b0 = _mm_unpacklo_epi32(a0, a2), b1 = _mm_unpackhi_epi32(a0, a2);  // columns 0, 1 | 2, 3 of rows 0-3
  const __m128i b2 = _mm_unpacklo_epi32(a1, a3), b3 = _mm_unpackhi_epi32(a1, a3);
  const __m128i b4 = _mm_unpacklo_epi32(a4, a6), b5 = _mm_unpackhi_epi32(a4, a6);  // the same of rows 4-7
  const __m128i b6 = _mm_unpacklo_epi32(a5, a7), b7 = _mm_unpackhi_epi32(a5, a7);
  r[0] = _mm_unpacklo_epi64(b0, b4), r[1] = _mm_unpackhi_epi64(b0, b4);
  r[2] = _mm_unpacklo_epi64(b1, b5), r[3] = _mm_unpackhi_epi64(b1, b5);
  r[4] = _mm_unpacklo_epi64(b2, b6), r[5] = _mm_unpackhi_epi64(b2, b6);
  r[6] = _mm_unpacklo_epi64(b3, b7), r[7] = _mm_unpackhi_epi64(b3, b7);
}

// x + (x >> 1)
inline __m128i mul3_2(__m128i x) { return _mm_add_epi16(x, _mm_srai_epi16(x, 1)); }

// The C's fdct8_1d across the 8 vectors, lane by lane.
inline void fdct8(__m128i v[8]) {
  const __m128i s07 = _mm_add_epi16(v[0], v[7]), s16 = _mm_add_epi16(v[1], v[6]);
  const __m128i s25 = _mm_add_epi16(v[2], v[5]), s34 = _mm_add_epi16(v[3], v[4]);
  const __m128i d07 = _mm_sub_epi16(v[0], v[7]), d16 = _mm_sub_epi16(v[1], v[6]);
  const __m128i d25 = _mm_sub_epi16(v[2], v[5]), d34 = _mm_sub_epi16(v[3], v[4]);
  const __m128i a0 = _mm_add_epi16(s07, s34), a1 = _mm_add_epi16(s16, s25);
  const __m128i a2 = _mm_sub_epi16(s07, s34), a3 = _mm_sub_epi16(s16, s25);
  const __m128i a4 = _mm_add_epi16(_mm_add_epi16(d16, d25), mul3_2(d07));
  const __m128i a5 = _mm_sub_epi16(_mm_sub_epi16(d07, d34), mul3_2(d25));
  const __m128i a6 = _mm_sub_epi16(_mm_add_epi16(d07, d34), mul3_2(d16));
  const __m128i a7 = _mm_add_epi16(_mm_sub_epi16(d16, d25), mul3_2(d34));
  v[0] = _mm_add_epi16(a0, a1), v[4] = _mm_sub_epi16(a0, a1);
  v[2] = _mm_add_epi16(a2, _mm_srai_epi16(a3, 1)), v[6] = _mm_sub_epi16(_mm_srai_epi16(a2, 1), a3);
  v[1] = _mm_add_epi16(a4, _mm_srai_epi16(a7, 2)), v[7] = _mm_sub_epi16(_mm_srai_epi16(a4, 2), a7);
  v[3] = _mm_add_epi16(a5, _mm_srai_epi16(a6, 2)), v[5] = _mm_sub_epi16(a6, _mm_srai_epi16(a5, 2));
}

// The C's idct8_1d (8.5.13.2) across the 8 vectors, lane by lane.
inline void idct8(__m128i d[8]) {
  const __m128i a0 = _mm_add_epi16(d[0], d[4]), a4 = _mm_sub_epi16(d[0], d[4]);
  const __m128i a2 = _mm_sub_epi16(_mm_srai_epi16(d[2], 1), d[6]), a6 = _mm_add_epi16(d[2], _mm_srai_epi16(d[6], 1));
  const __m128i b0 = _mm_add_epi16(a0, a6), b2 = _mm_add_epi16(a4, a2);
  const __m128i b4 = _mm_sub_epi16(a4, a2), b6 = _mm_sub_epi16(a0, a6);
  const __m128i a1 = _mm_sub_epi16(_mm_sub_epi16(d[5], d[3]), mul3_2(d[7]));
  const __m128i a3 = _mm_sub_epi16(_mm_add_epi16(d[1], d[7]), mul3_2(d[3]));
  const __m128i a5 = _mm_add_epi16(_mm_sub_epi16(d[7], d[1]), mul3_2(d[5]));
  const __m128i a7 = _mm_add_epi16(_mm_add_epi16(d[3], d[5]), mul3_2(d[1]));
  const __m128i b1 = _mm_add_epi16(a1, _mm_srai_epi16(a7, 2)), b7 = _mm_sub_epi16(a7, _mm_srai_epi16(a1, 2));
  const __m128i b3 = _mm_add_epi16(a3, _mm_srai_epi16(a5, 2)), b5 = _mm_sub_epi16(_mm_srai_epi16(a3, 2), a5);
  d[0] = _mm_add_epi16(b0, b7), d[1] = _mm_add_epi16(b2, b5);
  d[2] = _mm_add_epi16(b4, b3), d[3] = _mm_add_epi16(b6, b1);
  d[4] = _mm_sub_epi16(b6, b1), d[5] = _mm_sub_epi16(b4, b3);
  d[6] = _mm_sub_epi16(b2, b5), d[7] = _mm_sub_epi16(b0, b7);
}

// Vertical pass, then horizontal on the transpose; a second transpose
// restores the raster order.
void sub8x8_dct8_sse2(int16_t dct[64], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  __m128i r[8];
  for (int y = 0; y < 8; y++) r[y] = _mm_sub_epi16(load8_u16(src + y * ss), load8_u16(pred + y * ps));
  fdct8(r);
  transpose8(r);
  fdct8(r);
  transpose8(r);
  for (int y = 0; y < 8; y++) store(dct + 8 * y, r[y]);
}

void sub16x16_dct8_sse2(int16_t dct[4][64], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  for (int i = 0; i < 4; i++) {
    const int x = (i & 1) * 8, y = (i >> 1) * 8;
    sub8x8_dct8_sse2(dct[i], src + y * ss + x, ss, pred + y * ps + x, ps);
  }
}

// The transpose of the raster coefficients gives columns, so the first
// pass is the horizontal one, as in 8.5.13.2.
void add8x8_idct8_sse2(uint8_t* dst, ptrdiff_t stride, const int16_t dct[64]) {
  __m128i r[8];
  for (int y = 0; y < 8; y++) r[y] = load(dct + 8 * y);
  transpose8(r);
  idct8(r);
  transpose8(r);
  idct8(r);
  const __m128i sixteen = _mm_set1_epi16(16);
  for (int y = 0; y < 8; y++) {
    uint8_t* d = dst + y * stride;
    const __m128i res = _mm_srai_epi16(_mm_add_epi16(_mm_srai_epi16(r[y], 1), sixteen), 5);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(d),
                     _mm_packus_epi16(_mm_add_epi16(load8_u16(d), res), _mm_setzero_si128()));
  }
}

void add16x16_idct8_sse2(uint8_t* dst, ptrdiff_t stride, const int16_t dct[4][64]) {
  for (int i = 0; i < 4; i++) add8x8_idct8_sse2(dst + (i >> 1) * 8 * stride + (i & 1) * 8, stride, dct[i]);
}

// The Hadamard 1-D transform of dct4x4dc / idct4x4dc (same on rows and columns).
inline void hadamard4(__m128i& a, __m128i& b, __m128i& c, __m128i& d) {
  const __m128i s01 = _mm_add_epi16(a, b), d01 = _mm_sub_epi16(a, b);
  const __m128i s23 = _mm_add_epi16(c, d), d23 = _mm_sub_epi16(c, d);
  a = _mm_add_epi16(s01, s23), b = _mm_sub_epi16(s01, s23), c = _mm_sub_epi16(d01, d23), d = _mm_add_epi16(d01, d23);
}

// Loads the 4x4 block as rows (low halves), applies the vertical pass and
// transposes: the horizontal pass then works on columns.
inline void hadamard_first_pass(const int16_t dc[16], __m128i r[4]) {
  for (int y = 0; y < 4; y++) r[y] = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(dc + 4 * y));
  hadamard4(r[0], r[1], r[2], r[3]);
  transpose_pair(r[0], r[1], r[2], r[3]);
}

// Stores columns (output of the horizontal pass) in raster order.
inline void store_columns(int16_t dc[16], const __m128i w[4]) {
  const __m128i t0 = _mm_unpacklo_epi16(w[0], w[1]), t1 = _mm_unpacklo_epi16(w[2], w[3]);
  store(dc, _mm_unpacklo_epi32(t0, t1)), store(dc + 8, _mm_unpackhi_epi32(t0, t1));
}

void dct4x4dc_sse2(int16_t dc[16]) {
  __m128i r[4];
  hadamard_first_pass(dc, r);
  // (x + y + 1) >> 1 of 17-bit sums: with x' = x + 32768 and y' = y + 32768
  // (or 32768 - y) as unsigned, pavgw(x', y') = ((x +- y + 1) >> 1) + 32768.
  const __m128i k = _mm_set1_epi16(-32768);
  const __m128i s01 = _mm_xor_si128(_mm_add_epi16(r[0], r[1]), k), d01 = _mm_xor_si128(_mm_sub_epi16(r[0], r[1]), k);
  const __m128i s23 = _mm_add_epi16(r[2], r[3]), d23 = _mm_sub_epi16(r[2], r[3]);
  const __m128i s23p = _mm_xor_si128(s23, k), s23n = _mm_sub_epi16(k, s23);
  const __m128i d23p = _mm_xor_si128(d23, k), d23n = _mm_sub_epi16(k, d23);
  const __m128i w[4] = {_mm_xor_si128(_mm_avg_epu16(s01, s23p), k), _mm_xor_si128(_mm_avg_epu16(s01, s23n), k),
                        _mm_xor_si128(_mm_avg_epu16(d01, d23n), k), _mm_xor_si128(_mm_avg_epu16(d01, d23p), k)};
  store_columns(dc, w);
}

void idct4x4dc_sse2(int16_t dc[16]) {
  __m128i r[4];
  hadamard_first_pass(dc, r);
  hadamard4(r[0], r[1], r[2], r[3]);
  store_columns(dc, r);
}

// Quantises 8 coefficients in place; returns the levels (as unsigned) for the nonzero test.
inline __m128i quant8(int16_t* p, __m128i mf, __m128i bias) {
  const __m128i c = load(p), sign = _mm_srai_epi16(c, 15);
  const __m128i abs = _mm_sub_epi16(_mm_xor_si128(c, sign), sign);  // -32768 -> 32768 as unsigned
  const __m128i level = _mm_mulhi_epu16(_mm_add_epi16(abs, bias), mf);
  store(p, _mm_sub_epi16(_mm_xor_si128(level, sign), sign));
  return level;
}

inline int any_nonzero(__m128i v) { return _mm_movemask_epi8(_mm_cmpeq_epi16(v, _mm_setzero_si128())) != 0xFFFF; }

int quant_4x4_sse2(int16_t dct[16], const uint16_t mf[16], const uint16_t bias[16]) {
  const int16_t* m = reinterpret_cast<const int16_t*>(mf);
  const int16_t* b = reinterpret_cast<const int16_t*>(bias);
  return any_nonzero(_mm_or_si128(quant8(dct, load(m), load(b)), quant8(dct + 8, load(m + 8), load(b + 8))));
}

int quant_4x4x16_sse2(int16_t dct[16][16], const uint16_t mf[16], const uint16_t bias[16]) {
  const int16_t* m = reinterpret_cast<const int16_t*>(mf);
  const int16_t* b = reinterpret_cast<const int16_t*>(bias);
  const __m128i mf0 = load(m), mf1 = load(m + 8), bias0 = load(b), bias1 = load(b + 8);
  int mask = 0;
  for (int i = 0; i < 16; i++)
    mask |= any_nonzero(_mm_or_si128(quant8(dct[i], mf0, bias0), quant8(dct[i] + 8, mf1, bias1))) << i;
  return mask;
}

int quant_8x8_sse2(int16_t dct[64], const uint16_t mf[64], const uint16_t bias[64]) {
  const int16_t* m = reinterpret_cast<const int16_t*>(mf);
  const int16_t* b = reinterpret_cast<const int16_t*>(bias);
  __m128i levels = _mm_setzero_si128();
  for (int i = 0; i < 64; i += 8) levels = _mm_or_si128(levels, quant8(dct + i, load(m + i), load(b + i)));
  return any_nonzero(levels);
}

// The low 16 bits of four int32 (the only bits of the scale that reach the
// int16 result), as the low or high half of a vector after the pack.
inline __m128i low16(__m128i v) { return _mm_srai_epi32(_mm_slli_epi32(v, 16), 16); }

void dequant_4x4_sse2(int16_t dct[16], const int32_t scale[16]) {
  const __m128i* s = reinterpret_cast<const __m128i*>(scale);
  const __m128i s0 = _mm_packs_epi32(low16(_mm_loadu_si128(s)), low16(_mm_loadu_si128(s + 1)));
  const __m128i s1 = _mm_packs_epi32(low16(_mm_loadu_si128(s + 2)), low16(_mm_loadu_si128(s + 3)));
  store(dct, _mm_mullo_epi16(load(dct), s0));
  store(dct + 8, _mm_mullo_epi16(load(dct + 8), s1));
}

// (c * scale + 2) >> 2 from the 32-bit products of pmullw / pmulhw, exact
// for scales within int16 (QuantTables::dequant8 <= 58 << 8); the result
// keeps the low 16 bits, as the C's cast.
void dequant_8x8_sse2(int16_t dct[64], const int32_t scale[64]) {
  const __m128i two = _mm_set1_epi32(2);
  for (int i = 0; i < 64; i += 8) {
    const __m128i* s = reinterpret_cast<const __m128i*>(scale + i);
    const __m128i sc = _mm_packs_epi32(_mm_loadu_si128(s), _mm_loadu_si128(s + 1));
    const __m128i c = load(dct + i), lo = _mm_mullo_epi16(c, sc), hi = _mm_mulhi_epi16(c, sc);
    const __m128i p0 = _mm_srai_epi32(_mm_add_epi32(_mm_unpacklo_epi16(lo, hi), two), 2);
    const __m128i p1 = _mm_srai_epi32(_mm_add_epi32(_mm_unpackhi_epi16(lo, hi), two), 2);
    store(dct + i, _mm_packs_epi32(low16(p0), low16(p1)));
  }
}

// Raster -> zig-zag permutation of a 16-bit coefficient mask, one table per
// byte (SSE2 has no byte shuffle to permute the levels themselves).
struct ZigzagMaskTables {
  uint16_t low[256], high[256];
};
const ZigzagMaskTables kZigzagMask = [] {
  ZigzagMaskTables t{};
  for (int m = 0; m < 256; m++)
    for (int i = 0; i < 16; i++) {
      const int raster = kZigzag4x4[i];
      if (raster < 8 && (m >> raster & 1)) t.low[m] |= 1 << i;
      if (raster >= 8 && (m >> (raster - 8) & 1)) t.high[m] |= 1 << i;
    }
  return t;
}();

inline int popcount64(uint64_t x) {  // no popcnt instruction in baseline x86-64
  x -= (x >> 1) & 0x5555555555555555ull;
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<int>((x * 0x0101010101010101ull) >> 56);
}

// The score of a zig-zag level mask `t` whose bit 0 is the position before the
// first coefficient read. The score of a run, 3 2 2 1 1 1 0..., is [run < 1] +
// [run < 3] + [run < 6]: the number of windows of 1, 3 and 6 positions before
// the level that hold another level or that start position. Branchless, as
// the number of levels is unpredictable.
inline int run_score(uint32_t t) {
  const uint32_t levels = t & ~1u, w1 = t << 1, w3 = w1 | w1 << 1 | w1 << 2, w6 = w3 | w3 << 3;
  // The three 17-bit masks side by side: one popcount instead of three.
  return popcount64(static_cast<uint64_t>(levels & w1) | static_cast<uint64_t>(levels & w3) << 21 |
                    static_cast<uint64_t>(levels & w6) << 42);
}

// `skip_dc`: 1 for the 15-coefficient score. Computes the score of a block of
// small levels whether or not it is one, as a branch on that mispredicts.
inline int decimate_score(const int16_t dct[16], int skip_dc) {
  const __m128i levels = _mm_packs_epi16(load(dct), load(dct + 8));  // raster, int8
  const __m128i zero = _mm_setzero_si128();
  // level + 1 <= 2 as unsigned bytes: |level| <= 1.
  const __m128i small = _mm_cmpeq_epi8(_mm_subs_epu8(_mm_sub_epi8(levels, _mm_set1_epi8(-1)), _mm_set1_epi8(2)), zero);
  const int all_small = (_mm_movemask_epi8(small) | skip_dc) == 0xFFFF;
  const int nonzero = ~_mm_movemask_epi8(_mm_cmpeq_epi8(levels, zero)) & 0xFFFF;
  const uint32_t zigzag = kZigzagMask.low[nonzero & 0xFF] | kZigzagMask.high[nonzero >> 8];
  // Bit 0 becomes the position before the first coefficient read: for 15 the DC, whatever it holds.
  const int score = run_score(skip_dc ? zigzag | 1 : zigzag << 1 | 1);
  return all_small ? score : 9;
}

int decimate_score16_sse2(const int16_t dct[16]) { return decimate_score(dct, 0); }
int decimate_score15_sse2(const int16_t dct[16]) { return decimate_score(dct, 1); }

}  // namespace

void dct_dsp_init_sse2(DctDsp* dsp) {
  dsp->sub4x4_dct = sub4x4_dct_sse2;
  dsp->sub8x8_dct = sub8x8_dct_sse2;
  dsp->sub16x16_dct = sub16x16_dct_sse2;
  dsp->add4x4_idct = add4x4_idct_sse2;
  dsp->add8x8_idct = add8x8_idct_sse2;
  dsp->add16x16_idct = add16x16_idct_sse2;
  dsp->dct4x4dc = dct4x4dc_sse2;
  dsp->idct4x4dc = idct4x4dc_sse2;
  dsp->quant_4x4 = quant_4x4_sse2;
  dsp->quant_4x4x16 = quant_4x4x16_sse2;
  dsp->dequant_4x4 = dequant_4x4_sse2;
  dsp->decimate_score16 = decimate_score16_sse2;
  dsp->decimate_score15 = decimate_score15_sse2;
  dsp->sub8x8_dct8 = sub8x8_dct8_sse2;
  dsp->sub16x16_dct8 = sub16x16_dct8_sse2;
  dsp->add8x8_idct8 = add8x8_idct8_sse2;
  dsp->add16x16_idct8 = add16x16_idct8_sse2;
  dsp->quant_8x8 = quant_8x8_sse2;
  dsp->dequant_8x8 = dequant_8x8_sse2;
}

}  // namespace h264
}  // namespace edgeav
