// AVX2 plane rows. Packs and unpacks work within 128-bit lanes, so results are
// put back in order with a 64-bit permute; tails go to the C rows.
#include <immintrin.h>

#include "convert/plane_dsp.h"
#include "convert/plane_row_c.h"

namespace edgeav {

namespace {

inline __m256i load(const uint8_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
inline void store(uint8_t* p, __m256i v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }

void copy_row_avx2(const uint8_t* src, uint8_t* dst, int width) {
  int x = 0;
  for (; x + 128 <= width; x += 128) {
    const __m256i a = load(src + x), b = load(src + x + 32), c = load(src + x + 64), d = load(src + x + 96);
    store(dst + x, a), store(dst + x + 32, b), store(dst + x + 64, c), store(dst + x + 96, d);
  }
  for (; x + 32 <= width; x += 32) store(dst + x, load(src + x));
  copy_row_c(src + x, dst + x, width - x);
}

void merge_uv_row_avx2(const uint8_t* u, const uint8_t* v, uint8_t* uv, int width) {
  int x = 0;
  for (; x + 32 <= width; x += 32) {
    // Lane-order the inputs so the in-lane unpacks produce consecutive pairs.
    const __m256i a = _mm256_permute4x64_epi64(load(u + x), 0xD8);
    const __m256i b = _mm256_permute4x64_epi64(load(v + x), 0xD8);
    store(uv + 2 * x, _mm256_unpacklo_epi8(a, b));
    store(uv + 2 * x + 32, _mm256_unpackhi_epi8(a, b));
  }
  merge_uv_row_c(u + x, v + x, uv + 2 * x, width - x);
}

void split_uv_row_avx2(const uint8_t* uv, uint8_t* u, uint8_t* v, int width) {
  const __m256i low = _mm256_set1_epi16(0x00ff);
  int x = 0;
  for (; x + 32 <= width; x += 32) {
    const __m256i a = load(uv + 2 * x), b = load(uv + 2 * x + 32);
    const __m256i us = _mm256_packus_epi16(_mm256_and_si256(a, low), _mm256_and_si256(b, low));
    const __m256i vs = _mm256_packus_epi16(_mm256_srli_epi16(a, 8), _mm256_srli_epi16(b, 8));
    store(u + x, _mm256_permute4x64_epi64(us, 0xD8));
    store(v + x, _mm256_permute4x64_epi64(vs, 0xD8));
  }
  split_uv_row_c(uv + 2 * x, u + x, v + x, width - x);
}

void downscale2_row_avx2(const uint8_t* src0, const uint8_t* src1, uint8_t* dst, int width) {
  const __m256i ones = _mm256_set1_epi8(1), two = _mm256_set1_epi16(2);
  int x = 0;
  for (; x + 32 <= width; x += 32) {
    __m256i s[2];
    for (int h = 0; h < 2; h++) {
      const __m256i a = _mm256_maddubs_epi16(load(src0 + 2 * x + 32 * h), ones);  // horizontal pair sums
      const __m256i b = _mm256_maddubs_epi16(load(src1 + 2 * x + 32 * h), ones);
      s[h] = _mm256_srli_epi16(_mm256_add_epi16(_mm256_add_epi16(a, b), two), 2);
    }
    store(dst + x, _mm256_permute4x64_epi64(_mm256_packus_epi16(s[0], s[1]), 0xD8));
  }
  downscale2_row_c(src0 + 2 * x, src1 + 2 * x, dst + x, width - x);
}

}  // namespace

void plane_dsp_init_avx2(PlaneDsp* dsp) {
  dsp->copy = copy_row_avx2;
  dsp->merge_uv = merge_uv_row_avx2;
  dsp->split_uv = split_uv_row_avx2;
  dsp->downscale2 = downscale2_row_avx2;
}

}  // namespace edgeav
