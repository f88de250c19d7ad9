#include "enhance/adjust_dsp.h"

#include <cfloat>
#include <cmath>
#include <cstring>

#include "base/cpu.h"
#include "enhance/adjust_row_c.h"

namespace edgeav {

void adjust_dsp_init_c(AdjustDsp* dsp) {
  dsp->apply_lut = adjust_lut_row_c;
  dsp->linear = adjust_linear_row_c;
}

void adjust_dsp_init(AdjustDsp* dsp, uint32_t flags) {
  adjust_dsp_init_c(dsp);
#if EDGEAV_ARCH_X86
  if (flags & kCpuSSE2) adjust_dsp_init_sse2(dsp);
  if (flags & kCpuSSSE3) adjust_dsp_init_ssse3(dsp);
  if (flags & kCpuAVX2) adjust_dsp_init_avx2(dsp);
#elif EDGEAV_ARCH_ARM64
  if (flags & kCpuNEON) adjust_dsp_init_neon(dsp);
#else
  (void)flags;
#endif
}

const AdjustDsp& adjust_dsp() { return live_dsp_table<AdjustDsp, adjust_dsp_init>(); }

const DspTableInfo& adjust_dsp_info() {
  static const char* const names[] = {"apply_lut", "linear"};
  return dsp_table_info<AdjustDsp, adjust_dsp_init>("adjust", names);
}

namespace {

// av_clipf: the option value is passed as a float, then min(max(a, lo), hi),
// whose comparisons turn NaN into lo. Values beyond the float range are
// brought to infinity first (a plain double -> float conversion of them is
// undefined in C++); they clip to the same bound.
float clip_option(double value, float lo, float hi) {
  const float a = value > FLT_MAX ? INFINITY : value < -FLT_MAX ? -INFINITY : static_cast<float>(value);
  const float m = a > lo ? a : lo;
  return m > hi ? hi : m;
}

// FFmpeg's `process` (vf_eq.h, and the SSE2 version in x86/vf_eq_init.c,
// which computes the same two numbers as shorts).
void set_linear(AdjustPlaneParams* p, float contrast, float brightness) {
  p->mode = AdjustMode::kLinear;
  p->contrast = static_cast<int>(contrast * 4096.0);
  // brightness is a float, so 100 * brightness is exact in double and the sum
  // is rounded once, fused or not.
  p->offset = (static_cast<int>(100.0 * brightness + 100.0) * 511) / 200 - 128 - p->contrast / 32;
  for (int i = 0; i < 256; i++) p->lut[i] = adjust_linear_pixel(i, p->contrast, p->offset);
}

// FFmpeg's `create_lut` with gamma 1 and gamma_weight 1: its gamma step
// v * (1 - 1) + pow(v, 1) * 1 gives back v exactly, so it is left out.
void set_lut(AdjustPlaneParams* p, float contrast, float brightness) {
  p->mode = AdjustMode::kLut;
  p->contrast = 0;
  p->offset = 0;
  for (int i = 0; i < 256; i++) {
    // The product is rounded before the sum, as in FFmpeg's build (no FMA
    // contraction); volatile keeps a compiler from fusing the two.
    volatile double scaled = contrast * (i / 255.0 - 0.5);
    const double v = scaled + 0.5 + brightness;
    p->lut[i] = v <= 0.0 ? 0 : v >= 1.0 ? 255 : static_cast<uint8_t>(static_cast<int>(256.0 * v));
  }
}

void set_copy(AdjustPlaneParams* p) {
  p->mode = AdjustMode::kCopy;
  p->contrast = 4096;
  p->offset = 0;
  for (int i = 0; i < 256; i++) p->lut[i] = static_cast<uint8_t>(i);
}

// FFmpeg's check_values with gamma 1: which of copy, process and the table.
void set_plane(AdjustPlaneParams* p, float contrast, float brightness) {
  if (contrast == 1.0 && brightness == 0.0)
    set_copy(p);
  else if (std::fabs(contrast) < 7.9)
    set_linear(p, contrast, brightness);
  else
    set_lut(p, contrast, brightness);
}

}  // namespace

AdjustParams adjust_params(double brightness, double contrast, double saturation) {
  AdjustParams r;
  r.brightness = clip_option(brightness, -1.0f, 1.0f);
  r.contrast = clip_option(contrast, -1000.0f, 1000.0f);
  r.saturation = clip_option(saturation, 0.0f, 3.0f);
  set_plane(&r.luma, r.contrast, r.brightness);
  // Chroma: contrast = saturation, and a brightness FFmpeg never sets (0).
  set_plane(&r.chroma, r.saturation, 0.0f);
  return r;
}

void adjust_plane(const AdjustPlaneParams& params, const uint8_t* src, ptrdiff_t src_stride, uint8_t* dst,
                  ptrdiff_t dst_stride, int width, int height) {
  const AdjustDsp& dsp = adjust_dsp();
  for (int y = 0; y < height; y++, src += src_stride, dst += dst_stride) {
    switch (params.mode) {
      case AdjustMode::kCopy:
        if (src != dst) std::memcpy(dst, src, static_cast<size_t>(width));
        break;
      case AdjustMode::kLinear: dsp.linear(src, dst, width, params.contrast, params.offset); break;
      case AdjustMode::kLut: dsp.apply_lut(src, dst, width, params.lut); break;
    }
  }
}

}  // namespace edgeav
