#include "audio/ans/noise_tracker.h"

#include <algorithm>
#include <cmath>

namespace edgeav {
namespace audio {

namespace {

// The a priori SNR assumed when speech is present: 15 dB (the paper's value).
constexpr float kSnrH1 = 31.622777f;
// Time constants of the paper (0.8 and 0.9 per 16 ms hop), rescaled per hop.
constexpr double kNoiseTau = 0.0717, kStuckTau = 0.152;
// Frames that initialise the estimate as a running mean (noise is assumed
// to dominate the first 50 ms; the tracker corrects a wrong start quickly).
constexpr int kStartupFrames = 5;
// The floor on noise power keeps the ratios finite on digital silence.
constexpr float kNoiseFloor = 1e-12f;
// Minimum statistics: smoothing per frame, sub-windows of 25 frames, six of
// them kept (1.5 s with the current one), and the factor from the minimum of
// a stationary noise's smoothed periodogram to its mean (measured 3.3; a
// little less keeps the bound from lifting the estimate).
constexpr float kMinSmoothing = 0.7f;
constexpr int kSubWindowFrames = 25, kSubWindows = 6;
constexpr float kMinBias = 3.0f;
constexpr double kNonstationarityTau = 1.0;  // seconds of noise-dominated frames

}  // namespace

NoiseTracker::NoiseTracker(int bins, int hop, int sample_rate, int fft_size)
    : bins_(bins),
      alpha_(static_cast<float>(std::exp(-static_cast<double>(hop) / sample_rate / kNoiseTau))),
      alpha_stuck_(static_cast<float>(std::exp(-static_cast<double>(hop) / sample_rate / kStuckTau))),
      noise_(bins),
      presence_(bins),
      presence_avg_(bins),
      smoothed_(bins),
      current_min_(bins),
      window_mins_(static_cast<size_t>(bins) * kSubWindows),
      band_first_(300 * fft_size / sample_rate),
      band_last_(std::min(bins - 1, 3400 * fft_size / sample_rate)),
      unbounded_(band_last_ - band_first_ + 1),
      nonstationarity_alpha_(static_cast<float>(std::exp(-static_cast<double>(hop) / sample_rate / kNonstationarityTau))) {
  reset();
}

void NoiseTracker::reset() {
  frames_ = 0;
  std::fill(noise_.begin(), noise_.end(), kNoiseFloor);
  std::fill(presence_.begin(), presence_.end(), 0.0f);
  std::fill(presence_avg_.begin(), presence_avg_.end(), 0.0f);
  std::fill(smoothed_.begin(), smoothed_.end(), 0.0f);
  std::fill(current_min_.begin(), current_min_.end(), 1e30f);
  std::fill(window_mins_.begin(), window_mins_.end(), 1e30f);
  sub_frames_ = next_sub_ = 0;
  std::fill(unbounded_.begin(), unbounded_.end(), kNoiseFloor);
  band_smoothed_ = 0.0f;
  band_current_min_ = 1e30f;
  std::fill(std::begin(band_mins_), std::end(band_mins_), 1e30f);
  nonstationarity_db_ = 0.0f;
}

void NoiseTracker::update_minimum(const float* power) {
  float band = 0.0f;
  for (int k = band_first_; k <= band_last_; k++) band += power[k];
  band_smoothed_ = frames_ == 0 ? band : 0.5f * band_smoothed_ + 0.5f * band;
  band_current_min_ = std::min(band_current_min_, band_smoothed_);
  for (int k = 0; k < bins_; k++) {
    smoothed_[k] = frames_ == 0 ? power[k] : kMinSmoothing * smoothed_[k] + (1.0f - kMinSmoothing) * power[k];
    current_min_[k] = std::min(current_min_[k], smoothed_[k]);
  }
  if (++sub_frames_ == kSubWindowFrames) {
    std::copy(current_min_.begin(), current_min_.end(), window_mins_.begin() + static_cast<size_t>(next_sub_) * bins_);
    std::fill(current_min_.begin(), current_min_.end(), 1e30f);
    band_mins_[next_sub_] = band_current_min_;
    band_current_min_ = 1e30f;
    next_sub_ = (next_sub_ + 1) % kSubWindows;
    sub_frames_ = 0;
  }
}

float NoiseTracker::minimum(int k) const {
  float m = current_min_[k];
  for (int w = 0; w < kSubWindows; w++) m = std::min(m, window_mins_[static_cast<size_t>(w) * bins_ + k]);
  return m;
}

void NoiseTracker::update(const float* power) {
  update_minimum(power);
  if (frames_ < kStartupFrames) {
    const float w = 1.0f / static_cast<float>(frames_ + 1);
    for (int k = 0; k < bins_; k++) noise_[k] = std::max(kNoiseFloor, noise_[k] + w * (power[k] - noise_[k]));
    std::copy(noise_.begin() + band_first_, noise_.begin() + band_last_ + 1, unbounded_.begin());
    frames_++;
    return;
  }
  const float likelihood_scale = kSnrH1 / (1.0f + kSnrH1);
  for (int k = 0; k < bins_; k++) {
    const float gamma = power[k] / noise_[k];
    // P(H1 | Y) with equal priors; the exponent is clamped where the
    // probability is one to float precision anyway.
    const float e = std::exp(std::max(-80.0f, -gamma * likelihood_scale));
    float p = 1.0f / (1.0f + (1.0f + kSnrH1) * e);
    presence_avg_[k] = alpha_stuck_ * presence_avg_[k] + (1.0f - alpha_stuck_) * p;
    const bool stuck = presence_avg_[k] > 0.99f;
    if (stuck) p = std::min(p, 0.99f);
    presence_[k] = p;
    const float expected = (1.0f - p) * power[k] + p * noise_[k];
    noise_[k] = std::max(kNoiseFloor, std::min(kMinBias * minimum(k), alpha_ * noise_[k] + (1.0f - alpha_) * expected));
  }
  // The same recursion without the bound, in the band only, for the measure
  // of nonstationarity.
  double unbounded_band = 0.0;
  for (int k = band_first_; k <= band_last_; k++) {
    float& u = unbounded_[k - band_first_];
    float p = 1.0f / (1.0f + (1.0f + kSnrH1) * std::exp(std::max(-80.0f, -power[k] / u * likelihood_scale)));
    if (presence_avg_[k] > 0.99f) p = std::min(p, 0.99f);
    u = std::max(kNoiseFloor, alpha_ * u + (1.0f - alpha_) * ((1.0f - p) * power[k] + p * u));
    unbounded_band += u;
  }
  float band_min = band_current_min_;
  for (float m : band_mins_) band_min = std::min(band_min, m);
  const float excess = static_cast<float>(10.0 * std::log10(std::max(unbounded_band / std::max(band_min, kNoiseFloor), 1.0)));
  nonstationarity_db_ = nonstationarity_alpha_ * nonstationarity_db_ + (1.0f - nonstationarity_alpha_) * excess;
}

}  // namespace audio
}  // namespace edgeav
