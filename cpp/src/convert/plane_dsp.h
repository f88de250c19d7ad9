// Plane row kernels: copy, NV12 chroma interleave/deinterleave, 2:1 box
// downscale. C versions in plane_c.cpp are the specification.
#pragma once
#include <cstdint>

#include "base/dsp_table.h"

namespace edgeav {

using CopyRow = void (*)(const uint8_t* src, uint8_t* dst, int width);
// `width` U and V samples <-> 2*`width` interleaved UV bytes.
using MergeUVRow = void (*)(const uint8_t* u, const uint8_t* v, uint8_t* uv, int width);
using SplitUVRow = void (*)(const uint8_t* uv, uint8_t* u, uint8_t* v, int width);
// dst[x] = (s0[2x] + s0[2x+1] + s1[2x] + s1[2x+1] + 2) >> 2 for `width` outputs.
using Downscale2Row = void (*)(const uint8_t* src0, const uint8_t* src1, uint8_t* dst, int width);

struct PlaneDsp {
  CopyRow copy;
  MergeUVRow merge_uv;
  SplitUVRow split_uv;
  Downscale2Row downscale2;
};
constexpr int kPlaneDspEntries = 4;
EDGEAV_DSP_TABLE_SIZE_CHECK(PlaneDsp, kPlaneDspEntries);

void plane_dsp_init(PlaneDsp* dsp, uint32_t cpu_flags);
void plane_dsp_init_c(PlaneDsp* dsp);
void plane_dsp_init_sse2(PlaneDsp* dsp);
void plane_dsp_init_avx2(PlaneDsp* dsp);
void plane_dsp_init_neon(PlaneDsp* dsp);

const PlaneDsp& plane_dsp();
const DspTableInfo& plane_dsp_info();

}  // namespace edgeav
