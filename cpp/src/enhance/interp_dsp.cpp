#include "enhance/interp_dsp.h"

#include "base/cpu.h"

namespace edgeav {

namespace {

inline int bilinear(const uint8_t* p, ptrdiff_t stride, int fx, int fy) {
  return ((8 - fx) * (8 - fy) * p[0] + fx * (8 - fy) * p[1] + (8 - fx) * fy * p[stride] + fx * fy * p[stride + 1] +
          32) >>
         6;
}

inline int predict(const ObmcSource& s, ptrdiff_t stride, ptrdiff_t offset) {
  const int p = bilinear(s.prev + offset, stride, s.prev_fx, s.prev_fy);
  const int n = bilinear(s.next + offset, stride, s.next_fx, s.next_fy);
  return (s.prev_weight * p + (64 - s.prev_weight) * n + 32) >> 6;
}

template <int N>
void obmc_cell_c(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource src[4], ptrdiff_t src_stride,
                 const uint8_t* ramp) {
  for (int y = 0; y < N; y++)
    for (int x = 0; x < N; x++) {
      const ptrdiff_t o = y * src_stride + x;
      const int top = (16 - ramp[x]) * predict(src[0], src_stride, o) + ramp[x] * predict(src[1], src_stride, o);
      const int bottom = (16 - ramp[x]) * predict(src[2], src_stride, o) + ramp[x] * predict(src[3], src_stride, o);
      dst[y * dst_stride + x] = static_cast<uint8_t>(((16 - ramp[y]) * top + ramp[y] * bottom + 128) >> 8);
    }
}

template <int N>
void obmc_block_c(uint8_t* dst, ptrdiff_t dst_stride, const ObmcSource* src, ptrdiff_t src_stride) {
  for (int y = 0; y < N; y++)
    for (int x = 0; x < N; x++)
      dst[y * dst_stride + x] = static_cast<uint8_t>(predict(*src, src_stride, y * src_stride + x));
}

}  // namespace

void interp_dsp_init_c(InterpDsp* dsp) {
  dsp->obmc_cell_8x8 = obmc_cell_c<8>;
  dsp->obmc_cell_4x4 = obmc_cell_c<4>;
  dsp->obmc_block_8x8 = obmc_block_c<8>;
  dsp->obmc_block_4x4 = obmc_block_c<4>;
}

void interp_dsp_init(InterpDsp* dsp, uint32_t flags) {
  interp_dsp_init_c(dsp);
#if EDGEAV_ARCH_X86
  if (flags & kCpuSSE2) interp_dsp_init_sse2(dsp);
  if (flags & kCpuAVX2) interp_dsp_init_avx2(dsp);
#elif EDGEAV_ARCH_ARM64
  if (flags & kCpuNEON) interp_dsp_init_neon(dsp);
#else
  (void)flags;
#endif
}

const InterpDsp& interp_dsp() { return live_dsp_table<InterpDsp, interp_dsp_init>(); }

const DspTableInfo& interp_dsp_info() {
  static const char* const names[] = {"obmc_cell_8x8", "obmc_cell_4x4", "obmc_block_8x8", "obmc_block_4x4"};
  return dsp_table_info<InterpDsp, interp_dsp_init>("interp", names);
}

}  // namespace edgeav
