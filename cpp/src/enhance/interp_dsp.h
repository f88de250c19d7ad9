// Overlapped-block motion compensation kernels of the frame interpolator.
// The output is built cell by cell: a cell is the n x n square (n = 8 for
// luma, 4 for 4:2:0 chroma) between the centres of four neighbouring blocks,
// so each of its pixels mixes the four blocks' predictions with a separable
// window. A block's prediction is the weighted mean of two bilinear samples,
// one from each frame at the block's motion, in eighths of a sample (the
// H.264 chroma interpolation formula). All integer, so SIMD is bit-exact.
#pragma once
#include <cstddef>
#include <cstdint>

#include "base/dsp_table.h"

namespace edgeav {

// One block's prediction: prev and next point at the top-left integer
// sample of the cell's first pixel; fx, fy in 0..7 are the fractions;
// prev_weight in 0..64 is prev's share (next gets 64 - prev_weight).
struct ObmcSource {
  const uint8_t* prev;
  const uint8_t* next;
  uint8_t prev_fx, prev_fy, next_fx, next_fy;
  uint8_t prev_weight;
};

// dst (n x n) = sum over the four blocks (0 top-left, 1 top-right, 2 bottom-
// left, 3 bottom-right) of wx * wy * prediction, rounded, >> 8, where the
// right blocks' wx = ramp[x], the left ones' 16 - ramp[x], likewise wy with
// ramp[y]. ramp[i] + ramp[n-1-i] == 16. prev and next share src_stride.
using ObmcCell = void (*)(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource src[4], ptrdiff_t src_stride,
                          const uint8_t* ramp);
// One block's prediction over an n x n cell (the cell where all four blocks
// are the same one, the common case): dst = prediction.
using ObmcBlock = void (*)(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource* src, ptrdiff_t src_stride);

struct InterpDsp {
  ObmcCell obmc_cell_8x8;
  ObmcCell obmc_cell_4x4;
  ObmcBlock obmc_block_8x8;
  ObmcBlock obmc_block_4x4;
};
constexpr int kInterpDspEntries = 4;
EDGEAV_DSP_TABLE_SIZE_CHECK(InterpDsp, kInterpDspEntries);

void interp_dsp_init(InterpDsp* dsp, uint32_t cpu_flags);
void interp_dsp_init_c(InterpDsp* dsp);
void interp_dsp_init_sse2(InterpDsp* dsp);
void interp_dsp_init_avx2(InterpDsp* dsp);
void interp_dsp_init_neon(InterpDsp* dsp);
const InterpDsp& interp_dsp();
const DspTableInfo& interp_dsp_info();

}  // namespace edgeav
