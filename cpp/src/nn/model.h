// Networks compiled into the library: parsed from the weights file that the
// training tools export (tools/nn_export.py writes cpp/data/models.bin; CMake
// embeds it), once, on first use. No file I/O, nothing downloaded.
//
// File format, little-endian:
//   "EAVNN001", u32 model count, then per model:
//     u16 name length, name bytes, f32 in_scale, in_offset, out_scale, u32 layer count,
//     per layer: u8 kind (0 conv3x3, 1 conv1x1, 2 depthwise3x3), u8 prelu, u16 cin, u16 cout,
//                f32 weights (nn_dsp.h's layout), f32 bias[cout], f32 slope[cout] if prelu.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "nn/nn_dsp.h"

namespace edgeav {
namespace nn {

enum class LayerKind : uint8_t { kConv3x3 = 0, kConv1x1 = 1, kDepthwise3x3 = 2 };

struct Layer {
  LayerKind kind;
  int cin, cout;
  std::vector<float> weights, bias, slope;  // slope empty: no activation
  ConvParams params() const {
    return {cin, cout, weights.data(), bias.data(), slope.empty() ? nullptr : slope.data()};
  }
  int window() const { return kind == LayerKind::kConv1x1 ? 1 : 3; }
};

// A fully convolutional network on 4-channel space-to-depth input (see
// conv_net.h): input = byte * in_scale + in_offset, correction = output * out_scale.
struct Model {
  std::string name;
  float in_scale, in_offset, out_scale;
  std::vector<Layer> layers;
  // Pixels of context each side the valid convolutions consume.
  int halo() const;
};

Status parse_models(const uint8_t* data, size_t size, std::vector<Model>* out);
// The model of this name among those shipped, or nullptr.
const Model* shipped_model(const std::string& name);

}  // namespace nn
}  // namespace edgeav
