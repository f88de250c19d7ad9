// Mode decision: which intra or inter coding of a macroblock costs least,
// by SATD plus lambda times the bits of its side information (x264's analyse.c).
#include <algorithm>
#include <climits>
#include <cstring>

#include "video/h264/encoder_impl.h"

namespace edgeav {
namespace h264 {

namespace {

void gather_left(const uint8_t* dst, ptrdiff_t stride, int n, uint8_t* left) {
  for (int i = 0; i < n; i++) left[i] = dst[i * stride - 1];
}

int sum16(const uint8_t* p) {
  int s = 0;
  for (int i = 0; i < 16; i++) s += p[i];
  return s;
}

// The value of the Intra16x16 DC prediction from the neighbours there are (8.3.3.3).
int dc16x16(const uint8_t* top, const uint8_t* left, bool has_top, bool has_left) {
  if (has_top && has_left) return (sum16(top) + sum16(left) + 16) >> 5;
  if (has_top || has_left) return (sum16(has_top ? top : left) + 8) >> 4;
  return 128;
}

}  // namespace

int EncoderImpl::intra16x16_cost(int* best_mode) {
  const ptrdiff_t ds = fdec().luma_stride();
  const uint8_t* dst = dst_y();
  const bool left = nb_.left, top = nb_.top, both = left && top && nb_.top_left;
  uint8_t edge_left[16];
  gather_left(dst, ds, 16, edge_left);
  const uint8_t* edge_top = dst - ds;
  int costs[4];  // V, H, DC, plane: the order of the modes
  pixel_.intra_satd_x3_16x16(src_y(), src_stride_[0], edge_top, edge_left, dc16x16(edge_top, edge_left, top, left),
                             costs);
  if (both) {
    predict_.pred16x16[kPred16Plane](scratch_, 16, edge_top, edge_left);
    costs[kPred16Plane] = pixel_.satd[kBlock16x16](src_y(), src_stride_[0], scratch_, 16);
  }
  // The first of the cheapest modes, without a branch on costs that vary from block to block.
  int best = INT_MAX;
  for (int mode = 0; mode < 4; mode++) {
    const bool available = mode == kPred16V ? top : mode == kPred16H ? left : mode == kPred16Dc || both;
    best = std::min(best, available ? costs[mode] << 2 | mode : INT_MAX);
  }
  *best_mode = best & 3;
  return (best >> 2) + quant_.lambda[qp_] * 4;
}

void EncoderImpl::predict_intra16x16(int mode) {
  const ptrdiff_t ds = fdec().luma_stride();
  uint8_t* dst = dst_y();
  const bool left = nb_.left, top = nb_.top;
  uint8_t edge_left[16];
  gather_left(dst, ds, 16, edge_left);
  if (mode == kPred16Dc) mode = left && top ? kPred16Dc : left ? kPred16DcLeft : top ? kPred16DcTop : kPred16Dc128;
  predict_.pred16x16[mode](dst, ds, dst - ds, edge_left);
}

double EncoderImpl::intra_satd_per_mb() const {
  const ptrdiff_t stride = src_stride_[0];
  int64_t sum = 0;
  for (int my = 0; my < mb_h_; my++)
    for (int mx = 0; mx < mb_w_; mx++) {
      const uint8_t* src = src_[0] + my * 16 * stride + mx * 16;
      uint8_t top[16], left[16];
      int dc = 0, edges = 0;
      for (int i = 0; i < 16; i++) {
        top[i] = my ? src[i - stride] : 128;
        left[i] = mx ? src[i * stride - 1] : 128;
        dc += (my ? top[i] : 0) + (mx ? left[i] : 0);
      }
      edges = (my ? 16 : 0) + (mx ? 16 : 0);
      int costs[3];
      pixel_.intra_satd_x3_16x16(src, stride, top, left, edges ? (dc + edges / 2) / edges : 128, costs);
      int best = costs[2];
      if (my) best = std::min(best, costs[0]);
      if (mx) best = std::min(best, costs[1]);
      sum += best;
    }
  return static_cast<double>(sum) / (mb_w_ * mb_h_);
}

int EncoderImpl::chroma_intra_mode() {
  const ptrdiff_t ds = fdec().chroma_stride();
  const bool left = nb_.left, top = nb_.top, both = left && top && nb_.top_left;
  const int dc_fn = left && top ? kPredChromaDc : left ? kPredChromaDcLeft : top ? kPredChromaDcTop : kPredChromaDc128;
  // Every available mode of both planes, each from a call of its own (one target per call site).
  uint8_t(*preds)[2][64] = chroma_preds_;
  for (int p = 0; p < 2; p++) {
    const uint8_t* dst = dst_c(p);
    uint8_t edge_left[8];
    gather_left(dst, ds, 8, edge_left);
    predict_.pred_chroma[dc_fn](preds[kPredChromaDc][p], 8, dst - ds, edge_left);
    if (left) predict_.pred_chroma[kPredChromaH](preds[kPredChromaH][p], 8, dst - ds, edge_left);
    if (top) predict_.pred_chroma[kPredChromaV](preds[kPredChromaV][p], 8, dst - ds, edge_left);
    if (both) predict_.pred_chroma[kPredChromaPlane](preds[kPredChromaPlane][p], 8, dst - ds, edge_left);
  }
  int best = INT_MAX;  // the first of the cheapest, keyed by cost and mode
  for (int mode = 0; mode < 4; mode++) {
    if ((mode == kPredChromaV && !top) || (mode == kPredChromaH && !left) || (mode == kPredChromaPlane && !both)) continue;
    const int cost = pixel_.satd[kBlock8x8](src_c(0), src_stride_[1], preds[mode][0], 8) +
                     pixel_.satd[kBlock8x8](src_c(1), src_stride_[2], preds[mode][1], 8);
    best = std::min(best, cost << 2 | mode);
  }
  const int mode = best & 3;
  std::memcpy(pred_u_, preds[mode][0], sizeof pred_u_);
  std::memcpy(pred_v_, preds[mode][1], sizeof pred_v_);
  return mode;
}

bool EncoderImpl::analyse_intra(bool p_frame, int inter_cost) {
  int mode16 = kPred16Dc;
  const int cost16 = intra16x16_cost(&mode16) + (p_frame ? quant_.lambda[qp_] * 6 : 0);
  // I4x4 and I8x8 code as they decide (each block predicts from the previous blocks'
  // reconstruction), so they are tried only where intra may win.
  const bool try_nxn = tools_.intra4x4 && (!p_frame || (tools_.intra4x4_in_p && cost16 < inter_cost * 1.25));
  // Either is chosen only below the other costs (below cost16 alone when intra is forced).
  const int limit = force_intra_ ? cost16 : std::min(cost16, inter_cost);
  const int cost8 = try_nxn && cabac_ ? encode_intra8x8(p_frame, limit) : INT_MAX;
  const int cost4 = try_nxn ? encode_intra4x4(p_frame, std::min(limit, cost8)) : INT_MAX;
  const int cost_nxn = std::min(cost4, cost8);
  if (!force_intra_ && std::min(cost_nxn, cost16) >= inter_cost) return false;
  if (cost16 <= cost_nxn)
    encode_intra16x16(mode16);
  else if (cost8 < cost4)
    encode_intra8x8(p_frame);  // I4x4's try wrote over it
  dec_.pred_chroma = chroma_intra_mode();
  encode_chroma(true);
  return true;
}

bool EncoderImpl::prefers_8x8_transform(int satd16x16) {
  // x264's rule without RD: the transform whose Hadamard cost of the residual is lower.
  if (!cabac_) return false;
  const ptrdiff_t ds = fdec().luma_stride();
  const uint8_t* dst = dst_y();
  if (satd16x16 < 0) satd16x16 = pixel_.satd[kBlock16x16](src_y(), src_stride_[0], dst, ds);
  return pixel_.sa8d_16x16(src_y(), src_stride_[0], dst, ds) < satd16x16;
}

void EncoderImpl::skip_if_nothing_coded(Mv skip) {
  if (dec_.type == MbType::kP16x16 && coef_.cbp_luma == 0 && coef_.cbp_chroma == 0 && dec_.part_mv[0] == skip)
    dec_.type = MbType::kPSkip;
}

void EncoderImpl::analyse_inter() {
  load_mv_cache();
  const Mv skip = skip_mv();
  // Skips come in areas: probing one first pays off only next to another skip
  // (x264's fast P-skip); elsewhere a 16x16 at the skip vector with nothing
  // to code becomes a skip after the search.
  auto is_skip = [](const MbInfo* m) { return m && m->type == MbType::kPSkip; };
  const bool skip_nearby = !tools_.fast_skip || is_skip(nb_.left) || is_skip(nb_.top) || is_skip(nb_.top_left) ||
                           is_skip(nb_.top_right) || (!nb_.left && !nb_.top);
  // Without a top neighbour (a slice's first row) P-skip falls back to the zero vector,
  // which is no skip at all where the left neighbour moves.
  const bool zero_fallback = !nb_.top && nb_.left && !(nb_.left->mv[3] == Mv{});
  if (!force_intra_ && skip_nearby && !zero_fallback && probe_skip(skip)) {
    encode_inter();
    return;
  }
  const int lambda = quant_.lambda[qp_];
  const Mv mvp = predict_mv(0, 0, 4, 4);
  Mv mv;
  int satd16x16;  // of the 16x16 prediction, where the search measured it
  int best = search_partition(0, 0, kBlock16x16, mvp, &mv, &satd16x16) + lambda * 1;
  MbDecision inter;
  inter.type = MbType::kP16x16;
  inter.part_mv[0] = mv, inter.part_mvp[0] = mvp;
  if (tools_.sub_partitions && best > 96 * lambda) {
    // 8x8 partitions, each predicted from the ones already chosen.
    MbDecision split;
    split.type = MbType::kP8x8;
    int cost8 = lambda * 8;
    for (int i = 0; i < 4; i++) {
      const int x4 = (i & 1) * 2, y4 = (i >> 1) * 2;
      split.part_mvp[i] = predict_mv(x4, y4, 2, 2);
      cost8 += search_partition(x4, y4, kBlock8x8, split.part_mvp[i], &split.part_mv[i]);
      set_cache_partition(x4, y4, 2, 2, split.part_mv[i]);
    }
    load_mv_cache();
    if (cost8 < best) best = cost8, inter = split;
    // 16x8 and 8x16 halves.
    for (int shape = 0; shape < 2; shape++) {
      MbDecision halves;
      halves.type = shape ? MbType::kP8x16 : MbType::kP16x8;
      int cost = lambda * 3;
      for (int i = 0; i < 2; i++) {
        const int x4 = shape ? i * 2 : 0, y4 = shape ? 0 : i * 2, w4 = shape ? 2 : 4, h4 = shape ? 4 : 2;
        halves.part_mvp[i] = predict_mv(x4, y4, w4, h4);
        cost += search_partition(x4, y4, shape ? kBlock8x16 : kBlock16x8, halves.part_mvp[i], &halves.part_mv[i]);
        set_cache_partition(x4, y4, w4, h4, halves.part_mv[i]);
      }
      load_mv_cache();
      if (cost < best) best = cost, inter = halves;
    }
  }
  const bool intra_hopeless = tools_.intra_gate && best < 1024 + 16 * lambda;
  if (tools_.rd_refine && !force_intra_) {
    // The best partitioning, the plain 16x16 and the skip, then intra, all priced in bits and SSD.
    MbDecision candidates[3];
    int n = 0;
    candidates[n++] = inter;
    if (inter.type != MbType::kP16x16) {
      candidates[n].type = MbType::kP16x16;
      candidates[n].part_mv[0] = mv, candidates[n].part_mvp[0] = mvp;
      n++;
    }
    candidates[n].type = MbType::kPSkip;
    candidates[n++].part_mv[0] = skip;
    int mode16;
    rd_choose(candidates, n, intra16x16_cost(&mode16) < best * 2);
    return;
  }
  if ((force_intra_ || !intra_hopeless) && analyse_intra(true, best)) return;
  dec_.type = inter.type;
  for (int i = 0; i < 4; i++) dec_.part_mv[i] = inter.part_mv[i], dec_.part_mvp[i] = inter.part_mvp[i];
  predict_inter();
  dec_.transform8x8 = prefers_8x8_transform(inter.type == MbType::kP16x16 ? satd16x16 : -1);
  encode_inter();
  skip_if_nothing_coded(skip);
}

}  // namespace h264
}  // namespace edgeav
