// Whole-image conversions built on the row kernels. This is the internal layer
// the C API and the Python module both call: it validates, then computes.
#pragma once
#include <cstddef>
#include <cstdint>

#include "base/image.h"
#include "base/status.h"
#include "convert/yuv_matrix.h"

namespace edgeav {

Status convert_image(const Image& src, const Image& dst, YuvMatrix matrix, bool full_range);

// dst is ((width+1)/2) x ((height+1)/2); odd edges replicate the last pixel.
Status downscale2_plane(const uint8_t* src, ptrdiff_t src_stride, int width, int height, uint8_t* dst,
                        ptrdiff_t dst_stride);

}  // namespace edgeav
