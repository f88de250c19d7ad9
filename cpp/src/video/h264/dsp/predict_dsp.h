// Intra prediction (8.3): 4x4 and 8x8 luma (9 modes each), 16x16 luma and
// 8x8 chroma (4 modes each), with the DC variants for missing neighbours.
// Every function but the 8x8 luma ones takes the row above (top[-1] is the
// top-left sample; 4x4 blocks read top[0..7], the caller replicating top[3]
// where the top-right is missing) and the column to the left. 8x8 luma
// prediction reads the filtered neighbours that intra8x8_edge builds.
#pragma once
#include <cstddef>
#include <cstdint>

#include "base/dsp_table.h"

namespace edgeav {
namespace h264 {

using IntraPredict = void (*)(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left);
using IntraPredict8x8 = void (*)(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge);
// All nine Intra4x4 (Intra8x8) modes of a block at once, pred[mode] stored
// row after row: what pred4x4[mode] (pred8x8[mode]) writes, the DC one
// averaging both neighbours. A mode whose neighbours are missing is predicted
// from whatever the edge holds there; the caller ignores it, and predicts the
// DC variant itself where it differs.
using IntraPredict4x4X9 = void (*)(uint8_t pred[9][16], const uint8_t* top, const uint8_t* left);
using IntraPredict8x8X9 = void (*)(uint8_t pred[9][64], const uint8_t* edge);

// The filtered neighbours p'[x, y] of an 8x8 luma block (8.3.2.2.1), in one
// line along its edge: edge[7 - y] = p'[-1, y] (the left column bottom to
// top), edge[8] = p'[-1, -1], edge[9 + x] = p'[x, -1] for x = 0..15.
constexpr int kIntra8x8EdgeSize = 25;

// Builds edge[] from the unfiltered neighbours: the top-left sample top[-1],
// the row above top[0..15] and the left column left[y * left_stride] for
// y = 0..7, reading only those that are available. Where the top-right is
// not, top[7] stands in for top[8..15] (8.3.2.2). Entries of unavailable
// neighbours are left as they were; a mode reads only entries of the
// neighbours it needs.
void intra8x8_edge(uint8_t edge[kIntra8x8EdgeSize], const uint8_t* top, const uint8_t* left, ptrdiff_t left_stride,
                   bool has_left, bool has_top, bool has_top_left, bool has_top_right);

// Intra4x4PredMode values, then the DC variants.
enum Pred4x4 {
  kPred4x4V, kPred4x4H, kPred4x4Dc, kPred4x4Ddl, kPred4x4Ddr, kPred4x4Vr, kPred4x4Hd, kPred4x4Vl, kPred4x4Hu,
  kPred4x4DcLeft, kPred4x4DcTop, kPred4x4Dc128, kPred4x4Count
};
// Intra8x8PredMode values, then the DC variants.
enum Pred8x8 {
  kPred8x8V, kPred8x8H, kPred8x8Dc, kPred8x8Ddl, kPred8x8Ddr, kPred8x8Vr, kPred8x8Hd, kPred8x8Vl, kPred8x8Hu,
  kPred8x8DcLeft, kPred8x8DcTop, kPred8x8Dc128, kPred8x8Count
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
  IntraPredict8x8 pred8x8[kPred8x8Count];
  // One call instead of nine: the mode decision prices every mode.
  IntraPredict4x4X9 pred4x4_x9;
  IntraPredict8x8X9 pred8x8_x9;
};
constexpr int kPredictDspEntries = kPred4x4Count + kPred16Count + kPredChromaCount + kPred8x8Count + 2;
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
