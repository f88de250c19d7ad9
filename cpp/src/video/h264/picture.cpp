#include "video/h264/picture.h"

#include <cstring>

#include "video/h264/dsp/mc_dsp.h"

namespace edgeav {
namespace h264 {

void Picture::allocate(int mb_width, int mb_height) {
  width_ = mb_width * 16, height_ = mb_height * 16;
  // Rows start 64-byte aligned: SIMD loads of a row stay within one allocation.
  luma_stride_ = (width_ + 2 * kPad + 63) & ~63;
  chroma_stride_ = (width_ / 2 + kPad + 63) & ~63;
  luma_offset_ = static_cast<size_t>(kPad) * luma_stride_ + kPad;
  chroma_offset_ = static_cast<size_t>(kPad / 2) * chroma_stride_ + kPad / 2;
  // One extra row of slack: SIMD kernels may read a few bytes past a block's last row end.
  planes_[0].assign(static_cast<size_t>(luma_stride_) * (height_ + 2 * kPad + 1), 0);
  planes_[1].assign(static_cast<size_t>(chroma_stride_) * (height_ / 2 + kPad + 1), 0);
  planes_[2].assign(planes_[1].size(), 0);
  for (auto& h : hpel_) h.assign(planes_[0].size(), 0);
  scratch_.assign(static_cast<size_t>(width_ + 2 * kPad + 16), 0);
}

void Picture::pad_plane(uint8_t* p, ptrdiff_t stride, int w, int h, int pad) {
  for (int y = 0; y < h; y++) {
    uint8_t* row = p + y * stride;
    std::memset(row - pad, row[0], pad);
    std::memset(row + w, row[w - 1], pad);
  }
  for (int y = 1; y <= pad; y++) {
    std::memcpy(p - y * stride - pad, p - pad, w + 2 * pad);
    std::memcpy(p + (h - 1 + y) * stride - pad, p + (h - 1) * stride - pad, w + 2 * pad);
  }
}

void Picture::finish_reference(bool half_samples) {
  pad_plane(y(), luma_stride_, width_, height_, kPad);
  pad_plane(u(), chroma_stride_, width_ / 2, height_ / 2, kPad / 2);
  pad_plane(v(), chroma_stride_, width_ / 2, height_ / 2, kPad / 2);
  if (!half_samples) return;
  // Half-sample planes over the picture and 3 samples around it. Further out
  // the 6-tap filters read only replicated border samples, so each plane's
  // border is its own edge replicated; vectors are clamped to stay inside.
  const int margin = 3;
  const ptrdiff_t origin = -margin * luma_stride_ - margin;
  mc_dsp().hpel_filter(hpel_[0].data() + luma_offset_ + origin, hpel_[1].data() + luma_offset_ + origin,
                       hpel_[2].data() + luma_offset_ + origin, y() + origin, luma_stride_, width_ + 2 * margin,
                       height_ + 2 * margin, scratch_.data());
  for (auto& h : hpel_)
    pad_plane(h.data() + luma_offset_ + origin, luma_stride_, width_ + 2 * margin, height_ + 2 * margin, kPad - margin);
}

}  // namespace h264
}  // namespace edgeav
