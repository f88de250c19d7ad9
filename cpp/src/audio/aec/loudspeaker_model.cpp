#include "audio/aec/loudspeaker_model.h"

#include <algorithm>
#include <cmath>

namespace edgeav {
namespace audio {

namespace {

// phi stays within [0, kMaxPhi] (t up to 4: a hard clipper at 1/4 of full scale).
constexpr float kMaxPhi = 16.0f;
// Smoothing of the correlation sums (about 50 ms of blocks), and the share
// of the Newton step taken per block.
constexpr float kStatsAlpha = 0.1f, kStep = 0.05f;

}  // namespace

void LoudspeakerModel::reset() {
  phi_ = 0.0f;
  cross_ = power_ = 0.0f;
}

// f = tanh(t x) / t and df/dphi = (t x sech^2(t x) - tanh(t x)) / (2 t^3),
// which tends to -x^3 / 3 as t goes to 0 (its Taylor series is used below
// t |x| = 0.05, where the closed form loses precision).
void LoudspeakerModel::apply(const float* x, float* saturated, float* slope, int n) const {
  const double t = std::sqrt(static_cast<double>(phi_));
  for (int i = 0; i < n; i++) {
    const double v = x[i], u = t * v;
    if (std::fabs(u) < 0.05) {
      const double v3 = v * v * v;
      saturated[i] = static_cast<float>(v - phi_ * v3 / 3.0);
      slope[i] = static_cast<float>(-v3 / 3.0 + 2.0 * phi_ * v3 * v * v / 15.0);
    } else {
      const double th = std::tanh(u);
      saturated[i] = static_cast<float>(th / t);
      slope[i] = static_cast<float>((u * (1.0 - th * th) - th) / (2.0 * t * t * t));
    }
  }
}

void LoudspeakerModel::update(const float* error, const float* slope_echo, int n) {
  float c = 0.0f, p = 0.0f;
  for (int i = 0; i < n; i++) c += error[i] * slope_echo[i], p += slope_echo[i] * slope_echo[i];
  cross_ += kStatsAlpha * (c - cross_);
  power_ += kStatsAlpha * (p - power_);
  if (power_ > 0.0f) phi_ = std::min(std::max(phi_ + kStep * cross_ / power_, 0.0f), kMaxPhi);
}

}  // namespace audio
}  // namespace edgeav
