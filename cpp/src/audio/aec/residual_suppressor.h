// Removes the echo the linear filter leaves (misadjustment, what the
// loudspeaker model misses, reverberation beyond the filter) with a gain per
// frequency bin, and fills what it removes with comfort noise shaped like the
// near-end background, so that suppressed passages do not fall silent.
//
// It works on windowed spectra (sine window, 50% overlap, hop N) of the
// capture and of the linear filter's error; their difference is the linear
// echo estimate. Two estimates of the residual echo are combined:
//   * the linear estimate times a residual ratio per bin: the minimum, over
//     the last 1.5 s, of the error to estimate ratio (near-end speech only
//     ever raises it, so double talk does not inflate it, and it follows
//     the filter as it converges);
//   * the render's energy envelope at the echo delay (decaying like the
//     room) times a learnt echo path gain, less what the linear filter
//     removes. It carries the suppression while the filter converges and in
//     the bins above the filter's band.
// While near-end sound stands well above that residual and the capture above
// the echo the render envelope predicts (double talk), the gain is gentle (no
// over-subtraction, floor -20 dB); otherwise it removes the residual with
// margin (floor -50 dB). After an echo path change (the linear filter
// replaced) the residual ratio is learnt afresh from its most cautious value.
//
// Music mode (near-end instruments, sustained tones): the same estimates, but
// the residual ratio learns only from blocks the echo explains (a held chord
// in double talk would otherwise raise its minimum into the music) and keeps
// its value through long double talk, and the gain rule trusts the linear
// filter: a bin is suppressed only where the echo clearly dominates the
// capture; elsewhere it passes as the filter left it. No near-end detector
// gates whole blocks, and no comfort noise replaces anything (suppressed bins
// hold echo alone, and the bins around them keep the background).
#pragma once
#include <cstdint>
#include <vector>

#include "audio/aec/aec_layout.h"

namespace edgeav {
namespace audio {

class ResidualSuppressor {
 public:
  explicit ResidualSuppressor(const AecLayout& layout);
  // capture, error: windowed spectra (bins interleaved re, im) of the capture
  // and of the linear error for this block; render_power: the render power
  // spectrum at the echo delay; linear_erle: how much the linear filter
  // removes (power ratio); far_active: the render feeding the echo path
  // carries sound; echo_only: the capture is (nearly) all echo, so the echo
  // path gain can be learnt. out: the spectrum to synthesise.
  void process(const float* capture, const float* error, const float* render_power, float linear_erle,
               bool far_active, bool echo_only, float* out);
  void reset();
  // The linear filter was replaced (an echo path change): what it leaves is
  // learnt afresh, starting from the most cautious ratio.
  void forget_residual_ratio();
  void set_music_mode(bool music) { music_ = music; }
  // Speech mode: the far end plays and the near-end detector heard nothing in
  // the last block (before the filter matures, when it cannot tell: the
  // capture no louder than the render's envelope), so a level meter after the
  // canceller must not take what is left of the echo for a talker.
  bool far_end_alone() const { return far_end_alone_; }

 private:
  static constexpr int kPhases = 256;
  static constexpr int kRatioSubwindows = 6;
  void learn_residual_ratio();
  void music_gains(const float* error);

  int bins_, lin_bins_;
  int ratio_subwindow_;
  float noise_rise_, render_floor_, reverb_decay_;
  std::vector<float> residual_ratio_, smoothed_error_, smoothed_estimate_, smoothed_capture_, noise_;
  std::vector<float> render_env_, path_gain_, echo_, residual_, gain_;
  std::vector<uint8_t> echo_dominated_;  // music mode: the echo explains the capture in this bin
  // Minimum search of the residual ratio: this sub-window's minimum per bin
  // and the last kRatioSubwindows minima.
  std::vector<float> ratio_window_min_, ratio_history_;
  float phase_cos_[kPhases], phase_sin_[kPhases];  // unit phasors the comfort noise draws from
  int ratio_blocks_ = 0, ratio_slot_ = 0, near_hold_ = 0;
  int64_t path_updates_ = 0, blocks_ = 0;
  uint32_t rng_ = 1;
  bool music_ = false, far_end_alone_ = false;
};

}  // namespace audio
}  // namespace edgeav
