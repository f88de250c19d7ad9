// The K-weighting of ITU-R BS.1770-4: a high shelf (+4 dB above ~1.7 kHz, the
// head's acoustic effect) followed by the RLB high-pass (~38 Hz), both
// biquads designed for the actual sample rate (at 48 kHz they are the
// standard's tabled coefficients). Loudness is -0.691 + 10 log10 of the
// channel-weighted sum of the filtered mean squares, in LUFS.
#pragma once
#include <vector>

namespace edgeav {
namespace audio {

class KWeighting {
 public:
  KWeighting(int sample_rate, int channels);
  // n samples per channel, interleaved: the sum over the channels of their
  // K-weighted mean squares. Every channel weighs 1, BS.1770's weight for
  // left, right and centre (the layout of more channels is not known here).
  float mean_square(const float* x, int n);
  void reset();

 private:
  struct Biquad {
    double b0, b1, b2, a1, a2;
  };
  Biquad shelf_, highpass_;
  int channels_;
  std::vector<double> state_;  // per channel: two per biquad (transposed direct form II)
};

}  // namespace audio
}  // namespace edgeav
