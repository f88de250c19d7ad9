#include "video/h264/roi.h"

#include <string>

namespace edgeav {
namespace h264 {

Status roi_map(const std::vector<Roi>& rois, int frame_width, int frame_height, std::vector<int8_t>* map) {
  const int mb_w = (frame_width + 15) / 16, mb_h = (frame_height + 15) / 16;
  map->assign(static_cast<size_t>(mb_w) * mb_h, 0);
  for (const Roi& r : rois) {
    if (r.width <= 0 || r.height <= 0 || r.x < 0 || r.y < 0 || r.x + r.width > frame_width ||
        r.y + r.height > frame_height)
      return Status::invalid("ROI (" + std::to_string(r.x) + ", " + std::to_string(r.y) + ", " +
                             std::to_string(r.width) + ", " + std::to_string(r.height) + ") is not inside the " +
                             std::to_string(frame_width) + "x" + std::to_string(frame_height) + " frame");
    if (r.qp_offset < -51 || r.qp_offset > 51) return Status::invalid("ROI qp_offset must lie in [-51, 51]");
    for (int y = r.y / 16; y <= (r.y + r.height - 1) / 16; y++)
      for (int x = r.x / 16; x <= (r.x + r.width - 1) / 16; x++) (*map)[y * mb_w + x] = static_cast<int8_t>(r.qp_offset);
  }
  return {};
}

}  // namespace h264
}  // namespace edgeav
