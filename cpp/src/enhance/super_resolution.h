// Super-resolution of frames: luma (or each RGB channel) through the
// edge-classified learned filters, chroma through the same filters with the
// flat class only (cheaper: no classification). The professional mode then
// refines luma (each RGB channel) with a network (nn/conv_net.h) trained to
// restore what the filters cannot, at the scales a network is trained for
// (x1.5, x2); at other scales it gives the standard output. Buffers are sized
// when the input size changes, never per frame.
#pragma once
#include <memory>
#include <vector>

#include "base/image.h"
#include "base/status.h"
#include "enhance/adjust.h"
#include "enhance/filter_bank.h"
#include "license/license.h"
#include "nn/conv_net.h"

namespace edgeav {

struct SrConfig {
  double scale = 0;                    // used when out_width/out_height are 0
  int out_width = 0, out_height = 0;   // a fixed output size
  double sharpness = 1.0;              // 0: flat-region filter everywhere, 1: as trained, up to 2
  double brightness = 0.0, contrast = 1.0, saturation = 1.0;  // FFmpeg eq, applied to the output
  double fps = 30.0;  // the stream's frame rate: measures media time for the evaluation limit
  bool professional = false;  // the AI refinement (Professional enhancement edition)
};

class SuperResolution {
 public:
  static Status create(const SrConfig& config, std::unique_ptr<SuperResolution>* out);
  // The output size for an input size, or an error when the scale leaves 1..4.
  Status output_size(PixelFormat format, int in_width, int in_height, int* out_width, int* out_height) const;
  Status process(const Image& src, const Image& dst);

 private:
  // One plane's geometry: anchors and phase indices per output column and row.
  struct Axis {
    std::vector<int32_t> anchor;
    std::vector<uint8_t> phase;
  };
  struct PlaneSetup {
    int in_w = 0, in_h = 0, out_w = 0, out_h = 0;
    const FilterBank* bank = nullptr;
    // The bank's filters blended for the sharpness, each 64-byte filter on a
    // cache line of its own (see aligned_taps).
    std::vector<int16_t> taps_storage;
    const int16_t* taps = nullptr;
    Axis x, y;
  };

  explicit SuperResolution(const SrConfig& config) : config_(config) {}
  Status prepare(const Image& src, const Image& dst);
  void setup_plane(PlaneSetup* p, int in_w, int in_h, int out_w, int out_h);
  void pad_plane(const uint8_t* src, ptrdiff_t stride, int w, int h);
  void classify_plane(int w, int h);
  void filter_plane(const PlaneSetup& p, const uint8_t* cls, ptrdiff_t cls_stride, uint8_t* dst, ptrdiff_t stride);
  void upscale(const PlaneSetup& p, const uint8_t* src, ptrdiff_t src_stride, bool classify, uint8_t* dst,
               ptrdiff_t dst_stride);
  // Luma: the filters, then the refinement in professional mode.
  void upscale_luma(const uint8_t* src, ptrdiff_t src_stride, uint8_t* dst, ptrdiff_t dst_stride);

  SrConfig config_;
  AdjustParams adjust_{};
  EvaluationMeter meter_;
  PixelFormat format_ = EAV_FORMAT_GRAY8;
  int in_w_ = 0, in_h_ = 0, out_w_ = 0, out_h_ = 0;
  PlaneSetup luma_, chroma_;
  std::vector<uint8_t> padded_;                // LR plane with a kSrPad replicated border
  ptrdiff_t padded_stride_ = 0;
  std::vector<int16_t> products_;              // 5-row rings of xx, yy, xy (+2 border each side)
  std::vector<int16_t> sums_;                  // window sums XX, YY, XY of one row
  std::vector<uint8_t> classes_;               // class of every LR pixel
  std::vector<uint8_t> flat_classes_;          // all zero: chroma uses the flat class
  std::vector<int16_t> columns_;
  std::vector<uint8_t> planes_in_, planes_out_;  // de-interleaved channels (NV12 chroma, RGB)
  std::unique_ptr<nn::PlaneRefiner> refiner_;     // professional mode at a trained scale: its network
};

}  // namespace edgeav
