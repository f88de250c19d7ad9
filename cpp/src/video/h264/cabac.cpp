#include "video/h264/cabac.h"

#include <algorithm>
#include <cmath>

namespace edgeav {
namespace h264 {

void CabacContexts::init(int slice_qp, int cabac_init_idc) {
  const int8_t(*mn)[2] = cabac_init_idc < 0 ? kCabacInitI : kCabacInitP[cabac_init_idc];
  const int qp = std::clamp(slice_qp, 0, 51);
  for (int i = 0; i < kCabacContexts; i++) {
    const int pre = std::clamp(((mn[i][0] * qp) >> 4) + mn[i][1], 1, 126);
    state[i] = static_cast<CabacState>(pre <= 63 ? (63 - pre) << 1 : (pre - 64) << 1 | 1);
  }
}

void CabacEncoder::settle(uint32_t out) {
  if ((out & 0xff) == 0xff) {
    st_.ff_run++;
    return;
  }
  const uint32_t carry = out >> 8;
  if (st_.held_byte >= 0) bw_->put_byte(static_cast<uint32_t>(st_.held_byte) + carry);
  for (; st_.ff_run; st_.ff_run--) bw_->put_byte(0xff + carry);
  st_.held_byte = static_cast<int>(out & 0xff);
}

uint64_t CabacEncoder::put_bytes(uint64_t low, int below) {
  static_assert(kChunkBits == 32, "four bytes a chunk");
  const uint64_t out = low >> below;
  const uint32_t bytes = static_cast<uint32_t>(out), carry = static_cast<uint32_t>(out >> 32);
  // (~bytes - 0x01010101) & bytes & 0x80808080 is nonzero iff one of them is 0xff.
  const bool ff_byte = ((~bytes - 0x01010101u) & bytes & 0x80808080u) != 0;
  if (st_.held_byte >= 0 && !st_.ff_run && !ff_byte) {
    // Nearly always: the held byte (never 0xff, so the carry stays in it) and
    // the first three go out together, the fourth is held.
    bw_->put_word((static_cast<uint32_t>(st_.held_byte) + carry) << 24 | bytes >> 8);
    st_.held_byte = static_cast<int>(bytes & 0xff);
  } else {
    settle(static_cast<uint32_t>(out >> 24));  // with the carry
    settle(bytes >> 16 & 0xff);
    settle(bytes >> 8 & 0xff);
    settle(bytes & 0xff);
  }
  return low & ((uint64_t{1} << below) - 1);
}

// Costs: the LPS probability of a state is its LPS range over the mid-range of
// each quarter, averaged; a bin costs -log2 of its probability.
CabacStateTables::CabacStateTables() {
  for (int p = 0; p < 64; p++) {
    double lps = 0;
    for (int q = 0; q < 4; q++) lps += kCabacRangeLps[p][q] / (256.0 + 64 * q + 32) / 4;
    for (int mps = 0; mps < 2; mps++) {
      const int s = p << 1 | mps;
      next[s][mps] = static_cast<uint8_t>((p < 62 ? p + 1 : 62) << 1 | mps);
      next[s][1 - mps] = static_cast<uint8_t>(kCabacTransLps[p] << 1 | (p == 0 ? 1 - mps : mps));
      lps_mask[s][mps] = 0;
      lps_mask[s][1 - mps] = -1;
      for (int q = 0; q < 4; q++) range_lps[s << 2 | q] = kCabacRangeLps[p][q];
      cost[s][1 - mps] = static_cast<uint16_t>(std::lround(-std::log2(lps) * 256));
      cost[s][mps] = static_cast<uint16_t>(std::lround(-std::log2(1 - lps) * 256));
    }
  }
}

const CabacStateTables kCabacStateTables;

}  // namespace h264
}  // namespace edgeav
