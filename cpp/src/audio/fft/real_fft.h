// Real FFT of n points (power of two, 32..4096), single precision: an n/2-point
// complex FFT over the even/odd interleaved input, then one split pass that
// turns it into the n/2+1 bins of the real transform. The complex passes run
// through the fft_dsp table (C, SSE2, AVX2, NEON). Both directions work in a
// stack buffer of n floats and `out`, so one object may serve several threads.
#pragma once
#include <vector>

namespace edgeav {
namespace audio {

struct FftDsp;

// Real FFT of n points (power of two, 32..4096), single precision. Allocates only in the constructor.
class RealFft {
 public:
  explicit RealFft(int n);
  int size() const;
  // in: n floats; out: n/2+1 complex bins as interleaved (re, im): 2*(n/2+1) floats.
  void forward(const float* in, float* out) const;
  // in: n/2+1 interleaved complex bins; out: n floats, scaled by 1/n so inverse(forward(x)) == x.
  void inverse(const float* in, float* out) const;  // uses no state but the plan: thread-safe

  // The same through a given table (checkasm runs every ISA's table).
  void forward(const FftDsp& dsp, const float* in, float* out) const;
  void inverse(const FftDsp& dsp, const float* in, float* out) const;

 private:
  int n_;
  int m_;                       // n/2: size of the complex FFT
  std::vector<float> twiddles_; // the radix-4 passes' twiddles, pass after pass (layout in fft_dsp.h)
  std::vector<float> split_w_;  // W^k = e^(-i*pi*k/m), k = 0..m/2: all real parts, then all imaginary parts
  int radix4_passes_;
  bool radix2_last_;

  void complex_fft(const FftDsp& dsp, const float* in, float* last, float* other) const;
};

}  // namespace audio
}  // namespace edgeav
