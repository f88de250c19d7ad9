#include "audio/processor.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "audio/spectral_dsp.h"

namespace edgeav {
namespace audio {

namespace {

constexpr int kMaxChannels = 8;
constexpr double kFrameSeconds = 0.01;

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
  if (c.agc && !(before && before->agc)) EDGEAV_RETURN_IF_ERROR(license_check(Feature::kAudioAgc));
  return {};
}

inline float to_float(float v) { return v; }
inline float to_float(int16_t v) { return static_cast<float>(v) * (1.0f / 32768.0f); }
inline bool finite(float v) { return std::isfinite(v); }
inline bool finite(int16_t) { return true; }

inline void store(float v, float* out) { *out = v; }
inline void store(float v, int16_t* out) {
  const float s = std::nearbyint(v * 32768.0f);
  *out = static_cast<int16_t>(std::min(32767.0f, std::max(-32768.0f, s)));
}

}  // namespace

Status validate_processor_config(const ProcessorConfig& c) {
  if (c.sample_rate != 16000 && c.sample_rate != 32000 && c.sample_rate != 48000)
    return Status::invalid("audio processor: sample_rate must be 16000, 32000 or 48000, not " +
                           std::to_string(c.sample_rate));
  if (c.channels < 1 || c.channels > kMaxChannels)
    return Status::invalid("audio processor: channels must be 1 to " + std::to_string(kMaxChannels) + ", not " +
                           std::to_string(c.channels));
  if (static_cast<int>(c.ans) < static_cast<int>(AnsLevel::kOff) ||
      static_cast<int>(c.ans) > static_cast<int>(AnsLevel::kVeryHigh))
    return Status::invalid("audio processor: unknown noise suppression level");
  if (!(c.agc_target_dbfs >= -31.0f && c.agc_target_dbfs <= 0.0f))
    return Status::invalid("audio processor: agc_target_dbfs must be within -31..0 dBFS");
  if (!(c.agc_max_gain_db >= 0.0f && c.agc_max_gain_db <= 60.0f))
    return Status::invalid("audio processor: agc_max_gain_db must be within 0..60 dB");
  return {};
}

Processor::Processor(const ProcessorConfig& config)
    : config_(config),
      hop_(config.sample_rate / 100),
      stft_(hop_),
      noise_(stft_.bins(), hop_, config.sample_rate, stft_.fft_size()),
      vad_(config.sample_rate, stft_.fft_size()),
      suppression_(stft_.bins(), suppression_level(config.ans), config.sample_rate, stft_.fft_size()),
      mono_(hop_),
      far_(hop_),
      spectrum_(2 * stft_.bins()),
      power_(stft_.bins()),
      gain_(stft_.bins()) {
  if (config.aec) aec_ = std::make_unique<EchoCanceller>(config.sample_rate);
  if (config.agc) agc_ = std::make_unique<GainController>(config.sample_rate, config.agc_target_dbfs, config.agc_max_gain_db);
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
  const bool agc_changed = c.agc_target_dbfs != config_.agc_target_dbfs || c.agc_max_gain_db != config_.agc_max_gain_db;
  if (c.agc && (!config_.agc || agc_changed))
    agc_ = std::make_unique<GainController>(c.sample_rate, c.agc_target_dbfs, c.agc_max_gain_db);
  if (!c.agc) agc_.reset();
  config_ = c;
  return {};
}

int Processor::latency_samples() const {
  return (aec_ ? aec_->latency_samples() : 0) + (config_.ans != AnsLevel::kOff ? hop_ : 0);
}

template <typename Sample>
Status Processor::check_frame(const Sample* frame, int samples_per_channel, const char* what) const {
  if (!frame) return Status::invalid(std::string("audio processor: null ") + what + " frame");
  if (samples_per_channel != hop_)
    return Status::invalid(std::string("audio processor: a ") + what + " frame must hold " + std::to_string(hop_) +
                           " samples per channel (10 ms at " + std::to_string(config_.sample_rate) + " Hz), not " +
                           std::to_string(samples_per_channel));
  const int n = hop_ * config_.channels;
  for (int i = 0; i < n; i++)
    if (!finite(frame[i]))
      return Status::invalid(std::string("audio processor: the ") + what + " frame holds NaN or infinity at sample " +
                             std::to_string(i));
  return {};
}

template <typename Sample>
void Processor::downmix(const Sample* frame, float* mono) const {
  const int ch = config_.channels;
  if (ch == 1) {
    for (int i = 0; i < hop_; i++) mono[i] = to_float(frame[i]);
    return;
  }
  const float scale = 1.0f / static_cast<float>(ch);
  for (int i = 0; i < hop_; i++) {
    float s = 0.0f;
    for (int c = 0; c < ch; c++) s += to_float(frame[i * ch + c]);
    mono[i] = s * scale;
  }
}

template <typename Sample>
Status Processor::reverse_frame(const Sample* far, int samples_per_channel) {
  const DspCallScope dsp_scope;  // one set of DSP tables for the whole frame (base/dsp_table.h)
  EDGEAV_RETURN_IF_ERROR(check_frame(far, samples_per_channel, "far-end"));
  if (aec_) {
    downmix(far, far_.data());
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
  stft_.analyze(mono_.data(), spectrum_.data());
  dsp.power(spectrum_.data(), power_.data(), stft_.bins());
  noise_.update(power_.data());
  vad_.update(power_.data(), noise_.noise(), dsp.sum_squares(mono_.data(), hop_) / static_cast<float>(hop_));
  if (config_.ans != AnsLevel::kOff) {
    suppression_.compute(power_.data(), noise_.noise(), noise_.nonstationarity_db(), noise_.speech_to_noise_db(),
                         gain_.data());
    dsp.apply_gain(spectrum_.data(), gain_.data(), spectrum_.data(), stft_.bins());
    stft_.synthesize(spectrum_.data(), mono_.data());
  }
  if (agc_) agc_->process(mono_.data(), hop_, vad_.speech());
}

template <typename Sample>
Status Processor::near_frame(const Sample* in, Sample* out, int samples_per_channel) {
  const DspCallScope dsp_scope;  // one set of DSP tables for the whole frame (base/dsp_table.h)
  EDGEAV_RETURN_IF_ERROR(check_frame(in, samples_per_channel, "near-end"));
  if (!out) return Status::invalid("audio processor: null output frame");
  EDGEAV_RETURN_IF_ERROR(meter_.add(kFrameSeconds));
  downmix(in, mono_.data());
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
  s.speech_probability = vad_.probability();
  s.gain_db = agc_ ? agc_->gain_db() : 0.0f;
  return s;
}

void Processor::reset() {
  stft_.reset();
  noise_.reset();
  vad_.reset();
  suppression_.reset();
  if (aec_) aec_->reset();
  if (agc_) agc_->reset();
}

}  // namespace audio
}  // namespace edgeav
