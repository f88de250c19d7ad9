// The linear part of the echo canceller: two adaptive filters on the same
// render history (WebRTC AEC3 and speexdsp MDF both work this way).
//   * main: the output filter. Its step is a per-bin Kalman gain: large while
//     its own estimated misadjustment explains the error, small when the
//     error is mostly something else (near-end speech, noise), so it keeps
//     converging in double talk without being pulled away by it.
//   * shadow: plain NLMS with a large fixed step. It follows an echo path
//     change at once and diverges in double talk; when it has beaten the main
//     filter for a while the main filter takes its coefficients, and when it
//     has fallen behind it takes the main filter's.
// Both step proportionately: each partition's step is weighted by its share
// of the shadow filter's magnitude (half of it; the other half is even), so
// the direct path and first reflections converge first and fast.
//
// Music mode (set_music_mode) changes two decisions, not the filters:
//   * the output is the shadow's error in the blocks where the shadow
//     removes echo for real and does better than the main filter (the test
//     that, held for kShadowWins blocks, makes the main filter take its
//     coefficients). A new excitation (a talker with a lower voice, a
//     louder passage) finds bins the main filter never learnt, and its
//     Kalman gain, trusting its small misadjustment, learns them slowly;
//     the shadow follows at once. Near-end sound cannot pass that test (the
//     shadow must remove 9 dB of the capture), so music is not touched.
//   * a main filter that adds echo is cleared only once it has done so for
//     kDivergedMs: at a loud onset after a pause the render reaches the
//     filter's margin partitions up to the margin (32 ms) before its echo
//     does, and their small misadjustment, against a capture that is still
//     room noise, looks like divergence.
#pragma once
#include <vector>

#include "audio/aec/adaptive_filter.h"
#include "audio/aec/aec_layout.h"
#include "audio/aec/render_history.h"
#include "audio/fft/real_fft.h"

namespace edgeav {
namespace audio {

class EchoSubtractor {
 public:
  EchoSubtractor(const AecLayout& layout, const RealFft& fft);
  // One capture block (N samples): error = capture less the main filter's
  // echo estimate (the shadow's output is never used directly: in double
  // talk it may have fitted near-end speech); both filters adapt. `offset`: the render block, in blocks
  // back from the newest, that meets the first partition.
  void process(const RenderHistory& render, int offset, const float* capture, float* error);
  // The main filter applied to another render history (the loudspeaker
  // model's slope signal, same alignment): its time-domain output, N samples.
  void main_response(const RenderHistory& render, int offset, float* out);
  // The filters' start moved `delta` blocks (see AdaptiveFilter::shift).
  void shift(int delta);
  void reset();
  void set_music_mode(bool music) { music_ = music; }

  const AdaptiveFilter& main_filter() const { return main_; }
  // Smoothed capture / error power ratio of the linear stage while the far
  // end is active, in dB.
  float erle_db() const { return erle_db_; }
  // The main filter removes a real share of the echo.
  bool converged() const { return erle_db_ > 6.0f; }
  // The render the filter spans carried sound in the last block.
  bool far_active() const { return far_active_; }
  // The shadow filter has just replaced the main one (an echo path change).
  int blocks_since_path_change() const { return blocks_since_copy_; }

 private:
  // Runs `f` over the render history: echo estimate, error (time domain) and
  // the error spectrum E = FFT([0, e]) in split form.
  // The filter's echo estimate, in y_re_/y_im_ and in time_ (its last N samples are the block's echo).
  void echo_estimate(const AdaptiveFilter& f, const RenderHistory& render, int offset);
  void filter_error(const AdaptiveFilter& f, const RenderHistory& render, int offset, const float* capture,
                    float* error, float* e_re, float* e_im);
  void adapt_main(const RenderHistory& render, int offset);
  void adapt_shadow(const RenderHistory& render, int offset);
  void update_weights();

  const AecLayout layout_;
  const RealFft& fft_;
  AdaptiveFilter main_, shadow_;
  const int head_;                            // partitions weighted one by one (update_weights)
  const int diverged_blocks_;                 // music mode: blocks of divergence before the filters restart
  std::vector<float> weights_;                // proportionate step per partition (mean 1)
  std::vector<float> render_power_;           // sum over partitions of |X|^2 per bin
  std::vector<float> weighted_power_;         // the same, each partition's |X|^2 times its weight
  std::vector<float> head_power_;             // sum over the head's partitions of |X|^2 per bin
  std::vector<float> misadjustment_;          // main filter: expected |coefficient error|^2 per bin
  std::vector<float> erl_;                    // main filter's power response per bin
  std::vector<float> y_re_, y_im_;            // echo estimate spectrum
  std::vector<float> em_re_, em_im_, es_re_, es_im_;  // error spectra of main and shadow
  std::vector<float> g_re_, g_im_;            // update gain
  std::vector<float> spectrum_, time_;        // FFT scratch (interleaved bins, 2N samples)
  std::vector<float> error_main_, error_shadow_;
  float render_gate_;
  float main_energy_ = 0, shadow_energy_ = 0, capture_energy_ = 0;  // smoothed per-block energies
  int shadow_better_ = 0;
  int diverged_ = 0;  // consecutive far-active blocks in which the main filter added echo
  int blocks_to_power_sum_ = 0;
  int blocks_since_copy_ = 1 << 20;
  float erle_db_ = 0.0f;
  bool far_active_ = false;
  bool music_ = false;
};

}  // namespace audio
}  // namespace edgeav
