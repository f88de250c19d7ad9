// Finds the bulk delay between the render (far-end) and the capture (near-end)
// signals, 0 to kAecMaxDelayMs, in blocks, without any hint: it correlates the
// band envelopes of the two, for every candidate delay at once.
//
// Every hop of about 8 ms (a few blocks, whose band energies are summed)
// gives, per band, the log energy less its slow running mean (so a
// band's gain and its stationary noise drop out and what is left marks where
// speech rises and falls). For every lag d, the running normalised
// correlation of the render features d blocks back with the capture features
// now is kept, updated only when that render block carried sound; the echo
// delay is the lag where the capture best follows the render. It works on
// the power spectra the canceller computes anyway.
#pragma once
#include <cstdint>
#include <vector>

#include "audio/aec/aec_layout.h"

namespace edgeav {
namespace audio {

class DelayEstimator {
 public:
  explicit DelayEstimator(const AecLayout& layout);
  // One block: the newest render power spectrum and the capture power
  // spectrum of the same block (layout.bins each).
  void update(const float* render_power, const float* capture_power);
  void reset();
  // The delay in blocks (a multiple of the hop), or -1 while none stands out.
  int delay() const { return delay_ >= 0 ? delay_ * hop_ : -1; }
  // Normalised correlation at the reported delay, 0..1.
  float quality() const { return delay_ >= 0 ? corr_at(delay_) : 0.0f; }

 private:
  static constexpr int kBands = 16;
  float corr_at(int lag) const;
  void features(const float* energy, float floor, float* mean, float* noise, float* out);
  void correlate();

  int hop_, lags_, bins_;  // blocks per hop; lags and delay_ count hops
  int band_start_[kBands + 1];
  float alpha_min_, mean_alpha_, render_floor_;
  float render_mean_[kBands], capture_mean_[kBands], capture_noise_[kBands];
  float render_bands_[kBands], capture_bands_[kBands];  // band energies summed over the hop
  int hop_blocks_ = 0;
  // Render features of the last `lags_` blocks, newest at head_, and whether
  // each block carried sound.
  std::vector<float> history_;
  std::vector<float> history_energy_;
  std::vector<unsigned char> history_active_;
  int head_ = 0;
  // Per lag: smoothed cross product, render energy, capture energy, updates.
  std::vector<float> cross_, render_energy_, capture_energy_;
  std::vector<int> updates_;
  int delay_ = -1;
  int candidate_ = -1, candidate_blocks_ = 0;
  int64_t blocks_ = 0;  // not long: 32 bits on Windows and 32-bit CPUs, which months of blocks overflow
};

}  // namespace audio
}  // namespace edgeav
