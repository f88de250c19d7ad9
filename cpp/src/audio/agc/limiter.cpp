#include "audio/agc/limiter.h"

#include <algorithm>
#include <cmath>

namespace edgeav {
namespace audio {

namespace {

// Below the knee (-3 dBFS) nothing changes; above it the output approaches the
// ceiling (-0.3 dBFS) exponentially, with slope 1 at the knee.
constexpr float kKnee = 0.708f, kCeiling = 0.966f;
constexpr double kReleaseSeconds = 0.08;

inline float curve(float env) { return kKnee + (kCeiling - kKnee) * (1.0f - std::exp(-(env - kKnee) / (kCeiling - kKnee))); }

}  // namespace

Limiter::Limiter(int sample_rate) : release_(static_cast<float>(std::exp(-1.0 / (kReleaseSeconds * sample_rate)))) {}

void Limiter::process(float* x, int n, int channels) {
  float env = envelope_;
  for (int i = 0; i < n; i++) {
    float* s = x + i * channels;
    float a = std::fabs(s[0]);
    for (int c = 1; c < channels; c++) a = std::max(a, std::fabs(s[c]));
    env = a > env ? a : env * release_;
    if (env > kKnee) {
      const float g = curve(env) / env;
      for (int c = 0; c < channels; c++) s[c] *= g;
    }
  }
  envelope_ = env > 1e-20f ? env : 0.0f;  // no denormals after long silence
}

}  // namespace audio
}  // namespace edgeav
