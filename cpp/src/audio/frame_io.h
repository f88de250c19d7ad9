// What the audio objects that take 10 ms frames share at their edge: the
// formats they take, the check of a frame (its pointer, its length, no NaN or infinity), the
// conversion of int16 or float samples to float (full scale = 1) and back,
// and the downmix of interleaved channels.
// int16 output is rounded and saturated; float output is written as it is.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "base/status.h"

namespace edgeav {
namespace audio {

constexpr int kMaxChannels = 8;
constexpr double kFrameSeconds = 0.01;

// The formats the audio objects take: 16, 32 or 48 kHz, 1..kMaxChannels channels.
inline Status check_format(int sample_rate, int channels, const char* who) {
  if (sample_rate != 16000 && sample_rate != 32000 && sample_rate != 48000)
    return Status::invalid(std::string(who) + ": sample_rate must be 16000, 32000 or 48000, not " +
                           std::to_string(sample_rate));
  if (channels < 1 || channels > kMaxChannels)
    return Status::invalid(std::string(who) + ": channels must be 1 to " + std::to_string(kMaxChannels) + ", not " +
                           std::to_string(channels));
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

// Interleaved channels averaged into one signal of `hop` samples.
template <typename Sample>
void downmix(const Sample* frame, int hop, int channels, float* mono) {
  if (channels == 1) {
    for (int i = 0; i < hop; i++) mono[i] = to_float(frame[i]);
    return;
  }
  const float scale = 1.0f / static_cast<float>(channels);
  for (int i = 0; i < hop; i++) {
    float s = 0.0f;
    for (int c = 0; c < channels; c++) s += to_float(frame[i * channels + c]);
    mono[i] = s * scale;
  }
}

// `who` names the object in messages ("audio processor"), `what` the frame
// ("near-end"): "<who>: a <what> frame must hold 160 samples per channel ...".
template <typename Sample>
Status check_frame(const Sample* frame, int samples_per_channel, int sample_rate, int channels, const char* who,
                   const char* what) {
  const int hop = sample_rate / 100;
  if (!frame) return Status::invalid(std::string(who) + ": null " + what + " frame");
  if (samples_per_channel != hop)
    return Status::invalid(std::string(who) + ": a " + what + " frame must hold " + std::to_string(hop) +
                           " samples per channel (10 ms at " + std::to_string(sample_rate) + " Hz), not " +
                           std::to_string(samples_per_channel));
  const int n = hop * channels;
  for (int i = 0; i < n; i++)
    if (!finite(frame[i]))
      return Status::invalid(std::string(who) + ": the " + what + " frame holds NaN or infinity at sample " +
                             std::to_string(i));
  return {};
}

}  // namespace audio
}  // namespace edgeav
