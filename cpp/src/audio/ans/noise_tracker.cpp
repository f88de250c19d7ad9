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
// With the talker's peaks well above the noise (speech_to_noise_db from 24
// to 32 dB), the bound in the speech band (to 3.4 kHz) lifts by up to 30 dB,
// i.e. goes away: there the gain gains more from following babble between
// syllables than the slight leak of speech costs, and above 3.4 kHz the
// leak would cost intelligibility. It fades back in for nearly clean input
// (40 to 48 dB), where there is nothing to follow and only speech to leak.
constexpr float kLiftFromDb = 24.0f, kLiftFullDb = 32.0f, kCleanFromDb = 40.0f, kCleanFullDb = 48.0f;
constexpr float kMaxLiftDb = 30.0f;
// At such levels a sub-window without a pause holds only speech: its minimum
// would lift the bound into the talker, so the older minima are kept instead,
// for up to 8 sub-windows in a row (2 s; noise that rose for good must get in
// eventually). Below, pauses are rarely detected and the window must move on.
constexpr int kMaxHeldSubWindows = 8;
constexpr float kHoldFromDb = 26.0f;
constexpr double kNonstationarityTau = 1.0;  // seconds of noise-dominated frames
// A frame is a pause when the speech presence, averaged over the speech band,
// is below this.
constexpr float kPausePresence = 0.15f;
// Music mode's long minimum: sub-windows of 100 frames (1 s), eight kept.
constexpr int kLongWindowFrames = 100, kLongWindows = 8;
// How fast the talker's peak level falls (dB per second).
constexpr double kSpeechPeakDecayDbPerSecond = 3.0;

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
      nonstationarity_alpha_(static_cast<float>(std::exp(-static_cast<double>(hop) / sample_rate / kNonstationarityTau))),
      peak_decay_(static_cast<float>(std::pow(10.0, -kSpeechPeakDecayDbPerSecond * hop / sample_rate / 10.0))),
      long_current_min_(bins),
      long_mins_(static_cast<size_t>(bins) * kLongWindows) {
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
  sub_frames_ = next_sub_ = held_ = 0;
  sub_pause_ = false;
  std::fill(unbounded_.begin(), unbounded_.end(), kNoiseFloor);
  band_smoothed_ = 0.0f;
  band_current_min_ = 1e30f;
  std::fill(std::begin(band_mins_), std::end(band_mins_), 1e30f);
  nonstationarity_db_ = 0.0f;
  speech_peak_ = 0.0f;
  speech_to_noise_db_ = 0.0f;
  std::fill(long_current_min_.begin(), long_current_min_.end(), 1e30f);
  std::fill(long_mins_.begin(), long_mins_.end(), 1e30f);
  long_frames_ = next_long_ = 0;
}

void NoiseTracker::update_minimum(const float* power) {
  float band = 0.0f;
  for (int k = band_first_; k <= band_last_; k++) band += power[k];
  band_smoothed_ = frames_ == 0 ? band : 0.5f * band_smoothed_ + 0.5f * band;
  band_current_min_ = std::min(band_current_min_, band_smoothed_);
  for (int k = 0; k < bins_; k++) {
    smoothed_[k] = frames_ == 0 ? power[k] : kMinSmoothing * smoothed_[k] + (1.0f - kMinSmoothing) * power[k];
    current_min_[k] = std::min(current_min_[k], smoothed_[k]);
    long_current_min_[k] = std::min(long_current_min_[k], smoothed_[k]);
  }
  if (++long_frames_ == kLongWindowFrames) {
    std::copy(long_current_min_.begin(), long_current_min_.end(),
              long_mins_.begin() + static_cast<size_t>(next_long_) * bins_);
    std::fill(long_current_min_.begin(), long_current_min_.end(), 1e30f);
    next_long_ = (next_long_ + 1) % kLongWindows;
    long_frames_ = 0;
  }
  if (++sub_frames_ == kSubWindowFrames) {
    if (!sub_pause_ && held_ < kMaxHeldSubWindows && speech_to_noise_db_ > kHoldFromDb) {
      held_++;
      std::fill(current_min_.begin(), current_min_.end(), 1e30f);
      band_current_min_ = 1e30f;
      sub_frames_ = 0;
      return;
    }
    held_ = 0;
    sub_pause_ = false;
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
  float band_presence = 0.0f;
  for (int k = 0; k < bins_; k++) {
    const float gamma = power[k] / noise_[k];
    // P(H1 | Y) with equal priors; the exponent is clamped where the
    // probability is one to float precision anyway.
    const float e = std::exp(std::max(-80.0f, -gamma * likelihood_scale));
    float p = 1.0f / (1.0f + (1.0f + kSnrH1) * e);
    presence_avg_[k] = alpha_stuck_ * presence_avg_[k] + (1.0f - alpha_stuck_) * p;
    // Stuck: lets noise that rose for good in (music mode: the long minimum does).
    if (presence_avg_[k] > 0.99f && !music_) p = std::min(p, 0.99f);
    presence_[k] = p;
    if (k >= band_first_ && k <= band_last_) band_presence += p;
  }
  // In a pause (speech unlikely across the band) the estimate follows the
  // noise freely: there is no speech to leak in, and speech-like noise such
  // as babble is only measured right between the talker's words. While the
  // talker may speak, the bound stops the estimate from growing past it but
  // never pulls it down (it falls by itself where the power does).
  const bool pause = band_presence < kPausePresence * static_cast<float>(band_last_ - band_first_ + 1);
  sub_pause_ = sub_pause_ || pause;
  const float lift = std::clamp((speech_to_noise_db_ - kLiftFromDb) / (kLiftFullDb - kLiftFromDb), 0.0f, 1.0f) *
                     std::clamp((kCleanFullDb - speech_to_noise_db_) / (kCleanFullDb - kCleanFromDb), 0.0f, 1.0f);
  const float band_bias = kMinBias * std::pow(10.0f, lift * kMaxLiftDb / 10.0f);
  for (int k = 0; k < bins_; k++) {
    const float p = presence_[k];
    const float expected = (1.0f - p) * power[k] + p * noise_[k];
    const float updated = alpha_ * noise_[k] + (1.0f - alpha_) * expected;
    const float bound = (k <= band_last_ ? band_bias : kMinBias) * minimum(k);
    const float bounded = pause ? updated : std::min(updated, std::max(bound, noise_[k]));
    noise_[k] = std::max(kNoiseFloor, bounded);
  }
  if (music_) {
    for (int k = 0; k < bins_; k++) {
      float m = long_current_min_[k];
      for (int w = 0; w < kLongWindows; w++) m = std::min(m, long_mins_[static_cast<size_t>(w) * bins_ + k]);
      noise_[k] = std::max(kNoiseFloor, std::min(std::max(noise_[k], m), kMinBias * m));
    }
  }
  // The talker's level over the noise's in the band: the peak of the band's
  // power, falling slowly, against the estimate.
  float band_power = 0.0f, band_noise = 0.0f;
  for (int k = band_first_; k <= band_last_; k++) band_power += power[k], band_noise += noise_[k];
  speech_peak_ = std::max(band_power, speech_peak_ * peak_decay_);
  speech_to_noise_db_ = 10.0f * std::log10(std::max(speech_peak_, kNoiseFloor) / band_noise);
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
