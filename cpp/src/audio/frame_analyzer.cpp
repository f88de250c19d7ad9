#include "audio/frame_analyzer.h"

#include "audio/spectral_dsp.h"

namespace edgeav {
namespace audio {

FrameAnalyzer::FrameAnalyzer(int sample_rate, int hop)
    : hop_(hop),
      stft_(hop),
      noise_(stft_.bins(), hop, sample_rate, stft_.fft_size()),
      vad_(sample_rate, stft_.fft_size()),
      spectrum_(2 * stft_.bins()),
      power_(stft_.bins()) {}

void FrameAnalyzer::analyze(const float* mono) {
  const SpectralDsp& dsp = spectral_dsp();
  stft_.analyze(mono, spectrum_.data());
  dsp.power(spectrum_.data(), power_.data(), stft_.bins());
  noise_.update(power_.data());
  vad_.update(power_.data(), noise_.noise(), dsp.sum_squares(mono, hop_) / static_cast<float>(hop_));
}

void FrameAnalyzer::reset() {
  stft_.reset();
  noise_.reset();
  vad_.reset();
}

}  // namespace audio
}  // namespace edgeav
