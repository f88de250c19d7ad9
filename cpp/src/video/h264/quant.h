// Per-QP quantisation, dequantisation and lambda tables, built once.
#pragma once
#include <cstdint>

namespace edgeav {
namespace h264 {

struct QuantTables {
  // level = ((|c| + bias) * mf) >> 16, i.e. (|c| * MF + f) >> (15 + qp / 6) with
  // the dead zone f = 1/3 (intra) or 1/6 (inter) of a step.
  uint16_t mf[52][16];
  uint16_t bias_intra[52][16];
  uint16_t bias_inter[52][16];
  int32_t dequant[52][16];  // V << (qp / 6)
  // The same for the 8x8 transform (raster positions). The forward basis
  // rows have squared norms n = 8, 578/64, 5, 578/64, 8, ..., and 8.5.13.2
  // gives back the residual from 64 c / (n_row n_col); a decoder scales a
  // level by v 2^(qp/6) / 4 (v = normAdjust8x8), hence
  // mf8 = 2^(24 - qp/6) / (v n_row n_col), rounded.
  uint16_t mf8[52][64];
  uint16_t bias8_intra[52][64];
  uint16_t bias8_inter[52][64];
  // v << (qp / 6): dequant_8x8's (c * scale + 2) >> 2 is then 8.5.13.1 with
  // flat weights (LevelScale8x8 = 16 v) at every QP.
  int32_t dequant8[52][64];
  // The largest SSD of an 8x8 chroma residual whose every level (2x2 DC and
  // 4x4 AC, inter dead zone) is certain to quantise to 0; -1 if none is.
  int chroma_zero_ssd_inter[52];
  int lambda[52];           // cost of one bit in SATD units
  int lambda2[52];          // cost of one bit in SSD units, Q4

  QuantTables();
};

// Rounding many 8x8 levels up can take the reconstruction of +-255 noise
// out of 8.5.13.2's 16-bit range at the top QPs (49..51, about 1 block in
// 4000 at 51), which a conforming stream must not do. Call after quant_8x8
// with scale = dequant8[qp]: while the dequantised block is out of range,
// the level with the largest dequantised magnitude moves one step toward
// zero. Returns whether any level changed (a level may have become 0).
bool fit_levels_8x8(int16_t levels[64], const int32_t scale[64]);

const QuantTables& quant_tables();

}  // namespace h264
}  // namespace edgeav
