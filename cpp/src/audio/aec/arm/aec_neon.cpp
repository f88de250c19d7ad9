// NEON echo-canceller kernels: four bins per vector, products fused into the
// sums (within the tolerance aec_dsp.h states). Tails go to the C kernels.
#include <arm_neon.h>

#include "audio/aec/aec_dsp.h"
#include "audio/aec/aec_kernels_c.h"

namespace edgeav {
namespace audio {

namespace {

void aec_complex_mac_neon(const float* x_re, const float* x_im, const float* h_re, const float* h_im, float* y_re,
                          float* y_im, int n) {
  int k = 0;
  for (; k + 4 <= n; k += 4) {
    const float32x4_t xr = vld1q_f32(x_re + k), xi = vld1q_f32(x_im + k);
    const float32x4_t hr = vld1q_f32(h_re + k), hi = vld1q_f32(h_im + k);
    vst1q_f32(y_re + k, vfmsq_f32(vfmaq_f32(vld1q_f32(y_re + k), xr, hr), xi, hi));
    vst1q_f32(y_im + k, vfmaq_f32(vfmaq_f32(vld1q_f32(y_im + k), xr, hi), xi, hr));
  }
  aec_complex_mac_c(x_re + k, x_im + k, h_re + k, h_im + k, y_re + k, y_im + k, n - k);
}

void aec_conj_mac_neon(const float* x_re, const float* x_im, const float* g_re, const float* g_im, float* h_re,
                       float* h_im, int n) {
  int k = 0;
  for (; k + 4 <= n; k += 4) {
    const float32x4_t xr = vld1q_f32(x_re + k), xi = vld1q_f32(x_im + k);
    const float32x4_t gr = vld1q_f32(g_re + k), gi = vld1q_f32(g_im + k);
    vst1q_f32(h_re + k, vfmaq_f32(vfmaq_f32(vld1q_f32(h_re + k), xr, gr), xi, gi));
    vst1q_f32(h_im + k, vfmsq_f32(vfmaq_f32(vld1q_f32(h_im + k), xr, gi), xi, gr));
  }
  aec_conj_mac_c(x_re + k, x_im + k, g_re + k, g_im + k, h_re + k, h_im + k, n - k);
}

void aec_power_neon(const float* re, const float* im, float* p, int n) {
  int k = 0;
  for (; k + 4 <= n; k += 4) {
    const float32x4_t r = vld1q_f32(re + k), i = vld1q_f32(im + k);
    vst1q_f32(p + k, vfmaq_f32(vmulq_f32(i, i), r, r));
  }
  aec_power_c(re + k, im + k, p + k, n - k);
}

void aec_power_acc_neon(const float* re, const float* im, float* acc, int n) {
  int k = 0;
  for (; k + 4 <= n; k += 4) {
    const float32x4_t r = vld1q_f32(re + k), i = vld1q_f32(im + k);
    vst1q_f32(acc + k, vfmaq_f32(vfmaq_f32(vld1q_f32(acc + k), r, r), i, i));
  }
  aec_power_acc_c(re + k, im + k, acc + k, n - k);
}

}  // namespace

void aec_dsp_init_neon(AecDsp* dsp) {
  dsp->complex_mac = aec_complex_mac_neon;
  dsp->conj_mac = aec_conj_mac_neon;
  dsp->power = aec_power_neon;
  dsp->power_acc = aec_power_acc_neon;
}

}  // namespace audio
}  // namespace edgeav
