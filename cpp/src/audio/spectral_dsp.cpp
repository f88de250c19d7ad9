#include "audio/spectral_dsp.h"

#include "audio/spectral_c.h"
#include "base/cpu.h"

namespace edgeav {
namespace audio {

namespace {

void gain_ramp_table_c(const float* x, float* out, float gain, float step, int n) {
  gain_ramp_c(x, out, gain, step, n);
}

}  // namespace

void spectral_dsp_init_c(SpectralDsp* dsp) {
  dsp->power = power_c;
  dsp->apply_gain = apply_gain_c;
  dsp->multiply = multiply_c;
  dsp->multiply_add = multiply_add_c;
  dsp->sum_squares = sum_squares_c;
  dsp->smooth = smooth_c;
  dsp->gain_ramp = gain_ramp_table_c;
}

void spectral_dsp_init(SpectralDsp* dsp, uint32_t flags) {
  spectral_dsp_init_c(dsp);
#if EDGEAV_ARCH_X86
  if (flags & kCpuSSE2) spectral_dsp_init_sse2(dsp);
  if (flags & kCpuAVX2) spectral_dsp_init_avx2(dsp);  // every AVX2 CPU has FMA (the file uses both)
#elif EDGEAV_ARCH_ARM64
  if (flags & kCpuNEON) spectral_dsp_init_neon(dsp);
#else
  (void)flags;
#endif
}

const SpectralDsp& spectral_dsp() { return live_dsp_table<SpectralDsp, spectral_dsp_init>(); }

const DspTableInfo& spectral_dsp_info() {
  static const char* const names[] = {"power", "apply_gain", "multiply", "multiply_add", "sum_squares", "smooth",
                                      "gain_ramp"};
  return dsp_table_info<SpectralDsp, spectral_dsp_init>("audio_spectral", names);
}

}  // namespace audio
}  // namespace edgeav
