// Runs a Model over a uint8 plane as a correction of it:
//   dst = src + depth_to_space(net(space_to_depth(src)))
// The network works at half resolution on the four 2x2 phases of the plane
// (4 channels), so a few layers see a wide context at a quarter of the cost.
//
// Streaming, tiled: the plane is cut into column tiles; each tile's rows flow
// through the layers one at a time, every 3x3 layer keeping a ring of its last
// three input rows, so the working set (a few rows of a tile per layer) stays
// in cache whatever the frame size. The plane is padded by replication (the
// network was trained on valid convolutions of padded input, the same thing).
// Buffers are sized by prepare(), never per frame.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "nn/model.h"

namespace edgeav {
namespace nn {

class PlaneRefiner {
 public:
  explicit PlaneRefiner(const Model& model) : model_(model) {}
  // Sizes the buffers for planes of width x height (does nothing when unchanged).
  void prepare(int width, int height);
  // The plane to refine is written here (rows of `width` bytes at input_stride()),
  // then run() pads it and writes the result to dst. Avoids a copy for producers
  // that can write anywhere (the standard super-resolution).
  uint8_t* input() { return padded_.data() + border_ * padded_stride_ + border_; }
  ptrdiff_t input_stride() const { return padded_stride_; }
  void run(uint8_t* dst, ptrdiff_t dst_stride);
  // Copies src to input() and runs: dst may be src.
  void refine(const uint8_t* src, ptrdiff_t src_stride, uint8_t* dst, ptrdiff_t dst_stride);
  // Scales the correction: 0 leaves the plane as it is, 1 applies it as trained.
  void set_gain(float gain) { gain_ = gain; }

 private:
  struct Stage {  // one layer's input rows: a ring of the last `ring`
    std::vector<float> rows;
    int ring = 1, width = 0, channels = 0;  // width: pixels per row in the current tile
    int received = 0;                        // rows received in the current tile
    float* row(int i) { return rows.data() + static_cast<size_t>(i % ring) * width * channels; }
  };
  void pad_borders();
  void run_tile(int x0, int tile_width, uint8_t* dst, ptrdiff_t dst_stride);
  // Feeds the row just written to stage 0 through the layers; true when it
  // completed an output row (then in the last stage).
  bool push_row(const NnDsp& dsp);

  const Model& model_;
  int width_ = 0, height_ = 0, border_ = 0;
  float gain_ = 1.0f;
  std::vector<uint8_t> padded_;
  ptrdiff_t padded_stride_ = 0;
  std::vector<ConvParams> params_;
  std::vector<Stage> stages_;       // stages_[i] feeds layer i; the last holds the output row
  std::vector<uint8_t> edge_rows_;  // dst rows past the plane's (odd) width or height
};

}  // namespace nn
}  // namespace edgeav
