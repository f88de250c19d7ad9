// Frame-level voice activity from the spectrum and the tracked noise: the
// mean log-likelihood ratio of speech over noise across the speech band
// (Sohn, Kim and Sung, "A statistical model-based voice activity detector",
// IEEE SPL 1999), with a decision-directed a priori SNR per bin, mapped to a
// probability and smoothed. Beside it, how much of the band above 700 Hz
// stands clear of the noise: speech spreads formants and fricatives across
// it, while a thump or rumble, which the mean ratio may call speech as well,
// fills only the band's bottom.
#pragma once
#include <vector>

namespace edgeav {
namespace audio {

class VoiceActivityDetector {
 public:
  VoiceActivityDetector(int sample_rate, int fft_size);
  // One frame: its power spectrum, the noise estimate and the mean square of
  // the frame's samples. Returns the speech probability.
  float update(const float* power, const float* noise, float mean_square);
  float probability() const { return probability_; }
  bool speech() const { return probability_ > 0.5f; }
  // The share of the bins from 700 Hz to 4 kHz 10 dB or more above the noise
  // in the last frame.
  float band_coverage() const { return band_coverage_; }
  void reset();

 private:
  int first_bin_, last_bin_;  // the speech band
  int first_coverage_bin_;    // 700 Hz
  std::vector<float> clean_prev_;
  float probability_ = 0.0f;
  float band_coverage_ = 0.0f;
};

}  // namespace audio
}  // namespace edgeav
