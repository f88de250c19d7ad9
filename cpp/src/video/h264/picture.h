// A reconstructed frame: macroblock-aligned Y, U, V planes with a replicated
// border, so motion vectors may point outside the picture (the decoder clamps
// coordinates, which equals reading a replicated border), plus the three
// half-sample luma planes motion search and compensation read from.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgeav {
namespace h264 {

class Picture {
 public:
  // Border in luma samples on every side (chroma gets half).
  static constexpr int kPad = 48;

  void allocate(int mb_width, int mb_height);
  // After the frame is reconstructed and deblocked: replicate the border and,
  // for sub-sample motion search, compute the half-sample planes.
  void finish_reference(bool half_samples);

  int width() const { return width_; }    // 16 * mb_width
  int height() const { return height_; }  // 16 * mb_height
  ptrdiff_t luma_stride() const { return luma_stride_; }
  ptrdiff_t chroma_stride() const { return chroma_stride_; }
  uint8_t* y() { return plane_ptr(0); }
  uint8_t* u() { return plane_ptr(1); }
  uint8_t* v() { return plane_ptr(2); }
  const uint8_t* y() const { return const_cast<Picture*>(this)->plane_ptr(0); }
  const uint8_t* u() const { return const_cast<Picture*>(this)->plane_ptr(1); }
  const uint8_t* v() const { return const_cast<Picture*>(this)->plane_ptr(2); }
  // Luma at half-sample phase (0: full, 1: +1/2 x, 2: +1/2 y, 3: both), same stride as y().
  const uint8_t* luma_plane(int phase) const { return phase ? hpel_[phase - 1].data() + luma_offset_ : y(); }

 private:
  uint8_t* plane_ptr(int i) { return planes_[i].data() + (i ? chroma_offset_ : luma_offset_); }
  void pad_plane(uint8_t* p, ptrdiff_t stride, int w, int h, int pad);

  int width_ = 0, height_ = 0;
  ptrdiff_t luma_stride_ = 0, chroma_stride_ = 0;
  size_t luma_offset_ = 0, chroma_offset_ = 0;
  std::vector<uint8_t> planes_[3];
  std::vector<uint8_t> hpel_[3];
  std::vector<int16_t> scratch_;
};

}  // namespace h264
}  // namespace edgeav
