#include "audio/stft.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "audio/spectral_dsp.h"

namespace edgeav {
namespace audio {

namespace {

int fft_size_for(int window) {
  int n = 32;
  while (n < window) n *= 2;
  return n;
}

}  // namespace

Stft::Stft(int hop)
    : hop_(hop), fft_(fft_size_for(2 * hop)), window_(2 * hop), history_(2 * hop), time_(fft_.size()), overlap_(hop) {
  for (int i = 0; i < 2 * hop; i++) window_[i] = static_cast<float>(std::sin(3.14159265358979323846 * (i + 0.5) / (2 * hop)));
}

void Stft::reset() {
  std::fill(history_.begin(), history_.end(), 0.0f);
  std::fill(overlap_.begin(), overlap_.end(), 0.0f);
}

void Stft::analyze(const float* frame, float* spectrum) {
  std::memmove(history_.data(), history_.data() + hop_, hop_ * sizeof(float));
  std::memcpy(history_.data() + hop_, frame, hop_ * sizeof(float));
  spectral_dsp().multiply(history_.data(), window_.data(), time_.data(), 2 * hop_);
  std::fill(time_.begin() + 2 * hop_, time_.end(), 0.0f);
  fft_.forward(time_.data(), spectrum);
}

void Stft::synthesize(const float* spectrum, float* frame) {
  const SpectralDsp& dsp = spectral_dsp();
  fft_.inverse(spectrum, time_.data());
  dsp.multiply_add(time_.data(), window_.data(), overlap_.data(), frame, hop_);
  dsp.multiply(time_.data() + hop_, window_.data() + hop_, overlap_.data(), hop_);
}

}  // namespace audio
}  // namespace edgeav
