// The C echo-canceller kernels: the specification of every SIMD version (see
// aec_dsp.h). SIMD files use them for the bins left after their last full
// vector. In an unnamed namespace so each translation unit keeps its own copy,
// compiled with that file's flags.
#pragma once

namespace edgeav {
namespace audio {
namespace {

inline void aec_complex_mac_c(const float* x_re, const float* x_im, const float* h_re, const float* h_im,
                              float* y_re, float* y_im, int n) {
  for (int k = 0; k < n; k++) {
    y_re[k] += x_re[k] * h_re[k] - x_im[k] * h_im[k];
    y_im[k] += x_re[k] * h_im[k] + x_im[k] * h_re[k];
  }
}

inline void aec_conj_mac_c(const float* x_re, const float* x_im, const float* g_re, const float* g_im, float* h_re,
                           float* h_im, int n) {
  for (int k = 0; k < n; k++) {
    h_re[k] += x_re[k] * g_re[k] + x_im[k] * g_im[k];
    h_im[k] += x_re[k] * g_im[k] - x_im[k] * g_re[k];
  }
}

inline void aec_power_c(const float* re, const float* im, float* p, int n) {
  for (int k = 0; k < n; k++) p[k] = re[k] * re[k] + im[k] * im[k];
}

inline void aec_power_acc_c(const float* re, const float* im, float* acc, int n) {
  for (int k = 0; k < n; k++) acc[k] += re[k] * re[k] + im[k] * im[k];
}

}  // namespace
}  // namespace audio
}  // namespace edgeav
