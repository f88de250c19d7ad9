// SSE2 block comparisons: psadbw for SAD, the absolute difference squared by
// pmaddwd for SSD, and the 4x4 Hadamard on 16-bit differences for SATD. SAD
// and SATD also price the average of two blocks, formed by pavgb on load.
#include <emmintrin.h>

#include <cstring>

#include "pixel/pixel_dsp.h"
#include "base/x86/sse2_util.h"

namespace edgeav {

namespace {

// Two rows of 8 pixels in one register.
inline __m128i load8x2(const uint8_t* p, ptrdiff_t s) { return _mm_unpacklo_epi64(load8(p), load8(p + s)); }
// Two rows of 4 pixels in the low half.
inline __m128i load4x2(const uint8_t* p, ptrdiff_t s) { return _mm_unpacklo_epi32(load4(p), load4(p + s)); }
// Four rows of 4 pixels in one register.
inline __m128i load4x4(const uint8_t* p, ptrdiff_t s) {
  return _mm_unpacklo_epi64(load4x2(p, s), load4x2(p + 2 * s, s));
}

// What a block is compared against: a block, or the rounded average of two
// blocks that share a stride (a quarter-sample prediction). pavgb works byte
// by byte, so it commutes with any gathering of rows into a register: load()
// gathers with `f` at `offset` from the block (or from both, and averages).
struct Block {
  const uint8_t* p;
  ptrdiff_t stride;
  template <typename Load>
  __m128i load(ptrdiff_t offset, Load f) const { return f(p + offset); }
};
struct AvgBlock {
  const uint8_t *a, *b;
  ptrdiff_t stride;
  template <typename Load>
  __m128i load(ptrdiff_t offset, Load f) const { return _mm_avg_epu8(f(a + offset), f(b + offset)); }
};

// The sum of the 32-bit lanes.
inline int sum32(__m128i v) {
  v = _mm_add_epi32(v, _mm_shuffle_epi32(v, _MM_SHUFFLE(1, 0, 3, 2)));
  v = _mm_add_epi32(v, _mm_shuffle_epi32(v, _MM_SHUFFLE(2, 3, 0, 1)));
  return _mm_cvtsi128_si32(v);
}

// Loads one step of rows of a W-wide block (16: one row, 8: two, 4: four) as
// 16 bytes, so that every kernel below works on full registers.
template <int W>
inline __m128i load_step(const uint8_t* p, ptrdiff_t s) {
  if (W == 16) return load16(p);
  if (W == 8) return load8x2(p, s);
  return load4x4(p, s);
}
template <int W>
constexpr int kRowsPerStep = 16 / W;

// psadbw leaves two 16-bit partial sums in the low words of the 64-bit
// halves: adding them as 32-bit lanes cannot overflow (at most 65280).
template <int W, int H, typename Ref>
int sad_ref(const uint8_t* a, ptrdiff_t as, const Ref& b) {
  constexpr int kStep = kRowsPerStep<W>;
  const auto step = [&b](const uint8_t* p) { return load_step<W>(p, b.stride); };
  __m128i sum = _mm_setzero_si128();
  for (int y = 0; y < H; y += kStep, a += kStep * as)
    sum = _mm_add_epi32(sum, _mm_sad_epu8(load_step<W>(a, as), b.load(y * b.stride, step)));
  return _mm_cvtsi128_si32(_mm_add_epi32(sum, _mm_unpackhi_epi64(sum, sum)));
}
template <int W, int H>
int sad_sse2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  return sad_ref<W, H>(a, as, Block{b, bs});
}
template <int W, int H>
int sad_avg_sse2(const uint8_t* src, ptrdiff_t ss, const uint8_t* a, const uint8_t* b, ptrdiff_t ab_stride) {
  return sad_ref<W, H>(src, ss, AvgBlock{a, b, ab_stride});
}

template <int W, int H>
void sad_x4_sse2(const uint8_t* a, ptrdiff_t as, const uint8_t* b0, const uint8_t* b1, const uint8_t* b2,
                 const uint8_t* b3, ptrdiff_t bs, int costs[4]) {
  constexpr int kStep = kRowsPerStep<W>;
  __m128i s0 = _mm_setzero_si128(), s1 = s0, s2 = s0, s3 = s0;
  for (ptrdiff_t y = 0, ao = 0, bo = 0; y < H; y += kStep, ao += kStep * as, bo += kStep * bs) {
    const __m128i r = load_step<W>(a + ao, as);
    s0 = _mm_add_epi32(s0, _mm_sad_epu8(r, load_step<W>(b0 + bo, bs)));
    s1 = _mm_add_epi32(s1, _mm_sad_epu8(r, load_step<W>(b1 + bo, bs)));
    s2 = _mm_add_epi32(s2, _mm_sad_epu8(r, load_step<W>(b2 + bo, bs)));
    s3 = _mm_add_epi32(s3, _mm_sad_epu8(r, load_step<W>(b3 + bo, bs)));
  }
  // Each s holds [cost, 0, cost', 0]: fold the halves, then gather the four low lanes.
  const __m128i s01 = _mm_add_epi32(_mm_unpacklo_epi64(s0, s1), _mm_unpackhi_epi64(s0, s1));
  const __m128i s23 = _mm_add_epi32(_mm_unpacklo_epi64(s2, s3), _mm_unpackhi_epi64(s2, s3));
  const __m128i all = _mm_or_si128(s01, _mm_slli_epi64(s23, 32));  // [c0, c2, c1, c3]
  _mm_storeu_si128(reinterpret_cast<__m128i*>(costs), _mm_shuffle_epi32(all, _MM_SHUFFLE(3, 1, 2, 0)));
}

// |a - b| by saturating subtraction both ways, widened and squared by pmaddwd.
template <int W, int H>
int ssd_sse2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  constexpr int kStep = kRowsPerStep<W>;
  const __m128i zero = _mm_setzero_si128();
  __m128i sum = zero;
  for (int y = 0; y < H; y += kStep, a += kStep * as, b += kStep * bs) {
    const __m128i ra = load_step<W>(a, as), rb = load_step<W>(b, bs);
    const __m128i d = _mm_or_si128(_mm_subs_epu8(ra, rb), _mm_subs_epu8(rb, ra));
    const __m128i lo = _mm_unpacklo_epi8(d, zero), hi = _mm_unpackhi_epi8(d, zero);
    sum = _mm_add_epi32(sum, _mm_add_epi32(_mm_madd_epi16(lo, lo), _mm_madd_epi16(hi, hi)));
  }
  return sum32(sum);
}

// SATD. The 4x4 Hadamard's coefficients all have the parity of the sum of the
// differences, so the halved sum of one block is exact and the halved sums of
// several blocks add up to the halved total. Its last butterfly stage is not
// computed: |p + q| + |p - q| = 2 max(|p|, |q|), which the halving cancels.
// The stages commute, so the vertical ones run between registers, then the
// horizontal one at distance 2 (columns 0,1 against 2,3), and the max last
// between neighbouring 16-bit lanes. No value exceeds 4 * 4 * 255 = 4080 in
// magnitude, so all of it fits 16-bit lanes.

inline __m128i abs16(__m128i x) { return _mm_max_epi16(x, _mm_sub_epi16(_mm_setzero_si128(), x)); }

// max(|x_2k|, |x_2k+1|) in the low word of each 32-bit lane; the high word
// keeps |x_2k+1|, never read.
inline __m128i max_pairs(__m128i x) {
  const __m128i a = abs16(x);
  return _mm_max_epi16(a, _mm_srli_epi32(a, 16));
}

// The even and the odd 32-bit units of p, then of q.
inline __m128i even32(__m128i p, __m128i q) {
  return _mm_castps_si128(_mm_shuffle_ps(_mm_castsi128_ps(p), _mm_castsi128_ps(q), _MM_SHUFFLE(2, 0, 2, 0)));
}
inline __m128i odd32(__m128i p, __m128i q) {
  return _mm_castps_si128(_mm_shuffle_ps(_mm_castsi128_ps(p), _mm_castsi128_ps(q), _MM_SHUFFLE(3, 1, 3, 1)));
}

// Rows d0..d3 (8 lanes: two 4x4 blocks, or rows of one block in both halves)
// after the vertical transform, reduced by the horizontal one: the low words
// of the result add up to the SATD; each 32-bit lane holds at most the SATD of
// one block (<= 16 * 4080 / 8 = 8160).
inline __m128i satd_rows(__m128i v0, __m128i v1, __m128i v2, __m128i v3) {
  const __m128i e01 = even32(v0, v1), o01 = odd32(v0, v1), e23 = even32(v2, v3), o23 = odd32(v2, v3);
  const __m128i m0 = _mm_add_epi16(max_pairs(_mm_add_epi16(e01, o01)), max_pairs(_mm_sub_epi16(e01, o01)));
  const __m128i m1 = _mm_add_epi16(max_pairs(_mm_add_epi16(e23, o23)), max_pairs(_mm_sub_epi16(e23, o23)));
  return _mm_add_epi16(m0, m1);
}

// The differences of the low 8 bytes, widened.
inline __m128i diff8(__m128i a, __m128i b) {
  const __m128i zero = _mm_setzero_si128();
  return _mm_sub_epi16(_mm_unpacklo_epi8(a, zero), _mm_unpacklo_epi8(b, zero));
}
// Those of the high 8 bytes.
inline __m128i diff8_high(__m128i a, __m128i b) {
  const __m128i zero = _mm_setzero_si128();
  return _mm_sub_epi16(_mm_unpackhi_epi8(a, zero), _mm_unpackhi_epi8(b, zero));
}

// Two 4x4 blocks side by side, from their four rows of differences.
inline __m128i satd_8x4(__m128i d0, __m128i d1, __m128i d2, __m128i d3) {
  const __m128i s01 = _mm_add_epi16(d0, d1), d01 = _mm_sub_epi16(d0, d1);
  const __m128i s23 = _mm_add_epi16(d2, d3), d23 = _mm_sub_epi16(d2, d3);
  return satd_rows(_mm_add_epi16(s01, s23), _mm_sub_epi16(s01, s23), _mm_add_epi16(d01, d23),
                   _mm_sub_epi16(d01, d23));
}

// The sum of the low words of the 32-bit lanes, read as unsigned: a lane
// gathers at most 8 blocks of 8160 (16x16), which fits 16 unsigned bits.
inline int sum_low_words(__m128i v) { return sum32(_mm_and_si128(v, _mm_set1_epi32(0xffff))); }

// A 16-wide block's rows are loaded (and averaged) whole, then split.
template <int W, int H, typename Ref>
int satd_ref(const uint8_t* a, ptrdiff_t as, const Ref& b) {
  const auto row = [](const uint8_t* p) { return W == 16 ? load16(p) : load8(p); };
  __m128i sum = _mm_setzero_si128();
  for (int y = 0; y < H; y += 4) {
    __m128i ra[4], rb[4];
    for (int r = 0; r < 4; r++) ra[r] = row(a + (y + r) * as), rb[r] = b.load((y + r) * b.stride, row);
    sum = _mm_add_epi16(sum, satd_8x4(diff8(ra[0], rb[0]), diff8(ra[1], rb[1]), diff8(ra[2], rb[2]),
                                      diff8(ra[3], rb[3])));
    if (W == 16)
      sum = _mm_add_epi16(sum, satd_8x4(diff8_high(ra[0], rb[0]), diff8_high(ra[1], rb[1]),
                                        diff8_high(ra[2], rb[2]), diff8_high(ra[3], rb[3])));
  }
  return sum_low_words(sum);
}
template <int W, int H>
int satd_sse2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  return satd_ref<W, H>(a, as, Block{b, bs});
}
template <int W, int H>
int satd_avg_sse2(const uint8_t* src, ptrdiff_t ss, const uint8_t* a, const uint8_t* b, ptrdiff_t ab_stride) {
  return satd_ref<W, H>(src, ss, AvgBlock{a, b, ab_stride});
}

// One 4x4 block: rows 0,1 of the differences in one register and 2,3 in the
// other; the first vertical stage pairs rows 0,2 and 1,3 between the
// registers, the second pairs the register halves. The low words of the
// 32-bit lanes add up to the SATD.
inline __m128i satd_4x4_lanes(__m128i d01, __m128i d23) {
  const __m128i s = _mm_add_epi16(d01, d23), d = _mm_sub_epi16(d01, d23);  // [0+2 | 1+3], [0-2 | 1-3]
  const __m128i p = _mm_unpacklo_epi64(s, d), q = _mm_unpackhi_epi64(s, d);
  const __m128i v01 = _mm_add_epi16(p, q), v23 = _mm_sub_epi16(p, q);
  const __m128i e = _mm_castps_si128(
      _mm_shuffle_ps(_mm_castsi128_ps(v01), _mm_castsi128_ps(v23), _MM_SHUFFLE(2, 0, 2, 0)));
  const __m128i o = _mm_castps_si128(
      _mm_shuffle_ps(_mm_castsi128_ps(v01), _mm_castsi128_ps(v23), _MM_SHUFFLE(3, 1, 3, 1)));
  return _mm_add_epi16(max_pairs(_mm_add_epi16(e, o)), max_pairs(_mm_sub_epi16(e, o)));
}

template <typename Ref>
int satd_4x4_ref(const uint8_t* a, ptrdiff_t as, const Ref& b) {
  const auto two_rows = [&b](const uint8_t* p) { return load4x2(p, b.stride); };
  const auto rows = [&](ptrdiff_t y) { return diff8(load4x2(a + y * as, as), b.load(y * b.stride, two_rows)); };
  return sum_low_words(satd_4x4_lanes(rows(0), rows(2)));
}
int satd_4x4_sse2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  return satd_4x4_ref(a, as, Block{b, bs});
}
int satd_avg_4x4_sse2(const uint8_t* src, ptrdiff_t ss, const uint8_t* a, const uint8_t* b, ptrdiff_t ab_stride) {
  return satd_4x4_ref(src, ss, AvgBlock{a, b, ab_stride});
}

// SA8D. Its coefficients reach 64 * 255, beyond 16 bits, so the last
// butterfly is folded as in SATD: |p + q| + |p - q| = 2 max(|p|, |q|), with
// |p|, |q| <= 32 * 255. The sum S is then twice the sum of the maxima M, and
// (S + 2) >> 2 = (M + 1) >> 1. The vertical stages run between eight row
// registers; the horizontal ones at distance 4 between the 64-bit halves of
// two rows, at 2 between their 32-bit units, at 1 by max_pairs.

// The 8-point Hadamard across registers, lane-wise (the output order does not
// matter to the sum of magnitudes).
inline void hadamard8_vertical(__m128i r[8]) {
  for (int half = 4; half > 0; half >>= 1)
    for (int i = 0; i < 8; i++)
      if (!(i & half)) {
        const __m128i p = r[i], q = r[i + half];
        r[i] = _mm_add_epi16(p, q), r[i + half] = _mm_sub_epi16(p, q);
      }
}

// Two rows after the vertical transform, reduced by the horizontal one: the
// low words of the 32-bit lanes add up to the M of the two rows, each at most
// 2 * 32 * 255 = 16320.
inline __m128i sa8d_rows(__m128i x, __m128i y) {
  const __m128i lo = _mm_unpacklo_epi64(x, y), hi = _mm_unpackhi_epi64(x, y);  // columns 0..3, 4..7
  const __m128i s = _mm_add_epi16(lo, hi), d = _mm_sub_epi16(lo, hi);
  const __m128i e = even32(s, d), o = odd32(s, d);
  return _mm_add_epi16(max_pairs(_mm_add_epi16(e, o)), max_pairs(_mm_sub_epi16(e, o)));
}

// The low words of one 8x8 block's four row pairs add up to at most
// 4 * 16320 = 65280 (unsigned); each block is widened before the next.
template <int N>
int sa8d_sse2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  __m128i sum = _mm_setzero_si128();
  for (int y = 0; y < N; y += 8)
    for (int x = 0; x < N; x += 8) {
      __m128i r[8];
      for (int i = 0; i < 8; i++) r[i] = diff8(load8(a + (y + i) * as + x), load8(b + (y + i) * bs + x));
      hadamard8_vertical(r);
      const __m128i m = _mm_add_epi16(_mm_add_epi16(sa8d_rows(r[0], r[1]), sa8d_rows(r[2], r[3])),
                                      _mm_add_epi16(sa8d_rows(r[4], r[5]), sa8d_rows(r[6], r[7])));
      sum = _mm_add_epi32(sum, _mm_and_si128(m, _mm_set1_epi32(0xffff)));
    }
  return (sum32(sum) + 1) >> 1;
}

// The batched Intra16x16 costs transform exactly: after the vertical stage
// (between four row registers), rows v0..v3 hold two 4x4 blocks side by side;
// transposes of 16-, 32- and 64-bit units then give registers whose 64-bit
// halves are the two blocks and whose lanes are the vertical frequency v, and
// the horizontal butterflies run between those registers.

// The vertical Hadamard of four rows (lane-wise), in C's coefficient order.
inline void hadamard_vertical(__m128i& r0, __m128i& r1, __m128i& r2, __m128i& r3) {
  const __m128i s01 = _mm_add_epi16(r0, r1), d01 = _mm_sub_epi16(r0, r1);
  const __m128i s23 = _mm_add_epi16(r2, r3), d23 = _mm_sub_epi16(r2, r3);
  r0 = _mm_add_epi16(s01, s23), r1 = _mm_sub_epi16(s01, s23);
  r2 = _mm_sub_epi16(d01, d23), r3 = _mm_add_epi16(d01, d23);
}

// The horizontal stage but its last butterfly. With x0..x3 the columns of the
// vertical transforms, p = x0 + x2, q = x1 + x3, r = x0 - x2, s = x1 - x3 come
// out as [p, q, r, s] (each [block 0 | block 1], lane v); the coefficients of
// horizontal frequency u are then u0 = p + q, u1 = r + s, u2 = r - s, u3 = p - q.
inline void hadamard_horizontal_pqrs(__m128i v0, __m128i v1, __m128i v2, __m128i v3, __m128i pqrs[4]) {
  const __m128i a = _mm_unpacklo_epi16(v0, v1), b = _mm_unpackhi_epi16(v0, v1);
  const __m128i c = _mm_unpacklo_epi16(v2, v3), d = _mm_unpackhi_epi16(v2, v3);
  // Columns [0 | 1] and [2 | 3] of block 0 (e, f) and block 1 (g, h).
  const __m128i e = _mm_unpacklo_epi32(a, c), f = _mm_unpackhi_epi32(a, c);
  const __m128i g = _mm_unpacklo_epi32(b, d), h = _mm_unpackhi_epi32(b, d);
  const __m128i pq0 = _mm_add_epi16(e, f), rs0 = _mm_sub_epi16(e, f);
  const __m128i pq1 = _mm_add_epi16(g, h), rs1 = _mm_sub_epi16(g, h);
  pqrs[0] = _mm_unpacklo_epi64(pq0, pq1), pqrs[1] = _mm_unpackhi_epi64(pq0, pq1);
  pqrs[2] = _mm_unpacklo_epi64(rs0, rs1), pqrs[3] = _mm_unpackhi_epi64(rs0, rs1);
}

inline __m128i abs_diff16(__m128i a, __m128i b) { return _mm_max_epi16(_mm_sub_epi16(a, b), _mm_sub_epi16(b, a)); }

// The 1-D Hadamard of each group of 4 lanes (C's order), times 4: the only
// nonzero row (or column) of the transform of a 4x4 block whose rows (or
// columns) all equal the group. At most 4 * 4 * 255.
inline __m128i edge_hadamard(__m128i x) {
  x = _mm_slli_epi16(x, 2);
  const __m128i swapped = _mm_shufflehi_epi16(_mm_shufflelo_epi16(x, _MM_SHUFFLE(2, 3, 0, 1)), _MM_SHUFFLE(2, 3, 0, 1));
  // [a + b, a - b, c + d, c - d]
  const __m128i g = _mm_add_epi16(swapped, _mm_mullo_epi16(x, _mm_setr_epi16(1, -1, 1, -1, 1, -1, 1, -1)));
  const __m128i g0011 = _mm_shufflehi_epi16(_mm_shufflelo_epi16(g, _MM_SHUFFLE(1, 1, 0, 0)), _MM_SHUFFLE(1, 1, 0, 0));
  const __m128i g2233 = _mm_shufflehi_epi16(_mm_shufflelo_epi16(g, _MM_SHUFFLE(3, 3, 2, 2)), _MM_SHUFFLE(3, 3, 2, 2));
  return _mm_add_epi16(g0011, _mm_mullo_epi16(g2233, _mm_setr_epi16(1, -1, -1, 1, 1, -1, -1, 1)));
}

// Per 4x4 block, with S the source's coefficients (w0..w3 by horizontal
// frequency u, lanes by vertical frequency v): V's prediction has only row
// v = 0, 4 T[u] (T: the 1-D transform of its 4 top samples); H's has only
// column u = 0, 4 L[v]; DC's only the DC, 16 dc. So every mode shares
// |S| over u = 1..3, V replaces lane 0 of every w_u, H and DC replace w0.
// An accumulator lane gathers 8 blocks (a column of two), each adding at
// most the sum over u of |coefficient| in one row v of its difference: with
// that row's 1-D inputs within +-4 * 255, at most 8 * 1020. 8 * 8160 = 65280
// fits unsigned words.
void intra_satd_x3_16x16_sse2(const uint8_t* src, ptrdiff_t stride, const uint8_t top[16], const uint8_t left[16],
                              int dc, int costs[3]) {
  const __m128i zero = _mm_setzero_si128();
  const __m128i t = load16(top), l = load16(left);
  const __m128i top_h[2] = {edge_hadamard(_mm_unpacklo_epi8(t, zero)), edge_hadamard(_mm_unpackhi_epi8(t, zero))};
  const __m128i left_h[2] = {edge_hadamard(_mm_unpacklo_epi8(l, zero)), edge_hadamard(_mm_unpackhi_epi8(l, zero))};
  const __m128i pred_dc = _mm_set_epi32(0, 16 * dc, 0, 16 * dc);
  __m128i acc_v = zero, acc_h = zero, acc_dc = zero, acc_shared = zero;
  // One half (8 columns: two blocks) at a time keeps its V coefficients in
  // registers: 4 T[u] of each block in its lane v = 0.
  for (int h = 0; h < 2; h++) {
    const __m128i pred_v0 = _mm_srli_epi64(_mm_slli_epi64(top_h[h], 48), 48);
    const __m128i pred_v1 = _mm_srli_epi64(_mm_slli_epi64(top_h[h], 32), 48);
    const __m128i pred_v2 = _mm_srli_epi64(_mm_slli_epi64(top_h[h], 16), 48);
    const __m128i pred_v3 = _mm_srli_epi64(top_h[h], 48);
    const uint8_t* p = src + 8 * h;
    for (int by = 0; by < 4; by++, p += 4 * stride) {
      const __m128i lh = left_h[by >> 1];
      const __m128i pred_h = by & 1 ? _mm_unpackhi_epi64(lh, lh) : _mm_unpacklo_epi64(lh, lh);
      __m128i v0 = _mm_unpacklo_epi8(load8(p), zero), v1 = _mm_unpacklo_epi8(load8(p + stride), zero);
      __m128i v2 = _mm_unpacklo_epi8(load8(p + 2 * stride), zero), v3 = _mm_unpacklo_epi8(load8(p + 3 * stride), zero);
      hadamard_vertical(v0, v1, v2, v3);
      __m128i pqrs[4];
      hadamard_horizontal_pqrs(v0, v1, v2, v3, pqrs);
      const __m128i w0 = _mm_add_epi16(pqrs[0], pqrs[1]), w3 = _mm_sub_epi16(pqrs[0], pqrs[1]);
      const __m128i w1 = _mm_add_epi16(pqrs[2], pqrs[3]), w2 = _mm_sub_epi16(pqrs[2], pqrs[3]);
      acc_shared = _mm_add_epi16(acc_shared, _mm_add_epi16(_mm_add_epi16(abs16(w1), abs16(w2)), abs16(w3)));
      acc_v = _mm_add_epi16(acc_v, _mm_add_epi16(_mm_add_epi16(abs_diff16(w0, pred_v0), abs_diff16(w1, pred_v1)),
                                                 _mm_add_epi16(abs_diff16(w2, pred_v2), abs_diff16(w3, pred_v3))));
      acc_h = _mm_add_epi16(acc_h, abs_diff16(w0, pred_h));
      acc_dc = _mm_add_epi16(acc_dc, abs_diff16(w0, pred_dc));
    }
  }
  // Unsigned words to 32-bit sums, then the four accumulators side by side.
  const __m128i low = _mm_set1_epi32(0xffff);
  auto widen = [&](__m128i a) { return _mm_add_epi32(_mm_and_si128(a, low), _mm_srli_epi32(a, 16)); };
  const __m128i a = widen(acc_v), b = widen(acc_h), c = widen(acc_dc), d = widen(acc_shared);
  const __m128i ab = _mm_add_epi32(_mm_unpacklo_epi32(a, b), _mm_unpackhi_epi32(a, b));
  const __m128i cd = _mm_add_epi32(_mm_unpacklo_epi32(c, d), _mm_unpackhi_epi32(c, d));
  alignas(16) int sums[4];  // V, H and DC without the shared part, the shared part
  _mm_store_si128(reinterpret_cast<__m128i*>(sums),
                  _mm_add_epi32(_mm_unpacklo_epi64(ab, cd), _mm_unpackhi_epi64(ab, cd)));
  costs[0] = sums[0] >> 1;
  costs[1] = (sums[1] + sums[3]) >> 1;
  costs[2] = (sums[2] + sums[3]) >> 1;
}

// Nine 4x4 SATDs: the source is loaded and widened once, each prediction
// (16 bytes) in one load. SSE2 has no room for more than one block's 16
// differences per register pair, so the stages are satd_4x4_sse2's; the
// sums of four blocks are gathered together.
void satd_x9_4x4_sse2(const uint8_t* src, ptrdiff_t stride, const uint8_t pred[9][16], int costs[9]) {
  const __m128i zero = _mm_setzero_si128();
  const __m128i s = load4x4(src, stride);
  const __m128i s01 = _mm_unpacklo_epi8(s, zero), s23 = _mm_unpackhi_epi8(s, zero);
  auto lanes = [&](int k) {
    const __m128i p = load16(pred[k]);
    return _mm_and_si128(satd_4x4_lanes(_mm_sub_epi16(s01, _mm_unpacklo_epi8(p, zero)),
                                        _mm_sub_epi16(s23, _mm_unpackhi_epi8(p, zero))),
                         _mm_set1_epi32(0xffff));
  };
  // Four blocks' 32-bit lanes side by side, summed.
  auto store4 = [&](int k) {
    const __m128i a = lanes(k), b = lanes(k + 1), c = lanes(k + 2), d = lanes(k + 3);
    const __m128i ab = _mm_add_epi32(_mm_unpacklo_epi32(a, b), _mm_unpackhi_epi32(a, b));
    const __m128i cd = _mm_add_epi32(_mm_unpacklo_epi32(c, d), _mm_unpackhi_epi32(c, d));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(costs + k),
                     _mm_add_epi32(_mm_unpacklo_epi64(ab, cd), _mm_unpackhi_epi64(ab, cd)));
  };
  store4(0);
  store4(4);
  costs[8] = sum32(lanes(8));
}

}  // namespace

void pixel_dsp_init_sse2(PixelDsp* dsp) {
#define EDGEAV_PIXEL_SIZE(i, W, H)    \
  dsp->sad[i] = sad_sse2<W, H>;       \
  dsp->ssd[i] = ssd_sse2<W, H>;       \
  dsp->sad_x4[i] = sad_x4_sse2<W, H>; \
  dsp->sad_avg[i] = sad_avg_sse2<W, H>;
  EDGEAV_PIXEL_BLOCK_SIZES(EDGEAV_PIXEL_SIZE)
#undef EDGEAV_PIXEL_SIZE
  dsp->satd[kBlock16x16] = satd_sse2<16, 16>;
  dsp->satd[kBlock16x8] = satd_sse2<16, 8>;
  dsp->satd[kBlock8x16] = satd_sse2<8, 16>;
  dsp->satd[kBlock8x8] = satd_sse2<8, 8>;
  dsp->satd[kBlock4x4] = satd_4x4_sse2;
  dsp->satd_avg[kBlock16x16] = satd_avg_sse2<16, 16>;
  dsp->satd_avg[kBlock16x8] = satd_avg_sse2<16, 8>;
  dsp->satd_avg[kBlock8x16] = satd_avg_sse2<8, 16>;
  dsp->satd_avg[kBlock8x8] = satd_avg_sse2<8, 8>;
  dsp->satd_avg[kBlock4x4] = satd_avg_4x4_sse2;
  dsp->intra_satd_x3_16x16 = intra_satd_x3_16x16_sse2;
  dsp->satd_x9_4x4 = satd_x9_4x4_sse2;
  dsp->sa8d_8x8 = sa8d_sse2<8>;
  dsp->sa8d_16x16 = sa8d_sse2<16>;
}

}  // namespace edgeav
