// The spectral gain of the noise suppressor: the a priori SNR by the
// decision-directed rule (Ephraim and Malah 1984), which smooths the SNR of
// noise-only bins over time and so avoids musical noise, then the log-spectral
// amplitude estimator's gain (Ephraim and Malah 1985), kept above a floor so
// that the residual noise sounds like the original, only softer.
#pragma once
#include <vector>

namespace edgeav {
namespace audio {

enum class SuppressionLevel { kLow, kModerate, kHigh, kVeryHigh };

class SuppressionGain {
 public:
  SuppressionGain(int bins, SuppressionLevel level);
  void set_level(SuppressionLevel level);
  // Gains in [floor, 1] for one frame from its power spectrum and the noise.
  // The floor rises toward kSpeechLikeFloor, and the decision-directed
  // smoothing eases, as the noise's nonstationarity
  // (NoiseTracker::nonstationarity_db) grows: suppressing babble, itself
  // speech, distorts the talker more than it helps.
  void compute(const float* power, const float* noise, float nonstationarity_db, float* gain);
  void reset();

 private:
  int bins_;
  float floor_;     // smallest gain
  float snr_min_;   // smallest a priori SNR
  std::vector<float> clean_prev_;  // |G Y|^2 of the previous frame
};

}  // namespace audio
}  // namespace edgeav
