// The loudness of the current talker's speech as BS.1770-4 measures it, for a
// real-time controller: 400 ms blocks of K-weighted power every 100 ms, those
// the voice activity detector calls speech for at least half their frames
// and louder than an absolute gate kept (a window of the last four: 0.7 s of
// speech), and the window's loudness gated 10 LU below its mean (BS.1770's
// relative gate), or the newest block's when it is louder: the gain comes
// down with a loud passage at once instead of 0.7 s later (a turn whose level
// swings came out 1.5 LU above the target). Blocks between turns never count,
// so the level holds through pauses.
// Why so short a window: a talker's level drifts by 5 LU within a turn, and a
// turn's integrated loudness weighs its loudest part most; with a 3 s window
// turns came out 3-4 LU apart, with this one within 2 (bench/volume_eq_bench.py).
// The price: the gain follows a talker's level over about a second (it moves
// only on speech, at most 1.5 dB up and 3 dB down per 10 ms: volume_equalizer.cpp).
//
// A new talker restarts the window from the newest blocks: two speech blocks
// in a row 8 LU or more above the window's loudness, or three 8 LU below it;
// in the first blocks after a pause (0.3 s without sounding frames: speech
// that stands above the room, which the caller judges), where turns change,
// two blocks 6 LU above or below are enough. A turn's first blocks straddle
// the pause before it: their sounding frames alone give their power.
// The first block ends 400 ms into a turn: until then, once 150 ms of
// sounding frames after a pause are 6 LU or more away from the window's
// loudness (or there is none yet), their mean stands in for the window (a
// provisional block), which the turn's first real block replaces.
// Why sounding frames and not the detector's speech there: the detector calls
// a room's ambience speech through whole pauses, so turns never started and a
// quiet talker after a loud one waited for three blocks (0.5 s); blocks still
// count the detector's speech frames, or a talker's isolated words would not
// fill them.
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
  // One 10 ms frame: its K-weighted mean square (channels summed), whether it
  // holds speech and whether that speech stands above the room (sounding).
  void add(float k_mean_square, bool speech, bool sounding);
  bool has_loudness() const { return count_ > 0; }
  float loudness_lufs() const { return loudness_; }
  void reset();

 private:
  static constexpr int kSubFrames = 10, kBlockSubs = 4, kWindowBlocks = 4;
  void add_block(float power);
  void restart(int newest);
  void measure();

  float sub_power_ = 0.0f, sub_sound_power_ = 0.0f;  // the current 100 ms sub-block's sums of frame powers
  int sub_frames_ = 0, sub_speech_ = 0, sub_sound_ = 0;
  std::array<float, kBlockSubs> subs_{};  // the last four sub-blocks' sums of powers: all frames, ...
  std::array<float, kBlockSubs> sub_sound_powers_{};  // ... sounding frames, how many of them ...
  std::array<int, kBlockSubs> sub_sound_counts_{};
  std::array<int, kBlockSubs> sub_speech_counts_{};   // ... and how many speech frames
  int subs_seen_ = 0;
  std::array<float, kWindowBlocks> window_{};  // speech blocks' powers, a ring
  int next_ = 0, count_ = 0;
  int louder_run_ = 0, softer_run_ = 0, pause_frames_ = 0;
  int blocks_since_pause_ = 0;  // speech blocks since the last pause
  float turn_power_ = 0.0f;     // the sum of this turn's speech frame powers before its first block
  int turn_frames_ = 0;
  bool provisional_ = false;    // the window holds only the turn's early estimate
  float gate_lufs_;
  float window_lufs_ = -70.0f;  // the window's gated loudness: new talkers are told from it
  float loudness_ = -70.0f;     // the louder of it and the newest block
};

}  // namespace audio
}  // namespace edgeav
