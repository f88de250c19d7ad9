// Motion compensation (8.4.2.2): the luma half-sample planes of a reference
// frame (6-tap filter), quarter samples as rounded averages of two of them,
// and chroma eighth samples by bilinear weights (x264's mc.c).
#pragma once
#include <cstddef>
#include <cstdint>

#include "base/dsp_table.h"

namespace edgeav {
namespace h264 {

struct McDsp {
  // For every x in [0, width), y in [0, height) (src readable from x - 2 to
  // x + 3 and y - 2 to y + 3): h = half sample right of src, v = below,
  // c = diagonal (centre), each clipped as the standard defines b, h and j.
  // `scratch` holds (width + 5) int16 values.
  void (*hpel_filter)(uint8_t* h, uint8_t* v, uint8_t* c, const uint8_t* src, ptrdiff_t stride, int width,
                      int height, int16_t* scratch);
  // dst = (a + b + 1) >> 1 over width x height (width 4, 8 or 16).
  void (*pixel_avg)(uint8_t* dst, ptrdiff_t dst_stride, const uint8_t* a, ptrdiff_t a_stride, const uint8_t* b,
                    ptrdiff_t b_stride, int width, int height);
  // Chroma prediction at eighth-sample offset (dx, dy) in [0, 8), width 2, 4 or 8.
  void (*mc_chroma)(uint8_t* dst, ptrdiff_t dst_stride, const uint8_t* src, ptrdiff_t src_stride, int dx, int dy,
                    int width, int height);
  // Plain copy of a width x height block (width 4, 8 or 16).
  void (*copy)(uint8_t* dst, ptrdiff_t dst_stride, const uint8_t* src, ptrdiff_t src_stride, int width, int height);
};
constexpr int kMcDspEntries = 4;
EDGEAV_DSP_TABLE_SIZE_CHECK(McDsp, kMcDspEntries);

void mc_dsp_init(McDsp* dsp, uint32_t cpu_flags);
void mc_dsp_init_c(McDsp* dsp);
void mc_dsp_init_sse2(McDsp* dsp);
void mc_dsp_init_avx2(McDsp* dsp);
void mc_dsp_init_neon(McDsp* dsp);
const McDsp& mc_dsp();
const DspTableInfo& mc_dsp_info();

}  // namespace h264
}  // namespace edgeav
