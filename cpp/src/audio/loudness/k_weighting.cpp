#include "audio/loudness/k_weighting.h"

#include <algorithm>
#include <cmath>

namespace edgeav {
namespace audio {

namespace {

constexpr double kPi = 3.14159265358979323846;

// The analogue prototypes behind BS.1770's 48 kHz tables (as libebur128 derives them).
constexpr double kShelfHz = 1681.974450955533, kShelfGainDb = 3.999843853973347, kShelfQ = 0.7071752369554196;
constexpr double kHighpassHz = 38.13547087602444, kHighpassQ = 0.5003270373238773;

}  // namespace

KWeighting::KWeighting(int sample_rate, int channels) : channels_(channels), state_(4 * channels, 0.0) {
  const double fs = sample_rate;
  double k = std::tan(kPi * kShelfHz / fs);
  const double vh = std::pow(10.0, kShelfGainDb / 20.0), vb = std::pow(vh, 0.4996667741545416);
  double a0 = 1.0 + k / kShelfQ + k * k;
  shelf_ = {(vh + vb * k / kShelfQ + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / kShelfQ + k * k) / a0,
            2.0 * (k * k - 1.0) / a0, (1.0 - k / kShelfQ + k * k) / a0};
  k = std::tan(kPi * kHighpassHz / fs);
  a0 = 1.0 + k / kHighpassQ + k * k;
  highpass_ = {1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / kHighpassQ + k * k) / a0};
}

void KWeighting::reset() { std::fill(state_.begin(), state_.end(), 0.0); }

float KWeighting::mean_square(const float* x, int n) {
  double sum = 0.0;
  for (int c = 0; c < channels_; c++) {
    double* z = &state_[4 * c];
    for (int i = 0; i < n; i++) {
      const double in = x[i * channels_ + c];
      const double s = shelf_.b0 * in + z[0];
      z[0] = shelf_.b1 * in - shelf_.a1 * s + z[1];
      z[1] = shelf_.b2 * in - shelf_.a2 * s;
      const double h = highpass_.b0 * s + z[2];
      z[2] = highpass_.b1 * s - highpass_.a1 * h + z[3];
      z[3] = highpass_.b2 * s - highpass_.a2 * h;
      sum += h * h;
    }
    // No denormals after long silence.
    for (int j = 0; j < 4; j++)
      if (std::fabs(z[j]) < 1e-30) z[j] = 0.0;
  }
  return static_cast<float>(sum / n);
}

}  // namespace audio
}  // namespace edgeav
