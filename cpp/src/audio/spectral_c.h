// The scalar kernels of spectral_dsp.h: the C table, and the tails of the
// SIMD versions (which call them with pointers advanced past their vectors).
#pragma once

namespace edgeav {
namespace audio {

inline void power_c(const float* bins, float* power, int count) {
  for (int k = 0; k < count; k++) power[k] = bins[2 * k] * bins[2 * k] + bins[2 * k + 1] * bins[2 * k + 1];
}

inline void apply_gain_c(const float* bins, const float* gain, float* out, int count) {
  for (int k = 0; k < count; k++) out[2 * k] = bins[2 * k] * gain[k], out[2 * k + 1] = bins[2 * k + 1] * gain[k];
}

inline void multiply_c(const float* a, const float* b, float* out, int n) {
  for (int i = 0; i < n; i++) out[i] = a[i] * b[i];
}

inline void multiply_add_c(const float* a, const float* b, const float* c, float* out, int n) {
  for (int i = 0; i < n; i++) out[i] = a[i] * b[i] + c[i];
}

inline float sum_squares_c(const float* x, int n) {
  float s = 0.0f;
  for (int i = 0; i < n; i++) s += x[i] * x[i];
  return s;
}

inline void smooth_c(float* avg, const float* x, float alpha, int n) {
  const float beta = 1.0f - alpha;
  for (int i = 0; i < n; i++) avg[i] += beta * (x[i] - avg[i]);
}

// `first` is the index of x[0] within the frame, so a tail continues the ramp.
inline void gain_ramp_c(const float* x, float* out, float gain, float step, int n, int first = 0) {
  for (int i = 0; i < n; i++) out[i] = x[i] * (gain + step * static_cast<float>(first + i));
}

}  // namespace audio
}  // namespace edgeav
