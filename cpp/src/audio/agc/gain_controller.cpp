#include "audio/agc/gain_controller.h"

#include <algorithm>
#include <cmath>

#include "audio/spectral_dsp.h"

namespace edgeav {
namespace audio {

namespace {

constexpr float kMaxAttenuationDb = -30.0f;  // for talkers far above the target
// The gain rises by at most 50 dB per second of speech and falls six times faster
// (a talker who gets louder is tamed before one who gets softer is helped).
constexpr float kRiseDbPerFrame = 0.5f, kFallDbPerFrame = 3.0f;
// Frames quieter than this (-70 dBFS) never count as speech level.
constexpr float kLevelFloor = 1e-7f;

// Music mode (see the header): the level gate (-40 dBFS: above what the echo
// canceller leaves of the far end, so that echo alone never sets a level),
// the window around the target that a piece's level may lie in untouched
// (music's own dynamics span that much; a gain that chased a 6 dB window still
// moved through the bench's instrument-alone segment), the gain rates per
// 10 ms frame (2 dB/s up, 4 dB/s down) and the range.
constexpr float kMusicLevelFloor = 1e-4f, kMusicWindowDb = 10.0f;
constexpr float kMusicRiseDbPerFrame = 0.02f, kMusicFallDbPerFrame = 0.04f, kMusicRangeDb = 12.0f;

float db_to_gain(float db) { return std::pow(10.0f, db / 20.0f); }

}  // namespace

GainController::GainController(int sample_rate, float target_dbfs, float max_gain_db)
    : target_dbfs_(target_dbfs), max_gain_db_(max_gain_db), limiter_(sample_rate) {}

void GainController::reset() {
  level_.reset();
  limiter_.reset();
  applied_db_ = 0.0f;
}

void GainController::process(float* frame, int n, bool speech) {
  const SpectralDsp& dsp = spectral_dsp();
  const float mean_square = dsp.sum_squares(frame, n) / static_cast<float>(n);
  float next = applied_db_;
  if (music_) {
    if (mean_square > kMusicLevelFloor) {
      level_.add(mean_square);
      if (level_.has_level()) {
        // The gain that brings the level into the window, as close to the
        // current one as it can be: a piece inside the window is left alone.
        const float off = target_dbfs_ - level_.level_dbfs();
        const float wanted = std::clamp(std::clamp(applied_db_, off - kMusicWindowDb, off + kMusicWindowDb),
                                        -kMusicRangeDb, std::min(kMusicRangeDb, max_gain_db_));
        next += std::clamp(wanted - applied_db_, -kMusicFallDbPerFrame, kMusicRiseDbPerFrame);
      }
    }
  } else if (speech && mean_square > kLevelFloor) {
    level_.add(mean_square);
    if (level_.has_level()) {
      const float wanted = std::clamp(target_dbfs_ - level_.level_dbfs(), kMaxAttenuationDb, max_gain_db_);
      next += std::clamp(wanted - applied_db_, -kFallDbPerFrame, kRiseDbPerFrame);
    }
  }
  // A linear ramp across the frame from the last gain to the new one.
  const float g0 = db_to_gain(applied_db_), g1 = db_to_gain(next);
  dsp.gain_ramp(frame, frame, g0, (g1 - g0) / static_cast<float>(n), n);
  applied_db_ = next;
  limiter_.process(frame, n);
}

}  // namespace audio
}  // namespace edgeav
