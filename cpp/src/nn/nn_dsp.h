// Kernels of the neural inference core and their dispatch table.
//
// Activations are float32 rows in HWC order: pixel x of a row with C channels
// holds its channels at [x*C, x*C + C). Convolutions are "valid": a 3x3 layer
// reads input pixels x..x+2 of three rows to write output pixel x, so its
// input rows are two pixels wider than its output row (callers pad, see
// nn/conv_net.h). Weights are HWIO, output channels innermost, so SIMD
// versions vectorise over output channels:
//   conv3x3   w[((ky*3 + kx)*cin + i)*cout + o]
//   conv1x1   w[i*cout + o]                    (a dense layer is a 1x1 conv of one pixel)
//   depthwise w[(ky*3 + kx)*C + c]             (cin == cout == C)
// then out = bias[o] + sum, and, when slope is set, PReLU: out < 0 ? slope[o] * out : out.
//
// The C versions (nn_c.h) are the specification. SIMD versions fuse
// multiply-adds and sum in another order: checkasm accepts 2^-18 of the sum
// of |w|*|x| over each output's terms for the convolutions
// (cpp/tests/checkasm/nn.cpp); the layout kernels are bit-exact; gru_gates
// computes sigmoid and tanh by polynomials within 2^-20 absolute.
#pragma once
#include <cstdint>

#include "base/dsp_table.h"

namespace edgeav {
namespace nn {

// One layer's parameters. cout is a multiple of 4 (SIMD vectors hold 4 or 8
// channels); cin is any count for conv3x3/conv1x1.
struct ConvParams {
  int cin, cout;
  const float* weights;
  const float* bias;
  const float* slope;  // PReLU slopes, or nullptr for none
};

// out row (width pixels, cout channels) from three input rows of width + 2 pixels.
using Conv3x3Row = void (*)(const float* const rows[3], float* out, int width, const ConvParams* p);
// out row from an input row of the same width (in != out).
using Conv1x1Row = void (*)(const float* in, float* out, int width, const ConvParams* p);
// Per-channel 3x3: out row (width pixels) from three rows of width + 2 pixels.
using Depthwise3x3Row = void (*)(const float* const rows[3], float* out, int width, const ConvParams* p);
// Space-to-depth of two uint8 rows into one 4-channel row of `width` pixels:
//   out[4x + 2r + c] = row_r[2x + c] * scale + offset.
using SpaceToDepth2Row = void (*)(const uint8_t* row0, const uint8_t* row1, float* out, int width, float scale,
                                  float offset);
// Depth-to-space with a residual add: for r, c in {0, 1} and x < width,
//   dst_r[2x + c] = clamp(base_r[2x + c] + nearbyint(res[4x + 2r + c] * scale), 0, 255)
// (nearbyint rounds half to even, as cvtps2dq and fcvtns do).
using DepthToSpace2AddRow = void (*)(const float* res, const uint8_t* base0, const uint8_t* base1, uint8_t* dst0,
                                     uint8_t* dst1, int width, float scale);
// The gates of a GRU cell (PyTorch's convention) from gx = W x + b_w and
// gh = U h + b_u, each [r | z | n] of 3n floats:
//   r = sigmoid(gx_r + gh_r), z = sigmoid(gx_z + gh_z), c = tanh(gx_n + r * gh_n),
//   h_out = (1 - z) * c + z * h.   h_out may be h.
using GruGates = void (*)(const float* gx, const float* gh, const float* h, float* h_out, int n);

struct NnDsp {
  Conv3x3Row conv3x3;
  Conv1x1Row conv1x1;
  Depthwise3x3Row depthwise3x3;
  SpaceToDepth2Row space_to_depth2;
  DepthToSpace2AddRow depth_to_space2_add;
  GruGates gru_gates;
};
constexpr int kNnDspEntries = 6;
EDGEAV_DSP_TABLE_SIZE_CHECK(NnDsp, kNnDspEntries);

void nn_dsp_init(NnDsp* dsp, uint32_t cpu_flags);
void nn_dsp_init_c(NnDsp* dsp);
void nn_dsp_init_sse2(NnDsp* dsp);
void nn_dsp_init_avx2(NnDsp* dsp);  // AVX2 + FMA
void nn_dsp_init_neon(NnDsp* dsp);

const NnDsp& nn_dsp();
const DspTableInfo& nn_dsp_info();

}  // namespace nn
}  // namespace edgeav
