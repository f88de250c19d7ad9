// The passes of RealFft (real_fft.h) and their dispatch table. The n-point
// real transform is an m = n/2 point complex FFT of z[j] = x[2j] + i*x[2j+1]
// (Stockham autosort radix-4 passes, one radix-2 pass when log2(m) is odd),
// followed by a split pass that separates the spectra of the even and odd
// samples. Complex data between passes is split (separate re and im arrays)
// so every pass is plain element-wise vector arithmetic; the input of the
// first pass and the output of the last are interleaved (re, im).
//
// A radix-4 pass with quarter length l and stride s (l * s = m / 4) maps
//   a, b, c, d = x[j], x[j + m/4], x[j + m/2], x[j + 3m/4],  j = q + s*p
// to y[q + s*(4p + k)] = W^(k*p) * sum_r x_r * (-i)^(k*r)  (W = e^(-2*pi*i/(4l))),
// with the twiddles of the pass stored as six arrays of l floats:
// Re W^p, Im W^p, Re W^2p, Im W^2p, Re W^3p, Im W^3p.
//
// The C versions are the specification. SIMD versions reorder no sums, but
// may fuse multiply-adds: checkasm compares within 2^-20 of the largest
// magnitude at each pass's output (see cpp/tests/checkasm/audio_fft.cpp).
#pragma once
#include <cstdint>

#include "base/dsp_table.h"

namespace edgeav {
namespace audio {

// First radix-4 pass (s = 1, l = m/4): reads interleaved complex input.
using FftRadix4First = void (*)(const float* in, float* yr, float* yi, const float* tw, int m);
// A later radix-4 pass: s a power of two >= 4, l * s = m / 4.
using FftRadix4 = void (*)(const float* xr, const float* xi, float* yr, float* yi, const float* tw, int l, int s);
// Last pass when log2(m) is odd (l = 1, s = m/2): y[q] = a + b, y[q + s] = a - b.
using FftRadix2Last = void (*)(const float* xr, const float* xi, float* yr, float* yi, int s);
// Forward real split: from Z (split, m points) to the m+1 interleaved bins X,
//   X[k] = E + W^k O, X[m-k] = conj(E - W^k O), E = (Z[k] + conj Z[m-k]) / 2,
//   O = -i (Z[k] - conj Z[m-k]) / 2, W = e^(-i*pi/m),
// with w holding Re W^k for k = 0..m/2, then Im W^k for k = 0..m/2.
using FftRealSplit = void (*)(const float* zr, const float* zi, const float* w, float* out, int m);
// Inverse of the split: from the m+1 interleaved bins X to the interleaved
// complex sequence i*conj(Z) * 2*scale, Z the spectrum of z[j] = x[2j] + i*x[2j+1]
// (Z[k] = E + i*O with E = (X[k] + conj X[m-k]) / 2, O = conj(W^k) (X[k] - conj X[m-k]) / 2).
// With scale = 1/n, the forward complex FFT of the output is i*conj(z): x[2j+1]
// in its real part and x[2j] in its imaginary part. The imaginary parts of
// X[0] and X[m] are ignored, as a real signal has none.
using FftRealMerge = void (*)(const float* in, const float* w, float* out, int m, float scale);
// out[2j] = a[j], out[2j+1] = b[j], j < count.
using FftInterleave = void (*)(const float* a, const float* b, float* out, int count);

struct FftDsp {
  FftRadix4First radix4_first;
  FftRadix4 radix4;
  FftRadix2Last radix2_last;
  FftRealSplit real_split;
  FftRealMerge real_merge;
  FftInterleave interleave;
};
constexpr int kFftDspEntries = 6;
EDGEAV_DSP_TABLE_SIZE_CHECK(FftDsp, kFftDspEntries);

void fft_dsp_init(FftDsp* dsp, uint32_t cpu_flags);
void fft_dsp_init_c(FftDsp* dsp);
void fft_dsp_init_sse2(FftDsp* dsp);
void fft_dsp_init_avx2(FftDsp* dsp);
void fft_dsp_init_neon(FftDsp* dsp);

const FftDsp& fft_dsp();
const DspTableInfo& fft_dsp_info();

}  // namespace audio
}  // namespace edgeav
