#include "audio/volume_equalizer.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "audio/frame_io.h"
#include "base/dsp_table.h"

namespace edgeav {
namespace audio {

namespace {

constexpr const char* kWho = "volume equalizer";
constexpr float kMinTargetLufs = -40.0f, kMaxTargetLufs = -8.0f;
constexpr float kMaxGainDb = 30.0f, kMinGainDb = -30.0f;
// Per 10 ms speech frame: down fast (a talker far too loud), up slower.
constexpr float kRiseDbPerFrame = 1.5f, kFallDbPerFrame = 3.0f;
// Pauses: after the hangover the applied gain eases down to at most 0 dB.
// Frames this far below the talker's loudness do not reopen it, whatever
// the voice activity detector says (a door, a cough far from the microphone).
// Gaps between words span up to 0.5 s: isolated words (a list, a hesitant talker) often
// stand 0.3-0.5 s apart, and waiting 0.2 s to reopen the gain at each cost them 1-2 LU.
// Stops of up to 20 ms inside that run do not restart it: a talker whose first words are
// full of them waited 0.3-1 s unheard (a -40 dBFS turn came out 2 LU below the others).
constexpr int kHangoverFrames = 10, kPauseFrames = 50, kReopenFrames = 20, kRunGapFrames = 2;
// From a quiet talker's +24 dB, 12 dB a frame reaches 0 dB 120 ms after the last word: a
// room sound just after it (which counts as the talker: 40 ms of it at 6 dB a frame held the
// gain until 180 ms) does not carry the gain 150 ms into the pause.
constexpr float kPauseFallDbPerFrame = 12.0f;
constexpr float kReopenBelowLu = 25.0f;
// Nor do frames within this much of the room's floor (the lowest frame level, rising
// 5 dB a second): the detector takes room sounds after a quiet talker's word for speech.
constexpr float kAboveFloorDb = 12.0f, kFloorRiseDbPerFrame = 0.05f;
// Nor do sounds whose spectrum never spreads over the speech band (a thump, a rumble: the
// room ambience holds some 3-15 LU below a quiet talker that the detector calls speech).
constexpr float kMinBandCoverage = 0.4f;
constexpr int kSpreadHoldFrames = 5;
constexpr float kNoLoudnessLufs = -70.0f;
// Speech blocks count from 2 dB below the quietest talker the largest gain brings to
// the target (BS.1770's -70 LUFS at the lowest): what is quieter is noise, or a talker
// the gain could not help anyway.
constexpr float kBs1770GateLufs = -70.0f, kGateMarginDb = 2.0f;
constexpr float kKWeightingOffsetDb = -0.691f;  // BS.1770: LUFS = -0.691 + 10 log10(mean square)

float db_to_gain(float db) { return std::pow(10.0f, db / 20.0f); }

}  // namespace

Status validate_volume_equalizer_config(const VolumeEqualizerConfig& c) {
  EDGEAV_RETURN_IF_ERROR(check_format(c.sample_rate, c.channels, kWho));
  if (!(c.target_lufs >= kMinTargetLufs && c.target_lufs <= kMaxTargetLufs))
    return Status::invalid(std::string(kWho) + ": target_lufs must be within -40..-8 LUFS");
  return {};
}

VolumeEqualizer::VolumeEqualizer(const VolumeEqualizerConfig& config)
    : config_(config),
      hop_(config.sample_rate / 100),
      analysis_(config.sample_rate, hop_),
      k_weighting_(config.sample_rate, config.channels),
      loudness_(std::max(kBs1770GateLufs, config.target_lufs - kMaxGainDb - kGateMarginDb)),
      limiter_(config.sample_rate),
      frame_(static_cast<size_t>(hop_) * config.channels),
      mono_(hop_) {}

Status VolumeEqualizer::create(const VolumeEqualizerConfig& config, std::unique_ptr<VolumeEqualizer>* out) {
  EDGEAV_RETURN_IF_ERROR(validate_volume_equalizer_config(config));
  EDGEAV_RETURN_IF_ERROR(license_check(Feature::kAudioVolumeEqualization));
  out->reset(new VolumeEqualizer(config));
  return {};
}

float VolumeEqualizer::loudness_lufs() const {
  return loudness_.has_loudness() ? loudness_.loudness_lufs() : kNoLoudnessLufs;
}

void VolumeEqualizer::update_gain(bool speech, float band_coverage, float k_mean_square) {
  const float level = kKWeightingOffsetDb + 10.0f * std::log10(std::max(k_mean_square, 1e-20f));
  floor_db_ = level < floor_db_ ? level : floor_db_ + kFloorRiseDbPerFrame;
  const bool above_room = speech && level > floor_db_ + kAboveFloorDb;
  loudness_.add(k_mean_square, speech, above_room);
  if (speech && loudness_.has_loudness()) {
    const float wanted = std::clamp(config_.target_lufs - loudness_.loudness_lufs(), kMinGainDb, kMaxGainDb);
    // While the gain rests in a pause nobody hears the talker's gain, so it need not creep up:
    // it is the new talker's when the run reopens the gain (ramped across that frame).
    const bool resting = pause_frames_ > kHangoverFrames;
    talker_db_ = resting ? wanted : talker_db_ + std::clamp(wanted - talker_db_, -kFallDbPerFrame, kRiseDbPerFrame);
  }
  const bool heard = above_room && (!loudness_.has_loudness() || level > loudness_.loudness_lufs() - kReopenBelowLu);
  // Heard frames are the talker up to 50 ms after one of them spread over the speech band: a
  // nasal or a quiet talker's vowel stays the talker (the hangover bridges longer ones), but a
  // thump that begins under the last syllable no longer holds the talker's gain as it decays.
  since_spread_ = !heard ? kNotSpread : band_coverage >= kMinBandCoverage ? 0 : std::min(since_spread_ + 1, kNotSpread);
  const bool talker = since_spread_ <= kSpreadHoldFrames;
  // After a pause (not a gap between words), sound must last to reopen the gain: a door
  // or a far voice in the room is short, and lifting it by the last talker's gain would
  // fill the pause with it.
  // The run counts sound above the room, whatever the last talker's loudness: a new talker
  // 25 LU below a loud one is not heard until the loudness follows it, and a run restarted
  // then reopened the gain 0.3-0.5 s into the turn (turns at -19.2 LUFS for a -18 target).
  run_gap_ = above_room ? 0 : run_gap_ + 1;
  talk_run_ = above_room ? talk_run_ + 1 : run_gap_ > kRunGapFrames ? 0 : talk_run_;
  const bool reopened = pause_frames_ < kPauseFrames || talk_run_ >= kReopenFrames;
  pause_frames_ = talker && reopened ? 0 : pause_frames_ + 1;
}

template <typename Sample>
Status VolumeEqualizer::run(const Sample* in, Sample* out, int samples_per_channel) {
  const DspCallScope dsp_scope;  // one set of DSP tables for the whole frame (base/dsp_table.h)
  EDGEAV_RETURN_IF_ERROR(check_frame(in, samples_per_channel, config_.sample_rate, config_.channels, kWho, "input"));
  if (!out) return Status::invalid(std::string(kWho) + ": null output frame");
  EDGEAV_RETURN_IF_ERROR(meter_.add(kFrameSeconds));
  const int ch = config_.channels, n = hop_ * ch;
  for (int i = 0; i < n; i++) frame_[i] = to_float(in[i]);
  downmix(in, hop_, ch, mono_.data());
  analysis_.analyze(mono_.data());
  const bool speech = analysis_.vad().speech();
  update_gain(speech, analysis_.vad().band_coverage(), k_weighting_.mean_square(frame_.data(), hop_));
  const float next = pause_frames_ > kHangoverFrames
                         ? std::max(std::min(talker_db_, 0.0f), applied_db_ - kPauseFallDbPerFrame)
                         : talker_db_;
  // A linear ramp across the frame from the last gain to the new one.
  const float g0 = db_to_gain(applied_db_), step = (db_to_gain(next) - g0) / static_cast<float>(hop_);
  for (int i = 0; i < hop_; i++) {
    const float g = g0 + step * static_cast<float>(i + 1);
    for (int c = 0; c < ch; c++) frame_[i * ch + c] *= g;
  }
  applied_db_ = next;
  limiter_.process(frame_.data(), hop_, ch);
  for (int i = 0; i < n; i++) store(frame_[i], out + i);
  return {};
}

Status VolumeEqualizer::process(const float* in, float* out, int samples_per_channel) {
  return run(in, out, samples_per_channel);
}
Status VolumeEqualizer::process(const int16_t* in, int16_t* out, int samples_per_channel) {
  return run(in, out, samples_per_channel);
}

void VolumeEqualizer::reset() {
  analysis_.reset();
  k_weighting_.reset();
  loudness_.reset();
  limiter_.reset();
  talker_db_ = applied_db_ = floor_db_ = 0.0f;
  pause_frames_ = talk_run_ = run_gap_ = 0;
  since_spread_ = kNotSpread;
}

}  // namespace audio
}  // namespace edgeav
