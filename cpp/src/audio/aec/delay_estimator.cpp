#include "audio/aec/delay_estimator.h"

#include <algorithm>
#include <cmath>

namespace edgeav {
namespace audio {

namespace {

// Speech bands, 200 Hz to 7 kHz (or Nyquist), spaced evenly in log frequency.
constexpr float kLowHz = 200.0f, kHighHz = 7000.0f;
// Time constants: the envelope mean that is removed, and the slowest
// correlation average (the first updates are plain averages, so the delay
// is found within the first second of far-end speech).
constexpr float kMeanMs = 300.0f, kCorrelationMs = 800.0f;
// A lag replaces the current delay once it correlates better by this much
// for this long: no flicker between neighbouring lags, yet a new echo path
// is followed within a fraction of a second.
constexpr float kSwitchMargin = 0.04f, kSwitchMs = 60.0f;
// Below this correlation nothing is reported.
constexpr float kMinQuality = 0.15f;
// The hop between correlations: two blocks up to 32 kHz, three at 48 kHz
// (the filter's own peak refines the delay once it has converged).
constexpr float kHopMs = 8.0f;

}  // namespace

DelayEstimator::DelayEstimator(const AecLayout& layout)
    : hop_(std::max(1, static_cast<int>(std::lround(kHopMs / layout.block_ms())))),
      lags_((layout.max_delay + hop_ - 1) / hop_ + 1), bins_(layout.bins),
      history_(static_cast<size_t>(lags_ * kBands)), history_energy_(static_cast<size_t>(lags_)),
      history_active_(static_cast<size_t>(lags_)), cross_(static_cast<size_t>(lags_)), render_energy_(cross_.size()),
      capture_energy_(cross_.size()), updates_(cross_.size()) {
  const float hz_per_bin = static_cast<float>(layout.sample_rate) / layout.fft;
  const float high = std::min(kHighHz, 0.45f * layout.sample_rate);
  int prev = -1;
  for (int b = 0; b <= kBands; b++) {
    const float f = kLowHz * std::pow(high / kLowHz, static_cast<float>(b) / kBands);
    int k = static_cast<int>(std::lround(f / hz_per_bin));
    k = std::max(k, prev + 1);  // at least one bin per band
    band_start_[b] = std::min(k, bins_);
    prev = k;
  }
  const float hop_ms = layout.block_ms() * hop_;
  alpha_min_ = hop_ms / kCorrelationMs;
  mean_alpha_ = hop_ms / kMeanMs;
  // A render band with less than a -70 dBFS sine's share is silence.
  render_floor_ = 1e-7f * layout.fft * layout.fft / kBands * hop_;
  reset();
}

void DelayEstimator::reset() {
  std::fill(render_mean_, render_mean_ + kBands, 0.0f);
  std::fill(capture_mean_, capture_mean_ + kBands, 0.0f);
  std::fill(capture_noise_, capture_noise_ + kBands, 0.0f);
  std::fill(history_.begin(), history_.end(), 0.0f);
  std::fill(history_energy_.begin(), history_energy_.end(), 0.0f);
  std::fill(history_active_.begin(), history_active_.end(), 0);
  std::fill(cross_.begin(), cross_.end(), 0.0f);
  std::fill(render_energy_.begin(), render_energy_.end(), 0.0f);
  std::fill(capture_energy_.begin(), capture_energy_.end(), 0.0f);
  std::fill(updates_.begin(), updates_.end(), 0);
  std::fill(render_bands_, render_bands_ + kBands, 0.0f);
  std::fill(capture_bands_, capture_bands_ + kBands, 0.0f);
  hop_blocks_ = 0;
  head_ = 0;
  delay_ = candidate_ = -1;
  candidate_blocks_ = 0;
  blocks_ = 0;
}

// Log band energies less their running mean. `noise` (capture only) tracks
// each band's floor, added to the energy so that noise alone gives a flat
// feature rather than random log swings.
void DelayEstimator::features(const float* energy, float floor, float* mean, float* noise, float* out) {
  for (int b = 0; b < kBands; b++) {
    const float e = energy[b];
    float f = floor;
    if (noise) {
      noise[b] = blocks_ == 0 || e < noise[b] ? e : noise[b] * 1.002f;
      f += 2.0f * noise[b];
    }
    const float l = std::log(e + f);
    mean[b] = blocks_ == 0 ? l : mean[b] + mean_alpha_ * (l - mean[b]);
    out[b] = l - mean[b];
  }
}

float DelayEstimator::corr_at(int lag) const {
  const float d = render_energy_[lag] * capture_energy_[lag];
  return d > 0.0f ? cross_[lag] / std::sqrt(d) : 0.0f;
}

void DelayEstimator::update(const float* render_power, const float* capture_power) {
  for (int b = 0; b < kBands; b++)
    for (int k = band_start_[b]; k < band_start_[b + 1]; k++)
      render_bands_[b] += render_power[k], capture_bands_[b] += capture_power[k];
  if (++hop_blocks_ < hop_) return;
  hop_blocks_ = 0;
  correlate();
  std::fill(render_bands_, render_bands_ + kBands, 0.0f);
  std::fill(capture_bands_, capture_bands_ + kBands, 0.0f);
}

void DelayEstimator::correlate() {
  head_ = head_ == 0 ? lags_ - 1 : head_ - 1;
  float* rf = history_.data() + head_ * kBands;
  float render_total = 0.0f;
  for (int b = 0; b < kBands; b++) render_total += render_bands_[b];
  features(render_bands_, render_floor_, render_mean_, nullptr, rf);
  float re = 0.0f;
  for (int b = 0; b < kBands; b++) re += rf[b] * rf[b];
  history_energy_[head_] = re;
  history_active_[head_] = render_total > render_floor_ * kBands;

  float cf[kBands];
  features(capture_bands_, render_floor_, capture_mean_, capture_noise_, cf);
  float ce = 0.0f;
  for (int b = 0; b < kBands; b++) ce += cf[b] * cf[b];
  blocks_++;

  int best = -1;
  float best_corr = 0.0f;
  for (int lag = 0; lag < lags_; lag++) {
    int slot = head_ + lag;
    if (slot >= lags_) slot -= lags_;
    if (!history_active_[slot]) continue;
    const float* r = history_.data() + slot * kBands;
    float dot = 0.0f;
    for (int b = 0; b < kBands; b++) dot += r[b] * cf[b];
    const float a = std::max(alpha_min_, 1.0f / static_cast<float>(++updates_[lag]));
    cross_[lag] += a * (dot - cross_[lag]);
    render_energy_[lag] += a * (history_energy_[slot] - render_energy_[lag]);
    capture_energy_[lag] += a * (ce - capture_energy_[lag]);
  }
  // Lags with too few updates are not trusted yet.
  const int min_updates = static_cast<int>(0.5f / alpha_min_);
  for (int lag = 0; lag < lags_; lag++) {
    if (updates_[lag] < min_updates) continue;
    const float c = corr_at(lag);
    if (c > best_corr) best_corr = c, best = lag;
  }
  if (best < 0 || best_corr < kMinQuality) {
    candidate_ = -1;
    return;
  }
  if (delay_ < 0) {
    delay_ = best;
    return;
  }
  if (best == delay_ || best_corr < corr_at(delay_) + kSwitchMargin) {
    candidate_ = -1;
    return;
  }
  if (best != candidate_) candidate_ = best, candidate_blocks_ = 0;
  if (++candidate_blocks_ * (kCorrelationMs * alpha_min_) >= kSwitchMs) delay_ = best, candidate_ = -1;
}

}  // namespace audio
}  // namespace edgeav
