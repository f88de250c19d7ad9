// NEON spectral kernels, four floats per vector; vld2/vst2 split and join
// complex bins; tails in C.
#include <arm_neon.h>

#include "audio/spectral_c.h"
#include "audio/spectral_dsp.h"

namespace edgeav {
namespace audio {

namespace {

void power_neon(const float* bins, float* power, int count) {
  int k = 0;
  for (; k + 4 <= count; k += 4) {
    const float32x4x2_t b = vld2q_f32(bins + 2 * k);
    vst1q_f32(power + k, vaddq_f32(vmulq_f32(b.val[0], b.val[0]), vmulq_f32(b.val[1], b.val[1])));
  }
  power_c(bins + 2 * k, power + k, count - k);
}

void apply_gain_neon(const float* bins, const float* gain, float* out, int count) {
  int k = 0;
  for (; k + 4 <= count; k += 4) {
    float32x4x2_t b = vld2q_f32(bins + 2 * k);
    const float32x4_t g = vld1q_f32(gain + k);
    b.val[0] = vmulq_f32(b.val[0], g), b.val[1] = vmulq_f32(b.val[1], g);
    vst2q_f32(out + 2 * k, b);
  }
  apply_gain_c(bins + 2 * k, gain + k, out + 2 * k, count - k);
}

void multiply_neon(const float* a, const float* b, float* out, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) vst1q_f32(out + i, vmulq_f32(vld1q_f32(a + i), vld1q_f32(b + i)));
  multiply_c(a + i, b + i, out + i, n - i);
}

void multiply_add_neon(const float* a, const float* b, const float* c, float* out, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) vst1q_f32(out + i, vaddq_f32(vmulq_f32(vld1q_f32(a + i), vld1q_f32(b + i)), vld1q_f32(c + i)));
  multiply_add_c(a + i, b + i, c + i, out + i, n - i);
}

float sum_squares_neon(const float* x, int n) {
  float32x4_t s0 = vdupq_n_f32(0.0f), s1 = vdupq_n_f32(0.0f);
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    const float32x4_t a = vld1q_f32(x + i), b = vld1q_f32(x + i + 4);
    s0 = vaddq_f32(s0, vmulq_f32(a, a));
    s1 = vaddq_f32(s1, vmulq_f32(b, b));
  }
  return vaddvq_f32(vaddq_f32(s0, s1)) + sum_squares_c(x + i, n - i);
}

void smooth_neon(float* avg, const float* x, float alpha, int n) {
  const float32x4_t beta = vdupq_n_f32(1.0f - alpha);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const float32x4_t a = vld1q_f32(avg + i);
    vst1q_f32(avg + i, vaddq_f32(a, vmulq_f32(beta, vsubq_f32(vld1q_f32(x + i), a))));
  }
  smooth_c(avg + i, x + i, alpha, n - i);
}

void gain_ramp_neon(const float* x, float* out, float gain, float step, int n) {
  const float32x4_t g0 = vdupq_n_f32(gain), st = vdupq_n_f32(step), four = vdupq_n_f32(4.0f);
  static const float kIota[4] = {0.0f, 1.0f, 2.0f, 3.0f};
  float32x4_t idx = vld1q_f32(kIota);
  int i = 0;
  for (; i + 4 <= n; i += 4, idx = vaddq_f32(idx, four))
    vst1q_f32(out + i, vmulq_f32(vld1q_f32(x + i), vaddq_f32(g0, vmulq_f32(st, idx))));
  gain_ramp_c(x + i, out + i, gain, step, n - i, i);
}

}  // namespace

void spectral_dsp_init_neon(SpectralDsp* dsp) {
  dsp->power = power_neon;
  dsp->apply_gain = apply_gain_neon;
  dsp->multiply = multiply_neon;
  dsp->multiply_add = multiply_add_neon;
  dsp->sum_squares = sum_squares_neon;
  dsp->smooth = smooth_neon;
  dsp->gain_ramp = gain_ramp_neon;
}

}  // namespace audio
}  // namespace edgeav
