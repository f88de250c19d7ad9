// The spectral analysis of each 10 ms frame that the audio objects share:
// the STFT spectrum of the window ending with the frame (stft.h), its power,
// the tracked noise (ans/noise_tracker.h) and the voice activity
// (vad/voice_activity_detector.h). Analysis adds no delay; only a synthesis
// (the noise suppressor's, through stft()) does.
#pragma once
#include <vector>

#include "audio/ans/noise_tracker.h"
#include "audio/stft.h"
#include "audio/vad/voice_activity_detector.h"

namespace edgeav {
namespace audio {

class FrameAnalyzer {
 public:
  FrameAnalyzer(int sample_rate, int hop);
  // One mono frame of hop samples.
  void analyze(const float* mono);
  Stft& stft() { return stft_; }
  float* spectrum() { return spectrum_.data(); }  // bins() interleaved complex values, for a suppressor to modify
  const float* power() const { return power_.data(); }
  const NoiseTracker& noise() const { return noise_; }
  const VoiceActivityDetector& vad() const { return vad_; }
  int bins() const { return stft_.bins(); }
  // Music mode: the noise tracker does not learn held notes (noise_tracker.h).
  void set_music_mode(bool music) { noise_.set_music_mode(music); }
  void reset();

 private:
  int hop_;
  Stft stft_;
  NoiseTracker noise_;
  VoiceActivityDetector vad_;
  std::vector<float> spectrum_, power_;
};

}  // namespace audio
}  // namespace edgeav
