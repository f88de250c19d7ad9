// Automatic gain control of 10 ms frames: the level of active speech
// (speech_level_estimator.h), measured only on frames the voice activity
// detector calls speech, sets the gain toward the target level, capped by the
// maximum gain. The gain moves only during speech and at a limited rate, so
// it never jumps and never creeps up in pauses: the noise floor between words
// is not pumped. The limiter (limiter.h) catches the peaks the level-based
// gain lets through.
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
  void reset();

 private:
  float target_dbfs_, max_gain_db_;
  SpeechLevelEstimator level_;
  Limiter limiter_;
  float applied_db_ = 0.0f;  // the gain at the end of the last frame
};

}  // namespace audio
}  // namespace edgeav
