// The spectra of the most recent render (far-end) blocks, newest first: what
// the adaptive filter convolves with and the suppressor reads at the echo
// delay. Each block is transformed once, when it enters.
#pragma once
#include <vector>

#include "audio/aec/aec_layout.h"

namespace edgeav {
namespace audio {

class RenderHistory {
 public:
  explicit RenderHistory(const AecLayout& layout);
  // Adds the spectrum (bins interleaved re, im) of the newest block.
  void push(const float* spectrum);
  void clear();
  int depth() const { return depth_; }
  // Block `age` blocks before the newest (0 = newest, < depth()): its
  // lin_bins filter bins in split form and its power in every bin.
  const float* re(int age) const { return re_.data() + slot(age) * stride_; }
  const float* im(int age) const { return im_.data() + slot(age) * stride_; }
  const float* power(int age) const { return power_.data() + slot(age) * power_stride_; }

 private:
  int slot(int age) const {
    const int s = newest_ - age;
    return s < 0 ? s + depth_ : s;
  }
  int depth_, bins_, lin_bins_, stride_, power_stride_;
  int newest_ = 0;
  std::vector<float> re_, im_, power_;
};

}  // namespace audio
}  // namespace edgeav
