// The sizes every part of the echo canceller derives from the sample rate.
#pragma once

namespace edgeav {
namespace audio {

struct AecLayout {
  int sample_rate;
  int frame;       // samples per 10 ms frame
  int block;       // N: the hop of the adaptive filter and of the suppressor
  int fft;         // 2N
  int bins;        // N + 1 bins of the real FFT
  int lin_bins;    // bins up to 8 kHz: the ones the adaptive filter models
  int stride;      // lin_bins rounded up to 8 floats, the step between stored spectra
  int partitions;  // P: adaptive filter length in blocks (echo tail plus the margin)
  int margin;      // blocks the filter starts before the estimated delay
  int max_delay;   // largest bulk delay searched, in blocks

  explicit AecLayout(int rate);
  float block_ms() const { return 1000.0f * block / sample_rate; }
};

// Echo tail the adaptive filter covers after the bulk delay, and the bulk
// delay range the delay estimator searches.
constexpr int kAecTailMs = 256;
constexpr int kAecMarginMs = 32;
constexpr int kAecMaxDelayMs = 500;

}  // namespace audio
}  // namespace edgeav
