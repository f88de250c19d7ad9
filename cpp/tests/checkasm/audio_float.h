// Helpers for checkasm modules of float kernels: random signals in guarded
// buffers and a comparison within a tolerance relative to the reference's
// largest magnitude (SIMD may fuse multiply-adds or sum in another order).
#pragma once
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "checkasm/checkasm.h"

namespace checkasm {

// Floats at a random 4-byte offset inside a guarded Buffer.
class FloatBuffer {
 public:
  FloatBuffer(Rng& rng, size_t n) : buf_(n * sizeof(float), 4 * static_cast<size_t>(rng.range(0, 15))), n_(n) {}
  float* data() { return reinterpret_cast<float*>(buf_.data()); }
  const float* data() const { return reinterpret_cast<const float*>(const_cast<Buffer&>(buf_).data()); }
  size_t size() const { return n_; }
  // Uniform in [-amplitude, amplitude].
  void randomize(Rng& rng, float amplitude) {
    for (size_t i = 0; i < n_; i++) data()[i] = amplitude * (static_cast<float>(rng.next() >> 8) / 8388608.0f - 1.0f);
  }
  void copy_from(const FloatBuffer& o) { std::memcpy(data(), o.data(), n_ * sizeof(float)); }
  // The guard bytes before the data are as Buffer left them.
  bool guard_intact() {
    const std::vector<uint8_t>& all = buf_.all();
    for (size_t i = 0; i < Buffer::kGuard; i++)
      if (all[i] != static_cast<uint8_t>(0xA5 ^ (i * 7))) return false;
    return true;
  }

 private:
  Buffer buf_;
  size_t n_;
};

// Empty when every |got - want| <= tolerance * scale (and both agree on
// non-finite values); otherwise the first one that is not. The scale is the
// largest |want| unless given: the largest magnitude that went into a sum.
inline std::string compare_floats(const float* want, const float* got, size_t n, double tolerance,
                                  double scale = 0) {
  double peak = scale;
  if (peak == 0)
    for (size_t i = 0; i < n; i++) {
      // (not std::fmax: aarch64 GCC 12 at -O3 crashes vectorising that reduction)
      const double a = std::fabs(want[i]);
      if (a > peak) peak = a;
    }
  const double limit = tolerance * (peak > 0 ? peak : 1.0);
  for (size_t i = 0; i < n; i++) {
    const double d = std::fabs(static_cast<double>(want[i]) - got[i]);
    if (!(d <= limit))
      return "index " + std::to_string(i) + ": C " + std::to_string(want[i]) + ", SIMD " + std::to_string(got[i]) +
             " (limit " + std::to_string(limit) + ")";
  }
  return {};
}

}  // namespace checkasm
