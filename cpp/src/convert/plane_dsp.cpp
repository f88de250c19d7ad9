#include "convert/plane_dsp.h"

#include "base/cpu.h"
#include "convert/plane_row_c.h"

namespace edgeav {

void plane_dsp_init_c(PlaneDsp* dsp) {
  dsp->copy = copy_row_c;
  dsp->merge_uv = merge_uv_row_c;
  dsp->split_uv = split_uv_row_c;
  dsp->downscale2 = downscale2_row_c;
}

void plane_dsp_init(PlaneDsp* dsp, uint32_t flags) {
  plane_dsp_init_c(dsp);
#if EDGEAV_ARCH_X86
  if (flags & kCpuSSE2) plane_dsp_init_sse2(dsp);
  if (flags & kCpuAVX2) plane_dsp_init_avx2(dsp);
#elif EDGEAV_ARCH_ARM64
  if (flags & kCpuNEON) plane_dsp_init_neon(dsp);
#else
  (void)flags;
#endif
}

const PlaneDsp& plane_dsp() { return live_dsp_table<PlaneDsp, plane_dsp_init>(); }

const DspTableInfo& plane_dsp_info() {
  static const char* const names[] = {"copy", "merge_uv", "split_uv", "downscale2"};
  return dsp_table_info<PlaneDsp, plane_dsp_init>("plane", names);
}

}  // namespace edgeav
