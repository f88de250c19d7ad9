// Rate-distortion decisions (the slower presets): each candidate coding of a
// macroblock is carried out in full and priced as SSD + lambda * bits.
#include <climits>
#include <cstring>

#include "video/h264/encoder_impl.h"

namespace edgeav {
namespace h264 {

int64_t EncoderImpl::rd_cost(bool p_slice) {
  const ptrdiff_t ls = fdec().luma_stride(), cs = fdec().chroma_stride();
  int64_t ssd = pixel_.ssd[kBlock16x16](src_y(), src_stride_[0], dst_y(), ls);
  for (int p = 0; p < 2; p++) ssd += pixel_.ssd[kBlock8x8](src_c(p), src_stride_[1 + p], dst_c(p), cs);
  // lambda2 is Q4, the bits Q8.
  return ssd * 16 + ((static_cast<int64_t>(quant_.lambda2[qp_]) * macroblock_bits(p_slice)) >> 8);
}

void EncoderImpl::save(Snapshot* s) {
  const ptrdiff_t ls = fdec().luma_stride(), cs = fdec().chroma_stride();
  for (int y = 0; y < 16; y++) std::memcpy(s->y + 16 * y, dst_y() + y * ls, 16);
  for (int y = 0; y < 8; y++) {
    std::memcpy(s->u + 8 * y, dst_c(0) + y * cs, 8);
    std::memcpy(s->v + 8 * y, dst_c(1) + y * cs, 8);
  }
  s->coef = coef_, s->dec = dec_, s->info = *mb_;
}

void EncoderImpl::restore(const Snapshot& s) {
  const ptrdiff_t ls = fdec().luma_stride(), cs = fdec().chroma_stride();
  for (int y = 0; y < 16; y++) std::memcpy(dst_y() + y * ls, s.y + 16 * y, 16);
  for (int y = 0; y < 8; y++) {
    std::memcpy(dst_c(0) + y * cs, s.u + 8 * y, 8);
    std::memcpy(dst_c(1) + y * cs, s.v + 8 * y, 8);
  }
  coef_ = s.coef, dec_ = s.dec, *mb_ = s.info;
}

void EncoderImpl::rd_choose(const MbDecision* candidates, int count, bool try_intra) {
  Snapshot best;
  int64_t best_cost = INT64_MAX;
  auto consider = [&] {
    const int64_t cost = rd_cost(true);
    if (cost < best_cost) best_cost = cost, save(&best);
  };
  const Mv skip = skip_mv();
  for (int i = 0; i < count; i++) {
    dec_ = candidates[i];
    predict_inter();
    dec_.transform8x8 = prefers_8x8_transform();
    encode_inter();
    skip_if_nothing_coded(skip);
    consider();
  }
  if (try_intra) {
    int mode16 = kPred16Dc;
    intra16x16_cost(&mode16);
    encode_intra16x16(mode16);
    dec_.pred_chroma = chroma_intra_mode();
    encode_chroma(true);
    consider();
    if (tools_.intra4x4) {
      encode_intra4x4(true);
      dec_.pred_chroma = chroma_intra_mode();
      encode_chroma(true);
      consider();
    }
    if (tools_.intra4x4 && cabac_) {
      encode_intra8x8(true);
      dec_.pred_chroma = chroma_intra_mode();
      encode_chroma(true);
      consider();
    }
  }
  restore(best);
}

}  // namespace h264
}  // namespace edgeav
