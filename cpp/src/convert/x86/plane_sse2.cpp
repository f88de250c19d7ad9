// SSE2 plane rows; tails go to the C rows.
#include <emmintrin.h>

#include "convert/plane_dsp.h"
#include "convert/plane_row_c.h"

namespace edgeav {

namespace {

void copy_row_sse2(const uint8_t* src, uint8_t* dst, int width) {
  int x = 0;
  for (; x + 64 <= width; x += 64) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + x));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + x + 16));
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + x + 32));
    const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + x + 48));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x), a);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x + 16), b);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x + 32), c);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x + 48), d);
  }
  for (; x + 16 <= width; x += 16)
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x), _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + x)));
  copy_row_c(src + x, dst + x, width - x);
}

void merge_uv_row_sse2(const uint8_t* u, const uint8_t* v, uint8_t* uv, int width) {
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(u + x));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(v + x));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(uv + 2 * x), _mm_unpacklo_epi8(a, b));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(uv + 2 * x + 16), _mm_unpackhi_epi8(a, b));
  }
  merge_uv_row_c(u + x, v + x, uv + 2 * x, width - x);
}

void split_uv_row_sse2(const uint8_t* uv, uint8_t* u, uint8_t* v, int width) {
  const __m128i low = _mm_set1_epi16(0x00ff);
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(uv + 2 * x));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(uv + 2 * x + 16));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(u + x),
                     _mm_packus_epi16(_mm_and_si128(a, low), _mm_and_si128(b, low)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(v + x), _mm_packus_epi16(_mm_srli_epi16(a, 8), _mm_srli_epi16(b, 8)));
  }
  split_uv_row_c(uv + 2 * x, u + x, v + x, width - x);
}

// Sum of each horizontal byte pair, as 16-bit lanes.
inline __m128i pair_sums(__m128i p) {
  return _mm_add_epi16(_mm_and_si128(p, _mm_set1_epi16(0x00ff)), _mm_srli_epi16(p, 8));
}

void downscale2_row_sse2(const uint8_t* src0, const uint8_t* src1, uint8_t* dst, int width) {
  const __m128i two = _mm_set1_epi16(2);
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    __m128i s[2];
    for (int h = 0; h < 2; h++) {
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src0 + 2 * x + 16 * h));
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src1 + 2 * x + 16 * h));
      s[h] = _mm_srli_epi16(_mm_add_epi16(_mm_add_epi16(pair_sums(a), pair_sums(b)), two), 2);
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x), _mm_packus_epi16(s[0], s[1]));
  }
  downscale2_row_c(src0 + 2 * x, src1 + 2 * x, dst + x, width - x);
}

}  // namespace

void plane_dsp_init_sse2(PlaneDsp* dsp) {
  dsp->copy = copy_row_sse2;
  dsp->merge_uv = merge_uv_row_sse2;
  dsp->split_uv = split_uv_row_sse2;
  dsp->downscale2 = downscale2_row_sse2;
}

}  // namespace edgeav
