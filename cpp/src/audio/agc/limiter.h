// A peak limiter without look-ahead: the envelope follows each sample's
// magnitude at once (and decays slowly), and the gain maps the envelope
// through a soft knee onto a curve that never reaches the ceiling, so no
// output sample can: |out| <= curve(envelope) < ceiling by construction.
// Channels are linked: the envelope follows the largest magnitude of each
// sample instant, and every channel gets its gain (the stereo image stays).
#pragma once

namespace edgeav {
namespace audio {

class Limiter {
 public:
  explicit Limiter(int sample_rate);
  // n samples per channel, interleaved.
  void process(float* x, int n, int channels = 1);
  void reset() { envelope_ = 0.0f; }

 private:
  float release_;  // per-sample decay of the envelope
  float envelope_ = 0.0f;
};

}  // namespace audio
}  // namespace edgeav
