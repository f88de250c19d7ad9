// Luma prediction from a reference picture at a quarter-sample vector:
// half-sample positions read one precomputed plane in place; quarter
// positions average two planes (8.4.2.2.1's rounding).
#pragma once
#include <cstddef>
#include <cstdint>

#include "video/h264/dsp/mc_dsp.h"
#include "video/h264/macroblock.h"
#include "video/h264/picture.h"

namespace edgeav {
namespace h264 {

class LumaRef {
 public:
  // The planes' addresses are read once: a search asks for hundreds of blocks.
  LumaRef(const Picture& ref, const McDsp& mc)
      : plane_{ref.luma_plane(0), ref.luma_plane(1), ref.luma_plane(2), ref.luma_plane(3)},
        stride_(ref.luma_stride()),
        mc_(mc) {}

  // The block at (x, y) displaced by mv, in one plane (*b null) or the
  // rounded average of the blocks a and b of two planes (stride luma_stride()).
  void planes(int x, int y, Mv mv, const uint8_t** a, const uint8_t** b) const {
    const ptrdiff_t rs = stride_;
    const ptrdiff_t base = (y + (mv.y >> 2)) * rs + x + (mv.x >> 2);
    const Source& s = kSources[(mv.y & 3) * 4 + (mv.x & 3)];
    *a = plane_[s.phase_a] + base + s.dy_a * rs + s.dx_a;
    *b = s.phase_b < 0 ? nullptr : plane_[s.phase_b] + base + s.dy_b * rs + s.dx_b;
  }

  // The w x h block written to dst.
  void predict(uint8_t* dst, ptrdiff_t dst_stride, int x, int y, Mv mv, int w, int h) const {
    const uint8_t *a, *b;
    planes(x, y, mv, &a, &b);
    if (b)
      mc_.pixel_avg(dst, dst_stride, a, stride_, b, stride_, w, h);
    else
      mc_.copy(dst, dst_stride, a, stride_, w, h);
  }

 private:
  // Phases: 0 full, 1 half right (b), 2 half down (h), 3 centre (j); phase_b < 0: one plane.
  struct Source {
    int8_t phase_a, dx_a, dy_a, phase_b, dx_b, dy_b;
  };
  static constexpr Source kSources[16] = {
      {0, 0, 0, -1, 0, 0}, {0, 0, 0, 1, 0, 0}, {1, 0, 0, -1, 0, 0}, {1, 0, 0, 0, 1, 0},  // qy = 0
      {0, 0, 0, 2, 0, 0},  {1, 0, 0, 2, 0, 0}, {1, 0, 0, 3, 0, 0},  {1, 0, 0, 2, 1, 0},  // qy = 1
      {2, 0, 0, -1, 0, 0}, {2, 0, 0, 3, 0, 0}, {3, 0, 0, -1, 0, 0}, {3, 0, 0, 2, 1, 0},  // qy = 2
      {2, 0, 0, 0, 0, 1},  {2, 0, 0, 1, 0, 1}, {3, 0, 0, 1, 0, 1},  {1, 0, 1, 2, 1, 0},  // qy = 3
  };
  const uint8_t* plane_[4];
  ptrdiff_t stride_;
  const McDsp& mc_;
};

}  // namespace h264
}  // namespace edgeav
