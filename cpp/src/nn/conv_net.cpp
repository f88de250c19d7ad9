#include "nn/conv_net.h"

#include <algorithm>
#include <cstring>

namespace edgeav {
namespace nn {

namespace {

// Half-resolution pixels per column tile: rings of a few 16-channel rows of
// this width stay within L2 with room to spare; the halo recomputed at tile
// edges costs 2 * halo / kTileWidth.
constexpr int kTileWidth = 256;

}  // namespace

void PlaneRefiner::prepare(int width, int height) {
  if (width == width_ && height == height_) return;
  width_ = width, height_ = height;
  const int halo = model_.halo();
  border_ = 2 * halo;
  const int half_w = (width + 1) / 2, half_h = (height + 1) / 2;
  padded_stride_ = 2 * (half_w + 2 * halo);
  padded_.assign(static_cast<size_t>(padded_stride_) * 2 * (half_h + 2 * halo), 0);
  params_.clear();
  for (const Layer& l : model_.layers) params_.push_back(l.params());
  stages_.assign(model_.layers.size() + 1, Stage{});
  int stage_width = kTileWidth + 2 * halo;
  for (size_t i = 0; i < stages_.size(); i++) {
    Stage& s = stages_[i];
    const bool last = i == model_.layers.size();
    s.ring = last ? 1 : model_.layers[i].window();
    s.channels = last ? model_.layers.back().cout : model_.layers[i].cin;
    s.rows.assign(static_cast<size_t>(s.ring) * stage_width * s.channels, 0.0f);
    if (!last) stage_width -= 2 * (model_.layers[i].window() / 2);
  }
  edge_rows_.assign(4 * kTileWidth, 0);
}

void PlaneRefiner::pad_borders() {
  const int right = padded_stride_ - border_ - width_;
  uint8_t* first = input();
  for (int y = 0; y < height_; y++) {
    uint8_t* row = first + y * padded_stride_;
    std::memset(row - border_, row[0], border_);
    std::memset(row + width_, row[width_ - 1], right);
  }
  const size_t rows = padded_.size() / padded_stride_;
  for (int y = 0; y < border_; y++) std::memcpy(padded_.data() + y * padded_stride_, first - border_, padded_stride_);
  const uint8_t* last = first - border_ + (height_ - 1) * padded_stride_;
  for (size_t y = border_ + height_; y < rows; y++) std::memcpy(padded_.data() + y * padded_stride_, last, padded_stride_);
}

bool PlaneRefiner::push_row(const NnDsp& dsp) {
  for (size_t i = 0; i < model_.layers.size(); i++) {
    Stage &in = stages_[i], &out = stages_[i + 1];
    if (in.received < in.ring) return false;
    float* dst = out.row(out.received);
    switch (model_.layers[i].kind) {
      case LayerKind::kConv1x1:
        dsp.conv1x1(in.row(in.received - 1), dst, out.width, &params_[i]);
        break;
      case LayerKind::kConv3x3:
      case LayerKind::kDepthwise3x3: {
        const float* rows[3] = {in.row(in.received - 3), in.row(in.received - 2), in.row(in.received - 1)};
        if (model_.layers[i].kind == LayerKind::kConv3x3) dsp.conv3x3(rows, dst, out.width, &params_[i]);
        else dsp.depthwise3x3(rows, dst, out.width, &params_[i]);
      }
    }
    out.received++;
  }
  return true;
}

void PlaneRefiner::run_tile(int x0, int tile_width, uint8_t* dst, ptrdiff_t dst_stride) {
  const NnDsp& dsp = nn_dsp();
  const int halo = model_.halo();
  int stage_width = tile_width + 2 * halo;
  for (size_t i = 0; i < stages_.size(); i++) {
    stages_[i].width = stage_width, stages_[i].received = 0;
    if (i < model_.layers.size()) stage_width -= 2 * (model_.layers[i].window() / 2);
  }
  Stage &first = stages_.front(), &last = stages_.back();
  const int half_rows = static_cast<int>(padded_.size() / padded_stride_) / 2;
  const int out_cols = std::min(2 * tile_width, width_ - 2 * x0);
  for (int r = 0; r < half_rows; r++) {
    const uint8_t* src = padded_.data() + 2 * r * padded_stride_ + 2 * x0;
    dsp.space_to_depth2(src, src + padded_stride_, first.row(first.received), first.width, model_.in_scale,
                        model_.in_offset);
    first.received++;
    if (!push_row(dsp)) continue;
    const int y = 2 * (last.received - 1);  // the output row pair just completed
    const uint8_t* base = input() + y * padded_stride_ + 2 * x0;
    const bool inside = out_cols == 2 * tile_width && y + 1 < height_;
    uint8_t* d0 = inside ? dst + y * dst_stride + 2 * x0 : edge_rows_.data();
    uint8_t* d1 = inside ? d0 + dst_stride : edge_rows_.data() + 2 * kTileWidth;
    dsp.depth_to_space2_add(last.row(0), base, base + padded_stride_, d0, d1, tile_width, model_.out_scale * gain_);
    if (inside) continue;
    std::memcpy(dst + y * dst_stride + 2 * x0, d0, out_cols);
    if (y + 1 < height_) std::memcpy(dst + (y + 1) * dst_stride + 2 * x0, d1, out_cols);
  }
}

void PlaneRefiner::run(uint8_t* dst, ptrdiff_t dst_stride) {
  pad_borders();
  const int half_w = (width_ + 1) / 2;
  for (int x0 = 0; x0 < half_w; x0 += kTileWidth) run_tile(x0, std::min(kTileWidth, half_w - x0), dst, dst_stride);
}

void PlaneRefiner::refine(const uint8_t* src, ptrdiff_t src_stride, uint8_t* dst, ptrdiff_t dst_stride) {
  for (int y = 0; y < height_; y++) std::memcpy(input() + y * input_stride(), src + y * src_stride, width_);
  run(dst, dst_stride);
}

}  // namespace nn
}  // namespace edgeav
