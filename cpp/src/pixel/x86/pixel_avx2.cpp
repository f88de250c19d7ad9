// AVX2 SATD (also against the average of two blocks), SSD, SAD-x4 and the
// batched intra SATDs. psadbw runs on a single port (port 5 on Intel), which
// limits the SSE2 SAD-x4: here it takes two 16-pixel or four 8-pixel rows per
// psadbw, gathered by loads that broadcast a row and blends that run on any
// port. A single SAD gains nothing (its loads limit it; against an average,
// three loads a row, all the more) and neither does the 4x4 SAD-x4
// (measured): those stay SSE2, as do the 4x4 SATDs.
#include <immintrin.h>

#include <cstring>

#include "pixel/pixel_dsp.h"

namespace edgeav {

namespace {

inline __m128i load16(const uint8_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
inline __m256i load32(const uint8_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
inline int load4(const uint8_t* p) {
  int v;
  std::memcpy(&v, p, 4);
  return v;
}
inline int64_t load8(const uint8_t* p) {
  int64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline int sum32(__m256i v) {
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
  return _mm_cvtsi128_si32(s);
}

// SATD (the identities are those of pixel_sse2.cpp). The first horizontal
// butterfly is done on the pixels by pmaddubsw: each 128-bit lane holds one
// row, its pixel pairs (2k, 2k+1) summed in the first half and subtracted in
// the second; a - b of those is the butterfly of the differences. For 8-wide
// blocks a lane holds one 8-pixel row (rows r and r + 4 in the two lanes).
// The vertical stages then run between four row registers and the last
// horizontal stage, as max(|p|, |q|), between neighbouring 16-bit lanes:
// (s01, s23) and (d01, d23) of one block.

// max(|x_2k|, |x_2k+1|) in the low word of each 32-bit lane (high word unread).
inline __m256i max_pairs(__m256i x) {
  const __m256i a = _mm256_abs_epi16(x);
  return _mm256_max_epi16(a, _mm256_srli_epi32(a, 16));
}

// Four rows after the first horizontal stage: the vertical stages and the
// last horizontal one. Each 32-bit lane's low word gathers maxima of one 4x4
// block: at most its SATD, 8160.
inline __m256i satd_rows(__m256i r0, __m256i r1, __m256i r2, __m256i r3) {
  const __m256i s01 = _mm256_add_epi16(r0, r1), d01 = _mm256_sub_epi16(r0, r1);
  const __m256i s23 = _mm256_add_epi16(r2, r3), d23 = _mm256_sub_epi16(r2, r3);
  const __m256i m0 = _mm256_add_epi16(max_pairs(_mm256_add_epi16(s01, s23)), max_pairs(_mm256_sub_epi16(s01, s23)));
  const __m256i m1 = _mm256_add_epi16(max_pairs(_mm256_add_epi16(d01, d23)), max_pairs(_mm256_sub_epi16(d01, d23)));
  return _mm256_add_epi16(m0, m1);
}

// What a block is compared against: a block, or the rounded average of two
// blocks that share a stride (a quarter-sample prediction), formed by pavgb
// on the gathered rows (see pixel_sse2.cpp).
struct Block {
  const uint8_t* p;
  ptrdiff_t stride;
  template <typename Load>
  __m256i load(ptrdiff_t offset, Load f) const { return f(p + offset); }
};
struct AvgBlock {
  const uint8_t *a, *b;
  ptrdiff_t stride;
  template <typename Load>
  __m256i load(ptrdiff_t offset, Load f) const { return _mm256_avg_epu8(f(a + offset), f(b + offset)); }
};

// The first horizontal butterfly of the differences of the pixels ra - rb.
inline __m256i pair_butterflies(__m256i ra, __m256i rb, __m256i pm) {
  return _mm256_sub_epi16(_mm256_maddubs_epi16(ra, pm), _mm256_maddubs_epi16(rb, pm));
}

// A 16-pixel row in both lanes: with pm, pair sums in the first, pair
// differences in the second.
inline __m256i row16(const uint8_t* p) { return _mm256_broadcastsi128_si256(load16(p)); }

// 8-pixel rows p and p + 4 * s, each twice in its lane: with pm, pair sums in
// the first half of the lane, differences in the second.
inline __m256i row8x2(const uint8_t* p, ptrdiff_t s) {
  return _mm256_blend_epi32(_mm256_set1_epi64x(load8(p)), _mm256_set1_epi64x(load8(p + 4 * s)), 0xf0);
}

// The low words of the 32-bit lanes, summed: a lane gathers at most 4 blocks
// (16x16), 4 * 8160 < 32768.
inline int sum_low_words(__m256i v) { return sum32(_mm256_and_si256(v, _mm256_set1_epi32(0xffff))); }

template <int H, typename Ref>
int satd_16xh_ref(const uint8_t* a, ptrdiff_t as, const Ref& b) {
  const __m256i pm = _mm256_setr_epi8(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  //
                                      1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1);
  const auto row = [&](ptrdiff_t y) { return pair_butterflies(row16(a + y * as), b.load(y * b.stride, row16), pm); };
  __m256i sum = _mm256_setzero_si256();
  for (int y = 0; y < H; y += 4) sum = _mm256_add_epi16(sum, satd_rows(row(y), row(y + 1), row(y + 2), row(y + 3)));
  return sum_low_words(sum);
}

template <int H, typename Ref>
int satd_8xh_ref(const uint8_t* a, ptrdiff_t as, const Ref& b) {
  const __m256i pm = _mm256_setr_epi8(1, 1, 1, 1, 1, 1, 1, 1, 1, -1, 1, -1, 1, -1, 1, -1,  //
                                      1, 1, 1, 1, 1, 1, 1, 1, 1, -1, 1, -1, 1, -1, 1, -1);
  const auto rows = [&b](const uint8_t* p) { return row8x2(p, b.stride); };
  const auto row = [&](ptrdiff_t y) {
    return pair_butterflies(row8x2(a + y * as, as), b.load(y * b.stride, rows), pm);
  };
  __m256i sum = _mm256_setzero_si256();
  for (int y = 0; y < H; y += 8) sum = _mm256_add_epi16(sum, satd_rows(row(y), row(y + 1), row(y + 2), row(y + 3)));
  return sum_low_words(sum);
}

template <int W, int H>
int satd_avx2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  return W == 16 ? satd_16xh_ref<H>(a, as, Block{b, bs}) : satd_8xh_ref<H>(a, as, Block{b, bs});
}
template <int W, int H>
int satd_avg_avx2(const uint8_t* src, ptrdiff_t ss, const uint8_t* a, const uint8_t* b, ptrdiff_t ab_stride) {
  const AvgBlock ref{a, b, ab_stride};
  return W == 16 ? satd_16xh_ref<H>(src, ss, ref) : satd_8xh_ref<H>(src, ss, ref);
}

// SA8D (the identities are those of pixel_sse2.cpp), one 8x8 block per
// 128-bit lane: a 16x16 block's row has its left half in the low lane and its
// right half in the high one; an 8x8 block's rows i and i + 4 share a
// register, and the vertical stage between them swaps the lanes.

// The vertical butterflies at distances 2 and 1 between four row registers.
inline void hadamard4_vertical(__m256i r[4]) {
  const __m256i s02 = _mm256_add_epi16(r[0], r[2]), d02 = _mm256_sub_epi16(r[0], r[2]);
  const __m256i s13 = _mm256_add_epi16(r[1], r[3]), d13 = _mm256_sub_epi16(r[1], r[3]);
  r[0] = _mm256_add_epi16(s02, s13), r[1] = _mm256_sub_epi16(s02, s13);
  r[2] = _mm256_add_epi16(d02, d13), r[3] = _mm256_sub_epi16(d02, d13);
}

inline __m256i even32(__m256i p, __m256i q) {
  return _mm256_castps_si256(
      _mm256_shuffle_ps(_mm256_castsi256_ps(p), _mm256_castsi256_ps(q), _MM_SHUFFLE(2, 0, 2, 0)));
}
inline __m256i odd32(__m256i p, __m256i q) {
  return _mm256_castps_si256(
      _mm256_shuffle_ps(_mm256_castsi256_ps(p), _mm256_castsi256_ps(q), _MM_SHUFFLE(3, 1, 3, 1)));
}

// The horizontal transform of two rows per lane (sa8d_rows of pixel_sse2.cpp):
// the low words of the 32-bit lanes add up to their M, each at most 16320.
inline __m256i sa8d_rows(__m256i x, __m256i y) {
  const __m256i lo = _mm256_unpacklo_epi64(x, y), hi = _mm256_unpackhi_epi64(x, y);
  const __m256i s = _mm256_add_epi16(lo, hi), d = _mm256_sub_epi16(lo, hi);
  const __m256i e = even32(s, d), o = odd32(s, d);
  return _mm256_add_epi16(max_pairs(_mm256_add_epi16(e, o)), max_pairs(_mm256_sub_epi16(e, o)));
}

// Four pairs of rows give one 8x8 block's M per lane, at most 65280 in
// unsigned words; the total is (M + 1) >> 1.
inline __m256i sa8d_widen(__m256i m) { return _mm256_and_si256(m, _mm256_set1_epi32(0xffff)); }

inline __m256i diff16(const uint8_t* a, const uint8_t* b) {
  return _mm256_sub_epi16(_mm256_cvtepu8_epi16(load16(a)), _mm256_cvtepu8_epi16(load16(b)));
}

int sa8d_16x16_avx2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  __m256i sum = _mm256_setzero_si256();
  for (int y = 0; y < 16; y += 8, a += 8 * as, b += 8 * bs) {
    __m256i r[8];
    for (int i = 0; i < 8; i++) r[i] = diff16(a + i * as, b + i * bs);
    for (int i = 0; i < 4; i++) {
      const __m256i p = r[i], q = r[i + 4];
      r[i] = _mm256_add_epi16(p, q), r[i + 4] = _mm256_sub_epi16(p, q);
    }
    hadamard4_vertical(r);
    hadamard4_vertical(r + 4);
    const __m256i m = _mm256_add_epi16(_mm256_add_epi16(sa8d_rows(r[0], r[1]), sa8d_rows(r[2], r[3])),
                                       _mm256_add_epi16(sa8d_rows(r[4], r[5]), sa8d_rows(r[6], r[7])));
    sum = _mm256_add_epi32(sum, sa8d_widen(m));
  }
  return (sum32(sum) + 1) >> 1;
}

// Rows i and i + 4 as [i | i + 4] become [i + (i + 4) | i - (i + 4)]: the
// register with its lanes swapped plus the register with its high lane
// negated. The lanes then hold different vertical frequencies, which the
// horizontal transform treats alike.
int sa8d_8x8_avx2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  const __m256i negate_high = _mm256_setr_epi16(1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1);
  const auto rows = [](const uint8_t* p, ptrdiff_t s) {
    return _mm256_cvtepu8_epi16(_mm_set_epi64x(load8(p + 4 * s), load8(p)));
  };
  __m256i r[4];
  for (int i = 0; i < 4; i++) {
    const __m256i d = _mm256_sub_epi16(rows(a + i * as, as), rows(b + i * bs, bs));
    r[i] = _mm256_add_epi16(_mm256_permute4x64_epi64(d, _MM_SHUFFLE(1, 0, 3, 2)), _mm256_sign_epi16(d, negate_high));
  }
  hadamard4_vertical(r);
  const __m256i m = _mm256_add_epi16(sa8d_rows(r[0], r[1]), sa8d_rows(r[2], r[3]));
  return (sum32(sa8d_widen(m)) + 1) >> 1;
}

// SSD on 16-bit differences, one 16-pixel row (or two 8-pixel rows) per register.
inline __m256i widen16(const uint8_t* p) { return _mm256_cvtepu8_epi16(load16(p)); }
inline __m256i widen8x2(const uint8_t* p, ptrdiff_t s) {
  return _mm256_cvtepu8_epi16(_mm_set_epi64x(load8(p + s), load8(p)));
}

template <int H>
int ssd_16xh_avx2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  __m256i sum = _mm256_setzero_si256();
  for (int y = 0; y < H; y++, a += as, b += bs) {
    const __m256i d = _mm256_sub_epi16(widen16(a), widen16(b));
    sum = _mm256_add_epi32(sum, _mm256_madd_epi16(d, d));
  }
  return sum32(sum);
}

template <int H>
int ssd_8xh_avx2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  __m256i sum = _mm256_setzero_si256();
  for (int y = 0; y < H; y += 2, a += 2 * as, b += 2 * bs) {
    const __m256i d = _mm256_sub_epi16(widen8x2(a, as), widen8x2(b, bs));
    sum = _mm256_add_epi32(sum, _mm256_madd_epi16(d, d));
  }
  return sum32(sum);
}

// Rows of a block gathered into one register: two 16-pixel rows, or four of 8.
inline __m256i rows16x2(const uint8_t* p, ptrdiff_t s) {
  return _mm256_inserti128_si256(_mm256_castsi128_si256(load16(p)), load16(p + s), 1);
}
inline __m256i rows8x4(const uint8_t* p, ptrdiff_t s) {
  const __m256i r01 = _mm256_blend_epi32(_mm256_set1_epi64x(load8(p)), _mm256_set1_epi64x(load8(p + s)), 0x0c);
  const __m256i r23 = _mm256_blend_epi32(_mm256_set1_epi64x(load8(p + 2 * s)), _mm256_set1_epi64x(load8(p + 3 * s)), 0xc0);
  return _mm256_blend_epi32(r01, r23, 0xf0);
}
// The four costs from [c0, c2, c1, c3] (32-bit lanes).
inline void store_costs(__m128i c0213, int costs[4]) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(costs), _mm_shuffle_epi32(c0213, _MM_SHUFFLE(3, 1, 2, 0)));
}

// psadbw leaves sums (at most 65280) in the low 32 bits of 64-bit lanes:
// interleave four accumulators' lanes as [c0, c2, c1, c3] and add.
inline __m128i gather_costs(__m128i s0, __m128i s1, __m128i s2, __m128i s3) {
  const __m128i s01 = _mm_add_epi32(_mm_unpacklo_epi64(s0, s1), _mm_unpackhi_epi64(s0, s1));
  const __m128i s23 = _mm_add_epi32(_mm_unpacklo_epi64(s2, s3), _mm_unpackhi_epi64(s2, s3));
  return _mm_or_si128(s01, _mm_slli_epi64(s23, 32));
}
inline __m128i fold(__m256i v) { return _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1)); }

template <int W, int H>
void sad_x4_avx2(const uint8_t* a, ptrdiff_t as, const uint8_t* b0, const uint8_t* b1, const uint8_t* b2,
                 const uint8_t* b3, ptrdiff_t bs, int costs[4]) {
  constexpr int kStep = W == 16 ? 2 : 4;
  auto rows = [](const uint8_t* p, ptrdiff_t s) { return W == 16 ? rows16x2(p, s) : rows8x4(p, s); };
  __m256i s0 = _mm256_setzero_si256(), s1 = s0, s2 = s0, s3 = s0;
  for (ptrdiff_t y = 0, ao = 0, bo = 0; y < H; y += kStep, ao += kStep * as, bo += kStep * bs) {
    const __m256i r = rows(a + ao, as);
    s0 = _mm256_add_epi32(s0, _mm256_sad_epu8(r, rows(b0 + bo, bs)));
    s1 = _mm256_add_epi32(s1, _mm256_sad_epu8(r, rows(b1 + bo, bs)));
    s2 = _mm256_add_epi32(s2, _mm256_sad_epu8(r, rows(b2 + bo, bs)));
    s3 = _mm256_add_epi32(s3, _mm256_sad_epu8(r, rows(b3 + bo, bs)));
  }
  store_costs(gather_costs(fold(s0), fold(s1), fold(s2), fold(s3)), costs);
}

// Batched intra costs, as in pixel_sse2.cpp with four blocks per register:
// [block 0 | block 1 || block 2 | block 3], the 128-bit lanes transformed alike.

inline void hadamard_vertical(__m256i& r0, __m256i& r1, __m256i& r2, __m256i& r3) {
  const __m256i s01 = _mm256_add_epi16(r0, r1), d01 = _mm256_sub_epi16(r0, r1);
  const __m256i s23 = _mm256_add_epi16(r2, r3), d23 = _mm256_sub_epi16(r2, r3);
  r0 = _mm256_add_epi16(s01, s23), r1 = _mm256_sub_epi16(s01, s23);
  r2 = _mm256_sub_epi16(d01, d23), r3 = _mm256_add_epi16(d01, d23);
}

// The horizontal stage but its last butterfly: [p, q, r, s] with u0 = p + q,
// u1 = r + s, u2 = r - s, u3 = p - q (lanes: the vertical frequency v).
inline void hadamard_horizontal_pqrs(__m256i v0, __m256i v1, __m256i v2, __m256i v3, __m256i pqrs[4]) {
  const __m256i a = _mm256_unpacklo_epi16(v0, v1), b = _mm256_unpackhi_epi16(v0, v1);
  const __m256i c = _mm256_unpacklo_epi16(v2, v3), d = _mm256_unpackhi_epi16(v2, v3);
  const __m256i e = _mm256_unpacklo_epi32(a, c), f = _mm256_unpackhi_epi32(a, c);
  const __m256i g = _mm256_unpacklo_epi32(b, d), h = _mm256_unpackhi_epi32(b, d);
  const __m256i pq0 = _mm256_add_epi16(e, f), rs0 = _mm256_sub_epi16(e, f);
  const __m256i pq1 = _mm256_add_epi16(g, h), rs1 = _mm256_sub_epi16(g, h);
  pqrs[0] = _mm256_unpacklo_epi64(pq0, pq1), pqrs[1] = _mm256_unpackhi_epi64(pq0, pq1);
  pqrs[2] = _mm256_unpacklo_epi64(rs0, rs1), pqrs[3] = _mm256_unpackhi_epi64(rs0, rs1);
}

inline __m256i abs_diff16(__m256i a, __m256i b) { return _mm256_abs_epi16(_mm256_sub_epi16(a, b)); }

// The 1-D Hadamard of each group of 4 lanes, times 4 (see pixel_sse2.cpp).
inline __m256i edge_hadamard(__m256i x) {
  x = _mm256_slli_epi16(x, 2);
  const __m256i swap_pairs = _mm256_setr_epi8(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,  //
                                               2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
  const __m256i swapped = _mm256_shuffle_epi8(x, swap_pairs);
  const __m256i g = _mm256_add_epi16(swapped, _mm256_sign_epi16(x, _mm256_setr_epi16(1, -1, 1, -1, 1, -1, 1, -1, 1, -1,
                                                                                      1, -1, 1, -1, 1, -1)));
  const __m256i lanes_0011 = _mm256_setr_epi8(0, 1, 0, 1, 2, 3, 2, 3, 8, 9, 8, 9, 10, 11, 10, 11,  //
                                               0, 1, 0, 1, 2, 3, 2, 3, 8, 9, 8, 9, 10, 11, 10, 11);
  const __m256i lanes_2233 = _mm256_setr_epi8(4, 5, 4, 5, 6, 7, 6, 7, 12, 13, 12, 13, 14, 15, 14, 15,  //
                                               4, 5, 4, 5, 6, 7, 6, 7, 12, 13, 12, 13, 14, 15, 14, 15);
  const __m256i g0011 = _mm256_shuffle_epi8(g, lanes_0011), g2233 = _mm256_shuffle_epi8(g, lanes_2233);
  return _mm256_add_epi16(g0011, _mm256_sign_epi16(g2233, _mm256_setr_epi16(1, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1, 1,
                                                                             1, -1, -1, 1)));
}

// The trick of intra_satd_x3_16x16_sse2, one block row (four blocks) per
// iteration; an accumulator lane gathers 4 blocks (<= 4 * 8160).
void intra_satd_x3_16x16_avx2(const uint8_t* src, ptrdiff_t stride, const uint8_t top[16], const uint8_t left[16],
                              int dc, int costs[3]) {
  const __m256i top_h = edge_hadamard(_mm256_cvtepu8_epi16(load16(top)));
  const __m256i left_h = edge_hadamard(_mm256_cvtepu8_epi16(load16(left)));
  const __m256i pred_v[4] = {_mm256_srli_epi64(_mm256_slli_epi64(top_h, 48), 48),
                             _mm256_srli_epi64(_mm256_slli_epi64(top_h, 32), 48),
                             _mm256_srli_epi64(_mm256_slli_epi64(top_h, 16), 48), _mm256_srli_epi64(top_h, 48)};
  const __m256i pred_dc = _mm256_set1_epi64x(16 * dc);
  __m256i acc_v = _mm256_setzero_si256(), acc_h = acc_v, acc_dc = acc_v, acc_shared = acc_v;
  for (int by = 0; by < 4; by++, src += 4 * stride) {
    // Block row by's group of left_h in every 64-bit lane.
    const __m256i group = _mm256_set1_epi64x((int64_t{2 * by + 1} << 32) | (2 * by));
    const __m256i pred_h = _mm256_permutevar8x32_epi32(left_h, group);
    __m256i v0 = _mm256_cvtepu8_epi16(load16(src)), v1 = _mm256_cvtepu8_epi16(load16(src + stride));
    __m256i v2 = _mm256_cvtepu8_epi16(load16(src + 2 * stride)), v3 = _mm256_cvtepu8_epi16(load16(src + 3 * stride));
    hadamard_vertical(v0, v1, v2, v3);
    __m256i pqrs[4];
    hadamard_horizontal_pqrs(v0, v1, v2, v3, pqrs);
    const __m256i w0 = _mm256_add_epi16(pqrs[0], pqrs[1]), w3 = _mm256_sub_epi16(pqrs[0], pqrs[1]);
    const __m256i w1 = _mm256_add_epi16(pqrs[2], pqrs[3]), w2 = _mm256_sub_epi16(pqrs[2], pqrs[3]);
    const __m256i shared = _mm256_add_epi16(_mm256_add_epi16(_mm256_abs_epi16(w1), _mm256_abs_epi16(w2)),
                                            _mm256_abs_epi16(w3));
    const __m256i v01 = _mm256_add_epi16(abs_diff16(w0, pred_v[0]), abs_diff16(w1, pred_v[1]));
    const __m256i v23 = _mm256_add_epi16(abs_diff16(w2, pred_v[2]), abs_diff16(w3, pred_v[3]));
    acc_shared = _mm256_add_epi16(acc_shared, shared);
    acc_v = _mm256_add_epi16(acc_v, _mm256_add_epi16(v01, v23));
    acc_h = _mm256_add_epi16(acc_h, abs_diff16(w0, pred_h));
    acc_dc = _mm256_add_epi16(acc_dc, abs_diff16(w0, pred_dc));
  }
  // The words (below 32768 here) summed by pmaddwd, then the four accumulators side by side.
  const __m256i ones = _mm256_set1_epi16(1);
  const __m128i a = fold(_mm256_madd_epi16(acc_v, ones)), b = fold(_mm256_madd_epi16(acc_h, ones));
  const __m128i c = fold(_mm256_madd_epi16(acc_dc, ones)), d = fold(_mm256_madd_epi16(acc_shared, ones));
  const __m128i ab = _mm_add_epi32(_mm_unpacklo_epi32(a, b), _mm_unpackhi_epi32(a, b));
  const __m128i cd = _mm_add_epi32(_mm_unpacklo_epi32(c, d), _mm_unpackhi_epi32(c, d));
  alignas(16) int sums[4];  // V, H and DC without the shared part, the shared part
  _mm_store_si128(reinterpret_cast<__m128i*>(sums),
                  _mm_add_epi32(_mm_unpacklo_epi64(ab, cd), _mm_unpackhi_epi64(ab, cd)));
  costs[0] = sums[0] >> 1;
  costs[1] = (sums[1] + sums[3]) >> 1;
  costs[2] = (sums[2] + sums[3]) >> 1;
}

// The transform but its last butterfly of four 4x4 blocks stored row after
// row, x = [k | k + 1] and y = [k + 2 | k + 3]: widened, a block's registers
// hold rows [0 | 1] and [2 | 3], so the first vertical stage pairs rows 0, 2
// and 1, 3; regrouping the halves of two blocks pairs the sums and the
// differences for the second. Result [p, q, r, s], each [k | k + 2 || k + 1 | k + 3].
inline void hadamard_pqrs_stored(__m256i x, __m256i y, __m256i pqrs[4]) {
  const __m256i zero = _mm256_setzero_si256();
  const __m256i x01 = _mm256_unpacklo_epi8(x, zero), x23 = _mm256_unpackhi_epi8(x, zero);
  const __m256i y01 = _mm256_unpacklo_epi8(y, zero), y23 = _mm256_unpackhi_epi8(y, zero);
  const __m256i sx = _mm256_add_epi16(x01, x23), dx = _mm256_sub_epi16(x01, x23);
  const __m256i sy = _mm256_add_epi16(y01, y23), dy = _mm256_sub_epi16(y01, y23);
  const __m256i s02 = _mm256_unpacklo_epi64(sx, sy), s13 = _mm256_unpackhi_epi64(sx, sy);
  const __m256i d02 = _mm256_unpacklo_epi64(dx, dy), d13 = _mm256_unpackhi_epi64(dx, dy);
  hadamard_horizontal_pqrs(_mm256_add_epi16(s02, s13), _mm256_add_epi16(d02, d13), _mm256_sub_epi16(d02, d13),
                           _mm256_sub_epi16(s02, s13), pqrs);
}

// By linearity, a prediction's p, q, r, s minus the source's are those of
// their difference, whose last butterfly folds into max(|p|, |q|) +
// max(|r|, |s|) (as in max_pairs): 64-bit lanes sum to SATDs.
inline __m256i satd_pqrs(const __m256i pqrs[4], const __m256i src[4]) {
  return _mm256_add_epi16(_mm256_max_epi16(abs_diff16(pqrs[0], src[0]), abs_diff16(pqrs[1], src[1])),
                          _mm256_max_epi16(abs_diff16(pqrs[2], src[2]), abs_diff16(pqrs[3], src[3])));
}

// Four predictions per register; the source is transformed in the third
// register, twice beside two copies of the ninth prediction.
void satd_x9_4x4_avx2(const uint8_t* src, ptrdiff_t stride, const uint8_t pred[9][16], int costs[9]) {
  const __m128i src_rows =
      _mm_setr_epi32(load4(src), load4(src + stride), load4(src + 2 * stride), load4(src + 3 * stride));
  __m256i src_pqrs[4], last[4];
  hadamard_pqrs_stored(_mm256_broadcastsi128_si256(src_rows), _mm256_broadcastsi128_si256(load16(pred[8])), last);
  for (int i = 0; i < 4; i++) {  // [src | 8 || src | 8]
    src_pqrs[i] = _mm256_unpacklo_epi64(last[i], last[i]);
    last[i] = _mm256_unpackhi_epi64(last[i], last[i]);
  }
  __m256i m[2];
  for (int k = 0; k < 2; k++) {
    __m256i pqrs[4];
    hadamard_pqrs_stored(load32(pred[4 * k]), load32(pred[4 * k + 2]), pqrs);
    m[k] = satd_pqrs(pqrs, src_pqrs);
  }
  const __m256i ones = _mm256_set1_epi16(1);
  // [0, 2, 4, 6 || 1, 3, 5, 7], put in order.
  const __m256i sums = _mm256_hadd_epi32(_mm256_madd_epi16(m[0], ones), _mm256_madd_epi16(m[1], ones));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(costs),
                      _mm256_permutevar8x32_epi32(sums, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7)));
  const __m128i s = _mm256_castsi256_si128(_mm256_madd_epi16(satd_pqrs(last, src_pqrs), ones));
  costs[8] = _mm_cvtsi128_si32(_mm_add_epi32(s, _mm_srli_epi64(s, 32)));
}

}  // namespace

void pixel_dsp_init_avx2(PixelDsp* dsp) {
  dsp->satd[kBlock16x16] = satd_avx2<16, 16>;
  dsp->satd[kBlock16x8] = satd_avx2<16, 8>;
  dsp->satd[kBlock8x16] = satd_avx2<8, 16>;
  dsp->satd[kBlock8x8] = satd_avx2<8, 8>;
  dsp->ssd[kBlock16x16] = ssd_16xh_avx2<16>;
  dsp->ssd[kBlock16x8] = ssd_16xh_avx2<8>;
  dsp->ssd[kBlock8x16] = ssd_8xh_avx2<16>;
  dsp->ssd[kBlock8x8] = ssd_8xh_avx2<8>;
  dsp->sad_x4[kBlock16x16] = sad_x4_avx2<16, 16>;
  dsp->sad_x4[kBlock16x8] = sad_x4_avx2<16, 8>;
  dsp->sad_x4[kBlock8x16] = sad_x4_avx2<8, 16>;
  dsp->sad_x4[kBlock8x8] = sad_x4_avx2<8, 8>;
  dsp->intra_satd_x3_16x16 = intra_satd_x3_16x16_avx2;
  dsp->satd_x9_4x4 = satd_x9_4x4_avx2;
  dsp->satd_avg[kBlock16x16] = satd_avg_avx2<16, 16>;
  dsp->satd_avg[kBlock16x8] = satd_avg_avx2<16, 8>;
  dsp->satd_avg[kBlock8x16] = satd_avg_avx2<8, 16>;
  dsp->satd_avg[kBlock8x8] = satd_avg_avx2<8, 8>;
  dsp->sa8d_8x8 = sa8d_8x8_avx2;
  dsp->sa8d_16x16 = sa8d_16x16_avx2;
}

}  // namespace edgeav
