// AVX2 spectral kernels, eight floats per vector (fused multiply-adds where
// the C rounds twice: see the tolerance in spectral_dsp.h); tails in C.
#include <immintrin.h>

#include "audio/spectral_c.h"
#include "audio/spectral_dsp.h"

namespace edgeav {
namespace audio {

namespace {

void power_avx2(const float* bins, float* power, int count) {
  int k = 0;
  for (; k + 8 <= count; k += 8) {
    const __m256 a = _mm256_loadu_ps(bins + 2 * k), b = _mm256_loadu_ps(bins + 2 * k + 8);
    // Per lane: re0 re1 re4 re5 | re2 re3 re6 re7; the permute restores bin order.
    const __m256 re = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)), im = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1));
    const __m256 p = _mm256_fmadd_ps(re, re, _mm256_mul_ps(im, im));
    _mm256_storeu_ps(power + k, _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(p), _MM_SHUFFLE(3, 1, 2, 0))));
  }
  power_c(bins + 2 * k, power + k, count - k);
}

void apply_gain_avx2(const float* bins, const float* gain, float* out, int count) {
  const __m256i dup_lo = _mm256_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3), dup_hi = _mm256_setr_epi32(4, 4, 5, 5, 6, 6, 7, 7);
  int k = 0;
  for (; k + 8 <= count; k += 8) {
    const __m256 g = _mm256_loadu_ps(gain + k);
    _mm256_storeu_ps(out + 2 * k, _mm256_mul_ps(_mm256_loadu_ps(bins + 2 * k), _mm256_permutevar8x32_ps(g, dup_lo)));
    _mm256_storeu_ps(out + 2 * k + 8,
                     _mm256_mul_ps(_mm256_loadu_ps(bins + 2 * k + 8), _mm256_permutevar8x32_ps(g, dup_hi)));
  }
  apply_gain_c(bins + 2 * k, gain + k, out + 2 * k, count - k);
}

void multiply_avx2(const float* a, const float* b, float* out, int n) {
  int i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, _mm256_mul_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
  multiply_c(a + i, b + i, out + i, n - i);
}

void multiply_add_avx2(const float* a, const float* b, const float* c, float* out, int n) {
  int i = 0;
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(out + i, _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), _mm256_loadu_ps(c + i)));
  multiply_add_c(a + i, b + i, c + i, out + i, n - i);
}

float sum_squares_avx2(const float* x, int n) {
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256 a = _mm256_loadu_ps(x + i), b = _mm256_loadu_ps(x + i + 8);
    s0 = _mm256_fmadd_ps(a, a, s0);
    s1 = _mm256_fmadd_ps(b, b, s1);
  }
  const __m256 s = _mm256_add_ps(s0, s1);
  __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
  h = _mm_add_ps(h, _mm_movehl_ps(h, h));
  h = _mm_add_ss(h, _mm_shuffle_ps(h, h, 1));
  return _mm_cvtss_f32(h) + sum_squares_c(x + i, n - i);
}

void smooth_avx2(float* avg, const float* x, float alpha, int n) {
  const __m256 beta = _mm256_set1_ps(1.0f - alpha);
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 a = _mm256_loadu_ps(avg + i);
    _mm256_storeu_ps(avg + i, _mm256_fmadd_ps(beta, _mm256_sub_ps(_mm256_loadu_ps(x + i), a), a));
  }
  smooth_c(avg + i, x + i, alpha, n - i);
}

void gain_ramp_avx2(const float* x, float* out, float gain, float step, int n) {
  const __m256 g0 = _mm256_set1_ps(gain), st = _mm256_set1_ps(step), eight = _mm256_set1_ps(8.0f);
  __m256 idx = _mm256_setr_ps(0.0f, 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f);
  int i = 0;
  for (; i + 8 <= n; i += 8, idx = _mm256_add_ps(idx, eight))
    _mm256_storeu_ps(out + i, _mm256_mul_ps(_mm256_loadu_ps(x + i), _mm256_fmadd_ps(st, idx, g0)));
  gain_ramp_c(x + i, out + i, gain, step, n - i, i);
}

}  // namespace

void spectral_dsp_init_avx2(SpectralDsp* dsp) {
  dsp->power = power_avx2;
  dsp->apply_gain = apply_gain_avx2;
  dsp->multiply = multiply_avx2;
  dsp->multiply_add = multiply_add_avx2;
  dsp->sum_squares = sum_squares_avx2;
  dsp->smooth = smooth_avx2;
  dsp->gain_ramp = gain_ramp_avx2;
}

}  // namespace audio
}  // namespace edgeav
