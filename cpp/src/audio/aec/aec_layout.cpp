#include "audio/aec/aec_layout.h"

namespace edgeav {
namespace audio {

namespace {
int ceil_div(int a, int b) { return (a + b - 1) / b; }
}  // namespace

// 4 ms blocks at 16 kHz; 128 samples above (4 ms at 32 kHz, 2.7 ms at 48 kHz)
// keep the FFT a power of two and the added latency near 5 ms.
AecLayout::AecLayout(int rate)
    : sample_rate(rate), frame(rate / 100), block(rate <= 16000 ? 64 : 128), fft(2 * block), bins(block + 1) {
  // Speech echo above 8 kHz is left to the suppressor: the filter models the
  // bins up to 8 kHz, which keeps its cost at 48 kHz close to that at 16 kHz.
  const int top = 8000 * fft / rate;
  lin_bins = top + 1 < bins ? top + 1 : bins;
  stride = ceil_div(lin_bins, 8) * 8;
  margin = ceil_div(kAecMarginMs * rate, 1000 * block);
  partitions = ceil_div(kAecTailMs * rate, 1000 * block) + margin;
  max_delay = ceil_div(kAecMaxDelayMs * rate, 1000 * block);
}

}  // namespace audio
}  // namespace edgeav
