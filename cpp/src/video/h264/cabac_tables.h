// The standard's CABAC tables (9.3), as data.
#pragma once
#include <cstdint>

namespace edgeav {
namespace h264 {

// Contexts 0..459: everything a frame-coded 4:2:0 stream with the 8x8 transform uses.
constexpr int kCabacContexts = 460;

extern const int8_t kCabacInitI[kCabacContexts][2];     // (m, n) for I slices
extern const int8_t kCabacInitP[3][kCabacContexts][2];  // (m, n) for P slices by cabac_init_idc
extern const uint8_t kCabacRangeLps[64][4];             // rangeTabLPS[pStateIdx][qCodIRangeIdx]
extern const uint8_t kCabacTransLps[64];                // transIdxLPS
// ctxIdxInc of significant_coeff_flag (frame) and last_significant_coeff_flag
// for each scan position of an 8x8 block.
extern const uint8_t kSignificant8x8Ctx[63];
extern const uint8_t kLast8x8Ctx[63];

}  // namespace h264
}  // namespace edgeav
