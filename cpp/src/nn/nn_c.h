// The scalar kernels of nn_dsp.h: the C table, and the tails of the SIMD
// versions (called with pointers advanced past their vectors).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "nn/nn_dsp.h"

namespace edgeav {
namespace nn {

inline float prelu(float v, const float* slope, int o) { return slope && v < 0.0f ? slope[o] * v : v; }

inline void conv3x3_c(const float* const rows[3], float* out, int width, const ConvParams* p) {
  const int cin = p->cin, cout = p->cout;
  for (int x = 0; x < width; x++)
    for (int o = 0; o < cout; o++) {
      float sum = p->bias[o];
      for (int ky = 0; ky < 3; ky++)
        for (int kx = 0; kx < 3; kx++) {
          const float* in = rows[ky] + (x + kx) * cin;
          const float* w = p->weights + (ky * 3 + kx) * cin * cout + o;
          for (int i = 0; i < cin; i++) sum += w[i * cout] * in[i];
        }
      out[x * cout + o] = prelu(sum, p->slope, o);
    }
}

inline void conv1x1_c(const float* in, float* out, int width, const ConvParams* p) {
  const int cin = p->cin, cout = p->cout;
  for (int x = 0; x < width; x++)
    for (int o = 0; o < cout; o++) {
      float sum = p->bias[o];
      for (int i = 0; i < cin; i++) sum += p->weights[i * cout + o] * in[x * cin + i];
      out[x * cout + o] = prelu(sum, p->slope, o);
    }
}

inline void depthwise3x3_c(const float* const rows[3], float* out, int width, const ConvParams* p) {
  const int c = p->cout;
  for (int x = 0; x < width; x++)
    for (int o = 0; o < c; o++) {
      float sum = p->bias[o];
      for (int ky = 0; ky < 3; ky++)
        for (int kx = 0; kx < 3; kx++) sum += p->weights[(ky * 3 + kx) * c + o] * rows[ky][(x + kx) * c + o];
      out[x * c + o] = prelu(sum, p->slope, o);
    }
}

inline void space_to_depth2_c(const uint8_t* row0, const uint8_t* row1, float* out, int width, float scale,
                              float offset) {
  for (int x = 0; x < width; x++) {
    out[4 * x + 0] = row0[2 * x] * scale + offset;
    out[4 * x + 1] = row0[2 * x + 1] * scale + offset;
    out[4 * x + 2] = row1[2 * x] * scale + offset;
    out[4 * x + 3] = row1[2 * x + 1] * scale + offset;
  }
}

inline uint8_t add_residual(uint8_t base, float res, float scale) {
  const float v = static_cast<float>(base) + std::nearbyint(res * scale);
  return static_cast<uint8_t>(std::min(255.0f, std::max(0.0f, v)));
}

inline void depth_to_space2_add_c(const float* res, const uint8_t* base0, const uint8_t* base1, uint8_t* dst0,
                                  uint8_t* dst1, int width, float scale) {
  for (int x = 0; x < width; x++) {
    dst0[2 * x] = add_residual(base0[2 * x], res[4 * x + 0], scale);
    dst0[2 * x + 1] = add_residual(base0[2 * x + 1], res[4 * x + 1], scale);
    dst1[2 * x] = add_residual(base1[2 * x], res[4 * x + 2], scale);
    dst1[2 * x + 1] = add_residual(base1[2 * x + 1], res[4 * x + 3], scale);
  }
}

inline float sigmoid(float v) { return 1.0f / (1.0f + std::exp(-v)); }

inline void gru_gates_c(const float* gx, const float* gh, const float* h, float* h_out, int n) {
  for (int i = 0; i < n; i++) {
    const float r = sigmoid(gx[i] + gh[i]);
    const float z = sigmoid(gx[n + i] + gh[n + i]);
    const float c = std::tanh(gx[2 * n + i] + r * gh[2 * n + i]);
    h_out[i] = (1.0f - z) * c + z * h[i];
  }
}

}  // namespace nn
}  // namespace edgeav
