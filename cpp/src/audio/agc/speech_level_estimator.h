// The active speech level: the mean power of the speech frames, counted from
// the moment the current talker level began (all frames alike at first, then
// a leaky mean over the last few seconds of speech). A mean over many frames
// is what keeps the gain steady: a word or a syllable louder or softer than
// the talker's average barely moves it.
//
// A talker who moves closer or further away (a level jump) must not wait for
// that mean to drift over: two detectors on the most recent frames restart the
// mean from those frames alone.
// - Louder: the mean power of the last 30 frames stays 10 dB above the level
//   for 30 frames in a row (one loud word is not enough).
// - Softer: not one of the last 20 frames comes within 10 dB of the level. A
//   talker at a steady level always has frames near it, so this is both safe
//   and fast; a mean would wait until the loud old frames had left it.
// Frames more than 25 dB below the level (breaths, the ends of words, noise
// the voice activity detector let through) do not count, as ITU-T P.56 leaves
// them out of the active level; if nothing but such frames arrives for 0.5 s
// of speech, the talker fell by more than that and the estimate starts afresh.
#pragma once
#include <array>

namespace edgeav {
namespace audio {

class SpeechLevelEstimator {
 public:
  void add(float mean_square);  // one speech frame (full scale = 1)
  bool has_level() const;  // enough speech frames to trust the level
  float level_dbfs() const;  // 10 log10 of the mean power
  void reset();

 private:
  // The frames the detectors look at; the ring holds the louder one's.
  static constexpr int kUpFrames = 30, kDownFrames = 20;
  float recent_mean(int frames) const;
  float recent_max(int frames) const;
  void restart_from_recent(int frames);

  std::array<float, kUpFrames> recent_{};  // the latest counted frames
  int next_ = 0, stored_ = 0;  // ring position and how many it holds
  float mean_ = 0.0f;  // mean power of the counted frames
  int count_ = 0;  // frames in the mean (capped: beyond it the mean leaks)
  int louder_run_ = 0, weak_run_ = 0;
  float louder_from_ = 0.0f;  // the level when the current louder run began
};

}  // namespace audio
}  // namespace edgeav
