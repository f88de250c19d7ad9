// Volume equalization for the playback side (in-game voice, conferences):
// talkers who arrive tens of dB apart leave at the same loudness, on 10 ms
// frames, with no delay (the gain of a frame is decided from the frame itself
// and those before it).
//
//   loudness   BS.1770 loudness (K-weighted, loudness/k_weighting.h) of the
//              last 0.7 s of the blocks the voice activity detector
//              (frame_analyzer.h) calls speech (loudness/speech_loudness.h),
//              restarted from the newest blocks when a new talker arrives
//              (turns start after pauses in the speech 12 dB above the room).
//   gain       moves toward target - loudness only on speech frames, at a
//              limited rate (quick down, slower up: a louder talker is tamed
//              first), within -30..+30 dB; while it rests in a pause, where
//              nobody hears it, it is set to target - loudness at once.
//   pauses     after a hangover of 0.1 s without the talker, the applied gain
//              eases to at most 0 dB (12 dB per frame), so a quiet talker's
//              boost does not lift the room noise between turns. The talker
//              is speech that stands above the room and spread over the
//              speech band within the last 50 ms (the detector's
//              band_coverage: a thump or a rumble in the room does not, even
//              one that begins under the last syllable). Within 0.5 s of the
//              talker's last frame (a gap between words) the talker's next
//              frame brings the gain back (ramped across that frame); after a
//              longer pause only 0.2 s of speech above the room (stops of
//              up to 20 ms within it bridged) does, so that a short sound
//              in the room is not lifted by the last talker's gain.
//   limiter    the peak limiter of agc/limiter.h, channels linked: no output
//              sample reaches full scale (int16 output never saturates, float
//              output stays within -1..1).
//
// Channels are interleaved; the voice activity is judged on their mean, the
// loudness sums the channels (BS.1770), and every channel gets the same gain.
// Licensing: creation asks for volume_equalization (Professional audio); in
// evaluation mode an equalizer stops after 10 minutes of audio. Per-frame
// paths allocate nothing.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "audio/agc/limiter.h"
#include "audio/frame_analyzer.h"
#include "audio/loudness/k_weighting.h"
#include "audio/loudness/speech_loudness.h"
#include "base/status.h"
#include "license/license.h"

namespace edgeav {
namespace audio {

struct VolumeEqualizerConfig {
  int sample_rate = 48000;    // 16000, 32000 or 48000
  int channels = 1;           // 1..8, interleaved
  float target_lufs = -18.0f; // loudness of active speech, -40..-8 LUFS
};

class VolumeEqualizer {
 public:
  static Status create(const VolumeEqualizerConfig& config, std::unique_ptr<VolumeEqualizer>* out);
  const VolumeEqualizerConfig& config() const { return config_; }
  int frame_size() const { return hop_; }  // samples per channel per frame

  // Frames of frame_size() samples per channel, interleaved; float in -1..1.
  // `out` may be `in`.
  Status process(const float* in, float* out, int samples_per_channel);
  Status process(const int16_t* in, int16_t* out, int samples_per_channel);

  float gain_db() const { return applied_db_; }  // the gain applied at the end of the last frame
  // The loudness of the current talker's speech (BS.1770), before the gain;
  // -70 (BS.1770's absolute gate) until 0.4 s of speech has been measured.
  float loudness_lufs() const;
  void reset();

 private:
  explicit VolumeEqualizer(const VolumeEqualizerConfig& config);
  template <typename Sample>
  Status run(const Sample* in, Sample* out, int samples_per_channel);
  void update_gain(bool speech, float band_coverage, float k_mean_square);

  VolumeEqualizerConfig config_;
  int hop_;
  EvaluationMeter meter_;
  FrameAnalyzer analysis_;
  KWeighting k_weighting_;
  SpeechLoudness loudness_;
  Limiter limiter_;
  std::vector<float> frame_, mono_;  // the frame as float (interleaved) and its channels' mean
  float talker_db_ = 0.0f;   // the gain for the current talker, moved by speech only
  float applied_db_ = 0.0f;  // the gain at the end of the last frame
  int pause_frames_ = 0;     // frames since the last talker frame
  int talk_run_ = 0;         // frames of speech above the room in a run (gaps of up to 20 ms bridged)
  int run_gap_ = 0;          // frames in a row without it
  static constexpr int kNotSpread = 1000;  // no heard frame of this run spread over the speech band
  int since_spread_ = kNotSpread;  // heard frames since one spread over the speech band
  float floor_db_ = 0.0f;    // the room's level (K-weighted dBFS of the quietest recent frames)
};

// Checks a configuration's values (not the license).
Status validate_volume_equalizer_config(const VolumeEqualizerConfig& config);

}  // namespace audio
}  // namespace edgeav
