// Luma prediction from a reference picture at a quarter-sample vector:
// half-sample positions read one precomputed plane in place; quarter
// positions average two planes (8.4.2.2.1's rounding) into a buffer.
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
  LumaRef(const Picture& ref, const McDsp& mc) : ref_(ref), mc_(mc) {}

  // The w x h block at (x, y) displaced by mv: a pointer into the reference
  // (*stride its stride) or into `buf` (16 wide).
  const uint8_t* block(int x, int y, Mv mv, int w, int h, uint8_t* buf, ptrdiff_t* stride) const {
    const ptrdiff_t rs = ref_.luma_stride();
    const int qx = mv.x & 3, qy = mv.y & 3;
    const ptrdiff_t base = (y + (mv.y >> 2)) * rs + x + (mv.x >> 2);
    const Source& s = kSources[qy * 4 + qx];
    const uint8_t* a = ref_.luma_plane(s.phase_a) + base + s.dy_a * rs + s.dx_a;
    if (s.phase_b < 0) {
      *stride = rs;
      return a;
    }
    const uint8_t* b = ref_.luma_plane(s.phase_b) + base + s.dy_b * rs + s.dx_b;
    mc_.pixel_avg(buf, 16, a, rs, b, rs, w, h);
    *stride = 16;
    return buf;
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
  const Picture& ref_;
  const McDsp& mc_;
};

}  // namespace h264
}  // namespace edgeav
