#include "convert/convert_dsp.h"

#include "base/cpu.h"
#include "convert/convert_row_c.h"

namespace edgeav {

template <PackedLayout L>
static void set_c_layout(ConvertDsp* dsp) {
  dsp->packed_to_y[L] = packed_to_y_c<L>;
  dsp->packed_to_uv[L] = packed_to_uv_c<L>;
  dsp->yuv_to_packed[L] = yuv_to_packed_c<L>;
}

void convert_dsp_init_c(ConvertDsp* dsp) {
  set_c_layout<kLayoutRGB24>(dsp);
  set_c_layout<kLayoutBGR24>(dsp);
  set_c_layout<kLayoutRGBA>(dsp);
  set_c_layout<kLayoutBGRA>(dsp);
}

void convert_dsp_init(ConvertDsp* dsp, uint32_t flags) {
  convert_dsp_init_c(dsp);
#if EDGEAV_ARCH_X86
  if (flags & kCpuSSSE3) convert_dsp_init_ssse3(dsp);
  if (flags & kCpuAVX2) convert_dsp_init_avx2(dsp);
#elif EDGEAV_ARCH_ARM64
  if (flags & kCpuNEON) convert_dsp_init_neon(dsp);
#else
  (void)flags;
#endif
}

const ConvertDsp& convert_dsp() { return live_dsp_table<ConvertDsp, convert_dsp_init>(); }

const DspTableInfo& convert_dsp_info() {
  static const char* const names[] = {
      "rgb24_to_y",   "bgr24_to_y",   "rgba_to_y",    "bgra_to_y",    "rgb24_to_uv",  "bgr24_to_uv",
      "rgba_to_uv",   "bgra_to_uv",   "yuv_to_rgb24", "yuv_to_bgr24", "yuv_to_rgba",  "yuv_to_bgra",
  };
  return dsp_table_info<ConvertDsp, convert_dsp_init>("convert", names);
}

}  // namespace edgeav
