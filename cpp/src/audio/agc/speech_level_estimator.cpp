#include "audio/agc/speech_level_estimator.h"

#include <algorithm>
#include <cmath>

namespace edgeav {
namespace audio {

namespace {

constexpr float kActiveRangeDb = 20.0f;
// The recent frames must differ from the window's level by this much, for
// half as many frames again as the short window holds, to count as a jump.
constexpr float kJumpDb = 8.0f;

}  // namespace

SpeechLevelEstimator::SpeechLevelEstimator(int window_frames, int recent_frames)
    : frames_(window_frames), recent_(recent_frames) {}

void SpeechLevelEstimator::reset() {
  std::fill(frames_.begin(), frames_.end(), 0.0f);
  next_ = count_ = jump_frames_ = 0;
  level_dbfs_ = 0.0f;
}

float SpeechLevelEstimator::at(int age) const {
  const int size = static_cast<int>(frames_.size());
  return frames_[(next_ - 1 - age + size) % size];
}

float SpeechLevelEstimator::active_level_db(int frames) const {
  float loudest = 0.0f;
  for (int age = 0; age < frames; age++) loudest = std::max(loudest, at(age));
  const float floor = loudest * std::pow(10.0f, -kActiveRangeDb / 10.0f);
  double sum = 0.0;
  int active = 0;
  for (int age = 0; age < frames; age++)
    if (at(age) >= floor) sum += at(age), active++;
  return static_cast<float>(10.0 * std::log10(std::max(sum / std::max(active, 1), 1e-20)));
}

void SpeechLevelEstimator::add(float mean_square) {
  const int size = static_cast<int>(frames_.size());
  frames_[next_] = mean_square;
  next_ = (next_ + 1) % size;
  count_ = std::min(count_ + 1, size);
  level_dbfs_ = active_level_db(count_);
  if (count_ < 2 * recent_) return;
  jump_frames_ = std::fabs(active_level_db(recent_) - level_dbfs_) > kJumpDb ? jump_frames_ + 1 : 0;
  if (jump_frames_ > recent_ / 2) {  // the talker changed level: keep only the recent frames
    count_ = recent_;
    jump_frames_ = 0;
    level_dbfs_ = active_level_db(count_);
  }
}

}  // namespace audio
}  // namespace edgeav
