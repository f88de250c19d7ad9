// Colour-conversion row kernels (libyuv-style: one row, any width) and their
// dispatch table. Every kernel exists in C (convert_c.cpp, the specification)
// and in SIMD versions under x86/ and arm/ that match it bit for bit.
#pragma once
#include <cstdint>

#include "base/dsp_table.h"
#include "convert/yuv_matrix.h"

namespace edgeav {

// Interleaved 8-bit RGB layouts. RGBA/BGRA alpha is ignored on input and
// written as 255 on output.
enum PackedLayout { kLayoutRGB24, kLayoutBGR24, kLayoutRGBA, kLayoutBGRA, kPackedLayoutCount };

constexpr int packed_bytes_per_pixel(PackedLayout l) { return l == kLayoutRGBA || l == kLayoutBGRA ? 4 : 3; }
constexpr int packed_red_index(PackedLayout l) { return l == kLayoutBGR24 || l == kLayoutBGRA ? 2 : 0; }
constexpr int packed_blue_index(PackedLayout l) { return 2 - packed_red_index(l); }

// `width` pixels of one row -> `width` luma samples.
using PackedToYRow = void (*)(const uint8_t* src, uint8_t* dst_y, int width, const RgbToYuvCoeffs* k);
// Two rows of 2*`width` pixels -> `width` U and V samples (2x2 average).
using PackedToUVRow = void (*)(const uint8_t* src0, const uint8_t* src1, uint8_t* dst_u, uint8_t* dst_v,
                               int width, const RgbToYuvCoeffs* k);
// `width` luma samples and (width+1)/2 chroma samples -> `width` pixels.
using YuvToPackedRow = void (*)(const uint8_t* y, const uint8_t* u, const uint8_t* v, uint8_t* dst, int width,
                                const YuvToRgbCoeffs* k);

struct ConvertDsp {
  PackedToYRow packed_to_y[kPackedLayoutCount];
  PackedToUVRow packed_to_uv[kPackedLayoutCount];
  YuvToPackedRow yuv_to_packed[kPackedLayoutCount];
};
constexpr int kConvertDspEntries = 3 * kPackedLayoutCount;
EDGEAV_DSP_TABLE_SIZE_CHECK(ConvertDsp, kConvertDspEntries);

void convert_dsp_init(ConvertDsp* dsp, uint32_t cpu_flags);
void convert_dsp_init_c(ConvertDsp* dsp);
void convert_dsp_init_ssse3(ConvertDsp* dsp);
void convert_dsp_init_avx2(ConvertDsp* dsp);
void convert_dsp_init_neon(ConvertDsp* dsp);

// The table the library calls through, initialised for the current CPU flags.
const ConvertDsp& convert_dsp();
const DspTableInfo& convert_dsp_info();

}  // namespace edgeav
