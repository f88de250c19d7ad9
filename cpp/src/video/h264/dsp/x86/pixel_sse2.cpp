// SSE2 block comparisons: psadbw for SAD, the absolute difference squared by
// pmaddwd for SSD, and the 4x4 Hadamard on 16-bit differences for SATD.
#include <emmintrin.h>

#include <cstring>

#include "video/h264/dsp/pixel_dsp.h"
#include "video/h264/dsp/x86/sse2_util.h"

namespace edgeav {
namespace h264 {

namespace {

// Two rows of 8 pixels in one register.
inline __m128i load8x2(const uint8_t* p, ptrdiff_t s) { return _mm_unpacklo_epi64(load8(p), load8(p + s)); }
// Four rows of 4 pixels in one register.
inline __m128i load4x4(const uint8_t* p, ptrdiff_t s) {
  return _mm_unpacklo_epi64(_mm_unpacklo_epi32(load4(p), load4(p + s)),
                            _mm_unpacklo_epi32(load4(p + 2 * s), load4(p + 3 * s)));
}

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
template <int W, int H>
int sad_sse2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  constexpr int kStep = kRowsPerStep<W>;
  __m128i sum = _mm_setzero_si128();
  for (int y = 0; y < H; y += kStep, a += kStep * as, b += kStep * bs)
    sum = _mm_add_epi32(sum, _mm_sad_epu8(load_step<W>(a, as), load_step<W>(b, bs)));
  return _mm_cvtsi128_si32(_mm_add_epi32(sum, _mm_unpackhi_epi64(sum, sum)));
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

// Rows d0..d3 (8 lanes: two 4x4 blocks, or rows of one block in both halves)
// after the vertical transform, reduced by the horizontal one: the low words
// of the result add up to the SATD; each 32-bit lane holds at most the SATD of
// one block (<= 16 * 4080 / 8 = 8160).
inline __m128i satd_rows(__m128i v0, __m128i v1, __m128i v2, __m128i v3) {
  auto even = [](__m128i p, __m128i q) {
    return _mm_castps_si128(_mm_shuffle_ps(_mm_castsi128_ps(p), _mm_castsi128_ps(q), _MM_SHUFFLE(2, 0, 2, 0)));
  };
  auto odd = [](__m128i p, __m128i q) {
    return _mm_castps_si128(_mm_shuffle_ps(_mm_castsi128_ps(p), _mm_castsi128_ps(q), _MM_SHUFFLE(3, 1, 3, 1)));
  };
  const __m128i e01 = even(v0, v1), o01 = odd(v0, v1), e23 = even(v2, v3), o23 = odd(v2, v3);
  const __m128i m0 = _mm_add_epi16(max_pairs(_mm_add_epi16(e01, o01)), max_pairs(_mm_sub_epi16(e01, o01)));
  const __m128i m1 = _mm_add_epi16(max_pairs(_mm_add_epi16(e23, o23)), max_pairs(_mm_sub_epi16(e23, o23)));
  return _mm_add_epi16(m0, m1);
}

inline __m128i diff8(const uint8_t* a, const uint8_t* b) {
  const __m128i zero = _mm_setzero_si128();
  return _mm_sub_epi16(_mm_unpacklo_epi8(load8(a), zero), _mm_unpacklo_epi8(load8(b), zero));
}

// Two 4x4 blocks side by side.
inline __m128i satd_8x4(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  const __m128i d0 = diff8(a, b), d1 = diff8(a + as, b + bs);
  const __m128i d2 = diff8(a + 2 * as, b + 2 * bs), d3 = diff8(a + 3 * as, b + 3 * bs);
  const __m128i s01 = _mm_add_epi16(d0, d1), d01 = _mm_sub_epi16(d0, d1);
  const __m128i s23 = _mm_add_epi16(d2, d3), d23 = _mm_sub_epi16(d2, d3);
  return satd_rows(_mm_add_epi16(s01, s23), _mm_sub_epi16(s01, s23), _mm_add_epi16(d01, d23),
                   _mm_sub_epi16(d01, d23));
}

// The sum of the low words of the 32-bit lanes, read as unsigned: a lane
// gathers at most 8 blocks of 8160 (16x16), which fits 16 unsigned bits.
inline int sum_low_words(__m128i v) { return sum32(_mm_and_si128(v, _mm_set1_epi32(0xffff))); }

template <int W, int H>
int satd_sse2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  __m128i sum = _mm_setzero_si128();
  for (int y = 0; y < H; y += 4)
    for (int x = 0; x < W; x += 8) sum = _mm_add_epi16(sum, satd_8x4(a + y * as + x, as, b + y * bs + x, bs));
  return sum_low_words(sum);
}

// One 4x4 block: rows 0,1 in one register and 2,3 in the other; the first
// vertical stage pairs rows 0,2 and 1,3 between the registers, the second
// pairs the register halves.
int satd_4x4_sse2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  const __m128i zero = _mm_setzero_si128();
  auto rows = [&](ptrdiff_t y) {
    const __m128i ra = _mm_unpacklo_epi32(load4(a + y * as), load4(a + (y + 1) * as));
    const __m128i rb = _mm_unpacklo_epi32(load4(b + y * bs), load4(b + (y + 1) * bs));
    return _mm_sub_epi16(_mm_unpacklo_epi8(ra, zero), _mm_unpacklo_epi8(rb, zero));
  };
  const __m128i d01 = rows(0), d23 = rows(2);
  const __m128i s = _mm_add_epi16(d01, d23), d = _mm_sub_epi16(d01, d23);  // [0+2 | 1+3], [0-2 | 1-3]
  const __m128i p = _mm_unpacklo_epi64(s, d), q = _mm_unpackhi_epi64(s, d);
  const __m128i v01 = _mm_add_epi16(p, q), v23 = _mm_sub_epi16(p, q);
  const __m128i e = _mm_castps_si128(
      _mm_shuffle_ps(_mm_castsi128_ps(v01), _mm_castsi128_ps(v23), _MM_SHUFFLE(2, 0, 2, 0)));
  const __m128i o = _mm_castps_si128(
      _mm_shuffle_ps(_mm_castsi128_ps(v01), _mm_castsi128_ps(v23), _MM_SHUFFLE(3, 1, 3, 1)));
  return sum_low_words(_mm_add_epi16(max_pairs(_mm_add_epi16(e, o)), max_pairs(_mm_sub_epi16(e, o))));
}

}  // namespace

void pixel_dsp_init_sse2(PixelDsp* dsp) {
#define EDGEAV_PIXEL_SIZE(i, W, H)    \
  dsp->sad[i] = sad_sse2<W, H>;       \
  dsp->ssd[i] = ssd_sse2<W, H>;       \
  dsp->sad_x4[i] = sad_x4_sse2<W, H>;
  EDGEAV_H264_BLOCK_SIZES(EDGEAV_PIXEL_SIZE)
#undef EDGEAV_PIXEL_SIZE
  dsp->satd[kBlock16x16] = satd_sse2<16, 16>;
  dsp->satd[kBlock16x8] = satd_sse2<16, 8>;
  dsp->satd[kBlock8x16] = satd_sse2<8, 16>;
  dsp->satd[kBlock8x8] = satd_sse2<8, 8>;
  dsp->satd[kBlock4x4] = satd_4x4_sse2;
}

}  // namespace h264
}  // namespace edgeav
