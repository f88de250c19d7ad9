// The trained filter banks of the standard super-resolution, one per trained
// scale (5/4, 3/2, 2, 3, 4), parsed from the bank file that is embedded in the
// library at build time (tools/train_sr.py writes it).
#pragma once
#include <cstdint>
#include <vector>

#include "base/status.h"
#include "enhance/sr_dsp.h"

namespace edgeav {

struct FilterBank {
  double scale;                     // output / input
  std::vector<int32_t> phases_q16;  // sub-pixel offsets from the anchor, ascending
  std::vector<int16_t> taps;        // [class][phase_y][phase_x][kSrTapStride], Q14
  int phases() const { return static_cast<int>(phases_q16.size()); }
  const int16_t* filter(int cls, int py, int px) const {
    return taps.data() + ((cls * phases() + py) * phases() + px) * kSrTapStride;
  }
};

struct FilterBankSet {
  SrClassParams params;
  std::vector<FilterBank> banks;
  // The bank whose scale is nearest (in log scale) to `scale`.
  const FilterBank& nearest(double scale) const;
};

Status parse_filter_banks(const uint8_t* data, size_t size, FilterBankSet* out);
// The banks shipped with the library, parsed once.
const FilterBankSet& standard_filter_banks();

}  // namespace edgeav
