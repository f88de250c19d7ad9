#include "audio/vad/voice_activity_detector.h"

#include <algorithm>
#include <cmath>

namespace edgeav {
namespace audio {

namespace {

constexpr float kBandLowHz = 200.0f, kBandHighHz = 4000.0f;
constexpr float kCoverageLowHz = 700.0f, kCoverageSnr = 10.0f;  // 10 dB
constexpr float kDecisionDirected = 0.96f;
constexpr float kSnrMin = 0.003f;  // -25 dB
// Logistic map from the mean log-likelihood ratio to a probability.
constexpr float kLlrCenter = 0.5f, kLlrSlope = 5.0f;
// Below this mean square (-75 dBFS) a frame is silence, whatever its spectrum.
constexpr float kSilence = 3.2e-8f;

}  // namespace

VoiceActivityDetector::VoiceActivityDetector(int sample_rate, int fft_size) {
  const float hz_per_bin = static_cast<float>(sample_rate) / fft_size;
  first_bin_ = static_cast<int>(kBandLowHz / hz_per_bin);
  last_bin_ = std::min(fft_size / 2, static_cast<int>(kBandHighHz / hz_per_bin));
  first_coverage_bin_ = static_cast<int>(kCoverageLowHz / hz_per_bin);
  clean_prev_.assign(fft_size / 2 + 1, 0.0f);
}

void VoiceActivityDetector::reset() {
  std::fill(clean_prev_.begin(), clean_prev_.end(), 0.0f);
  probability_ = band_coverage_ = 0.0f;
}

float VoiceActivityDetector::update(const float* power, const float* noise, float mean_square) {
  double llr = 0.0;
  int covered = 0;
  for (int k = first_bin_; k <= last_bin_; k++) {
    const float gamma = std::min(power[k] / noise[k], 1e4f);
    covered += k >= first_coverage_bin_ && gamma >= kCoverageSnr;
    const float xi = std::max(kSnrMin, kDecisionDirected * clean_prev_[k] / noise[k] +
                                          (1.0f - kDecisionDirected) * std::max(gamma - 1.0f, 0.0f));
    llr += gamma * xi / (1.0f + xi) - std::log1p(xi);
    const float wiener = xi / (1.0f + xi);
    clean_prev_[k] = wiener * wiener * power[k];
  }
  llr /= (last_bin_ - first_bin_ + 1);
  band_coverage_ = static_cast<float>(covered) / static_cast<float>(last_bin_ - first_coverage_bin_ + 1);
  float p = 1.0f / (1.0f + std::exp(-kLlrSlope * (static_cast<float>(llr) - kLlrCenter)));
  if (mean_square < kSilence) p = 0.0f;
  // Onsets count at once, decays are smoothed.
  probability_ = std::max(p, 0.5f * probability_ + 0.5f * p);
  return probability_;
}

}  // namespace audio
}  // namespace edgeav
