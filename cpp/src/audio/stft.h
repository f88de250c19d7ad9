// Short-time Fourier analysis and synthesis of 10 ms frames: each analysis
// window is the last two frames (2H samples) under a sine window, zero-padded
// to a power of two; synthesis applies the same window and overlap-adds, so
// with unit gains the output is the input H samples (one frame) later
// (sine^2 windows at 50% overlap sum to one).
#pragma once
#include <vector>

#include "audio/fft/real_fft.h"

namespace edgeav {
namespace audio {

class Stft {
 public:
  explicit Stft(int hop);  // hop = samples per frame
  int hop() const { return hop_; }
  int fft_size() const { return fft_.size(); }
  int bins() const { return fft_.size() / 2 + 1; }
  // Takes the next frame (hop samples) and writes the spectrum of the window
  // that ends with it: bins() interleaved complex values.
  void analyze(const float* frame, float* spectrum);
  // Takes a (modified) spectrum of the latest window and writes the frame that
  // is complete: the input's frame before the latest one.
  void synthesize(const float* spectrum, float* frame);
  void reset();

 private:
  int hop_;
  RealFft fft_;
  std::vector<float> window_;   // 2H
  std::vector<float> history_;  // the last 2H input samples
  std::vector<float> time_;     // fft_size() samples
  std::vector<float> overlap_;  // H: second half of the previous synthesis
};

}  // namespace audio
}  // namespace edgeav
