// Automatic gain control of 10 ms frames: the level of active speech
// (speech_level_estimator.h), measured only on frames the voice activity
// detector calls speech, sets the gain toward the target level, capped by the
// maximum gain. The gain moves only during speech and at a limited rate, so
// it never jumps and never creeps up in pauses: the noise floor between words
// is not pumped. The limiter (limiter.h) catches the peaks the level-based
// gain lets through.
//
// Music mode: an instrument is no talker (the voice activity detector calls
// much of it no speech, and would move the gain on some notes only), and a
// gain that follows phrases is heard as pumping. The level counts every frame
// above -40 dBFS; a piece whose level lies within 10 dB of the target is left
// alone, one outside is brought to the window's edge, at most 2 dB/s up and
// 4 dB/s down, within -12..+12 dB (and the maximum gain). The gain settles
// and then holds: the dynamics of the playing stay.
#pragma once

#include "audio/agc/limiter.h"
#include "audio/agc/speech_level_estimator.h"

namespace edgeav {
namespace audio {

class GainController {
 public:
  GainController(int sample_rate, float target_dbfs, float max_gain_db);
  // speech: the frame holds speech (it counts toward the level).
  void process(float* frame, int n, bool speech);
  float gain_db() const { return applied_db_; }
  void set_music_mode(bool music) { music_ = music; }
  void reset();

 private:
  float target_dbfs_, max_gain_db_;
  SpeechLevelEstimator level_;
  Limiter limiter_;
  float applied_db_ = 0.0f;  // the gain at the end of the last frame
  bool music_ = false;
};

}  // namespace audio
}  // namespace edgeav
