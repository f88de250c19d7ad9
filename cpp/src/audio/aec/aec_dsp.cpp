#include "audio/aec/aec_dsp.h"

#include "audio/aec/aec_kernels_c.h"
#include "base/cpu.h"

namespace edgeav {
namespace audio {

void aec_dsp_init_c(AecDsp* dsp) {
  dsp->complex_mac = aec_complex_mac_c;
  dsp->conj_mac = aec_conj_mac_c;
  dsp->power = aec_power_c;
  dsp->power_acc = aec_power_acc_c;
}

void aec_dsp_init(AecDsp* dsp, uint32_t flags) {
  aec_dsp_init_c(dsp);
#if EDGEAV_ARCH_X86
  if (flags & kCpuSSE2) aec_dsp_init_sse2(dsp);
  if (flags & kCpuAVX2) aec_dsp_init_avx2(dsp);
#elif EDGEAV_ARCH_ARM64
  if (flags & kCpuNEON) aec_dsp_init_neon(dsp);
#else
  (void)flags;
#endif
}

const AecDsp& aec_dsp() { return live_dsp_table<AecDsp, aec_dsp_init>(); }

const DspTableInfo& aec_dsp_info() {
  static const char* const names[] = {"complex_mac", "conj_mac", "power", "power_acc"};
  return dsp_table_info<AecDsp, aec_dsp_init>("audio_aec", names);
}

}  // namespace audio
}  // namespace edgeav
