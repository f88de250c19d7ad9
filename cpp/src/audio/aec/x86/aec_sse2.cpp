// SSE2 echo-canceller kernels: four bins per vector, no FMA (so the products
// are rounded as in C; only the summation order of the sums of products may
// differ). Tails go to the C kernels.
#include <emmintrin.h>

#include "audio/aec/aec_dsp.h"
#include "audio/aec/aec_kernels_c.h"

namespace edgeav {
namespace audio {

namespace {

void aec_complex_mac_sse2(const float* x_re, const float* x_im, const float* h_re, const float* h_im, float* y_re,
                          float* y_im, int n) {
  int k = 0;
  for (; k + 4 <= n; k += 4) {
    const __m128 xr = _mm_loadu_ps(x_re + k), xi = _mm_loadu_ps(x_im + k);
    const __m128 hr = _mm_loadu_ps(h_re + k), hi = _mm_loadu_ps(h_im + k);
    const __m128 re = _mm_sub_ps(_mm_mul_ps(xr, hr), _mm_mul_ps(xi, hi));
    const __m128 im = _mm_add_ps(_mm_mul_ps(xr, hi), _mm_mul_ps(xi, hr));
    _mm_storeu_ps(y_re + k, _mm_add_ps(_mm_loadu_ps(y_re + k), re));
    _mm_storeu_ps(y_im + k, _mm_add_ps(_mm_loadu_ps(y_im + k), im));
  }
  aec_complex_mac_c(x_re + k, x_im + k, h_re + k, h_im + k, y_re + k, y_im + k, n - k);
}

void aec_conj_mac_sse2(const float* x_re, const float* x_im, const float* g_re, const float* g_im, float* h_re,
                       float* h_im, int n) {
  int k = 0;
  for (; k + 4 <= n; k += 4) {
    const __m128 xr = _mm_loadu_ps(x_re + k), xi = _mm_loadu_ps(x_im + k);
    const __m128 gr = _mm_loadu_ps(g_re + k), gi = _mm_loadu_ps(g_im + k);
    const __m128 re = _mm_add_ps(_mm_mul_ps(xr, gr), _mm_mul_ps(xi, gi));
    const __m128 im = _mm_sub_ps(_mm_mul_ps(xr, gi), _mm_mul_ps(xi, gr));
    _mm_storeu_ps(h_re + k, _mm_add_ps(_mm_loadu_ps(h_re + k), re));
    _mm_storeu_ps(h_im + k, _mm_add_ps(_mm_loadu_ps(h_im + k), im));
  }
  aec_conj_mac_c(x_re + k, x_im + k, g_re + k, g_im + k, h_re + k, h_im + k, n - k);
}

void aec_power_sse2(const float* re, const float* im, float* p, int n) {
  int k = 0;
  for (; k + 4 <= n; k += 4) {
    const __m128 r = _mm_loadu_ps(re + k), i = _mm_loadu_ps(im + k);
    _mm_storeu_ps(p + k, _mm_add_ps(_mm_mul_ps(r, r), _mm_mul_ps(i, i)));
  }
  aec_power_c(re + k, im + k, p + k, n - k);
}

void aec_power_acc_sse2(const float* re, const float* im, float* acc, int n) {
  int k = 0;
  for (; k + 4 <= n; k += 4) {
    const __m128 r = _mm_loadu_ps(re + k), i = _mm_loadu_ps(im + k);
    _mm_storeu_ps(acc + k, _mm_add_ps(_mm_loadu_ps(acc + k), _mm_add_ps(_mm_mul_ps(r, r), _mm_mul_ps(i, i))));
  }
  aec_power_acc_c(re + k, im + k, acc + k, n - k);
}

}  // namespace

void aec_dsp_init_sse2(AecDsp* dsp) {
  dsp->complex_mac = aec_complex_mac_sse2;
  dsp->conj_mac = aec_conj_mac_sse2;
  dsp->power = aec_power_sse2;
  dsp->power_acc = aec_power_acc_sse2;
}

}  // namespace audio
}  // namespace edgeav
