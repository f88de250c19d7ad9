// The deblocking edge filters (8.7.2.3, 8.7.2.4). `pix` points at q0 of the
// first sample row (vertical edge) or column (horizontal edge) across the
// edge; luma filters 16 samples along the edge. Chroma filters the edge at
// the same place in both planes, `u` and `v` (the q0 of each), 8 samples
// along it in each, with the same thresholds. tc0 holds tC0 for each quarter
// of the edge (4 luma / 2 chroma samples), negative where bS = 0.
#pragma once
#include <cstddef>
#include <cstdint>

#include "base/dsp_table.h"

namespace edgeav {
namespace h264 {

using DeblockEdge = void (*)(uint8_t* pix, ptrdiff_t stride, int alpha, int beta, const int8_t tc0[4]);
using DeblockEdgeIntra = void (*)(uint8_t* pix, ptrdiff_t stride, int alpha, int beta);
using DeblockChromaEdge = void (*)(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta,
                                   const int8_t tc0[4]);
using DeblockChromaEdgeIntra = void (*)(uint8_t* u, uint8_t* v, ptrdiff_t stride, int alpha, int beta);

struct DeblockDsp {
  DeblockEdge luma_vertical;    // edge between columns: samples run along a row
  DeblockEdge luma_horizontal;  // edge between rows
  DeblockEdgeIntra luma_intra_vertical;  // bS = 4
  DeblockEdgeIntra luma_intra_horizontal;
  DeblockChromaEdge chroma_vertical;
  DeblockChromaEdge chroma_horizontal;
  DeblockChromaEdgeIntra chroma_intra_vertical;
  DeblockChromaEdgeIntra chroma_intra_horizontal;
};
constexpr int kDeblockDspEntries = 8;
EDGEAV_DSP_TABLE_SIZE_CHECK(DeblockDsp, kDeblockDspEntries);

void deblock_dsp_init(DeblockDsp* dsp, uint32_t cpu_flags);
void deblock_dsp_init_c(DeblockDsp* dsp);
void deblock_dsp_init_sse2(DeblockDsp* dsp);
void deblock_dsp_init_avx2(DeblockDsp* dsp);
void deblock_dsp_init_neon(DeblockDsp* dsp);
const DeblockDsp& deblock_dsp();
const DspTableInfo& deblock_dsp_info();

}  // namespace h264
}  // namespace edgeav
