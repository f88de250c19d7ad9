// Macroblock layer syntax (7.3.5) in CAVLC, and the contexts it needs from
// the neighbours: nC for coeff_token (9.2.1) and the predicted Intra4x4PredMode (8.3.1.1).
#include <algorithm>

#include "video/h264/cavlc.h"
#include "video/h264/encoder_impl.h"
#include "video/h264/tables.h"

namespace edgeav {
namespace h264 {

namespace {

int average_nc(int a, int b, bool has_a, bool has_b) {
  if (has_a && has_b) return (a + b + 1) >> 1;
  return has_a ? a : has_b ? b : 0;
}

}  // namespace

int EncoderImpl::luma_nc(int blk) const {
  const int bx = blk & 3, by = blk >> 2;
  const bool has_a = bx > 0 || nb_.left, has_b = by > 0 || nb_.top;
  const int a = bx > 0 ? mb_->nnz[blk - 1] : nb_.left ? nb_.left->nnz[by * 4 + 3] : 0;
  const int b = by > 0 ? mb_->nnz[blk - 4] : nb_.top ? nb_.top->nnz[12 + bx] : 0;
  return average_nc(a, b, has_a, has_b);
}

int EncoderImpl::chroma_nc(int plane, int blk) const {
  const int bx = blk & 1, by = blk >> 1;
  const bool has_a = bx > 0 || nb_.left, has_b = by > 0 || nb_.top;
  const int a = bx > 0 ? mb_->nnz_chroma[plane][blk - 1] : nb_.left ? nb_.left->nnz_chroma[plane][by * 2 + 1] : 0;
  const int b = by > 0 ? mb_->nnz_chroma[plane][blk - 2] : nb_.top ? nb_.top->nnz_chroma[plane][2 + bx] : 0;
  return average_nc(a, b, has_a, has_b);
}

int EncoderImpl::predicted_intra4x4_mode(int blk) const {
  const int bx = blk & 3, by = blk >> 2;
  if ((bx == 0 && !nb_.left) || (by == 0 && !nb_.top)) return kPred4x4Dc;
  // Neighbours that are not I4x4 count as DC (-1 is stored for them).
  const int a = bx > 0 ? mb_->intra4x4_modes[blk - 1] : nb_.left->intra4x4_modes[by * 4 + 3];
  const int b = by > 0 ? mb_->intra4x4_modes[blk - 4] : nb_.top->intra4x4_modes[12 + bx];
  return std::min(a < 0 ? kPred4x4Dc : a, b < 0 ? kPred4x4Dc : b);
}

void EncoderImpl::write_macroblock(bool p_slice) {
  if (cabac_) {
    write_macroblock_cabac_stream(p_slice);
    return;
  }
  if (dec_.type == MbType::kPSkip) {
    skip_run_++;
    return;
  }
  if (p_slice) {
    bw_.ue(static_cast<uint32_t>(skip_run_));
    skip_run_ = 0;
  }
  const BitWriter::Mark start = bw_.mark();
  write_macroblock_layer(bw_, p_slice);
  // A macroblock may never cost more than its raw samples (the level limits of
  // A.3.1 bound it near there): at low QP on noise, send those instead.
  const size_t pcm_type_end = start.pos * 8 + start.nacc + ue_bits(p_slice ? 5 + 25 : 25);
  const size_t pcm_bits = pcm_type_end + (8 - pcm_type_end % 8) % 8 + kPcmBytes * 8;
  if (bw_.bit_count() > pcm_bits) {
    bw_.rewind(start);
    encode_pcm();
    write_macroblock_layer(bw_, p_slice);
  }
}

int EncoderImpl::macroblock_bits(bool p_slice) {
  if (cabac_) {
    store_cabac_info();
    CabacCounter counter(cabac_ctx_);
    write_macroblock_cabac(counter, p_slice);
    return counter.cost();
  }
  if (dec_.type == MbType::kPSkip) return 256;  // one more in the skip run, about a bit
  BitWriter counter;
  counter.reset(rd_scratch_, sizeof rd_scratch_);
  if (p_slice) counter.ue(0);
  write_macroblock_layer(counter, p_slice);
  return static_cast<int>(counter.bit_count()) * 256;
}

void EncoderImpl::write_pcm_samples(BitWriter& bw) {
  bw.align_zero();  // pcm_alignment_zero_bit
  for (int y = 0; y < 16; y++)
    for (int x = 0; x < 16; x++) bw.put(dst_y()[y * fdec().luma_stride() + x], 8);
  for (int p = 0; p < 2; p++)
    for (int y = 0; y < 8; y++)
      for (int x = 0; x < 8; x++) bw.put(dst_c(p)[y * fdec().chroma_stride() + x], 8);
}

void EncoderImpl::write_macroblock_layer(BitWriter& bw, bool p_slice) {
  const int intra_offset = p_slice ? 5 : 0;
  if (dec_.type == MbType::kIPcm) {
    bw.ue(static_cast<uint32_t>(intra_offset + 25));
    write_pcm_samples(bw);
    return;
  }
  switch (dec_.type) {
    case MbType::kI4x4: bw.ue(intra_offset); break;
    case MbType::kI16x16:
      bw.ue(static_cast<uint32_t>(intra_offset + 1 + dec_.pred16x16 + 4 * coef_.cbp_chroma + (coef_.cbp_luma ? 12 : 0)));
      break;
    case MbType::kP16x16: bw.ue(0); break;
    case MbType::kP16x8: bw.ue(1); break;
    case MbType::kP8x16: bw.ue(2); break;
    case MbType::kP8x8:
      bw.ue(3);
      for (int i = 0; i < 4; i++) bw.ue(0);  // sub_mb_type: P_L0_8x8
      break;
    default: break;
  }
  const bool intra = is_intra(dec_.type);
  if (dec_.type == MbType::kI4x4) {
    for (int n = 0; n < 16; n++) {
      const int blk = kBlockDecodeOrder[n];
      const int predicted = predicted_intra4x4_mode(blk), mode = dec_.modes4x4[blk];
      if (mode == predicted) {
        bw.put1(1);
      } else {
        bw.put1(0);
        bw.put(static_cast<uint32_t>(mode < predicted ? mode : mode - 1), 3);
      }
    }
  }
  if (intra) {
    bw.ue(static_cast<uint32_t>(dec_.pred_chroma));
  } else {
    const int parts = dec_.type == MbType::kP16x16 ? 1 : dec_.type == MbType::kP8x8 ? 4 : 2;
    for (int i = 0; i < parts; i++) {
      bw.se(dec_.part_mv[i].x - dec_.part_mvp[i].x);
      bw.se(dec_.part_mv[i].y - dec_.part_mvp[i].y);
    }
  }
  const int cbp = coef_.cbp_luma | coef_.cbp_chroma << 4;
  if (dec_.type != MbType::kI16x16)
    bw.ue(dec_.type == MbType::kI4x4 ? kCbpToCodeIntra[cbp] : kCbpToCodeInter[cbp]);
  if (cbp == 0 && dec_.type != MbType::kI16x16) return;
  bw.se(qp_ - last_qp_);
  if (dec_.type == MbType::kI16x16) {
    write_residual_block(bw, coef_.luma_dc, BlockKind::kLumaDc, luma_nc(0));
    if (coef_.cbp_luma)
      for (int n = 0; n < 16; n++) {
        const int blk = kBlockDecodeOrder[n];
        write_residual_block(bw, coef_.luma[blk], BlockKind::kAc, luma_nc(blk));
      }
  } else {
    for (int n = 0; n < 16; n++) {
      const int blk = kBlockDecodeOrder[n];
      if (coef_.cbp_luma >> (n >> 2) & 1) write_residual_block(bw, coef_.luma[blk], BlockKind::kLuma4x4, luma_nc(blk));
    }
  }
  if (coef_.cbp_chroma) {
    for (int p = 0; p < 2; p++) write_residual_block(bw, coef_.chroma_dc[p], BlockKind::kChromaDc, -1);
    if (coef_.cbp_chroma == 2)
      for (int p = 0; p < 2; p++)
        for (int b = 0; b < 4; b++) write_residual_block(bw, coef_.chroma_ac[p][b], BlockKind::kAc, chroma_nc(p, b));
  }
}

}  // namespace h264
}  // namespace edgeav
