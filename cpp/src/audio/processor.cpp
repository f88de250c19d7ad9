#include "audio/processor.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "audio/frame_io.h"
#include "audio/spectral_dsp.h"

namespace edgeav {
namespace audio {

namespace {

constexpr const char* kWho = "audio processor";

SuppressionLevel suppression_level(AnsLevel level) {
  switch (level) {
    case AnsLevel::kLow: return SuppressionLevel::kLow;
    case AnsLevel::kHigh: return SuppressionLevel::kHigh;
    case AnsLevel::kVeryHigh: return SuppressionLevel::kVeryHigh;
    default: return SuppressionLevel::kModerate;
  }
}

// The stages a configuration switches on that `before` had off.
Status check_licenses(const ProcessorConfig& c, const ProcessorConfig* before) {
  if (c.aec && !(before && before->aec)) EDGEAV_RETURN_IF_ERROR(license_check(Feature::kAudioAec));
  if (c.ans != AnsLevel::kOff && !(before && before->ans != AnsLevel::kOff))
    EDGEAV_RETURN_IF_ERROR(license_check(Feature::kAudioAns));
  if (c.ans == AnsLevel::kAi && !(before && before->ans == AnsLevel::kAi))
    EDGEAV_RETURN_IF_ERROR(license_check(Feature::kAudioAiNoiseReduction));
  if (c.agc && !(before && before->agc)) EDGEAV_RETURN_IF_ERROR(license_check(Feature::kAudioAgc));
  // Music mode is a setting of the whole chain (it changes ANS and AGC too),
  // so it is asked for whether or not the AEC is on.
  if (c.aec_mode == AecMode::kMusic && !(before && before->aec_mode == AecMode::kMusic))
    EDGEAV_RETURN_IF_ERROR(license_check(Feature::kAudioMusicMode));
  return {};
}

}  // namespace

Status validate_processor_config(const ProcessorConfig& c) {
  EDGEAV_RETURN_IF_ERROR(check_format(c.sample_rate, c.channels, kWho));
  if (static_cast<int>(c.ans) < static_cast<int>(AnsLevel::kOff) ||
      static_cast<int>(c.ans) > static_cast<int>(AnsLevel::kAi))
    return Status::invalid("audio processor: unknown noise suppression level");
  if (c.aec_mode != AecMode::kSpeech && c.aec_mode != AecMode::kMusic)
    return Status::invalid("audio processor: unknown aec_mode");
  if (!(c.agc_target_dbfs >= -31.0f && c.agc_target_dbfs <= 0.0f))
    return Status::invalid("audio processor: agc_target_dbfs must be within -31..0 dBFS");
  if (!(c.agc_max_gain_db >= 0.0f && c.agc_max_gain_db <= 60.0f))
    return Status::invalid("audio processor: agc_max_gain_db must be within 0..60 dB");
  return {};
}

Processor::Processor(const ProcessorConfig& config)
    : config_(config),
      hop_(config.sample_rate / 100),
      analysis_(config.sample_rate, hop_),
      suppression_(analysis_.bins(), suppression_level(config.ans), config.sample_rate, analysis_.stft().fft_size()),
      mono_(hop_),
      far_(hop_),
      gain_(analysis_.bins()),
      classic_gain_(analysis_.bins()) {
  if (config.aec) aec_ = std::make_unique<EchoCanceller>(config.sample_rate);
  follow_ans(config.ans);
  if (config.agc) agc_ = std::make_unique<GainController>(config.sample_rate, config.agc_target_dbfs, config.agc_max_gain_db);
  apply_mode();
}

// The network exists while ans is "ai" and keeps its state while it stays so.
void Processor::follow_ans(AnsLevel ans) {
  if (ans != AnsLevel::kAi)
    ai_.reset();
  else if (!ai_)
    ai_ = std::make_unique<AiSuppressor>(config_.sample_rate, analysis_.stft().fft_size());
}

// Every stage follows the mode; stages switched on later get it here too.
void Processor::apply_mode() {
  const bool music = config_.aec_mode == AecMode::kMusic;
  if (aec_) aec_->set_music_mode(music);
  analysis_.set_music_mode(music);
  suppression_.set_music_mode(music);
  if (agc_) agc_->set_music_mode(music);
}

Status Processor::create(const ProcessorConfig& config, std::unique_ptr<Processor>* out) {
  EDGEAV_RETURN_IF_ERROR(validate_processor_config(config));
  EDGEAV_RETURN_IF_ERROR(check_licenses(config, nullptr));
  out->reset(new Processor(config));
  return {};
}

Status Processor::configure(const ProcessorConfig& c) {
  EDGEAV_RETURN_IF_ERROR(validate_processor_config(c));
  if (c.sample_rate != config_.sample_rate || c.channels != config_.channels)
    return Status::invalid("audio processor: configure cannot change sample_rate or channels; create a new processor");
  EDGEAV_RETURN_IF_ERROR(check_licenses(c, &config_));
  if (c.aec && !config_.aec) {
    aec_ = std::make_unique<EchoCanceller>(c.sample_rate);
    if (delay_hint_ms_ >= 0) aec_->set_delay_hint_ms(delay_hint_ms_);
  }
  if (!c.aec) aec_.reset();
  if (c.ans != AnsLevel::kOff) {
    suppression_.set_level(suppression_level(c.ans));
    if (config_.ans == AnsLevel::kOff) suppression_.reset();
  }
  follow_ans(c.ans);
  const bool agc_changed = c.agc_target_dbfs != config_.agc_target_dbfs || c.agc_max_gain_db != config_.agc_max_gain_db;
  if (c.agc && (!config_.agc || agc_changed))
    agc_ = std::make_unique<GainController>(c.sample_rate, c.agc_target_dbfs, c.agc_max_gain_db);
  if (!c.agc) agc_.reset();
  config_ = c;
  apply_mode();
  return {};
}

int Processor::latency_samples() const {
  return (aec_ ? aec_->latency_samples() : 0) + (config_.ans != AnsLevel::kOff ? hop_ : 0);
}

template <typename Sample>
Status Processor::reverse_frame(const Sample* far, int samples_per_channel) {
  const DspCallScope dsp_scope;  // one set of DSP tables for the whole frame (base/dsp_table.h)
  EDGEAV_RETURN_IF_ERROR(check_frame(far, samples_per_channel, config_.sample_rate, config_.channels, kWho, "far-end"));
  if (aec_) {
    downmix(far, hop_, config_.channels, far_.data());
    aec_->analyze_render(far_.data());
  }
  return {};
}

Status Processor::process_reverse(const float* far, int samples_per_channel) {
  return reverse_frame(far, samples_per_channel);
}
Status Processor::process_reverse(const int16_t* far, int samples_per_channel) {
  return reverse_frame(far, samples_per_channel);
}

void Processor::run_chain() {
  const SpectralDsp& dsp = spectral_dsp();
  if (aec_) aec_->process_capture(mono_.data());
  analysis_.analyze(mono_.data());
  if (config_.ans != AnsLevel::kOff) {
    const NoiseTracker& noise = analysis_.noise();
    suppression_.compute(analysis_.power(), noise.noise(), noise.nonstationarity_db(), noise.speech_to_noise_db(),
                         ai_ ? classic_gain_.data() : gain_.data());
    if (ai_) {
      // The network's 32 band gains cannot reach between a voice's harmonics, where the
      // noise stays; the classic suppressor's gains, per bin from the tracked noise, can.
      // Both apply, the network's square-rooted (on top of the classic ones its full gains
      // cut a talker in babble: STOI -0.04..-0.05, now -0.01..-0.02, with more PESQ and
      // DNSMOS, on talkers this was not chosen on), down to the network's floor.
      ai_->compute(analysis_.power(), gain_.data());
      for (int k = 0; k < analysis_.bins(); k++)
        gain_[k] = std::max(std::sqrt(gain_[k]) * classic_gain_[k], AiSuppressor::kGainFloor);
    }
    float* spectrum = analysis_.spectrum();
    dsp.apply_gain(spectrum, gain_.data(), spectrum, analysis_.bins());
    analysis_.stft().synthesize(spectrum, mono_.data());
  }
  // The detector calls the canceller's residual speech too (it is the far end's):
  // the AGC would raise the echo toward the target level.
  if (agc_) agc_->process(mono_.data(), hop_, analysis_.vad().speech() && !(aec_ && aec_->far_end_alone()));
}

template <typename Sample>
Status Processor::near_frame(const Sample* in, Sample* out, int samples_per_channel) {
  const DspCallScope dsp_scope;  // one set of DSP tables for the whole frame (base/dsp_table.h)
  EDGEAV_RETURN_IF_ERROR(check_frame(in, samples_per_channel, config_.sample_rate, config_.channels, kWho, "near-end"));
  if (!out) return Status::invalid("audio processor: null output frame");
  EDGEAV_RETURN_IF_ERROR(meter_.add(kFrameSeconds));
  downmix(in, hop_, config_.channels, mono_.data());
  run_chain();
  for (int i = 0; i < hop_; i++)
    for (int c = 0; c < config_.channels; c++) store(mono_[i], out + i * config_.channels + c);
  return {};
}

Status Processor::process(const float* in, float* out, int samples_per_channel) {
  return near_frame(in, out, samples_per_channel);
}
Status Processor::process(const int16_t* in, int16_t* out, int samples_per_channel) {
  return near_frame(in, out, samples_per_channel);
}

Status Processor::set_stream_delay_ms(int ms) {
  if (ms < 0 || ms > kAecMaxDelayMs)
    return Status::invalid("stream delay must be 0.." + std::to_string(kAecMaxDelayMs) + " ms, got " +
                           std::to_string(ms));
  delay_hint_ms_ = ms;
  if (aec_) aec_->set_delay_hint_ms(ms);
  return {};
}

ProcessorStats Processor::stats() const {
  ProcessorStats s{};
  if (aec_) {
    const EchoCancellerStats a = aec_->stats();
    s.delay_ms = a.delay_ms, s.erle_db = a.erle_db;
  }
  s.speech_probability = analysis_.vad().probability();
  s.gain_db = agc_ ? agc_->gain_db() : 0.0f;
  return s;
}

void Processor::reset() {
  analysis_.reset();
  suppression_.reset();
  if (ai_) ai_->reset();
  if (aec_) aec_->reset();
  if (agc_) agc_->reset();
}

}  // namespace audio
}  // namespace edgeav
