// Bidirectional block motion estimation for frame interpolation. For a
// block at position p of the frame at time t (between prev at 0 and next at
// 1), a motion v pairs prev's block at a = p - round(t v) with next's at
// a + v; the field holds, per 8x8 block of the output frame, the v whose pair
// matches best (SAD) plus a smoothness penalty. Coarse to fine on a luma
// pyramid: exhaustive search at the coarsest level, then the parent's, the
// neighbours' and the previous call's vectors (motion is continuous) as
// candidates refined by small diamond steps, each level cleaned by a 3x3
// vector median. At full resolution a pair is priced over the 16x16 window
// the compensation blends the block into, then each block may take a
// neighbour's vector that fits the block itself better. Whole-sample vectors:
// fractions fitted to the SAD (equiangular, or searched with bilinear samples)
// lost 0.05-0.2 dB on the clips (bench/interp_bench.py). In a fade, next is
// brought to prev's brightness for the search.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "pixel/pixel_dsp.h"

namespace edgeav {

struct MotionVector {
  int x, y;
  bool operator==(const MotionVector& o) const { return x == o.x && y == o.y; }
};

class MotionField {
 public:
  static constexpr int kBlock = 8;
  static constexpr int kSubpel = 8;  // vectors() are in eighths of a sample
  // Sizes the pyramid for a w x h luma plane (w, h >= 1).
  void prepare(int w, int h);
  // t16: t in 1/65536. Fills vectors() and costs() for blocks_x() x blocks_y()
  // blocks of kBlock x kBlock at full resolution. The planes must be readable
  // (edges replicated) 4 samples beyond every side.
  void estimate(const uint8_t* prev, ptrdiff_t prev_stride, const uint8_t* next, ptrdiff_t next_stride, int t16);

  int blocks_x() const { return levels_[0].bx; }
  int blocks_y() const { return levels_[0].by; }
  const MotionVector* vectors() const { return levels_[0].mv.data(); }
  // SAD of each block's pair at its vector (window SAD scaled to kBlock x kBlock).
  const int* costs() const { return costs_.data(); }

 private:
  struct Level {
    int w = 0, h = 0, bx = 0, by = 0;
    const uint8_t* prev = nullptr;
    const uint8_t* next = nullptr;
    ptrdiff_t prev_stride = 0, next_stride = 0;
    std::vector<uint8_t> prev_plane, next_plane;  // levels >= 1 own their planes
    std::vector<MotionVector> mv, smoothed;
  };

  void search_level(int l);
  void match_brightness();
  void refine_boundaries();
  void finalize();
  void median_filter(Level& lv);
  static MotionVector block_origin(const Level& lv, int bx, int by);
  int pair_cost(const Level& lv, int px, int py, MotionVector v, bool window) const;

  std::vector<Level> levels_;
  std::vector<int> costs_;  // level 0's, per block
  PixelCompare sad_block_ = nullptr, sad_window_ = nullptr;
  std::vector<MotionVector> last_;  // the previous call's vectors
  static constexpr int kFadeBorder = 4;  // what the window cost reads beyond the plane
  std::vector<uint8_t> faded_next_;  // level 0's next, brought to prev's brightness in a fade
  double still_share_ = 0;  // of the last searched level's blocks with zero motion
  int t16_ = 32768;
};

}  // namespace edgeav
