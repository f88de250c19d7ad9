#include "audio/agc/speech_level_estimator.h"

#include <algorithm>
#include <cmath>

namespace edgeav {
namespace audio {

namespace {

constexpr int kWindowFrames = 800;  // 8 s of speech: beyond it the mean leaks
constexpr int kMinFrames = 10;      // 0.1 s of speech before the level is used
// A restarted mean weighs as much as 0.6 s of speech: its few frames are all
// that is known of the new level, yet the next loud or soft word must not
// swing the gain by several dB.
constexpr int kRestartWeightFrames = 60;
constexpr int kWeakRunFrames = 50;
constexpr float kJump = 10.0f;     // a jump: 10 dB in power
constexpr float kGate = 0.00316f;  // frames 25 dB below the level do not count

}  // namespace

void SpeechLevelEstimator::reset() {
  recent_.fill(0.0f);
  next_ = stored_ = count_ = louder_run_ = weak_run_ = 0;
  mean_ = louder_from_ = 0.0f;
}

bool SpeechLevelEstimator::has_level() const { return count_ >= kMinFrames; }

float SpeechLevelEstimator::level_dbfs() const { return 10.0f * std::log10(std::max(mean_, 1e-20f)); }

float SpeechLevelEstimator::recent_mean(int frames) const {
  float sum = 0.0f;
  for (int age = 1; age <= frames; age++) sum += recent_[(next_ - age + kUpFrames) % kUpFrames];
  return sum / static_cast<float>(frames);
}

float SpeechLevelEstimator::recent_max(int frames) const {
  float loudest = 0.0f;
  for (int age = 1; age <= frames; age++) loudest = std::max(loudest, recent_[(next_ - age + kUpFrames) % kUpFrames]);
  return loudest;
}

void SpeechLevelEstimator::restart_from_recent(int frames) {
  mean_ = recent_mean(frames);
  count_ = kRestartWeightFrames;
  louder_run_ = 0;
}

void SpeechLevelEstimator::add(float mean_square) {
  if (count_ >= kUpFrames && mean_square < kGate * mean_) {
    if (++weak_run_ >= kWeakRunFrames) reset();  // a drop beyond the gate: start afresh
    return;
  }
  weak_run_ = 0;
  recent_[next_] = mean_square;
  next_ = (next_ + 1) % kUpFrames;
  stored_ = std::min(stored_ + 1, kUpFrames);
  count_ = std::min(count_ + 1, kWindowFrames);
  mean_ += (mean_square - mean_) / static_cast<float>(count_);
  // Judge jumps only against a level built on more frames than the detectors see.
  static_assert(kDownFrames <= kUpFrames, "the ring holds both detectors' frames");
  if (count_ < 2 * kUpFrames || stored_ < kUpFrames) return;
  // Louder against the level before the run began: the mean itself climbs
  // toward the louder frames (a power mean is ruled by them) and would
  // otherwise end the run before it is long enough.
  if (louder_run_ == 0) louder_from_ = mean_;
  louder_run_ = recent_mean(kUpFrames) > kJump * louder_from_ ? louder_run_ + 1 : 0;
  if (louder_run_ >= kUpFrames)
    restart_from_recent(kUpFrames);
  else if (recent_max(kDownFrames) * kJump < mean_)
    restart_from_recent(kDownFrames);
}

}  // namespace audio
}  // namespace edgeav
