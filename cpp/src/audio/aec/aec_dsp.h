// The per-bin hot loops of the echo canceller's partitioned frequency-domain
// adaptive filter, on spectra in split form (separate real and imaginary
// arrays, so every SIMD lane holds one bin). The C kernels in aec_kernels_c.h
// are the specification; SIMD versions keep the order of the sums but may
// fuse multiply-adds, and match them within 2^-20 of the largest magnitude
// an output sums (checkasm/audio_aec.cpp).
#pragma once
#include <cstdint>

#include "base/dsp_table.h"

namespace edgeav {
namespace audio {

// Filtering with one partition: y += x * h for n bins.
using AecComplexMac = void (*)(const float* x_re, const float* x_im, const float* h_re, const float* h_im,
                               float* y_re, float* y_im, int n);
// The NLMS update of one partition: h += conj(x) * g for n bins.
using AecConjMac = void (*)(const float* x_re, const float* x_im, const float* g_re, const float* g_im,
                            float* h_re, float* h_im, int n);
// Power spectrum: p = re^2 + im^2 for n bins.
using AecPower = void (*)(const float* re, const float* im, float* p, int n);
// Adds one partition's power response to a sum: acc += h_re^2 + h_im^2.
using AecPowerAcc = void (*)(const float* re, const float* im, float* acc, int n);

struct AecDsp {
  AecComplexMac complex_mac;
  AecConjMac conj_mac;
  AecPower power;
  AecPowerAcc power_acc;
};
constexpr int kAecDspEntries = 4;
EDGEAV_DSP_TABLE_SIZE_CHECK(AecDsp, kAecDspEntries);

void aec_dsp_init(AecDsp* dsp, uint32_t cpu_flags);
void aec_dsp_init_c(AecDsp* dsp);
void aec_dsp_init_sse2(AecDsp* dsp);
void aec_dsp_init_avx2(AecDsp* dsp);
void aec_dsp_init_neon(AecDsp* dsp);

const AecDsp& aec_dsp();
const DspTableInfo& aec_dsp_info();

}  // namespace audio
}  // namespace edgeav
