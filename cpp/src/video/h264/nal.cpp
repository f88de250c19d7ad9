#include "video/h264/bitwriter.h"

namespace edgeav {
namespace h264 {

namespace {

// Calls emit(byte) for the payload of a NAL unit holding rbsp: 7.4.1 forbids
// 0x000000..0x000003 within it, so a 3 goes in after every two zeros that precede
// one, and after a final zero (cabac_zero_words end an RBSP with one).
template <typename Emit>
void escape(const uint8_t* rbsp, size_t size, Emit&& emit) {
  int zeros = 0;
  for (size_t i = 0; i < size; i++) {
    if (zeros == 2 && rbsp[i] <= 3) {
      emit(uint8_t{3});
      zeros = 0;
    }
    emit(rbsp[i]);
    zeros = rbsp[i] == 0 ? zeros + 1 : 0;
  }
  if (zeros) emit(uint8_t{3});
}

}  // namespace

void append_nal(std::vector<uint8_t>* out, int nal_ref_idc, int nal_unit_type, const uint8_t* rbsp, size_t size) {
  static const uint8_t kStartCode[4] = {0, 0, 0, 1};
  out->insert(out->end(), kStartCode, kStartCode + 4);
  out->push_back(static_cast<uint8_t>((nal_ref_idc << 5) | nal_unit_type));
  escape(rbsp, size, [&](uint8_t b) { out->push_back(b); });
}

size_t emulation_prevention_bytes(const uint8_t* rbsp, size_t size) {
  size_t bytes = 0;
  escape(rbsp, size, [&](uint8_t) { bytes++; });
  return bytes - size;
}

}  // namespace h264
}  // namespace edgeav
