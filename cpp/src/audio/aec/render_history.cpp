#include "audio/aec/render_history.h"

#include <algorithm>

namespace edgeav {
namespace audio {

// Deep enough for the largest bulk delay plus the whole filter behind it.
RenderHistory::RenderHistory(const AecLayout& layout)
    : depth_(layout.max_delay + layout.partitions + layout.frame / layout.block + 3), bins_(layout.bins), lin_bins_(layout.lin_bins),
      stride_(layout.stride), power_stride_((layout.bins + 7) / 8 * 8),
      re_(static_cast<size_t>(depth_ * stride_)), im_(re_.size()),
      power_(static_cast<size_t>(depth_ * power_stride_)) {}

void RenderHistory::push(const float* spectrum) {
  newest_ = newest_ + 1 == depth_ ? 0 : newest_ + 1;
  float* r = re_.data() + newest_ * stride_;
  float* i = im_.data() + newest_ * stride_;
  float* p = power_.data() + newest_ * power_stride_;
  for (int k = 0; k < bins_; k++) {
    const float a = spectrum[2 * k], b = spectrum[2 * k + 1];
    p[k] = a * a + b * b;
    if (k < lin_bins_) r[k] = a, i[k] = b;
  }
}

void RenderHistory::clear() {
  std::fill(re_.begin(), re_.end(), 0.0f);
  std::fill(im_.begin(), im_.end(), 0.0f);
  std::fill(power_.begin(), power_.end(), 0.0f);
}

}  // namespace audio
}  // namespace edgeav
