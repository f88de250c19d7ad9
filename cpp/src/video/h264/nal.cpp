#include "video/h264/bitwriter.h"

namespace edgeav {
namespace h264 {

void append_nal(std::vector<uint8_t>* out, int nal_ref_idc, int nal_unit_type, const uint8_t* rbsp, size_t size) {
  static const uint8_t kStartCode[4] = {0, 0, 0, 1};
  out->insert(out->end(), kStartCode, kStartCode + 4);
  out->push_back(static_cast<uint8_t>((nal_ref_idc << 5) | nal_unit_type));
  int zeros = 0;
  for (size_t i = 0; i < size; i++) {
    // 7.4.1: within the payload, 0x000000..0x000003 must not occur.
    if (zeros == 2 && rbsp[i] <= 3) {
      out->push_back(3);
      zeros = 0;
    }
    out->push_back(rbsp[i]);
    zeros = rbsp[i] == 0 ? zeros + 1 : 0;
  }
}

}  // namespace h264
}  // namespace edgeav
