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
  int lambda[52];           // cost of one bit in SATD units
  int lambda2[52];          // cost of one bit in SSD units, Q4

  QuantTables();
};

const QuantTables& quant_tables();

}  // namespace h264
}  // namespace edgeav
