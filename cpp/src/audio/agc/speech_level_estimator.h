// The active speech level over the most recent speech frames (a sliding
// window): the mean power of the frames within kActiveRangeDb of the loudest
// one, as ITU-T P.56 measures active speech (the weak ends of words and any
// noise the voice activity detector let through stay out). A talker who gets
// louder or softer is followed within one window, whatever the pauses in
// between, and sooner when the latest frames stay far from the window's
// level: then the older frames are dropped. Until the window is full it
// measures what it has.
#pragma once
#include <vector>

namespace edgeav {
namespace audio {

class SpeechLevelEstimator {
 public:
  SpeechLevelEstimator(int window_frames, int recent_frames);
  void add(float mean_square);  // one speech frame
  bool has_level() const { return count_ > 0; }
  float level_dbfs() const { return level_dbfs_; }  // 10 log10 of the mean square (full scale = 1)
  void reset();

 private:
  float at(int age) const;  // the frame added `age` frames ago (0: the latest)
  float active_level_db(int frames) const;  // of the latest `frames`

  std::vector<float> frames_;
  int recent_;  // frames of the short window that detects jumps
  int next_ = 0, count_ = 0, jump_frames_ = 0;
  float level_dbfs_ = 0.0f;
};

}  // namespace audio
}  // namespace edgeav
