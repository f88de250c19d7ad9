// Per-bin and per-sample kernels of the noise suppressor, the voice activity
// detector and the gain controller, and their dispatch table. Complex bins are
// interleaved (re, im), as RealFft writes them.
//
// The C versions (spectral_c.h) are the specification. SIMD versions may fuse
// a multiply and an add: checkasm accepts 2^-21 of the largest magnitude
// involved for the element-wise kernels, and 2^-16 relative for sum_squares,
// whose vectors add in a different order (cpp/tests/checkasm/audio_spectral.cpp).
#pragma once
#include <cstdint>

#include "base/dsp_table.h"

namespace edgeav {
namespace audio {

// power[k] = re[k]^2 + im[k]^2 for `count` interleaved bins.
using SpectralPower = void (*)(const float* bins, float* power, int count);
// out bin k = bin k * gain[k]; out may be bins.
using SpectralApplyGain = void (*)(const float* bins, const float* gain, float* out, int count);
// out[i] = a[i] * b[i]; out may be a or b.
using SpectralMultiply = void (*)(const float* a, const float* b, float* out, int n);
// out[i] = a[i] * b[i] + c[i]; out may be any input.
using SpectralMultiplyAdd = void (*)(const float* a, const float* b, const float* c, float* out, int n);
// Sum of x[i]^2.
using SpectralSumSquares = float (*)(const float* x, int n);
// avg[i] += (1 - alpha) * (x[i] - avg[i]): first-order recursive smoothing.
using SpectralSmooth = void (*)(float* avg, const float* x, float alpha, int n);
// out[i] = x[i] * (gain + step * i): a gain ramping linearly over a frame; out may be x.
using SpectralGainRamp = void (*)(const float* x, float* out, float gain, float step, int n);

struct SpectralDsp {
  SpectralPower power;
  SpectralApplyGain apply_gain;
  SpectralMultiply multiply;
  SpectralMultiplyAdd multiply_add;
  SpectralSumSquares sum_squares;
  SpectralSmooth smooth;
  SpectralGainRamp gain_ramp;
};
constexpr int kSpectralDspEntries = 7;
EDGEAV_DSP_TABLE_SIZE_CHECK(SpectralDsp, kSpectralDspEntries);

void spectral_dsp_init(SpectralDsp* dsp, uint32_t cpu_flags);
void spectral_dsp_init_c(SpectralDsp* dsp);
void spectral_dsp_init_sse2(SpectralDsp* dsp);
void spectral_dsp_init_avx2(SpectralDsp* dsp);
void spectral_dsp_init_neon(SpectralDsp* dsp);

const SpectralDsp& spectral_dsp();
const DspTableInfo& spectral_dsp_info();

}  // namespace audio
}  // namespace edgeav
