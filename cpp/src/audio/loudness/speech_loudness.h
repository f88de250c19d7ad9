// The loudness of the current talker's speech as BS.1770-4 measures it, for a
// real-time controller: 400 ms blocks of K-weighted power every 100 ms, those
// the voice activity detector calls speech for at least half their frames
// and louder than an absolute gate kept (a window of the last 3 s of speech),
// and the window's loudness gated 10 LU below its mean (BS.1770's relative
// gate).
// Blocks between turns never count, so the level holds through pauses.
//
// A new talker restarts the window from the newest blocks: two speech blocks
// in a row 8 LU or more above the window's loudness, or three 8 LU below it;
// in the first blocks after a pause (0.3 s without speech), where turns
// change, two blocks 6 LU above or below are enough. Within a talker's turn the window only slides, so the gain it sets
// does not follow single words.
#pragma once
#include <array>

namespace edgeav {
namespace audio {

class SpeechLoudness {
 public:
  // gate_lufs: blocks quieter than this never count (BS.1770 uses -70; a
  // controller whose gain is capped can set it where speech is out of reach,
  // so that noise the detector mistakes for speech counts less often).
  explicit SpeechLoudness(float gate_lufs) : gate_lufs_(gate_lufs) {}
  // One 10 ms frame: its K-weighted mean square (channels summed) and whether it holds speech.
  void add(float k_mean_square, bool speech);
  bool has_loudness() const { return count_ > 0; }
  float loudness_lufs() const { return loudness_; }
  void reset();

 private:
  static constexpr int kSubFrames = 10, kBlockSubs = 4, kWindowBlocks = 30;
  void add_block(float power);
  void restart(int newest);
  void measure();

  float sub_power_ = 0.0f;  // the sum of the current 100 ms sub-block's frame powers
  int sub_frames_ = 0, sub_speech_ = 0;
  std::array<float, kBlockSubs> subs_{};  // the last four sub-blocks' mean powers ...
  std::array<int, kBlockSubs> sub_speech_counts_{};  // ... and speech frames
  int subs_seen_ = 0;
  std::array<float, kWindowBlocks> window_{};  // speech blocks' powers, a ring
  int next_ = 0, count_ = 0;
  int louder_run_ = 0, softer_run_ = 0, pause_frames_ = 0;
  int blocks_since_pause_ = 0;  // speech blocks since the last pause
  float gate_lufs_;
  float loudness_ = -70.0f;
};

}  // namespace audio
}  // namespace edgeav
