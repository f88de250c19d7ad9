#include "enhance/motion_field.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>

#include "convert/plane_dsp.h"
#include "pixel/pixel_dsp.h"

namespace edgeav {

namespace {

constexpr int kLambda = 4;  // SAD units per sample of distance from the neighbours' median
constexpr int kMinLevelSide = 32;    // a coarser level stops the pyramid below this
constexpr int kCoarseEvaluations = 48000;  // exhaustive search budget at the coarsest level
// Where most of the coarser level stood still, a moving vector must beat the
// still one by this much (SAD of a block): in a still scene the small motions
// that noise suggests are not real (+0.04..0.08 dB on the clips).
constexpr int kStillBias = 64;
constexpr double kStillShare = 0.5;
// Means further apart than this share are a fade (0.01-0.05 all work on faded clips).
constexpr double kFadeShare = 0.02;

inline int median3(int a, int b, int c) { return std::max(std::min(a, b), std::min(std::max(a, b), c)); }

inline int blocks_for(int size) { return (size + MotionField::kBlock - 1) / MotionField::kBlock; }

}  // namespace

void MotionField::prepare(int w, int h) {
  levels_.clear();
  last_.clear();
  faded_next_.assign(static_cast<size_t>(w + 2 * kFadeBorder) * (h + 2 * kFadeBorder), 0);
  int lw = w, lh = h;
  do {
    Level lv;
    lv.w = lw, lv.h = lh;
    lv.bx = blocks_for(lw), lv.by = blocks_for(lh);
    if (!levels_.empty()) {
      lv.prev_plane.assign(static_cast<size_t>(lw) * lh, 0);
      lv.next_plane.assign(static_cast<size_t>(lw) * lh, 0);
      lv.prev = lv.prev_plane.data(), lv.next = lv.next_plane.data();
      lv.prev_stride = lv.next_stride = lw;
    }
    lv.mv.assign(static_cast<size_t>(lv.bx) * lv.by, MotionVector{0, 0});
    lv.smoothed = lv.mv;
    if (levels_.empty()) costs_.assign(lv.mv.size(), 0);
    levels_.push_back(std::move(lv));
    lw /= 2, lh /= 2;
  } while (std::min(lw, lh) >= kMinLevelSide);
}

// Blocks past the plane's right or bottom edge are priced where they end at it.
MotionVector MotionField::block_origin(const Level& lv, int bx, int by) {
  return {std::min(bx * kBlock, lv.w - kBlock), std::min(by * kBlock, lv.h - kBlock)};
}

int MotionField::pair_cost(const Level& lv, int px, int py, MotionVector v, bool window) const {
  const int ax = px - ((t16_ * v.x + 32768) >> 16), ay = py - ((t16_ * v.y + 32768) >> 16);
  const int bx = ax + v.x, by = ay + v.y;
  if (std::min(std::min(ax, bx), std::min(ay, by)) < 0 || std::max(ax, bx) > lv.w - kBlock ||
      std::max(ay, by) > lv.h - kBlock)
    return INT_MAX;
  if (window)
    return sad_window_(lv.prev + (ay - 4) * lv.prev_stride + ax - 4, lv.prev_stride,
                       lv.next + (by - 4) * lv.next_stride + bx - 4, lv.next_stride) /
           4;
  return sad_block_(lv.prev + ay * lv.prev_stride + ax, lv.prev_stride, lv.next + by * lv.next_stride + bx,
                    lv.next_stride);
}

void MotionField::estimate(const uint8_t* prev, ptrdiff_t prev_stride, const uint8_t* next, ptrdiff_t next_stride,
                           int t16) {
  t16_ = t16;
  sad_block_ = pixel_dsp().sad[kBlock8x8];
  sad_window_ = pixel_dsp().sad[kBlock16x16];
  Level& l0 = levels_[0];
  l0.prev = prev, l0.next = next, l0.prev_stride = prev_stride, l0.next_stride = next_stride;
  const Downscale2Row down = plane_dsp().downscale2;
  for (size_t l = 1; l < levels_.size(); l++) {
    const Level& up = levels_[l - 1];
    Level& lv = levels_[l];
    for (int y = 0; y < lv.h; y++) {
      down(up.prev + 2 * y * up.prev_stride, up.prev + (2 * y + 1) * up.prev_stride, lv.prev_plane.data() + y * lv.w,
           lv.w);
      down(up.next + 2 * y * up.next_stride, up.next + (2 * y + 1) * up.next_stride, lv.next_plane.data() + y * lv.w,
           lv.w);
    }
  }
  match_brightness();
  for (int l = static_cast<int>(levels_.size()) - 1; l >= 0; l--) {
    search_level(l);
    const std::vector<MotionVector>& mv = levels_[l].mv;
    still_share_ = static_cast<double>(std::count(mv.begin(), mv.end(), MotionVector{0, 0})) / mv.size();
    median_filter(levels_[l]);
  }
  if (l0.w >= kBlock && l0.h >= kBlock) refine_boundaries();
  finalize();
  last_ = l0.mv;
}

// A fade scales one frame's light against the other's: next is brought to
// prev's mean (a gain, through a table) before the search, so SAD sees motion,
// not light. The compensation still averages the frames as they are, which is
// the fade's own midpoint.
void MotionField::match_brightness() {
  const Level& coarse = levels_.back();
  int64_t sum_prev = 0, sum_next = 0;
  for (int y = 0; y < coarse.h; y++)
    for (int x = 0; x < coarse.w; x++)
      sum_prev += coarse.prev[y * coarse.prev_stride + x], sum_next += coarse.next[y * coarse.next_stride + x];
  if (sum_next <= 0 || std::abs(sum_prev - sum_next) <= kFadeShare * sum_prev) return;
  const double gain = static_cast<double>(sum_prev) / sum_next;
  uint8_t lut[256];
  for (int v = 0; v < 256; v++) lut[v] = static_cast<uint8_t>(std::min(std::lround(v * gain), 255L));
  Level& l0 = levels_[0];
  const ptrdiff_t stride = l0.w + 2 * kFadeBorder;
  for (int y = -kFadeBorder; y < l0.h + kFadeBorder; y++) {
    const uint8_t* src = l0.next + y * l0.next_stride;
    uint8_t* dst = faded_next_.data() + (y + kFadeBorder) * stride + kFadeBorder;
    for (int x = -kFadeBorder; x < l0.w + kFadeBorder; x++) dst[x] = lut[src[x]];
  }
  l0.next = faded_next_.data() + kFadeBorder * stride + kFadeBorder, l0.next_stride = stride;
  for (size_t l = 1; l < levels_.size(); l++)
    for (uint8_t& v : levels_[l].next_plane) v = lut[v];
}

// Where the window's cost has spread one motion across a boundary, the block
// itself may match better with a neighbour's vector.
void MotionField::refine_boundaries() {
  Level& l0 = levels_[0];
  for (int by = 0; by < l0.by; by++)
    for (int bx = 0; bx < l0.bx; bx++) {
      const size_t i = static_cast<size_t>(by) * l0.bx + bx;
      const MotionVector p = block_origin(l0, bx, by);
      MotionVector best = l0.mv[i];
      int best_cost = pair_cost(l0, p.x, p.y, best, false);
      for (const MotionVector d : {MotionVector{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) {
        const int nx = bx + d.x, ny = by + d.y;
        if (nx < 0 || ny < 0 || nx >= l0.bx || ny >= l0.by) continue;
        const MotionVector v = l0.mv[static_cast<size_t>(ny) * l0.bx + nx];
        const int c = pair_cost(l0, p.x, p.y, v, false);
        if (c < best_cost) best_cost = c, best = v;
      }
      l0.smoothed[i] = best;
    }
  l0.mv.swap(l0.smoothed);
}

// The final costs (window SAD, for the scene-cut test) and eighths.
void MotionField::finalize() {
  Level& l0 = levels_[0];
  for (int by = 0; by < l0.by; by++)
    for (int bx = 0; bx < l0.bx; bx++) {
      const size_t i = static_cast<size_t>(by) * l0.bx + bx;
      const MotionVector v = l0.mv[i];
      const MotionVector p = block_origin(l0, bx, by);
      const int c = pair_cost(l0, p.x, p.y, v, true);
      costs_[i] = c == INT_MAX ? 0 : c;
      l0.mv[i] = {v.x * kSubpel, v.y * kSubpel};
    }
}

void MotionField::search_level(int l) {
  Level& lv = levels_[l];
  if (lv.w < kBlock || lv.h < kBlock) {
    std::fill(lv.mv.begin(), lv.mv.end(), MotionVector{0, 0});
    return;
  }
  const bool coarsest = l == static_cast<int>(levels_.size()) - 1;
  const int still_bias = !coarsest && still_share_ > kStillShare ? kStillBias : 0;
  const Level* parent = coarsest ? nullptr : &levels_[l + 1];
  int range = 0;
  if (coarsest) {
    const int blocks = lv.bx * lv.by;
    while (range < 16 && blocks * (2 * range + 3) * (2 * range + 3) <= kCoarseEvaluations) range++;
  }
  for (int by = 0; by < lv.by; by++)
    for (int bx = 0; bx < lv.bx; bx++) {
      const MotionVector p = block_origin(lv, bx, by);
      const size_t i = static_cast<size_t>(by) * lv.bx + bx;
      const MotionVector left = bx > 0 ? lv.mv[i - 1] : MotionVector{0, 0};
      const MotionVector top = by > 0 ? lv.mv[i - lv.bx] : left;
      const MotionVector top_right = by > 0 && bx + 1 < lv.bx ? lv.mv[i - lv.bx + 1] : top;
      const MotionVector pred{median3(left.x, top.x, top_right.x), median3(left.y, top.y, top_right.y)};
      MotionVector best{0, 0};
      int best_cost = INT_MAX;
      // Neighbours and parents mostly agree: each vector is priced once.
      MotionVector tried[32];
      int tried_count = 0;
      auto consider = [&](MotionVector v) {
        if (!coarsest) {
          if (std::find(tried, tried + tried_count, v) != tried + tried_count) return false;
          if (tried_count < 32) tried[tried_count++] = v;
        }
        const int sad = pair_cost(lv, p.x, p.y, v, l == 0);
        if (sad == INT_MAX) return false;
        const int c = sad + kLambda * (std::abs(v.x - pred.x) + std::abs(v.y - pred.y)) + (v.x || v.y ? still_bias : 0);
        if (c >= best_cost) return false;
        best_cost = c, best = v;
        return true;
      };
      consider({0, 0});
      if (coarsest) {
        for (int dy = -range; dy <= range; dy++)
          for (int dx = -range; dx <= range; dx++) consider({dx, dy});
      } else {
        const int pbx = std::min(bx / 2, parent->bx - 1), pby = std::min(by / 2, parent->by - 1);
        const int nbx = std::clamp(pbx + ((bx & 1) ? 1 : -1), 0, parent->bx - 1);
        const int nby = std::clamp(pby + ((by & 1) ? 1 : -1), 0, parent->by - 1);
        for (const auto& [cx, cy] : {std::pair{pbx, pby}, {nbx, pby}, {pbx, nby}}) {
          const MotionVector p = parent->mv[static_cast<size_t>(cy) * parent->bx + cx];
          consider({2 * p.x, 2 * p.y});
        }
        consider(left), consider(top), consider(top_right);
      }
      if (!last_.empty()) {  // the previous call's vector here
        const Level& l0 = levels_[0];
        const int x0 = std::min(bx << l, l0.bx - 1), y0 = std::min(by << l, l0.by - 1);
        const MotionVector p = last_[static_cast<size_t>(y0) * l0.bx + x0];
        const int div = kSubpel << l;
        consider({(p.x + (p.x >= 0 ? div / 2 : -div / 2)) / div, (p.y + (p.y >= 0 ? div / 2 : -div / 2)) / div});
      }
      for (int step = 0; step < 8; step++) {
        const MotionVector c = best;
        bool moved = false;
        for (const MotionVector d : {MotionVector{1, 0}, {-1, 0}, {0, 1}, {0, -1}})
          moved |= consider({c.x + d.x, c.y + d.y});
        if (!moved) break;
      }
      lv.mv[i] = best;
    }
}

// Each vector becomes the one of its 3x3 neighbourhood closest (L1) to all
// the others: outliers go, motion boundaries stay.
void MotionField::median_filter(Level& lv) {
  for (int by = 0; by < lv.by; by++)
    for (int bx = 0; bx < lv.bx; bx++) {
      MotionVector n[9];
      int k = 0;
      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
          const int x = std::clamp(bx + dx, 0, lv.bx - 1), y = std::clamp(by + dy, 0, lv.by - 1);
          n[k++] = lv.mv[static_cast<size_t>(y) * lv.bx + x];
        }
      if (std::all_of(n, n + 9, [&](MotionVector v) { return v == n[4]; })) {
        lv.smoothed[static_cast<size_t>(by) * lv.bx + bx] = n[4];
        continue;
      }
      int best = 4, best_sum = INT_MAX;
      for (int a = 0; a < 9; a++) {
        int sum = 0;
        for (int b = 0; b < 9; b++) sum += std::abs(n[a].x - n[b].x) + std::abs(n[a].y - n[b].y);
        if (sum < best_sum || (sum == best_sum && a == 4)) best_sum = sum, best = a;
      }
      lv.smoothed[static_cast<size_t>(by) * lv.bx + bx] = n[best];
    }
  lv.mv.swap(lv.smoothed);
}

}  // namespace edgeav


