// Brightness, contrast and saturation of whole frames (FFmpeg eq semantics,
// see adjust_dsp.h), for the Adjust object and after super-resolution.
#pragma once
#include "base/image.h"
#include "base/status.h"
#include "enhance/adjust_dsp.h"
#include "license/license.h"

namespace edgeav {

// Checks the options against FFmpeg eq's ranges (brightness -1..1, contrast
// -1000..1000, saturation 0..3) instead of clipping silently, derives the
// per-plane parameters, and asks the license gate for a real adjustment.
Status make_adjust_params(double brightness, double contrast, double saturation, AdjustParams* out);
bool is_identity(const AdjustParams& params);

// src and dst: the same format (gray, I420 or NV12) and size; src may be dst.
Status adjust_image(const AdjustParams& params, const Image& src, const Image& dst);

// The Adjust object: fixed parameters applied to a stream of frames, counted
// as media for evaluation mode (10 minutes at `fps`).
class AdjustStream {
 public:
  Status configure(double brightness, double contrast, double saturation, double fps);
  Status process(const Image& src, const Image& dst);

 private:
  AdjustParams params_{};
  double fps_ = 30.0;
  EvaluationMeter meter_;
};

}  // namespace edgeav
