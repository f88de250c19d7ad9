#include "audio/fft/real_fft.h"

#include <cassert>
#include <cmath>

#include "audio/fft/fft_dsp.h"

namespace edgeav {
namespace audio {

namespace {

constexpr int kMaxSize = 4096;

// e^(-2*pi*i*k/period) with the exact values on the axes, so mirrored bins
// written twice (k = m/2 of the split) agree bit for bit.
void unit_root(int k, int period, float* re, float* im) {
  const int r = ((k % period) + period) % period;
  if (4 * r == period) *re = 0.0f, *im = -1.0f;
  else if (2 * r == period) *re = -1.0f, *im = 0.0f;
  else if (4 * r == 3 * period) *re = 0.0f, *im = 1.0f;
  else if (r == 0) *re = 1.0f, *im = 0.0f;
  else {
    const double a = 2.0 * 3.14159265358979323846 * r / period;
    *re = static_cast<float>(std::cos(a)), *im = static_cast<float>(-std::sin(a));
  }
}

}  // namespace

RealFft::RealFft(int n) : n_(n), m_(n / 2), radix4_passes_(0), radix2_last_(false) {
  assert(n >= 32 && n <= kMaxSize && (n & (n - 1)) == 0);
  int rest = m_;
  for (; rest >= 4; rest /= 4) radix4_passes_++;
  radix2_last_ = rest == 2;
  for (int l = m_ / 4; l >= 1; l /= 4) {
    const size_t base = twiddles_.size();
    twiddles_.resize(base + 6 * l);
    for (int p = 0; p < l; p++)
      for (int k = 1; k <= 3; k++)
        unit_root(k * p, 4 * l, &twiddles_[base + (2 * k - 2) * l + p], &twiddles_[base + (2 * k - 1) * l + p]);
  }
  split_w_.resize(2 * (m_ / 2 + 1));
  for (int k = 0; k <= m_ / 2; k++) unit_root(k, n_, &split_w_[k], &split_w_[m_ / 2 + 1 + k]);
}

int RealFft::size() const { return n_; }

void RealFft::forward(const float* in, float* out) const { forward(fft_dsp(), in, out); }
void RealFft::inverse(const float* in, float* out) const { inverse(fft_dsp(), in, out); }

// The m-point complex FFT of interleaved `in` into `last` (split: m real
// parts, then m imaginary parts). The passes ping-pong between `last` and
// `other`, arranged so that the final one writes `last`.
void RealFft::complex_fft(const FftDsp& dsp, const float* in, float* last, float* other) const {
  const int m = m_;
  int remaining = radix4_passes_ + (radix2_last_ ? 1 : 0);
  auto next = [&] { return --remaining & 1 ? other : last; };
  const float* tw = twiddles_.data();
  float* y = next();
  dsp.radix4_first(in, y, y + m, tw, m);
  tw += 6 * (m / 4);
  for (int l = m / 16, s = 4; l >= 1; l /= 4, s *= 4) {
    float* x = y;
    y = next();
    dsp.radix4(x, x + m, y, y + m, tw, l, s);
    tw += 6 * l;
  }
  if (radix2_last_) {
    float* x = y;
    y = next();
    dsp.radix2_last(x, x + m, y, y + m, m / 2);
  }
}

void RealFft::forward(const FftDsp& dsp, const float* in, float* out) const {
  alignas(32) float stack[kMaxSize];
  complex_fft(dsp, in, stack, out);
  dsp.real_split(stack, stack + m_, split_w_.data(), out, m_);
}

// The merge writes i*conj(Z)/m, whose forward complex FFT is i*conj(z): the
// same passes serve both directions. The merged sequence waits in the buffer
// the first pass does not write.
void RealFft::inverse(const FftDsp& dsp, const float* in, float* out) const {
  alignas(32) float stack[kMaxSize];
  const bool first_writes_stack = (radix4_passes_ + (radix2_last_ ? 1 : 0)) & 1;
  float* merged = first_writes_stack ? out : stack;
  dsp.real_merge(in, split_w_.data(), merged, m_, 1.0f / static_cast<float>(n_));
  complex_fft(dsp, merged, stack, out);
  dsp.interleave(stack + m_, stack, out, m_);  // (Im, Re) of i*conj(z) are x[2j], x[2j+1]
}

}  // namespace audio
}  // namespace edgeav
