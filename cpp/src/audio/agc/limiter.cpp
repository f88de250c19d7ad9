#include "audio/agc/limiter.h"

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

void Limiter::process(float* x, int n) {
  float env = envelope_;
  for (int i = 0; i < n; i++) {
    const float a = std::fabs(x[i]);
    env = a > env ? a : env * release_;
    if (env > kKnee) x[i] *= curve(env) / env;
  }
  envelope_ = env > 1e-20f ? env : 0.0f;  // no denormals after long silence
}

}  // namespace audio
}  // namespace edgeav
