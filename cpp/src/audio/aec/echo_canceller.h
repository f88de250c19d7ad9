// Acoustic echo canceller on 10 ms mono float frames (-1..1) at 16, 32 or
// 48 kHz: the far-end frame the loudspeaker plays goes to analyze_render, the
// microphone frame to process_capture, which removes the echo in place.
//
//   render FIFO (bursts, late or missing far end)
//   -> learnt loudspeaker saturation (loudspeaker_model.h) -> render spectra
//   -> delay estimator (bulk delay 0-500 ms, no hint needed)
//   -> main + shadow partitioned-block adaptive filters (echo_subtractor.h)
//   -> residual echo suppressor with comfort noise (residual_suppressor.h)
//
// Render and capture are paired by count: the n-th capture frame meets the
// n-th render frame (zeros when none came), so the far end may arrive in
// bursts of up to a second. Allocates only in the constructor.
#pragma once
#include <cstdint>
#include <vector>

#include "audio/aec/aec_layout.h"
#include "audio/aec/delay_estimator.h"
#include "audio/aec/echo_subtractor.h"
#include "audio/aec/loudspeaker_model.h"
#include "audio/aec/render_history.h"
#include "audio/aec/residual_suppressor.h"
#include "audio/aec/sample_fifo.h"
#include "audio/fft/real_fft.h"

namespace edgeav {
namespace audio {

struct EchoCancellerStats {
  float delay_ms;  // estimated echo delay (render to capture)
  float erle_db;   // echo return loss enhancement while the far end is active
  bool converged;  // the linear filter removes a real share of the echo
};

class EchoCanceller {
 public:
  explicit EchoCanceller(int sample_rate);  // 16000, 32000 or 48000
  EchoCanceller(const EchoCanceller&) = delete;
  EchoCanceller& operator=(const EchoCanceller&) = delete;

  int frame_size() const { return layout_.frame; }
  void analyze_render(const float* far);  // one frame of what the loudspeaker plays
  void process_capture(float* near);      // one microphone frame, echo removed in place
  // Optional: the expected delay, used until the estimator finds its own.
  void set_delay_hint_ms(int ms);
  // Music mode (residual_suppressor.h, echo_subtractor.h): keeps near-end
  // music; the linear filters are the same in both modes, and what they
  // learnt carries over a switch.
  void set_music_mode(bool music) {
    music_ = music;
    subtractor_.set_music_mode(music);
    suppressor_.set_music_mode(music);
  }
  EchoCancellerStats stats() const;
  // The far end plays and the near end is silent (residual_suppressor.h).
  bool far_end_alone() const { return suppressor_.far_end_alone(); }
  // ERLE of the linear filter alone (before residual suppression), in dB.
  float linear_erle_db() const { return subtractor_.erle_db(); }
  void reset();
  // How much later than its input the output of process_capture is.
  int latency_samples() const { return latency_; }

 private:
  void push_render_block(const float* block);
  void process_block(const float* capture, float* out);
  void align_filter();
  float filter_delay_samples() const;

  const AecLayout layout_;
  const RealFft fft_;
  LoudspeakerModel speaker_;
  RenderHistory render_, slope_;  // spectra of the modelled loudspeaker output and of its slope
  DelayEstimator delay_;
  EchoSubtractor subtractor_;
  ResidualSuppressor suppressor_;
  SampleFifo render_fifo_, render_pending_, capture_pending_, output_;
  int latency_;

  std::vector<float> window_;                    // sine window, 2N
  std::vector<float> frame_;                     // one frame of render or capture
  std::vector<float> render_prev_, render_cur_, slope_prev_, slope_cur_, saturated_;  // N each
  std::vector<float> capture_prev_, capture_cur_, error_prev_, error_cur_, out_block_, overlap_;
  std::vector<float> time_, spec_a_, spec_b_, spec_out_, power_;

  int64_t render_blocks_ = 0, capture_blocks_ = 0;
  int offset_ = 0;        // render blocks between the delay and the filter's first partition
  int hint_blocks_ = -1;  // from set_delay_hint_ms
  int peak_partition_ = -1, peak_tap_ = 0, blocks_to_peak_check_ = 0;
  float capture_power_ = 0.0f, output_power_ = 0.0f, erle_db_ = 0.0f;
  float capture_echo_[3] = {0, 0, 0};  // smoothed capture power, echo estimate power, their product
  bool music_ = false;
};

}  // namespace audio
}  // namespace edgeav
