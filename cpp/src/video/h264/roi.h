// Regions of interest: rectangles with a QP offset, turned into the
// per-macroblock QP offset map the encoder takes.
#pragma once
#include <cstdint>
#include <vector>

#include "base/status.h"

namespace edgeav {
namespace h264 {

struct Roi {
  int x, y, width, height;  // pixels, within the frame
  int qp_offset;            // -51..51; negative spends more bits
};

// Fills `map` (mb_height rows of mb_width) with 0 and then, for each
// rectangle in order, its offset on every macroblock it touches.
Status roi_map(const std::vector<Roi>& rois, int frame_width, int frame_height, std::vector<int8_t>* map);

}  // namespace h264
}  // namespace edgeav
