// SSE2 spectral kernels, four floats (two bins) per vector; tails in C.
#include <emmintrin.h>

#include "audio/spectral_c.h"
#include "audio/spectral_dsp.h"

namespace edgeav {
namespace audio {

namespace {

void power_sse2(const float* bins, float* power, int count) {
  int k = 0;
  for (; k + 4 <= count; k += 4) {
    const __m128 a = _mm_loadu_ps(bins + 2 * k), b = _mm_loadu_ps(bins + 2 * k + 4);
    const __m128 re = _mm_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)), im = _mm_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1));
    _mm_storeu_ps(power + k, _mm_add_ps(_mm_mul_ps(re, re), _mm_mul_ps(im, im)));
  }
  power_c(bins + 2 * k, power + k, count - k);
}

void apply_gain_sse2(const float* bins, const float* gain, float* out, int count) {
  int k = 0;
  for (; k + 4 <= count; k += 4) {
    const __m128 g = _mm_loadu_ps(gain + k);
    const __m128 a = _mm_mul_ps(_mm_loadu_ps(bins + 2 * k), _mm_unpacklo_ps(g, g));
    const __m128 b = _mm_mul_ps(_mm_loadu_ps(bins + 2 * k + 4), _mm_unpackhi_ps(g, g));
    _mm_storeu_ps(out + 2 * k, a);
    _mm_storeu_ps(out + 2 * k + 4, b);
  }
  apply_gain_c(bins + 2 * k, gain + k, out + 2 * k, count - k);
}

void multiply_sse2(const float* a, const float* b, float* out, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) _mm_storeu_ps(out + i, _mm_mul_ps(_mm_loadu_ps(a + i), _mm_loadu_ps(b + i)));
  multiply_c(a + i, b + i, out + i, n - i);
}

void multiply_add_sse2(const float* a, const float* b, const float* c, float* out, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4)
    _mm_storeu_ps(out + i, _mm_add_ps(_mm_mul_ps(_mm_loadu_ps(a + i), _mm_loadu_ps(b + i)), _mm_loadu_ps(c + i)));
  multiply_add_c(a + i, b + i, c + i, out + i, n - i);
}

float sum_squares_sse2(const float* x, int n) {
  __m128 s0 = _mm_setzero_ps(), s1 = _mm_setzero_ps();
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128 a = _mm_loadu_ps(x + i), b = _mm_loadu_ps(x + i + 4);
    s0 = _mm_add_ps(s0, _mm_mul_ps(a, a));
    s1 = _mm_add_ps(s1, _mm_mul_ps(b, b));
  }
  s0 = _mm_add_ps(s0, s1);
  s0 = _mm_add_ps(s0, _mm_movehl_ps(s0, s0));
  s0 = _mm_add_ss(s0, _mm_shuffle_ps(s0, s0, 1));
  return _mm_cvtss_f32(s0) + sum_squares_c(x + i, n - i);
}

void smooth_sse2(float* avg, const float* x, float alpha, int n) {
  const __m128 beta = _mm_set1_ps(1.0f - alpha);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m128 a = _mm_loadu_ps(avg + i);
    _mm_storeu_ps(avg + i, _mm_add_ps(a, _mm_mul_ps(beta, _mm_sub_ps(_mm_loadu_ps(x + i), a))));
  }
  smooth_c(avg + i, x + i, alpha, n - i);
}

void gain_ramp_sse2(const float* x, float* out, float gain, float step, int n) {
  const __m128 g0 = _mm_set1_ps(gain), st = _mm_set1_ps(step), four = _mm_set1_ps(4.0f);
  __m128 idx = _mm_setr_ps(0.0f, 1.0f, 2.0f, 3.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4, idx = _mm_add_ps(idx, four))
    _mm_storeu_ps(out + i, _mm_mul_ps(_mm_loadu_ps(x + i), _mm_add_ps(g0, _mm_mul_ps(st, idx))));
  gain_ramp_c(x + i, out + i, gain, step, n - i, i);
}

}  // namespace

void spectral_dsp_init_sse2(SpectralDsp* dsp) {
  dsp->power = power_sse2;
  dsp->apply_gain = apply_gain_sse2;
  dsp->multiply = multiply_sse2;
  dsp->multiply_add = multiply_add_sse2;
  dsp->sum_squares = sum_squares_sse2;
  dsp->smooth = smooth_sse2;
  dsp->gain_ramp = gain_ramp_sse2;
}

}  // namespace audio
}  // namespace edgeav
