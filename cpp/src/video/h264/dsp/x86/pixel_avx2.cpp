// AVX2 SATD, SSD and SAD-x4. psadbw runs on a single port (port 5 on Intel),
// which limits the SSE2 SAD-x4: here it takes two 16-pixel or four 8-pixel
// rows per psadbw, gathered by loads that broadcast a row and blends that run
// on any port. A single SAD gains nothing (its loads limit it) and neither
// does the 4x4 SAD-x4 (measured): those stay SSE2, as does the 4x4 SATD.
#include <immintrin.h>

#include <cstring>

#include "video/h264/dsp/pixel_dsp.h"

namespace edgeav {
namespace h264 {

namespace {

inline __m128i load16(const uint8_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
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

// A 16-pixel row in both lanes: pair sums in the first, pair differences in the second.
inline __m256i row16(const uint8_t* a, const uint8_t* b, __m256i pm) {
  const __m256i ra = _mm256_broadcastsi128_si256(load16(a)), rb = _mm256_broadcastsi128_si256(load16(b));
  return _mm256_sub_epi16(_mm256_maddubs_epi16(ra, pm), _mm256_maddubs_epi16(rb, pm));
}

// 8-pixel rows p and p + 4 * s, each twice in its lane: pair sums in the first
// half of the lane, differences in the second.
inline __m256i row8x2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs, __m256i pm) {
  const __m256i ra = _mm256_blend_epi32(_mm256_set1_epi64x(load8(a)), _mm256_set1_epi64x(load8(a + 4 * as)), 0xf0);
  const __m256i rb = _mm256_blend_epi32(_mm256_set1_epi64x(load8(b)), _mm256_set1_epi64x(load8(b + 4 * bs)), 0xf0);
  return _mm256_sub_epi16(_mm256_maddubs_epi16(ra, pm), _mm256_maddubs_epi16(rb, pm));
}

// The low words of the 32-bit lanes, summed: a lane gathers at most 4 blocks
// (16x16), 4 * 8160 < 32768.
inline int sum_low_words(__m256i v) { return sum32(_mm256_and_si256(v, _mm256_set1_epi32(0xffff))); }

template <int H>
int satd_16xh_avx2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  const __m256i pm = _mm256_setr_epi8(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  //
                                      1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1);
  __m256i sum = _mm256_setzero_si256();
  for (int y = 0; y < H; y += 4, a += 4 * as, b += 4 * bs)
    sum = _mm256_add_epi16(sum, satd_rows(row16(a, b, pm), row16(a + as, b + bs, pm),
                                          row16(a + 2 * as, b + 2 * bs, pm), row16(a + 3 * as, b + 3 * bs, pm)));
  return sum_low_words(sum);
}

template <int H>
int satd_8xh_avx2(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  const __m256i pm = _mm256_setr_epi8(1, 1, 1, 1, 1, 1, 1, 1, 1, -1, 1, -1, 1, -1, 1, -1,  //
                                      1, 1, 1, 1, 1, 1, 1, 1, 1, -1, 1, -1, 1, -1, 1, -1);
  __m256i sum = _mm256_setzero_si256();
  for (int y = 0; y < H; y += 8, a += 8 * as, b += 8 * bs)
    sum = _mm256_add_epi16(sum, satd_rows(row8x2(a, as, b, bs, pm), row8x2(a + as, as, b + bs, bs, pm),
                                          row8x2(a + 2 * as, as, b + 2 * bs, bs, pm),
                                          row8x2(a + 3 * as, as, b + 3 * bs, bs, pm)));
  return sum_low_words(sum);
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

}  // namespace

void pixel_dsp_init_avx2(PixelDsp* dsp) {
  dsp->satd[kBlock16x16] = satd_16xh_avx2<16>;
  dsp->satd[kBlock16x8] = satd_16xh_avx2<8>;
  dsp->satd[kBlock8x16] = satd_8xh_avx2<16>;
  dsp->satd[kBlock8x8] = satd_8xh_avx2<8>;
  dsp->ssd[kBlock16x16] = ssd_16xh_avx2<16>;
  dsp->ssd[kBlock16x8] = ssd_16xh_avx2<8>;
  dsp->ssd[kBlock8x16] = ssd_8xh_avx2<16>;
  dsp->ssd[kBlock8x8] = ssd_8xh_avx2<8>;
  dsp->sad_x4[kBlock16x16] = sad_x4_avx2<16, 16>;
  dsp->sad_x4[kBlock16x8] = sad_x4_avx2<16, 8>;
  dsp->sad_x4[kBlock8x16] = sad_x4_avx2<8, 16>;
  dsp->sad_x4[kBlock8x8] = sad_x4_avx2<8, 8>;
}

}  // namespace h264
}  // namespace edgeav
