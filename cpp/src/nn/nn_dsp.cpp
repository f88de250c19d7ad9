#include "nn/nn_dsp.h"

#include "base/cpu.h"
#include "nn/nn_c.h"

namespace edgeav {
namespace nn {

void nn_dsp_init_c(NnDsp* dsp) {
  dsp->conv3x3 = conv3x3_c;
  dsp->conv1x1 = conv1x1_c;
  dsp->depthwise3x3 = depthwise3x3_c;
  dsp->space_to_depth2 = space_to_depth2_c;
  dsp->depth_to_space2_add = depth_to_space2_add_c;
  dsp->gru_gates = gru_gates_c;
}

void nn_dsp_init(NnDsp* dsp, uint32_t flags) {
  nn_dsp_init_c(dsp);
#if EDGEAV_ARCH_X86
  if (flags & kCpuSSE2) nn_dsp_init_sse2(dsp);
  if ((flags & kCpuAVX2) && (flags & kCpuFMA)) nn_dsp_init_avx2(dsp);
#elif EDGEAV_ARCH_ARM64
  if (flags & kCpuNEON) nn_dsp_init_neon(dsp);
#else
  (void)flags;
#endif
}

const NnDsp& nn_dsp() { return live_dsp_table<NnDsp, nn_dsp_init>(); }

const DspTableInfo& nn_dsp_info() {
  static const char* const names[] = {"nn_conv3x3", "nn_conv1x1", "nn_depthwise3x3", "nn_space_to_depth2",
                                      "nn_depth_to_space2_add", "nn_gru_gates"};
  return dsp_table_info<NnDsp, nn_dsp_init>("nn", names);
}

}  // namespace nn
}  // namespace edgeav
