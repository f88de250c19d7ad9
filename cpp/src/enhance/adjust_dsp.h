// Brightness / contrast / saturation adjustment of 8-bit planar YUV (or gray):
// FFmpeg's `eq` video filter with gamma = 1 (its default), reproduced exactly.
// Row kernels and their dispatch table; the C versions in adjust_row_c.h are
// the specification that every SIMD version matches bit-exactly.
//
// How FFmpeg's eq (libavfilter/vf_eq.c, vf_eq.h) maps the options to pixels,
// as reproduced by adjust_params():
//   * every option is clipped as a float (av_clipf): brightness to [-1, 1],
//     contrast to [-1000, 1000], saturation to [0, 3]; NaN becomes the lower
//     bound.
//   * luma: copied when contrast == 1 and brightness == 0; otherwise, when
//     |contrast| < 7.9, the fixed-point linear map of `process`
//         C = (int)(contrast * 4096)
//         B = ((int)(100 * brightness + 100) * 511) / 200 - 128 - C / 32
//         y' = clamp(((y * C) >> 12) + B, 0, 255)
//     and otherwise a table from `create_lut`
//         v = contrast * (i / 255 - 0.5) + 0.5 + brightness   (double)
//         lut[i] = v <= 0 ? 0 : v >= 1 ? 255 : (int)(256 * v)
//   * both chroma planes: copied when saturation == 1; otherwise the same
//     linear map with contrast = saturation and brightness = 0.
#pragma once
#include <cstddef>
#include <cstdint>

#include "base/dsp_table.h"

namespace edgeav {

// dst[x] = lut[src[x]]. src may equal dst.
using AdjustLutRow = void (*)(const uint8_t* src, uint8_t* dst, int width, const uint8_t* lut);
// dst[x] = clamp(((src[x] * contrast) >> 12) + offset, 0, 255), with an
// arithmetic (flooring) shift; contrast and offset are any int16 values.
// src may equal dst.
using AdjustLinearRow = void (*)(const uint8_t* src, uint8_t* dst, int width, int contrast, int offset);

struct AdjustDsp {
  AdjustLutRow apply_lut;
  AdjustLinearRow linear;
};
constexpr int kAdjustDspEntries = 2;
EDGEAV_DSP_TABLE_SIZE_CHECK(AdjustDsp, kAdjustDspEntries);

void adjust_dsp_init(AdjustDsp* dsp, uint32_t cpu_flags);
void adjust_dsp_init_c(AdjustDsp* dsp);
void adjust_dsp_init_sse2(AdjustDsp* dsp);
void adjust_dsp_init_ssse3(AdjustDsp* dsp);
void adjust_dsp_init_avx2(AdjustDsp* dsp);
void adjust_dsp_init_neon(AdjustDsp* dsp);

const AdjustDsp& adjust_dsp();
const DspTableInfo& adjust_dsp_info();

// What happens to one plane.
enum class AdjustMode : uint8_t {
  kCopy,    // unchanged
  kLinear,  // the `linear` row with `contrast` and `offset`
  kLut,     // the `apply_lut` row with `lut`
};

struct AdjustPlaneParams {
  AdjustMode mode;
  int contrast;  // Q12 multiplier of kLinear (|contrast| < 7.9 * 4096)
  int offset;    // added after the shift, kLinear
  // The plane's whole mapping, whatever the mode (identity for kCopy): a
  // caller may always use `apply_lut` with it and get the same pixels.
  uint8_t lut[256];
};

struct AdjustParams {
  float brightness, contrast, saturation;  // after FFmpeg's clipping
  AdjustPlaneParams luma;                  // plane 0 (Y or gray)
  AdjustPlaneParams chroma;                // planes 1 and 2 (U and V) alike
};

// FFmpeg eq defaults: brightness 0, contrast 1, saturation 1.
constexpr double kAdjustDefaultBrightness = 0.0, kAdjustDefaultContrast = 1.0, kAdjustDefaultSaturation = 1.0;

// The per-plane parameters FFmpeg's eq derives from the three options (out
// of range values are clipped as FFmpeg clips them).
AdjustParams adjust_params(double brightness, double contrast, double saturation);

// Applies one plane's parameters to a width x height plane through the live
// table. src may equal dst (with equal strides).
void adjust_plane(const AdjustPlaneParams& params, const uint8_t* src, ptrdiff_t src_stride, uint8_t* dst,
                  ptrdiff_t dst_stride, int width, int height);

}  // namespace edgeav
