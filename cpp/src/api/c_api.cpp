// The C API: a thin translation of the internal layer's Status into codes and
// a thread-local message. No validation here: the internal layer owns it.
#include <string>

#include "api/dsp_tables.h"
#include "base/cpu.h"
#include "convert/convert.h"
#include "edgeav/edgeav.h"
#include "edgeav_version.h"

namespace {

thread_local std::string last_error;

eav_status report(const edgeav::Status& s) {
  last_error = s.message();
  return s.code();
}

}  // namespace

extern "C" {

const char* eav_version(void) { return EDGEAV_VERSION; }
const char* eav_last_error(void) { return last_error.c_str(); }

uint32_t eav_cpu_detected(void) { return edgeav::cpu_detected(); }
uint32_t eav_cpu_flags(void) { return edgeav::cpu_flags(); }
void eav_set_cpu_mask(uint32_t mask) { edgeav::apply_cpu_mask(mask); }

eav_status eav_convert(const eav_image* src, const eav_image* dst, eav_matrix matrix, int full_range) {
  if (!src || !dst) return report(edgeav::Status::invalid("eav_convert: null image"));
  if (matrix != EAV_MATRIX_BT601 && matrix != EAV_MATRIX_BT709)
    return report(edgeav::Status::invalid("eav_convert: unknown matrix"));
  const auto m = matrix == EAV_MATRIX_BT709 ? edgeav::YuvMatrix::kBT709 : edgeav::YuvMatrix::kBT601;
  return report(edgeav::convert_image(*src, *dst, m, full_range != 0));
}

eav_status eav_downscale2_plane(const uint8_t* src, ptrdiff_t src_stride, int width, int height, uint8_t* dst,
                                ptrdiff_t dst_stride) {
  return report(edgeav::downscale2_plane(src, src_stride, width, height, dst, dst_stride));
}

}  // extern "C"
