#include "enhance/sr_dsp.h"

#include "base/cpu.h"
#include "enhance/sr_row_c.h"

namespace edgeav {

void sr_dsp_init_c(SrDsp* dsp) {
  dsp->gradients = sr_gradients_c;
  dsp->box5 = sr_box5_c;
  dsp->classify = sr_classify_c;
  dsp->columns = sr_columns_c;
  dsp->filter = sr_filter_c;
}

void sr_dsp_init(SrDsp* dsp, uint32_t flags) {
  sr_dsp_init_c(dsp);
#if EDGEAV_ARCH_X86
  if (flags & kCpuAVX2) sr_dsp_init_avx2(dsp);
#elif EDGEAV_ARCH_ARM64
  if (flags & kCpuNEON) sr_dsp_init_neon(dsp);
#else
  (void)flags;
#endif
}

const SrDsp& sr_dsp() { return live_dsp_table<SrDsp, sr_dsp_init>(); }

const DspTableInfo& sr_dsp_info() {
  static const char* const names[] = {"sr_gradients", "sr_box5", "sr_classify", "sr_columns", "sr_filter"};
  return dsp_table_info<SrDsp, sr_dsp_init>("sr", names);
}

}  // namespace edgeav
