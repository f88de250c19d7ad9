#include "audio/loudness/speech_loudness.h"

#include <algorithm>
#include <cmath>

namespace edgeav {
namespace audio {

namespace {

constexpr float kOffsetDb = -0.691f;  // BS.1770: LUFS = -0.691 + 10 log10(mean square)
constexpr float kRelativeGateLu = -10.0f;
constexpr float kJumpLu = 8.0f, kJumpAfterPauseLu = 6.0f;
constexpr int kLouderBlocks = 2, kSofterBlocks = 3;
constexpr int kPauseFrames = 30;
// The first blocks after a pause decide whether a new talker speaks; then it is one talker's turn.
constexpr int kTurnStartBlocks = 5;
constexpr int kEarlyFrames = 15;
constexpr int kStraddlingBlocks = 3;

float lufs(float power) { return kOffsetDb + 10.0f * std::log10(power > 1e-20f ? power : 1e-20f); }

}  // namespace

void SpeechLoudness::reset() { *this = SpeechLoudness(gate_lufs_); }

void SpeechLoudness::add(float k_mean_square, bool speech, bool sounding) {
  pause_frames_ = sounding ? 0 : pause_frames_ + 1;
  if (pause_frames_ >= kPauseFrames) blocks_since_pause_ = 0, turn_power_ = 0.0f, turn_frames_ = 0;
  if (sounding && blocks_since_pause_ == 0 && !provisional_ && k_mean_square > 0.0f) {
    turn_power_ += k_mean_square;
    if (++turn_frames_ >= kEarlyFrames) {
      const float early = turn_power_ / turn_frames_;
      if (lufs(early) > gate_lufs_ && (count_ == 0 || std::fabs(lufs(early) - window_lufs_) >= kJumpAfterPauseLu)) {
        window_[0] = early;
        next_ = count_ = 1;
        louder_run_ = softer_run_ = 0;
        provisional_ = true;
        measure();
      }
    }
  }
  sub_power_ += k_mean_square;
  if (speech) sub_speech_++;
  if (sounding) sub_sound_power_ += k_mean_square, sub_sound_++;
  if (++sub_frames_ < kSubFrames) return;
  const int slot = subs_seen_ % kBlockSubs;
  subs_[slot] = sub_power_;
  sub_sound_powers_[slot] = sub_sound_power_;
  sub_sound_counts_[slot] = sub_sound_;
  sub_speech_counts_[slot] = sub_speech_;
  subs_seen_++;
  sub_power_ = sub_sound_power_ = 0.0f, sub_frames_ = sub_speech_ = sub_sound_ = 0;
  if (subs_seen_ < kBlockSubs) return;
  float power = 0.0f, sound_power = 0.0f;
  int speech_frames = 0, sound_frames = 0;
  for (int i = 0; i < kBlockSubs; i++) {
    power += subs_[i], sound_power += sub_sound_powers_[i];
    speech_frames += sub_speech_counts_[i], sound_frames += sub_sound_counts_[i];
  }
  // A turn's first blocks straddle the pause before it: their sounding frames alone say how loud it is.
  power = blocks_since_pause_ < kStraddlingBlocks && sound_frames > 0 ? sound_power / sound_frames
                                                                      : power / (kBlockSubs * kSubFrames);
  if (2 * speech_frames >= kBlockSubs * kSubFrames && lufs(power) > gate_lufs_) add_block(power);
}

void SpeechLoudness::add_block(float power) {
  if (provisional_) next_ = count_ = 0, provisional_ = false;
  window_[next_] = power;
  next_ = (next_ + 1) % kWindowBlocks;
  if (count_ < kWindowBlocks) count_++;
  if (count_ > 1) {
    const bool turn_start = blocks_since_pause_ < kTurnStartBlocks;
    const float jump = turn_start ? kJumpAfterPauseLu : kJumpLu;
    const int softer_blocks = turn_start ? kLouderBlocks : kSofterBlocks;
    const float delta = lufs(power) - window_lufs_;
    louder_run_ = delta >= jump ? louder_run_ + 1 : 0;
    softer_run_ = delta <= -jump ? softer_run_ + 1 : 0;
    if (louder_run_ >= kLouderBlocks) restart(kLouderBlocks);
    else if (softer_run_ >= softer_blocks) restart(softer_blocks);
  }
  blocks_since_pause_++;
  measure();
}

// Keeps only the newest blocks.
void SpeechLoudness::restart(int newest) {
  std::array<float, kWindowBlocks> kept{};
  for (int i = 0; i < newest; i++) kept[i] = window_[(next_ - newest + i + kWindowBlocks) % kWindowBlocks];
  window_ = kept;
  next_ = count_ = newest;
  louder_run_ = softer_run_ = 0;
}

void SpeechLoudness::measure() {
  double sum = 0.0;
  for (int i = 0; i < count_; i++) sum += window_[i];
  const float gate = lufs(static_cast<float>(sum / count_)) + kRelativeGateLu;
  double gated = 0.0;
  int n = 0;
  for (int i = 0; i < count_; i++)
    if (lufs(window_[i]) > gate) gated += window_[i], n++;
  window_lufs_ = lufs(static_cast<float>(gated / n));
  // A turn's loud passages weigh most in its loudness: the gain must not wait for the window.
  loudness_ = std::max(window_lufs_, lufs(window_[(next_ + kWindowBlocks - 1) % kWindowBlocks]));
}

}  // namespace audio
}  // namespace edgeav
