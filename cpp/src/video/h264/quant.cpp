#include "video/h264/quant.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "video/h264/dsp/dct_dsp.h"
#include "video/h264/tables.h"

namespace edgeav {
namespace h264 {

namespace {

// A level is 0 while (|c| + bias) * mf <= 65535: the largest such |c| (< 0: none).
int64_t largest_zero_coef(int mf, int bias) { return 65535 / mf - bias; }

// By Cauchy-Schwarz a coefficient is at most the norm of its basis function
// times the square root of the residual's SSD. A 4x4 coefficient's basis has
// the squared norm n_u n_v (rows of squared norm 4, 10, 4, 10); a chroma DC is
// the 2x2 Hadamard of the four blocks' sums, +-1 over all 64 samples (squared
// norm 64), quantised with mf / 2 and 2 bias (quant_dc).
int zero_ssd_8x8_chroma(const uint16_t mf[16], const uint16_t bias[16]) {
  static constexpr int64_t kRowNorm[4] = {4, 10, 4, 10};
  const int64_t dc = largest_zero_coef(mf[0] >> 1, 2 * bias[0]);
  if (dc < 0) return -1;
  int64_t ssd = dc * dc / 64;
  for (int i = 1; i < 16; i++) {
    const int64_t c = largest_zero_coef(mf[i], bias[i]);
    if (c < 0) return -1;
    ssd = std::min(ssd, c * c / (kRowNorm[i >> 2] * kRowNorm[i & 3]));
  }
  return static_cast<int>(ssd);
}

}  // namespace

QuantTables::QuantTables() {
  for (int qp = 0; qp < 52; qp++) {
    const int shift = qp / 6;
    for (int i = 0; i < 16; i++) {
      const int cls = kCoeffClass[i];
      const int base = kQuantMf[qp % 6][cls];
      const int m = shift ? base >> (shift - 1) : base << 1;
      mf[qp][i] = static_cast<uint16_t>(m);
      bias_intra[qp][i] = static_cast<uint16_t>((65536 / 3 + m / 2) / m);
      bias_inter[qp][i] = static_cast<uint16_t>((65536 / 6 + m / 2) / m);
      dequant[qp][i] = kDequantV[qp % 6][cls] << shift;
    }
    static const double kNorm[8] = {8, 578 / 64.0, 5, 578 / 64.0, 8, 578 / 64.0, 5, 578 / 64.0};
    for (int i = 0; i < 64; i++) {
      const int v = kNormAdjust8x8[qp % 6][kCoeffClass8x8[i]];
      const int m = static_cast<int>(std::lround(std::ldexp(1.0, 24 - shift) / (v * kNorm[i >> 3] * kNorm[i & 7])));
      mf8[qp][i] = static_cast<uint16_t>(m);
      bias8_intra[qp][i] = static_cast<uint16_t>((65536 / 3 + m / 2) / m);
      bias8_inter[qp][i] = static_cast<uint16_t>((65536 / 6 + m / 2) / m);
      dequant8[qp][i] = v << shift;
    }
    chroma_zero_ssd_inter[qp] = zero_ssd_8x8_chroma(mf[qp], bias_inter[qp]);
    // x264's choices: lambda = 2^(qp/6 - 2) for SATD costs, and for SSD
    // 0.9 * lambda^2 (so RD and SATD decisions agree on average).
    const double l = std::pow(2.0, qp / 6.0 - 2.0);
    lambda[qp] = l < 1 ? 1 : static_cast<int>(l + 0.5);
    lambda2[qp] = static_cast<int>(0.9 * l * l * 16 + 0.5) + 1;
  }
}

bool fit_levels_8x8(int16_t levels[64], const int32_t scale[64]) {
  bool changed = false;
  for (;;) {
    int16_t d[64];
    int largest = 0;
    for (int i = 0; i < 64; i++) {
      d[i] = static_cast<int16_t>((levels[i] * scale[i] + 2) >> 2);  // dequant_8x8
      if (std::abs(levels[i] * scale[i]) > std::abs(levels[largest] * scale[largest])) largest = i;
    }
    if (idct8_in_range(d)) return changed;
    levels[largest] = static_cast<int16_t>(levels[largest] - (levels[largest] > 0 ? 1 : -1));
    changed = true;
  }
}

const QuantTables& quant_tables() {
  static const QuantTables tables;
  return tables;
}

}  // namespace h264
}  // namespace edgeav
