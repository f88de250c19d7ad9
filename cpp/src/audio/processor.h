// The audio 3A processor on 10 ms frames, with WebRTC's audio processing
// conventions: the far end (what the loudspeaker plays) goes to
// process_reverse, the microphone to process, which runs
//   AEC (aec/echo_canceller.h) -> ANS (ans/: classic or AI) -> AGC (agc/)
// and writes the processed frame. Each stage can be on or off. One spectral
// analysis per frame (frame_analyzer.h) feeds the noise tracker, the voice activity
// detector (which the AGC uses) and, when it is on, the noise suppressor,
// whose synthesis delays the signal by one frame.
//
// Channels: 3A makes one voice signal. Frames with several channels
// (interleaved) are averaged into one, processed, and the result is written
// to every output channel; the far end is averaged likewise.
//
// Music mode (aec_mode = kMusic, for music lessons and karaoke: the near end
// plays an instrument): every stage keeps sustained tones. The echo
// suppressor relies on the linear filter and removes only what the echo
// estimate clearly dominates, the noise tracker does not learn held notes as
// noise and the suppressor stays gentle, the AGC moves slowly within bounds.
// Speech mode is the default and unchanged by it.
//
// Licensing: each stage asks license_check when it is switched on (at
// creation or by configure), music mode (aec_music_mode) when it is asked
// for, the AI noise reduction (ai_noise_reduction) when ans becomes kAi; in
// evaluation mode a processor stops after 10 minutes of near-end audio.
// Per-frame paths allocate nothing (the AI suppressor is made at creation or
// by configure).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "audio/aec/echo_canceller.h"
#include "audio/agc/gain_controller.h"
#include "audio/ans/ai_suppressor.h"
#include "audio/ans/suppression_gain.h"
#include "audio/frame_analyzer.h"
#include "base/status.h"
#include "license/license.h"

namespace edgeav {
namespace audio {

// kAi: the AI noise reduction (ans/ai_suppressor.h, ai_noise_reduction), on top of the
// moderate level's gains (processor.cpp).
enum class AnsLevel { kOff, kLow, kModerate, kHigh, kVeryHigh, kAi };
enum class AecMode { kSpeech, kMusic };

struct ProcessorConfig {
  int sample_rate = 16000;  // 16000, 32000 or 48000
  int channels = 1;         // 1..8, interleaved
  bool aec = true;
  AnsLevel ans = AnsLevel::kModerate;
  bool agc = true;
  float agc_target_dbfs = -18.0f;  // level of active speech, -31..0 (RMS re full scale)
  float agc_max_gain_db = 30.0f;   // 0..60
  AecMode aec_mode = AecMode::kSpeech;  // kMusic: near-end music kept intact (aec_music_mode)
};

struct ProcessorStats {
  float delay_ms;            // the echo delay the AEC estimated (0 with AEC off)
  float erle_db;             // its echo return loss enhancement (0 with AEC off)
  float speech_probability;  // of the last near-end frame
  float gain_db;             // the gain the AGC applied last (0 with AGC off)
};

class Processor {
 public:
  static Status create(const ProcessorConfig& config, std::unique_ptr<Processor>* out);
  // Switches stages on or off and changes the AGC's settings and the mode;
  // the sample rate and channel count stay. A stage switched on starts
  // afresh; a mode switch keeps what the stages learnt (the echo path).
  Status configure(const ProcessorConfig& config);
  const ProcessorConfig& config() const { return config_; }

  int frame_size() const { return hop_; }  // samples per channel per frame
  // How much later than the input the output is (AEC and ANS), in samples.
  int latency_samples() const;

  // Frames of frame_size() samples per channel, interleaved; float in -1..1.
  Status process_reverse(const float* far, int samples_per_channel);
  Status process_reverse(const int16_t* far, int samples_per_channel);
  // `out` may be `in`.
  Status process(const float* in, float* out, int samples_per_channel);
  Status process(const int16_t* in, int16_t* out, int samples_per_channel);

  // A hint for the AEC, 0..kAecMaxDelayMs; it finds the delay without one.
  Status set_stream_delay_ms(int ms);
  ProcessorStats stats() const;
  void reset();

 private:
  explicit Processor(const ProcessorConfig& config);
  template <typename Sample>
  Status reverse_frame(const Sample* far, int samples_per_channel);
  template <typename Sample>
  Status near_frame(const Sample* in, Sample* out, int samples_per_channel);
  void run_chain();
  void follow_ans(AnsLevel ans);
  void apply_mode();

  ProcessorConfig config_;
  int hop_;
  EvaluationMeter meter_;
  FrameAnalyzer analysis_;
  SuppressionGain suppression_;
  std::unique_ptr<AiSuppressor> ai_;  // while ans is kAi
  std::unique_ptr<EchoCanceller> aec_;
  std::unique_ptr<GainController> agc_;
  std::vector<float> mono_, far_, gain_;
  std::vector<float> classic_gain_;  // with AI noise reduction: the classic suppressor's gains, applied too
  int delay_hint_ms_ = -1;  // kept for an AEC switched on later
};

// Checks a configuration's values (not the license).
Status validate_processor_config(const ProcessorConfig& config);

}  // namespace audio
}  // namespace edgeav
