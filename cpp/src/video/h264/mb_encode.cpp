// Transform, quantisation and reconstruction of a macroblock whose modes are
// decided: the reconstruction is written into the frame being coded exactly
// as the decoder will rebuild it, and the levels into coef_ for the writer.
#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "video/h264/cavlc.h"
#include "video/h264/encoder_impl.h"
#include "video/h264/luma_ref.h"
#include "video/h264/tables.h"

namespace edgeav {
namespace h264 {

namespace {

int count_nonzero(const int16_t* raster, int first, int count = 16) {
  int n = 0;
  for (int i = first; i < count; i++) n += raster[i] != 0;
  return n;
}

// decimate_score16's rule on an 8x8 block in its zig-zag order: 9 if any
// |level| > 1, else each nonzero level scores by the zero run before it
// (runs of 0-3 score 3, 4-11 score 2, 12-15 score 1, longer ones nothing).
int decimate_score64(const int16_t levels[64]) {
  int score = 0, run = 0;
  for (int i = 0; i < 64; i++) {
    const int v = levels[kZigzag8x8[i]];
    if (!v) {
      run++;
      continue;
    }
    if (v > 1 || v < -1) return 9;
    score += run < 4 ? 3 : run < 12 ? 2 : run < 16 ? 1 : 0;
    run = 0;
  }
  return score;
}

// The index of the highest set bit of a nonzero *mask, cleared.
int take_highest_bit(uint32_t* mask) {
  const int b = 31 - clz32(*mask);
  *mask &= ~(1u << b);
  return b;
}

void clamp_levels(int16_t* levels, int n) {
  for (int i = 0; i < n; i++) levels[i] = static_cast<int16_t>(std::clamp<int>(levels[i], -kMaxLevel, kMaxLevel));
}

// Quantises 4 or 16 DC values with the doubled step of the DC transforms.
bool quant_dc(int16_t* dc, int n, int mf, int bias) {
  bool nonzero = false;
  for (int i = 0; i < n; i++) {
    const int c = dc[i];
    int level = static_cast<int>((static_cast<uint32_t>(std::abs(c) + 2 * bias) * static_cast<uint32_t>(mf >> 1)) >> 16);
    level = std::min(level, kMaxLevel);
    dc[i] = static_cast<int16_t>(c < 0 ? -level : level);
    nonzero |= level != 0;
  }
  return nonzero;
}

// The neighbours of an Intra4x4/Intra8x8 block: the top row (with the
// top-right, replicated where that is missing), the left column, the
// top-left sample, the top-right.
constexpr int kNeedsTop = 1, kNeedsLeft = 2, kNeedsTopLeft = 4, kNeedsTopRight = 8;
// The neighbours each mode reads.
constexpr uint8_t kModeNeeds[9] = {1, 2, 0, 1, 7, 7, 7, 1, 2};

// Which neighbours each 4x4 block of a macroblock has (bits as kNeedsTop...),
// for 4x4 blocks or, at the first 4x4 block of each, 8x8 blocks (6.4.11.4):
// a bit mask over the blocks in raster order per neighbour, those inside the
// macroblock (coded before the block) joined by those of the neighbouring
// macroblocks that exist.
class NeighbourMasks {
 public:
  NeighbourMasks(int size, bool has_left, bool has_top, bool has_top_left, bool has_top_right) {
    const bool four = size == 4;
    const uint32_t left = has_left ? ~0u : 0, top = has_top ? ~0u : 0;
    const uint32_t top_left = has_top_left ? ~0u : 0, top_right = has_top_right ? ~0u : 0;
    // Rows and columns of blocks: the top row, the left column.
    const uint32_t row0 = four ? 0x000F : 0x0005, col0 = four ? 0x1111 : 0x0101;
    const uint32_t all = four ? 0xFFFF : 0x0505;
    mask_[0] = (all & ~row0) | (top & row0);
    mask_[1] = (all & ~col0) | (left & col0);
    mask_[2] = (all & ~row0 & ~col0) | (top & row0 & ~col0) | (left & col0 & ~row0) | (top_left & 1);
    // Inside, the top-right block is decoded first only for some blocks (decoding
    // order, kBlockDecodeOrder: 4x4 blocks 4, 6, 8, 9, 10, 12, 14; 8x8 block 2); above, it is in the
    // top neighbour but for the last block of the row.
    const uint32_t last = four ? 0x0008 : 0x0004;
    mask_[3] = (four ? 0x5750 : 0x0100) | (top & row0 & ~last) | (top_right & last);
  }
  int of(int blk) const {
    return (mask_[0] >> blk & 1) | (mask_[1] >> blk & 1) << 1 | (mask_[2] >> blk & 1) << 2 | (mask_[3] >> blk & 1) << 3;
  }

 private:
  uint32_t mask_[4];
};

// The DC prediction for the neighbours there are (the order of the arguments).
int dc_variant(int available, int both, int left, int top, int none) {
  return (available & kNeedsTop) && (available & kNeedsLeft) ? both
         : available & kNeedsLeft                            ? left
         : available & kNeedsTop                             ? top
                                                             : none;
}

// predIntra4x4PredMode (8.3.1.1, and 8.3.2.1 for 8x8 blocks) from the modes
// decided last in each row and column of 4x4 blocks: the left and top
// neighbours' at first, DC (2) for one not coded in I4x4/I8x8, -1 for one
// outside the picture or slice, which makes the prediction DC.
class PredictedModes {
 public:
  PredictedModes(const MbInfo* left, const MbInfo* top) {
    for (int i = 0; i < 4; i++) {
      left_[i] = left ? dc_if_none(left->intra4x4_modes[i * 4 + 3]) : -1;
      top_[i] = top ? dc_if_none(top->intra4x4_modes[12 + i]) : -1;
    }
  }
  int predicted(int bx, int by) const {
    const int m = std::min(left_[by], top_[bx]);
    return m < 0 ? kPred4x4Dc : m;
  }
  // The block at (bx, by), `size` 4x4 blocks wide and high, is coded in `mode`.
  void set(int bx, int by, int size, int mode) {
    for (int i = 0; i < size; i++) left_[by + i] = top_[bx + i] = static_cast<int8_t>(mode);
  }

 private:
  static int8_t dc_if_none(int8_t mode) { return mode < 0 ? static_cast<int8_t>(kPred4x4Dc) : mode; }
  int8_t left_[4], top_[4];
};

// The first of the cheapest available modes by cost plus lambda times their
// bits (1 for the predicted mode, 4 for another), added to *total; chosen
// without a branch on the costs, which vary from block to block. Each mode
// is keyed by its cost and number, and the predicted one once more with its
// lower cost.
EDGEAV_ALWAYS_INLINE int cheapest_mode(const int costs[9], int available, int predicted, int lambda, int* total) {
  const auto key = [&](int mode, int bits) {
    return (kModeNeeds[mode] & ~available) ? INT_MAX : (costs[mode] + lambda * bits) << 4 | mode;
  };
  int best = key(predicted, 1);
  for (int mode = 0; mode < 9; mode++) best = std::min(best, key(mode, 4));
  *total += best >> 4;
  return best & 15;
}

uint32_t load32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
void store32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }

void hadamard2x2(const int16_t in[4], int out[4]) {
  out[0] = in[0] + in[1] + in[2] + in[3];
  out[1] = in[0] - in[1] + in[2] - in[3];
  out[2] = in[0] + in[1] - in[2] - in[3];
  out[3] = in[0] - in[1] - in[2] + in[3];
}

}  // namespace

void EncoderImpl::chroma_transform(int plane, int16_t dc[4]) {
  int16_t(*dct)[16] = dct_chroma_[plane];
  dct_.sub8x8_dct(dct, src_c(plane), src_stride_[1 + plane], dst_c(plane), fdec().chroma_stride());
  const int16_t d[4] = {dct[0][0], dct[1][0], dct[2][0], dct[3][0]};
  int f[4];
  hadamard2x2(d, f);
  for (int i = 0; i < 4; i++) dc[i] = static_cast<int16_t>(f[i]), dct[i][0] = 0;
}

void EncoderImpl::encode_intra16x16(int mode) {
  const ptrdiff_t ds = fdec().luma_stride();
  uint8_t* dst = dst_y();
  const int q = qp_;
  predict_intra16x16(mode);
  dct_.sub16x16_dct(dct_luma_, src_y(), src_stride_[0], dst, ds);
  int16_t dc[16];
  for (int i = 0; i < 16; i++) dc[i] = dct_luma_[i][0], dct_luma_[i][0] = 0;
  dct_.dct4x4dc(dc);
  const bool dc_nonzero = quant_dc(dc, 16, quant_.mf[q][0], quant_.bias_intra[q][0]);
  const int ac_mask = dct_.quant_4x4x16(dct_luma_, quant_.mf[q], quant_.bias_intra[q]);
  std::memcpy(coef_.luma_dc, dc, sizeof dc);
  coef_.cbp_luma = ac_mask ? 15 : 0;
  dec_.transform8x8 = false;
  for (int b = 0; b < 16; b++) {
    if (q < 24) clamp_levels(dct_luma_[b], 16);
    std::memcpy(coef_.luma[b], dct_luma_[b], sizeof coef_.luma[b]);
    mb_->nnz[b] = static_cast<uint8_t>(ac_mask ? count_nonzero(dct_luma_[b], 1) : 0);
    if (ac_mask >> b & 1) dct_.dequant_4x4(dct_luma_[b], quant_.dequant[q]);
  }
  // DC reconstruction (8.5.10): inverse transform of the levels, then scaling.
  dct_.idct4x4dc(dc);
  const int scale = 16 * kDequantV[q % 6][0];
  for (int i = 0; i < 16; i++) {
    const int f = dc[i] * scale;
    dct_luma_[i][0] = static_cast<int16_t>(q >= 36 ? f * (1 << (q / 6 - 6)) : (f + (1 << (5 - q / 6))) >> (6 - q / 6));
  }
  if (dc_nonzero || ac_mask) dct_.add16x16_idct(dst, ds, dct_luma_);
  dec_.type = MbType::kI16x16;
  dec_.pred16x16 = mode;
}

bool EncoderImpl::inter_chroma_is_zero(int plane) {
  return pixel_.ssd[kBlock8x8](src_c(plane), src_stride_[1 + plane], dst_c(plane), fdec().chroma_stride()) <=
         quant_.chroma_zero_ssd_inter[chroma_qp_];
}

void EncoderImpl::encode_chroma(bool intra) {
  const int q = chroma_qp_;
  const uint16_t* bias = intra ? quant_.bias_intra[q] : quant_.bias_inter[q];
  bool any_dc = false, any_ac = false;
  bool plane_ac[2], plane_zero[2] = {};
  int16_t dc[2][4];
  for (int p = 0; p < 2; p++) {
    int16_t(*dct)[16] = dct_chroma_[p];
    if (!intra && inter_chroma_is_zero(p)) {  // no transform needed for no levels
      std::memset(dc[p], 0, sizeof dc[p]);
      plane_ac[p] = false, plane_zero[p] = true;
      continue;
    }
    // Intra predictions wait in pred_u_/pred_v_; inter ones are already in the frame.
    if (intra) mc_.copy(dst_c(p), fdec().chroma_stride(), p ? pred_v_ : pred_u_, 8, 8, 8);
    chroma_transform(p, dc[p]);
    any_dc |= quant_dc(dc[p], 4, quant_.mf[q][0], bias[0]);
    int score = 0;
    bool ac = false;
    for (int b = 0; b < 4; b++) {
      if (!dct_.quant_4x4(dct[b], quant_.mf[q], bias)) continue;
      ac = true;
      if (q < 24) clamp_levels(dct[b], 16);
      if (!intra) score += dct_.decimate_score15(dct[b]);
    }
    // Inter chroma AC worth less than its bits is dropped (x264's threshold).
    if (ac && !intra && score < 7) {
      for (int b = 0; b < 4; b++) std::memset(dct[b], 0, sizeof dct[b]);
      ac = false;
    }
    plane_ac[p] = ac;
    any_ac |= ac;
  }
  coef_.cbp_chroma = any_ac ? 2 : any_dc ? 1 : 0;
  const int dc_scale = kDequantV[q % 6][0];
  for (int p = 0; p < 2; p++) {
    int16_t(*dct)[16] = dct_chroma_[p];
    std::memcpy(coef_.chroma_dc[p], dc[p], sizeof dc[p]);
    if (plane_ac[p]) {
      std::memcpy(coef_.chroma_ac[p], dct, sizeof coef_.chroma_ac[p]);
      for (int b = 0; b < 4; b++) {
        mb_->nnz_chroma[p][b] = static_cast<uint8_t>(count_nonzero(dct[b], 1));
        dct_.dequant_4x4(dct[b], quant_.dequant[q]);
      }
    } else {
      if (any_ac) std::memset(coef_.chroma_ac[p], 0, sizeof coef_.chroma_ac[p]);
      std::memset(mb_->nnz_chroma[p], 0, sizeof mb_->nnz_chroma[p]);
    }
    if (plane_zero[p]) continue;  // nothing to add to the prediction
    int f[4];
    hadamard2x2(dc[p], f);
    for (int b = 0; b < 4; b++) dct[b][0] = static_cast<int16_t>((f[b] * dc_scale * (1 << (q / 6))) >> 1);
    if (any_dc || plane_ac[p]) dct_.add8x8_idct(dst_c(p), fdec().chroma_stride(), dct);
  }
}

void EncoderImpl::predict_inter() {
  predict_inter_luma();
  predict_inter_chroma();
}

// The predictions go straight into the frame being coded; the residual is added there.
void EncoderImpl::predict_inter_luma() {
  LumaRef luma(ref(), mc_);
  const ptrdiff_t ls = fdec().luma_stride();
  for_each_partition(dec_, [&](int x4, int y4, int w4, int h4, Mv mv) {
    luma.predict(dst_y() + y4 * 4 * ls + x4 * 4, ls, mb_x_ * 16 + x4 * 4, mb_y_ * 16 + y4 * 4, mv, w4 * 4, h4 * 4);
  });
}

void EncoderImpl::predict_inter_chroma() {
  const ptrdiff_t cs = ref().chroma_stride();
  for_each_partition(dec_, [&](int x4, int y4, int w4, int h4, Mv mv) {
    // Chroma vectors are the luma ones in eighth chroma samples.
    const int cx = mb_x_ * 8 + x4 * 2 + (mv.x >> 3), cy = mb_y_ * 8 + y4 * 2 + (mv.y >> 3);
    const ptrdiff_t off = cy * cs + cx;
    for (int c = 0; c < 2; c++)
      mc_.mc_chroma(dst_c(c) + y4 * 2 * cs + x4 * 2, cs, (c ? ref().v() : ref().u()) + off, cs, mv.x & 7, mv.y & 7,
                    w4 * 2, h4 * 2);
  });
}

void EncoderImpl::encode_inter_8x8() {
  const int q = qp_;
  const ptrdiff_t ds = fdec().luma_stride();
  uint8_t* dst = dst_y();
  int16_t(*c)[64] = coef_.luma8x8;
  dct_.sub16x16_dct8(c, src_y(), src_stride_[0], dst, ds);
  // Decimation per 8x8 and for the whole macroblock, as with the 4x4 transform.
  int mask = 0, total = 0, score8[4] = {};
  for (int b8 = 0; b8 < 4; b8++)
    if (dct_.quant_8x8(c[b8], quant_.mf8[q], quant_.bias8_inter[q])) {
      if (q >= kFitLevelsQp) fit_levels_8x8(c[b8], quant_.dequant8[q]);
      score8[b8] = decimate_score64(c[b8]);
      total += score8[b8];
      mask |= 1 << b8;
    }
  for (int b8 = 0; b8 < 4; b8++) {
    if ((mask >> b8 & 1) && (total < 6 || score8[b8] < 4)) mask &= ~(1 << b8);
    if (!(mask >> b8 & 1)) {
      std::memset(c[b8], 0, sizeof c[b8]);
      continue;
    }
    reconstruct_8x8(b8);
  }
}

void EncoderImpl::reconstruct_8x8(int b8) {
  const int16_t* levels = coef_.luma8x8[b8];
  const int n = count_nonzero(levels, 0, 64);
  if (!n) return;
  coef_.cbp_luma |= 1 << b8;
  const int blk = (b8 >> 1) * 8 + (b8 & 1) * 2;  // its first 4x4 block
  for (int i : {0, 1, 4, 5}) mb_->nnz[blk + i] = static_cast<uint8_t>(std::min(n, 16));
  alignas(32) int16_t deq[64];
  std::memcpy(deq, levels, sizeof deq);
  dct_.dequant_8x8(deq, quant_.dequant8[qp_]);
  const ptrdiff_t ds = fdec().luma_stride();
  dct_.add8x8_idct8(dst_y() + (b8 >> 1) * 8 * ds + (b8 & 1) * 8, ds, deq);
}

void EncoderImpl::encode_inter() {
  const int q = qp_;
  const ptrdiff_t ds = fdec().luma_stride();
  uint8_t* dst = dst_y();  // holds the prediction (predict_inter)
  coef_.cbp_luma = 0;
  std::memset(mb_->nnz, 0, sizeof mb_->nnz);
  if (dec_.type != MbType::kPSkip && dec_.transform8x8) {
    encode_inter_8x8();
    encode_chroma(false);
  } else if (dec_.type != MbType::kPSkip) {
    dct_.sub16x16_dct(dct_luma_, src_y(), src_stride_[0], dst, ds);
    int mask = dct_.quant_4x4x16(dct_luma_, quant_.mf[q], quant_.bias_inter[q]);
    // Decimation per 8x8 and for the whole macroblock. The loops visit the set
    // bits of a mask: a test per block mispredicts as often as the blocks vary.
    int total = 0, score8[4] = {};
    for (uint32_t m = mask; m;) {
      const int b = take_highest_bit(&m);
      const int s = dct_.decimate_score16(dct_luma_[b]);
      score8[(b >> 3) * 2 + ((b & 3) >> 1)] += s;
      total += s;
    }
    for (int i8 = 0; i8 < 4; i8++) {
      const int bits = 0x33 << ((i8 >> 1) * 8 + (i8 & 1) * 2);  // the 4 blocks of 8x8 i8
      if ((mask & bits) && (total < 6 || score8[i8] < 4)) mask &= ~bits;
      if (mask & bits) coef_.cbp_luma |= 1 << i8;
    }
    for (uint32_t m = ~mask & 0xffff; m;) std::memset(coef_.luma[take_highest_bit(&m)], 0, sizeof coef_.luma[0]);
    for (uint32_t m = mask; m;) {
      const int b = take_highest_bit(&m);
      if (q < 24) clamp_levels(dct_luma_[b], 16);
      std::memcpy(coef_.luma[b], dct_luma_[b], sizeof coef_.luma[b]);
      mb_->nnz[b] = static_cast<uint8_t>(count_nonzero(dct_luma_[b], 0));
      dct_.dequant_4x4(dct_luma_[b], quant_.dequant[q]);
      dct_.add4x4_idct(dst + (b >> 2) * 4 * ds + (b & 3) * 4, ds, dct_luma_[b]);
    }
    encode_chroma(false);
  } else {
    coef_.cbp_chroma = 0;
    std::memset(mb_->nnz_chroma, 0, sizeof mb_->nnz_chroma);
  }
}

void EncoderImpl::encode_pcm() {
  mc_.copy(dst_y(), fdec().luma_stride(), src_y(), src_stride_[0], 16, 16);
  for (int p = 0; p < 2; p++) mc_.copy(dst_c(p), fdec().chroma_stride(), src_c(p), src_stride_[1 + p], 8, 8);
  dec_.type = MbType::kIPcm;
  dec_.transform8x8 = false;
  coef_.cbp_luma = coef_.cbp_chroma = 0;
  // Every block counts 16 coefficients for its neighbours' nC (9.2.1).
  std::memset(mb_->nnz, 16, sizeof mb_->nnz);
  std::memset(mb_->nnz_chroma, 16, sizeof mb_->nnz_chroma);
}

bool EncoderImpl::probe_skip(Mv mv) {
  dec_.type = MbType::kPSkip;
  dec_.part_mv[0] = mv;
  // Luma first: most probes fail there, before chroma is predicted.
  predict_inter_luma();
  const int q = qp_;
  dct_.sub16x16_dct(dct_luma_, src_y(), src_stride_[0], dst_y(), fdec().luma_stride());
  const int mask = dct_.quant_4x4x16(dct_luma_, quant_.mf[q], quant_.bias_inter[q]);
  int score = 0;
  for (int b = 0; b < 16 && score < 6; b++)
    if (mask >> b & 1) score += dct_.decimate_score16(dct_luma_[b]);
  if (score >= 6) return false;
  predict_inter_chroma();
  const int qc = chroma_qp_;
  for (int p = 0; p < 2; p++) {
    if (inter_chroma_is_zero(p)) continue;  // most are, near a skip
    int16_t(*dct)[16] = dct_chroma_[p];
    int16_t dc[4];
    chroma_transform(p, dc);
    if (quant_dc(dc, 4, quant_.mf[qc][0], quant_.bias_inter[qc][0])) return false;
    int ac_score = 0;
    for (int b = 0; b < 4; b++)
      if (dct_.quant_4x4(dct[b], quant_.mf[qc], quant_.bias_inter[qc])) ac_score += dct_.decimate_score15(dct[b]);
    if (ac_score >= 7) return false;
  }
  return true;
}

int EncoderImpl::encode_intra4x4(bool p_frame, int give_up_at) {
  const ptrdiff_t ds = fdec().luma_stride();
  uint8_t* dst = dst_y();
  const int q = qp_, lambda = quant_.lambda[q];
  const NeighbourMasks avail(4, nb_.left, nb_.top, nb_.top_left, nb_.top_right);
  PredictedModes modes(nb_.left, nb_.top);
  int total_cost = lambda * (p_frame ? 24 : 16);
  coef_.cbp_luma = 0;
  for (int n = 0; n < 16; n++) {
    const int blk = kBlockDecodeOrder[n], bx = blk & 3, by = blk >> 2;
    uint8_t* d = dst + by * 4 * ds + bx * 4;
    const uint8_t* s = src_y() + by * 4 * src_stride_[0] + bx * 4;
    const int available = avail.of(blk);
    // The edges as they lie in the frame (what a missing neighbour leaves there
    // only reaches modes that are not chosen), but for a missing top-right.
    const uint8_t* above = d - ds;
    uint8_t edge_top[9], edge_left[4];
    std::memcpy(edge_top, above - 1, 5);
    const uint32_t top_right = load32(above + 4), replicated = above[3] * 0x01010101u;
    const uint32_t has_top_right = 0u - static_cast<uint32_t>(available >> 3 & 1);  // kNeedsTopRight, as a mask
    store32(edge_top + 5, (top_right & has_top_right) | (replicated & ~has_top_right));
    for (int i = 0; i < 4; i++) edge_left[i] = d[i * ds - 1];
    predict_.pred4x4_x9(intra4x4_preds_, edge_top + 1, edge_left);
    const int dc_fn = dc_variant(available, kPred4x4Dc, kPred4x4DcLeft, kPred4x4DcTop, kPred4x4Dc128);
    if (dc_fn != kPred4x4Dc) predict_.pred4x4[dc_fn](intra4x4_preds_[kPred4x4Dc], 4, edge_top + 1, edge_left);
    int costs[9];
    pixel_.satd_x9_4x4(s, src_stride_[0], intra4x4_preds_, costs);
    const int best_mode = cheapest_mode(costs, available, modes.predicted(bx, by), lambda, &total_cost);
    if (total_cost >= give_up_at) return INT_MAX;
    modes.set(bx, by, 1, best_mode);
    for (int y = 0; y < 4; y++) std::memcpy(d + y * ds, intra4x4_preds_[best_mode] + y * 4, 4);
    mb_->intra4x4_modes[blk] = static_cast<int8_t>(best_mode);
    dec_.modes4x4[blk] = static_cast<int8_t>(best_mode);
    int16_t* c = coef_.luma[blk];
    dct_.sub4x4_dct(c, s, src_stride_[0], d, ds);
    const bool nonzero = dct_.quant_4x4(c, quant_.mf[q], quant_.bias_intra[q]) != 0;
    if (q < 24) clamp_levels(c, 16);
    mb_->nnz[blk] = static_cast<uint8_t>(nonzero ? count_nonzero(c, 0) : 0);
    if (nonzero) {
      coef_.cbp_luma |= 1 << ((by >> 1) * 2 + (bx >> 1));
      int16_t deq[16];
      std::memcpy(deq, c, sizeof deq);
      dct_.dequant_4x4(deq, quant_.dequant[q]);
      dct_.add4x4_idct(d, ds, deq);
    }
  }
  dec_.type = MbType::kI4x4;
  dec_.transform8x8 = false;
  return total_cost;
}

int EncoderImpl::encode_intra8x8(bool p_frame, int give_up_at) {
  const ptrdiff_t ds = fdec().luma_stride();
  const int q = qp_, lambda = quant_.lambda[q];
  const NeighbourMasks avail(8, nb_.left, nb_.top, nb_.top_left, nb_.top_right);
  PredictedModes modes(nb_.left, nb_.top);
  int total_cost = lambda * (p_frame ? 12 : 6);
  coef_.cbp_luma = 0;
  std::memset(mb_->nnz, 0, sizeof mb_->nnz);
  for (int b8 = 0; b8 < 4; b8++) {
    const int bx = b8 & 1, by = b8 >> 1, blk = by * 8 + bx * 2;
    uint8_t* d = dst_y() + by * 8 * ds + bx * 8;
    const uint8_t* s = src_y() + by * 8 * src_stride_[0] + bx * 8;
    const int available = avail.of(blk);
    // Entries of missing neighbours stay 0: they reach only modes that are not chosen.
    alignas(16) uint8_t edge[kIntra8x8EdgeSize] = {};
    intra8x8_edge(edge, d - ds, d - 1, ds, available & kNeedsLeft, available & kNeedsTop, available & kNeedsTopLeft,
                  available & kNeedsTopRight);
    predict_.pred8x8_x9(intra8x8_preds_, edge);
    const int dc_fn = dc_variant(available, kPred8x8Dc, kPred8x8DcLeft, kPred8x8DcTop, kPred8x8Dc128);
    if (dc_fn != kPred8x8Dc) predict_.pred8x8[dc_fn](intra8x8_preds_[kPred8x8Dc], 8, edge);
    int costs[9];
    for (int mode = 0; mode < 9; mode++) costs[mode] = pixel_.sa8d_8x8(s, src_stride_[0], intra8x8_preds_[mode], 8);
    const int best_mode = cheapest_mode(costs, available, modes.predicted(bx * 2, by * 2), lambda, &total_cost);
    if (total_cost >= give_up_at) return INT_MAX;
    modes.set(bx * 2, by * 2, 2, best_mode);
    for (int y = 0; y < 8; y++) std::memcpy(d + y * ds, intra8x8_preds_[best_mode] + y * 8, 8);
    for (int i : {0, 1, 4, 5}) mb_->intra4x4_modes[blk + i] = static_cast<int8_t>(best_mode);
    dec_.modes8x8[b8] = static_cast<int8_t>(best_mode);
    int16_t* c = coef_.luma8x8[b8];
    dct_.sub8x8_dct8(c, s, src_stride_[0], d, ds);
    if (dct_.quant_8x8(c, quant_.mf8[q], quant_.bias8_intra[q]) && q >= kFitLevelsQp)
      fit_levels_8x8(c, quant_.dequant8[q]);
    reconstruct_8x8(b8);
  }
  dec_.type = MbType::kI8x8;
  dec_.transform8x8 = true;
  return total_cost;
}

}  // namespace h264
}  // namespace edgeav
