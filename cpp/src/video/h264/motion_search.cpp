// Motion vector prediction (8.4.1.3), the P_Skip vector (8.4.1.1), and the
// motion search: best of several predictors, a diamond or hexagon walk at
// full samples, then half- and quarter-sample refinement by SATD.
#include <algorithm>
#include <climits>
#include <cstdlib>

#include "video/h264/encoder_impl.h"
#include "video/h264/luma_ref.h"

namespace edgeav {
namespace h264 {

void EncoderImpl::load_mv_cache() {
  for (auto& row : cache_.ref) std::fill(row, row + 6, static_cast<int8_t>(MvCache::kNotAvailable));
  for (auto& row : cache_.mv) std::fill(row, row + 6, Mv{});
  auto take = [&](const MbInfo* m, int blk, int x4, int y4) {
    if (!m) return;
    cache_.ref_at(x4, y4) = is_intra(m->type) ? MvCache::kIntra : 0;
    cache_.at(x4, y4) = m->mv[blk];
  };
  for (int x4 = 0; x4 < 4; x4++) take(nb_.top, 12 + x4, x4, -1);
  take(nb_.top_left, 15, -1, -1);
  take(nb_.top_right, 12, 4, -1);
  for (int y4 = 0; y4 < 4; y4++) take(nb_.left, y4 * 4 + 3, -1, y4);
}

void EncoderImpl::set_cache_partition(int x4, int y4, int w4, int h4, Mv mv) {
  for (int y = y4; y < y4 + h4; y++)
    for (int x = x4; x < x4 + w4; x++) {
      cache_.at(x, y) = mv;
      cache_.ref_at(x, y) = 0;
    }
}

namespace {

int median(int a, int b, int c) { return std::max(std::min(a, b), std::min(std::max(a, b), c)); }

// The square pattern (kSquare's order: 0 1 2 / 3 . 4 / 5 6 7) priced by an
// expensive metric: the cross first, then only the corners beside its best
// point, or, where the centre stays best, the one corner between the cheaper
// horizontal and the cheaper vertical neighbour. Unpriced points cost INT_MAX.
template <typename Cost>
void prune_square_corners(const Mv m[8], int centre_cost, const Cost& cost_at, int costs[8]) {
  static constexpr int kCross[4] = {1, 3, 4, 6};
  static constexpr int kCornersBeside[8][2] = {{}, {0, 2}, {}, {0, 5}, {2, 7}, {}, {5, 7}, {}};
  for (int k = 0; k < 8; k++) costs[k] = INT_MAX;
  int best = centre_cost, best_k = -1;
  for (int k : kCross) {
    costs[k] = cost_at(m[k]);
    if (costs[k] < best) best = costs[k], best_k = k;
  }
  if (best_k >= 0) {
    for (int k : kCornersBeside[best_k]) costs[k] = cost_at(m[k]);
  } else {
    const int corner = (costs[3] < costs[4] ? 0 : 2) + (costs[1] < costs[6] ? 0 : 5);
    costs[corner] = cost_at(m[corner]);
  }
}

}  // namespace

Mv EncoderImpl::predict_mv(int x4, int y4, int w4, int h4) {
  Mv a = cache_.at(x4 - 1, y4), b = cache_.at(x4, y4 - 1), c = cache_.at(x4 + w4, y4 - 1);
  int ra = cache_.ref_at(x4 - 1, y4), rb = cache_.ref_at(x4, y4 - 1), rc = cache_.ref_at(x4 + w4, y4 - 1);
  if (rc == MvCache::kNotAvailable) {  // C missing: D takes its place
    c = cache_.at(x4 - 1, y4 - 1);
    rc = cache_.ref_at(x4 - 1, y4 - 1);
  }
  // Directional prediction of 16x8 and 8x16 partitions (8.4.1.3).
  if (w4 == 4 && h4 == 2) {
    if (y4 == 0 && rb == 0) return b;
    if (y4 == 2 && ra == 0) return a;
  } else if (w4 == 2 && h4 == 4) {
    if (x4 == 0 && ra == 0) return a;
    if (x4 == 2 && rc == 0) return c;
  }
  if (rb == MvCache::kNotAvailable && rc == MvCache::kNotAvailable && ra != MvCache::kNotAvailable) return a;
  const int matches = (ra == 0) + (rb == 0) + (rc == 0);
  if (matches == 1) return ra == 0 ? a : rb == 0 ? b : c;
  // Unavailable and intra neighbours count as zero vectors.
  if (ra < 0) a = Mv{};
  if (rb < 0) b = Mv{};
  if (rc < 0) c = Mv{};
  return Mv{static_cast<int16_t>(median(a.x, b.x, c.x)), static_cast<int16_t>(median(a.y, b.y, c.y))};
}

Mv EncoderImpl::skip_mv() {
  const int ra = cache_.ref_at(-1, 0), rb = cache_.ref_at(0, -1);
  if (ra == MvCache::kNotAvailable || rb == MvCache::kNotAvailable) return Mv{};
  if ((ra == 0 && cache_.at(-1, 0) == Mv{}) || (rb == 0 && cache_.at(0, -1) == Mv{})) return Mv{};
  return predict_mv(0, 0, 4, 4);
}

int EncoderImpl::search_partition(int x4, int y4, BlockSize size, Mv mvp, Mv* best_mv, int* best_satd) {
  const int w4 = kBlockWidth[size] / 4;
  const ptrdiff_t ss = src_stride_[0], rs = ref().luma_stride();
  const uint8_t* src = src_y() + y4 * 4 * ss + x4 * 4;
  const int px = mb_x_ * 16 + x4 * 4, py = mb_y_ * 16 + y4 * 4;
  const uint8_t* ref_full = ref().y() + py * rs + px;
  const int lambda = quant_.lambda[qp_];
  auto mv_cost = [&](int mx, int my) { return lambda * (se_bits(mx - mvp.x) + se_bits(my - mvp.y)); };
  const int min_x = mv_min_x_ >> 2, max_x = mv_max_x_ >> 2, min_y = mv_min_y_ >> 2, max_y = mv_max_y_ >> 2;
  auto sad_at = [&](int fx, int fy) { return pixel_.sad[size](src, ss, ref_full + fy * rs + fx, rs); };

  // Start from the best of the predictors (full samples).
  int bx = 0, by = 0, best = INT_MAX;
  int tried[8][2], tries = 0;  // the predictors often coincide: each position is priced once
  auto try_start = [&](Mv m) {
    const int fx = std::clamp((m.x + 2) >> 2, min_x, max_x), fy = std::clamp((m.y + 2) >> 2, min_y, max_y);
    for (int i = 0; i < tries; i++)
      if (tried[i][0] == fx && tried[i][1] == fy) return;
    tried[tries][0] = fx, tried[tries++][1] = fy;
    const int cost = sad_at(fx, fy) + mv_cost(fx * 4, fy * 4);
    if (cost < best) best = cost, bx = fx, by = fy;
  };
  try_start(mvp);
  try_start(Mv{});
  // The previous frame's vector here, scaled to this frame's reference distance (temporal layers).
  const Mv previous = previous_mvs_[mb_y_ * mb_w_ + mb_x_];
  const int num = frame_.ref_distance, den = previous_mvs_distance_;
  auto scale = [&](int v) { return static_cast<int16_t>(std::clamp(v * num / den, -32768, 32767)); };
  try_start(num == den ? previous : Mv{scale(previous.x), scale(previous.y)});
  if (tools_.subpel_iterations) {  // the neighbours too, unless every sample counts
    try_start(cache_.at(x4 - 1, y4));
    try_start(cache_.at(x4, y4 - 1));
    try_start(cache_.at(x4 + w4, y4 - 1));
    // Neighbours in an earlier slice are unavailable to prediction, not to the search.
    const int mb = mb_y_ * mb_w_ + mb_x_;
    auto across = [&](int other, int index) {
      if (other >= 0 && other < slice_first_mb_ && !is_intra(mbs_[other].type)) try_start(mbs_[other].mv[index]);
    };
    if (y4 == 0 && mb_y_ > 0) across(mb - mb_w_, 12 + x4);
    if (x4 == 0 && mb_x_ > 0) across(mb - 1, y4 * 4 + 3);
  }

  // Full-sample walk: diamond (4 neighbours at a time), or hexagon then square.
  const int range = tools_.search_range;
  const int x0 = std::max(min_x, bx - range), x1 = std::min(max_x, bx + range);
  const int y0 = std::max(min_y, by - range), y1 = std::min(max_y, by + range);
  auto inside = [&](int x, int y) { return x >= x0 && x <= x1 && y >= y0 && y <= y1; };
  auto step = [&](const int (*offsets)[2], int count) {
    int move = -1;
    for (int i = 0; i < count; i += 4) {
      const int n = std::min(4, count - i);
      bool all_inside = n == 4;
      for (int k = 0; k < n; k++) all_inside &= inside(bx + offsets[i + k][0], by + offsets[i + k][1]);
      int costs[4];
      if (all_inside) {
        const uint8_t* base = ref_full + by * rs + bx;
        pixel_.sad_x4[size](src, ss, base + offsets[i][1] * rs + offsets[i][0],
                            base + offsets[i + 1][1] * rs + offsets[i + 1][0],
                            base + offsets[i + 2][1] * rs + offsets[i + 2][0],
                            base + offsets[i + 3][1] * rs + offsets[i + 3][0], rs, costs);
      } else {
        for (int k = 0; k < n; k++) {
          const int x = bx + offsets[i + k][0], y = by + offsets[i + k][1];
          costs[k] = inside(x, y) ? sad_at(x, y) : INT_MAX - 65536;
        }
      }
      for (int k = 0; k < n; k++) {
        const int cost = costs[k] + mv_cost((bx + offsets[i + k][0]) * 4, (by + offsets[i + k][1]) * 4);
        if (cost < best) best = cost, move = i + k;
      }
    }
    if (move >= 0) bx += offsets[move][0], by += offsets[move][1];
    return move >= 0;
  };
  static const int kDiamond[4][2] = {{0, -1}, {-1, 0}, {1, 0}, {0, 1}};
  static const int kHexagon[8][2] = {{-2, 0}, {-1, -2}, {1, -2}, {2, 0}, {1, 2}, {-1, 2}, {0, 0}, {0, 0}};
  static const int kSquare[8][2] = {{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1}, {1, 1}};
  if (tools_.hex_search) {
    for (int i = 0; i < range && step(kHexagon, 6); i++) {
    }
    step(kSquare, 8);
  } else {
    for (int i = 0; i < range && step(kDiamond, 4); i++) {
    }
  }

  // Sub-sample refinement around the best whole-sample vector.
  Mv cur{static_cast<int16_t>(bx * 4), static_cast<int16_t>(by * 4)};
  if (best_satd) *best_satd = -1;
  if (tools_.subpel_iterations == 0) {
    *best_mv = cur;
    return best;
  }
  LumaRef luma(ref(), mc_);
  const int (*pattern)[2] = tools_.subpel_square ? kSquare : kDiamond;
  const int points = tools_.subpel_square ? 8 : 4;
  bool best_by_satd = false;  // the whole-sample cost was a SAD
  auto within_limits = [&](Mv m) { return m.x >= mv_min_x_ && m.x <= mv_max_x_ && m.y >= mv_min_y_ && m.y <= mv_max_y_; };
  auto cost_at = [&](Mv m) {
    const uint8_t *a, *b;
    luma.planes(px, py, m, &a, &b);
    const int cost = b ? (best_by_satd ? pixel_.satd_avg : pixel_.sad_avg)[size](src, ss, a, b, rs)
                       : (best_by_satd ? pixel_.satd : pixel_.sad)[size](src, ss, a, rs);
    return cost + mv_cost(m.x, m.y);
  };
  for (int iteration = 0; iteration < tools_.subpel_iterations; iteration++) {
    for (int scale = 2; scale >= (tools_.quarter_samples ? 1 : 2); scale--) {
      const bool satd = scale == 2 ? tools_.half_sample_satd : tools_.quarter_sample_satd;
      if (satd != best_by_satd) {  // the centre priced once more, by this step's metric
        best_by_satd = satd;
        best = cost_at(cur);
      }
      const Mv center = cur;
      // The whole pattern lies within the limits when its bounding square does.
      const bool all_inside = within_limits(Mv{static_cast<int16_t>(center.x - scale), static_cast<int16_t>(center.y - scale)}) &&
                              within_limits(Mv{static_cast<int16_t>(center.x + scale), static_cast<int16_t>(center.y + scale)});
      Mv m[8];
      for (int k = 0; k < points; k++)
        m[k] = Mv{static_cast<int16_t>(center.x + pattern[k][0] * scale),
                  static_cast<int16_t>(center.y + pattern[k][1] * scale)};
      int costs[8];
      // Half-sample SADs around a whole sample read the precomputed planes in
      // place, four candidates per call.
      if (!satd && scale == 2 && !(center.x & 3) && !(center.y & 3) && all_inside) {
        const uint8_t *p[8], *unused;
        for (int k = 0; k < points; k++) luma.planes(px, py, m[k], &p[k], &unused);
        for (int k = 0; k < points; k += 4) {
          pixel_.sad_x4[size](src, ss, p[k], p[k + 1], p[k + 2], p[k + 3], rs, costs + k);
          for (int i = k; i < k + 4; i++) costs[i] += mv_cost(m[i].x, m[i].y);
        }
      } else if (all_inside && satd && tools_.subpel_square && tools_.satd_corners_pruned) {
        prune_square_corners(m, best, cost_at, costs);
      } else if (all_inside) {
        for (int k = 0; k < points; k++) costs[k] = cost_at(m[k]);
      } else {
        for (int k = 0; k < points; k++) costs[k] = within_limits(m[k]) ? cost_at(m[k]) : INT_MAX;
      }
      for (int k = 0; k < points; k++)
        if (costs[k] < best) best = costs[k], cur = m[k];
    }
  }
  *best_mv = cur;
  if (best_satd && best_by_satd) *best_satd = best - mv_cost(cur.x, cur.y);
  return best;
}

}  // namespace h264
}  // namespace edgeav
