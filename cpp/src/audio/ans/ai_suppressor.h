// AI noise reduction (Processor ans = kAi, Professional audio edition): a small
// recurrent network that maps the log energies of 32 bands of each frame's
// spectrum (the analysis's STFT power) to 32 band gains, interpolated to a
// gain per bin. The network (ai_ns_weights.h) runs on the nn/ kernels:
//   features: log10(band power / window^2 + 1e-12), normalised
//   dense 32 -> 96, tanh; GRU 96; GRU 96; dense (both GRUs' states) 192 -> 32, sigmoid
// Bands: 32 centres evenly spaced on the mel scale from 0 to 8 kHz; a bin's
// power goes to the two centres around it, linearly in Hz, and its gain is
// the same interpolation of theirs. Band powers are means over their weights,
// divided by the squared window length, so the features are the same at 16,
// 32 and 48 kHz; bins from 8 kHz on take the top band's gain. The gain floor
// keeps -30 dB of the noise (no holes in the background). tools/train_ns.py
// computes the same features in numpy and trains the network.
#pragma once
#include <vector>

#include "audio/ans/ai_ns_weights.h"

namespace edgeav {
namespace audio {

class AiSuppressor {
 public:
  AiSuppressor(int sample_rate, int fft_size);
  // power: fft_size/2+1 bins of the latest window; gain: as many per-bin gains.
  void compute(const float* power, float* gain);
  void reset();  // the GRUs forget

  static constexpr float kGainFloor = 0.0316f;  // -30 dB

 private:
  int bins_, feature_bins_;    // bins below 8 kHz feed the features
  float power_scale_;          // 1 / window length^2
  std::vector<int> band_of_;   // bin k: between centres band_of_[k] and band_of_[k] + 1 ...
  std::vector<float> frac_;    // ... at this fraction (0 at and above the top centre)
  float band_norm_[ai_ns::kBands];  // 1 / the sum of each band's weights
  float x_[ai_ns::kBands], a_[ai_ns::kHidden], gx_[3 * ai_ns::kHidden], gh_[3 * ai_ns::kHidden];
  float h_[2 * ai_ns::kHidden];  // both GRUs' states, contiguous: the output layer reads them as one vector
  float band_gain_[ai_ns::kBands];
};

}  // namespace audio
}  // namespace edgeav
