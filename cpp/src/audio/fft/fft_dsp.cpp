#include "audio/fft/fft_dsp.h"

#include "audio/fft/fft_c.h"
#include "base/cpu.h"

namespace edgeav {
namespace audio {

namespace {

void radix4_first_c(const float* in, float* yr, float* yi, const float* tw, int m) {
  radix4_first_butterflies(in, yr, yi, tw, m, 0, m / 4);
}

void radix4_c(const float* xr, const float* xi, float* yr, float* yi, const float* tw, int l, int s) {
  const int quarter = l * s;
  for (int p = 0; p < l; p++) {
    float w[6];
    radix4_twiddles(tw, l, p, w);
    for (int q = 0; q < s; q++) {
      const int j = q + s * p, o4 = q + 4 * s * p;
      const Radix4Out o = radix4_butterfly(xr[j], xi[j], xr[j + quarter], xi[j + quarter], xr[j + 2 * quarter],
                                           xi[j + 2 * quarter], xr[j + 3 * quarter], xi[j + 3 * quarter], w);
      yr[o4] = o.r0, yi[o4] = o.i0;
      yr[o4 + s] = o.r1, yi[o4 + s] = o.i1;
      yr[o4 + 2 * s] = o.r2, yi[o4 + 2 * s] = o.i2;
      yr[o4 + 3 * s] = o.r3, yi[o4 + 3 * s] = o.i3;
    }
  }
}

void radix2_last_c(const float* xr, const float* xi, float* yr, float* yi, int s) {
  for (int q = 0; q < s; q++) {
    const float ar = xr[q], ai = xi[q], br = xr[q + s], bi = xi[q + s];
    yr[q] = ar + br, yi[q] = ai + bi;
    yr[q + s] = ar - br, yi[q + s] = ai - bi;
  }
}

void real_split_c(const float* zr, const float* zi, const float* w, float* out, int m) {
  real_split_bins(zr, zi, w, out, m, 0, m / 2 + 1);
}

void real_merge_c(const float* in, const float* w, float* out, int m, float scale) {
  real_merge_dc(in, out, m, scale);
  real_merge_bins(in, w, out, m, scale, 1, m / 2 + 1);
}

void interleave_c(const float* a, const float* b, float* out, int count) {
  for (int j = 0; j < count; j++) out[2 * j] = a[j], out[2 * j + 1] = b[j];
}

}  // namespace

void fft_dsp_init_c(FftDsp* dsp) {
  dsp->radix4_first = radix4_first_c;
  dsp->radix4 = radix4_c;
  dsp->radix2_last = radix2_last_c;
  dsp->real_split = real_split_c;
  dsp->real_merge = real_merge_c;
  dsp->interleave = interleave_c;
}

void fft_dsp_init(FftDsp* dsp, uint32_t flags) {
  fft_dsp_init_c(dsp);
#if EDGEAV_ARCH_X86
  if (flags & kCpuSSE2) fft_dsp_init_sse2(dsp);
  if (flags & kCpuAVX2) fft_dsp_init_avx2(dsp);  // every AVX2 CPU has FMA (the file uses both)
#elif EDGEAV_ARCH_ARM64
  if (flags & kCpuNEON) fft_dsp_init_neon(dsp);
#else
  (void)flags;
#endif
}

const FftDsp& fft_dsp() { return live_dsp_table<FftDsp, fft_dsp_init>(); }

const DspTableInfo& fft_dsp_info() {
  static const char* const names[] = {"radix4_first", "radix4", "radix2_last", "real_split", "real_merge",
                                      "interleave"};
  return dsp_table_info<FftDsp, fft_dsp_init>("audio_fft", names);
}

}  // namespace audio
}  // namespace edgeav
