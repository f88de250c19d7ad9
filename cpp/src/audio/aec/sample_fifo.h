// A fixed-capacity ring of float samples: the render backlog (far frames that
// arrive in bursts), the capture input waiting for a full block and the
// output waiting for a full frame. Sized once, never allocates afterwards.
#pragma once
#include <cstddef>
#include <vector>

namespace edgeav {
namespace audio {

class SampleFifo {
 public:
  explicit SampleFifo(int capacity) : buf_(static_cast<size_t>(capacity)) {}
  int size() const { return size_; }
  int capacity() const { return static_cast<int>(buf_.size()); }
  // Appends n samples; the caller keeps size() + n <= capacity().
  void push(const float* src, int n) {
    for (int i = 0; i < n; i++) buf_[wrap(head_ + size_ + i)] = src[i];
    size_ += n;
  }
  void push_zeros(int n) {
    for (int i = 0; i < n; i++) buf_[wrap(head_ + size_ + i)] = 0.0f;
    size_ += n;
  }
  // Removes the n oldest samples into dst (nullptr: discards them); n <= size().
  void pop(float* dst, int n) {
    if (dst)
      for (int i = 0; i < n; i++) dst[i] = buf_[wrap(head_ + i)];
    head_ = wrap(head_ + n);
    size_ -= n;
  }
  void clear() { head_ = size_ = 0; }

 private:
  int wrap(int i) const {
    const int c = static_cast<int>(buf_.size());
    return i >= c ? i - c : i;
  }
  std::vector<float> buf_;
  int head_ = 0, size_ = 0;
};

}  // namespace audio
}  // namespace edgeav
