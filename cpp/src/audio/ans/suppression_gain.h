// The spectral gain of the noise suppressor: the a priori SNR by the
// decision-directed rule (Ephraim and Malah 1984), which smooths the SNR of
// noise-only bins over time and so avoids musical noise, then the log-spectral
// amplitude estimator's gain (Ephraim and Malah 1985), kept above a floor so
// that the residual noise sounds like the original, only softer.
// Above 4.5 kHz, in noisy scenes, the noise is taken as at least a share of
// the band's recent power, all of it when the talker's peaks stand 20 dB or
// less above the noise, none from 40 dB: speech there is weak next to the
// sibilant part of babble and the noise bursts that the tracker, slow by
// design, misses; residual noise up there is what is heard as hiss, while
// intelligibility lies below. There the floor stays the level's own.
// Music mode is gentler: the top band's rule is off (an instrument's upper
// partials and cymbals are no hiss), and the floor is at least -12 dB, so that
// the noise between notes is lowered, never gated.
#pragma once
#include <vector>

namespace edgeav {
namespace audio {

enum class SuppressionLevel { kLow, kModerate, kHigh, kVeryHigh };

class SuppressionGain {
 public:
  SuppressionGain(int bins, SuppressionLevel level, int sample_rate, int fft_size);
  void set_level(SuppressionLevel level);
  void set_music_mode(bool music) { music_ = music; }
  // Gains in [floor, 1] for one frame from its power spectrum and the noise.
  // The floor rises toward kSpeechLikeFloor, and the decision-directed
  // smoothing eases, as the noise's nonstationarity
  // (NoiseTracker::nonstationarity_db) grows: suppressing babble, itself
  // speech, distorts the talker more than it helps, unless the talker stands
  // far above it (NoiseTracker::speech_to_noise_db), which also decides how
  // far the top band's noise follows its power.
  void compute(const float* power, const float* noise, float nonstationarity_db, float speech_to_noise_db,
               float* gain);
  void reset();

 private:
  int bins_;
  float floor_;     // smallest gain
  float snr_min_;   // smallest a priori SNR
  int high_first_;  // first bin of the top band (4.5 kHz)
  std::vector<float> clean_prev_;  // |G Y|^2 of the previous frame
  std::vector<float> high_power_;  // the top band's power, smoothed over ~100 ms
  bool music_ = false;
};

}  // namespace audio
}  // namespace edgeav
