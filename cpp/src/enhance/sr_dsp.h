// Row kernels of the standard super-resolution (a RAISR-style learned,
// edge-classified filter bank) and their dispatch table. The C versions in
// sr_row_c.h are the specification; tools/train_sr.py reproduces the class
// computation exactly, so the filters are trained on the classes used here.
//
// Per frame: the low-resolution luma L is padded by kSrPad replicated pixels;
// every LR pixel gets a class from its 5x5 gradient structure tensor (angle of
// the dominant orientation in 12 bins, strength in 3, coherence in 3); every
// output pixel takes the nearest LR pixel as anchor, and the filter of the
// anchor's class and of its own sub-pixel phase is applied to the 5x5 LR
// patch around the anchor.
#pragma once
#include <cstdint>

#include "base/dsp_table.h"

namespace edgeav {

constexpr int kSrPad = 3;            // replicated border of the padded LR plane
constexpr int kSrTaps = 25;          // 5x5 patch
constexpr int kSrTapStride = 32;     // taps per filter in the bank (25 used, 7 zero)
constexpr int kSrAngles = 12, kSrStrengths = 3, kSrCoherences = 3;
constexpr int kSrClasses = kSrAngles * kSrStrengths * kSrCoherences;
constexpr int kSrFilterShift = 14;   // taps are Q14

struct SrClassParams {
  int16_t strength[2];        // T = XX + YY below strength[0]: bin 0, below strength[1]: bin 1, else 2
  int16_t coherence_q15[2];   // coherence above c: 4D^2 > (c T)^2, with cT rounded as (T*c + 2^14) >> 15
};

// Gradient products of one padded LR row, for x in [0, width): the rows are
// padded (index -1 and width are valid).
//   gx = (row[x+1] - row[x-1]) >> 1, gy = (below[x] - above[x]) >> 1
//   xx = (gx*gx) >> 5, yy = (gy*gy) >> 5, xy = (gx*gy) >> 5   (arithmetic shifts)
using SrGradientsRow = void (*)(const uint8_t* above, const uint8_t* row, const uint8_t* below, int16_t* xx,
                                int16_t* yy, int16_t* xy, int width);
// dst[x] = sum over dy in 0..4 and dx in -2..2 of rows[dy][x+dx]; rows are
// valid on [-2, width+2). Sums stay below 2^15 (products are at most 504).
using SrBox5Row = void (*)(const int16_t* const rows[5], int16_t* dst, int width);
// Class of each pixel from its window sums XX, YY, XY (see sr_row_c.h).
using SrClassifyRow = void (*)(const int16_t* xx, const int16_t* yy, const int16_t* xy, uint8_t* cls, int width,
                               const SrClassParams* params);
// Transposes five padded LR rows (valid on [-2, width+2)) into columns:
// col[x*5 + k] = rows[k][x - 2] for x in [0, width+4).
using SrColumnsRow = void (*)(const uint8_t* const rows[5], int16_t* col, int width);
// One output row. For output x: anchor a = anchor[x], phase p = phase[x]:
//   f = bank + ((cls[a] * phases + phase_y) * phases + p) * kSrTapStride
//   dst[x] = clamp((sum_{t<25} f[t] * col[a*5 + t] + 2^13) >> 14)
// `col` must be readable for kSrTapStride int16 from every a*5.
using SrFilterRow = void (*)(const int16_t* col, const int16_t* bank, int phases, int phase_y, const uint8_t* cls,
                             const int32_t* anchor, const uint8_t* phase, uint8_t* dst, int width);

struct SrDsp {
  SrGradientsRow gradients;
  SrBox5Row box5;
  SrClassifyRow classify;
  SrColumnsRow columns;
  SrFilterRow filter;
};
constexpr int kSrDspEntries = 5;
EDGEAV_DSP_TABLE_SIZE_CHECK(SrDsp, kSrDspEntries);

void sr_dsp_init(SrDsp* dsp, uint32_t cpu_flags);
void sr_dsp_init_c(SrDsp* dsp);
void sr_dsp_init_avx2(SrDsp* dsp);
void sr_dsp_init_neon(SrDsp* dsp);

const SrDsp& sr_dsp();
const DspTableInfo& sr_dsp_info();

}  // namespace edgeav
