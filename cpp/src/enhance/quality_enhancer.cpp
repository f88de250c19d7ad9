#include "enhance/quality_enhancer.h"

#include <cstring>
#include <string>

namespace edgeav {

Status QualityEnhancer::create(double strength, double fps, std::unique_ptr<QualityEnhancer>* out) {
  if (!(strength >= 0.0 && strength <= 2.0))
    return Status::invalid("quality enhancer: strength " + std::to_string(strength) + " is outside 0..2");
  if (!(fps > 0.0 && fps <= 1000.0))
    return Status::invalid("quality enhancer: fps " + std::to_string(fps) + " is outside 0..1000");
  EDGEAV_RETURN_IF_ERROR(license_check(Feature::kAiEnhancement));
  const nn::Model* model = nn::shipped_model("enhance");
  if (!model) return Status::unsupported("quality enhancer: the model is not in this build");
  out->reset(new QualityEnhancer(*model, fps));
  (*out)->refiner_.set_gain(static_cast<float>(strength));
  return {};
}

Status QualityEnhancer::process(const Image& src, const Image& dst) {
  const DspCallScope dsp_scope;  // one set of DSP tables for the whole frame (base/dsp_table.h)
  EDGEAV_RETURN_IF_ERROR(validate_image(src, "src"));
  EDGEAV_RETURN_IF_ERROR(validate_image(dst, "dst"));
  if (src.format != dst.format || src.width != dst.width || src.height != dst.height)
    return Status::invalid("quality enhancer: src and dst must have the same format and size");
  if (!is_yuv420(src.format) && src.format != EAV_FORMAT_GRAY8)
    return Status::unsupported(std::string("quality enhancer: pass an I420, NV12 or gray frame, not ") +
                               format_name(src.format));
  EDGEAV_RETURN_IF_ERROR(meter_.add(1.0 / fps_));
  refiner_.prepare(src.width, src.height);
  refiner_.refine(src.data[0], src.stride[0], dst.data[0], dst.stride[0]);
  const int planes = src.format == EAV_FORMAT_I420 ? 2 : src.format == EAV_FORMAT_NV12 ? 1 : 0;
  const int chroma_bytes = src.format == EAV_FORMAT_I420 ? src.width / 2 : src.width;
  for (int p = 1; p <= planes; p++)
    if (src.data[p] != dst.data[p])
      for (int y = 0; y < src.height / 2; y++)
        std::memcpy(dst.data[p] + y * dst.stride[p], src.data[p] + y * src.stride[p], chroma_bytes);
  return {};
}

}  // namespace edgeav
