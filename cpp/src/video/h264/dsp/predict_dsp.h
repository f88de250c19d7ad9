// Intra prediction (8.3): 4x4 luma (9 modes), 16x16 luma and 8x8 chroma
// (4 modes each), with the DC variants for missing neighbours. Every function
// takes the row above (top[-1] is the top-left sample; 4x4 blocks read
// top[0..7], the caller replicating top[3] where the top-right is missing)
// and the column to the left.
#pragma once
#include <cstddef>
#include <cstdint>

#include "base/dsp_table.h"

namespace edgeav {
namespace h264 {

using IntraPredict = void (*)(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left);

// Intra4x4PredMode values, then the DC variants.
enum Pred4x4 {
  kPred4x4V, kPred4x4H, kPred4x4Dc, kPred4x4Ddl, kPred4x4Ddr, kPred4x4Vr, kPred4x4Hd, kPred4x4Vl, kPred4x4Hu,
  kPred4x4DcLeft, kPred4x4DcTop, kPred4x4Dc128, kPred4x4Count
};
// Intra16x16PredMode and intra_chroma_pred_mode values (note the different
// numbering of the two), then the DC variants.
enum Pred16x16 { kPred16V, kPred16H, kPred16Dc, kPred16Plane, kPred16DcLeft, kPred16DcTop, kPred16Dc128, kPred16Count };
enum PredChroma {
  kPredChromaDc, kPredChromaH, kPredChromaV, kPredChromaPlane, kPredChromaDcLeft, kPredChromaDcTop, kPredChromaDc128,
  kPredChromaCount
};

struct PredictDsp {
  IntraPredict pred4x4[kPred4x4Count];
  IntraPredict pred16x16[kPred16Count];
  IntraPredict pred_chroma[kPredChromaCount];
};
constexpr int kPredictDspEntries = kPred4x4Count + kPred16Count + kPredChromaCount;
EDGEAV_DSP_TABLE_SIZE_CHECK(PredictDsp, kPredictDspEntries);

void predict_dsp_init(PredictDsp* dsp, uint32_t cpu_flags);
void predict_dsp_init_c(PredictDsp* dsp);
void predict_dsp_init_sse2(PredictDsp* dsp);
void predict_dsp_init_avx2(PredictDsp* dsp);
void predict_dsp_init_neon(PredictDsp* dsp);
const PredictDsp& predict_dsp();
const DspTableInfo& predict_dsp_info();

}  // namespace h264
}  // namespace edgeav
