// AVX2 + FMA echo-canceller kernels: eight bins per vector, products fused
// into the sums (within the tolerance aec_dsp.h states). The leftover bins
// (fewer than eight) go to the C kernels.
#include <immintrin.h>

#include "audio/aec/aec_dsp.h"
#include "audio/aec/aec_kernels_c.h"

namespace edgeav {
namespace audio {

namespace {

void aec_complex_mac_avx2(const float* x_re, const float* x_im, const float* h_re, const float* h_im, float* y_re,
                          float* y_im, int n) {
  int k = 0;
  for (; k + 8 <= n; k += 8) {
    const __m256 xr = _mm256_loadu_ps(x_re + k), xi = _mm256_loadu_ps(x_im + k);
    const __m256 hr = _mm256_loadu_ps(h_re + k), hi = _mm256_loadu_ps(h_im + k);
    const __m256 yr = _mm256_fnmadd_ps(xi, hi, _mm256_fmadd_ps(xr, hr, _mm256_loadu_ps(y_re + k)));
    const __m256 yi = _mm256_fmadd_ps(xi, hr, _mm256_fmadd_ps(xr, hi, _mm256_loadu_ps(y_im + k)));
    _mm256_storeu_ps(y_re + k, yr);
    _mm256_storeu_ps(y_im + k, yi);
  }
  aec_complex_mac_c(x_re + k, x_im + k, h_re + k, h_im + k, y_re + k, y_im + k, n - k);
}

void aec_conj_mac_avx2(const float* x_re, const float* x_im, const float* g_re, const float* g_im, float* h_re,
                       float* h_im, int n) {
  int k = 0;
  for (; k + 8 <= n; k += 8) {
    const __m256 xr = _mm256_loadu_ps(x_re + k), xi = _mm256_loadu_ps(x_im + k);
    const __m256 gr = _mm256_loadu_ps(g_re + k), gi = _mm256_loadu_ps(g_im + k);
    const __m256 hr = _mm256_fmadd_ps(xi, gi, _mm256_fmadd_ps(xr, gr, _mm256_loadu_ps(h_re + k)));
    const __m256 hi = _mm256_fnmadd_ps(xi, gr, _mm256_fmadd_ps(xr, gi, _mm256_loadu_ps(h_im + k)));
    _mm256_storeu_ps(h_re + k, hr);
    _mm256_storeu_ps(h_im + k, hi);
  }
  aec_conj_mac_c(x_re + k, x_im + k, g_re + k, g_im + k, h_re + k, h_im + k, n - k);
}

void aec_power_avx2(const float* re, const float* im, float* p, int n) {
  int k = 0;
  for (; k + 8 <= n; k += 8) {
    const __m256 r = _mm256_loadu_ps(re + k), i = _mm256_loadu_ps(im + k);
    _mm256_storeu_ps(p + k, _mm256_fmadd_ps(r, r, _mm256_mul_ps(i, i)));
  }
  aec_power_c(re + k, im + k, p + k, n - k);
}

void aec_power_acc_avx2(const float* re, const float* im, float* acc, int n) {
  int k = 0;
  for (; k + 8 <= n; k += 8) {
    const __m256 r = _mm256_loadu_ps(re + k), i = _mm256_loadu_ps(im + k);
    _mm256_storeu_ps(acc + k, _mm256_fmadd_ps(i, i, _mm256_fmadd_ps(r, r, _mm256_loadu_ps(acc + k))));
  }
  aec_power_acc_c(re + k, im + k, acc + k, n - k);
}

}  // namespace

void aec_dsp_init_avx2(AecDsp* dsp) {
  dsp->complex_mac = aec_complex_mac_avx2;
  dsp->conj_mac = aec_conj_mac_avx2;
  dsp->power = aec_power_avx2;
  dsp->power_acc = aec_power_acc_avx2;
}

}  // namespace audio
}  // namespace edgeav
