#include "enhance/adjust.h"

#include <cmath>
#include <string>

#include "license/license.h"

namespace edgeav {

namespace {

Status check_range(const char* name, double v, double lo, double hi) {
  if (!(v >= lo && v <= hi))
    return Status::invalid(std::string(name) + " " + std::to_string(v) + " is outside " + std::to_string(lo) + ".." +
                           std::to_string(hi));
  return {};
}

}  // namespace

Status make_adjust_params(double brightness, double contrast, double saturation, AdjustParams* out) {
  EDGEAV_RETURN_IF_ERROR(check_range("brightness", brightness, -1.0, 1.0));
  EDGEAV_RETURN_IF_ERROR(check_range("contrast", contrast, -1000.0, 1000.0));
  EDGEAV_RETURN_IF_ERROR(check_range("saturation", saturation, 0.0, 3.0));
  *out = adjust_params(brightness, contrast, saturation);
  // Asked where an adjustment is set up (an object's creation), never per frame.
  return is_identity(*out) ? Status() : license_check(Feature::kEnhanceAdjust);
}

bool is_identity(const AdjustParams& p) {
  return p.luma.mode == AdjustMode::kCopy && p.chroma.mode == AdjustMode::kCopy;
}

Status adjust_image(const AdjustParams& params, const Image& src, const Image& dst) {
  const DspCallScope dsp_scope;  // one set of DSP tables for the whole call (base/dsp_table.h)
  EDGEAV_RETURN_IF_ERROR(validate_image(src, "src"));
  EDGEAV_RETURN_IF_ERROR(validate_image(dst, "dst"));
  if (src.format != dst.format || src.width != dst.width || src.height != dst.height)
    return Status::invalid("adjust: src and dst must have the same format and size");
  if (!is_yuv420(src.format) && src.format != EAV_FORMAT_GRAY8)
    return Status::unsupported(std::string("adjust works on YUV (as FFmpeg's eq does); got ") + format_name(src.format));
  adjust_plane(params.luma, src.data[0], src.stride[0], dst.data[0], dst.stride[0], src.width, src.height);
  if (src.format == EAV_FORMAT_GRAY8) return {};
  // U and V take the same map, so NV12's interleaved plane is one wide plane.
  const int planes = src.format == EAV_FORMAT_I420 ? 2 : 1;
  const int chroma_w = src.format == EAV_FORMAT_I420 ? src.width / 2 : src.width;
  for (int p = 1; p <= planes; p++)
    adjust_plane(params.chroma, src.data[p], src.stride[p], dst.data[p], dst.stride[p], chroma_w, src.height / 2);
  return {};
}

Status AdjustStream::configure(double brightness, double contrast, double saturation, double fps) {
  if (!(fps >= 1.0 && fps <= 1000.0)) return Status::invalid("fps must be between 1 and 1000");
  fps_ = fps;
  return make_adjust_params(brightness, contrast, saturation, &params_);
}

Status AdjustStream::process(const Image& src, const Image& dst) {
  EDGEAV_RETURN_IF_ERROR(meter_.add(1.0 / fps_));
  return adjust_image(params_, src, dst);
}

}  // namespace edgeav
