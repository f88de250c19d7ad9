#include "convert/convert.h"

#include <algorithm>
#include <string>

#include "convert/convert_dsp.h"
#include "convert/plane_dsp.h"

namespace edgeav {

namespace {

// NV12 paths go through planar chroma rows held on the stack, in chunks, so
// any width works and nothing is allocated per frame.
constexpr int kChunk = 2048;

PackedLayout layout_of(PixelFormat f) {
  switch (f) {
    case EAV_FORMAT_BGR24: return kLayoutBGR24;
    case EAV_FORMAT_RGBA: return kLayoutRGBA;
    case EAV_FORMAT_BGRA: return kLayoutBGRA;
    default: return kLayoutRGB24;
  }
}

const uint8_t* row(const Image& im, int plane, int y) { return im.data[plane] + y * im.stride[plane]; }
uint8_t* row_w(const Image& im, int plane, int y) { return im.data[plane] + y * im.stride[plane]; }

void copy_planes(const Image& src, const Image& dst) {
  const PlaneDsp& pd = plane_dsp();
  for (int p = 0; p < plane_count(src.format); p++) {
    const PlaneGeometry g = plane_geometry(src.format, src.width, src.height, p);
    for (int y = 0; y < g.rows; y++) pd.copy(row(src, p, y), row_w(dst, p, y), g.width_bytes);
  }
}

void packed_to_yuv420(const Image& src, const Image& dst, const RgbToYuvCoeffs& k) {
  const ConvertDsp& cd = convert_dsp();
  const PlaneDsp& pd = plane_dsp();
  const PackedLayout l = layout_of(src.format);
  const int bpp = packed_bytes_per_pixel(l), cw = src.width / 2;
  alignas(32) uint8_t u[kChunk], v[kChunk];
  for (int y = 0; y < src.height; y += 2) {
    const uint8_t *s0 = row(src, 0, y), *s1 = row(src, 0, y + 1);
    cd.packed_to_y[l](s0, row_w(dst, 0, y), src.width, &k);
    cd.packed_to_y[l](s1, row_w(dst, 0, y + 1), src.width, &k);
    if (dst.format == EAV_FORMAT_I420) {
      cd.packed_to_uv[l](s0, s1, row_w(dst, 1, y / 2), row_w(dst, 2, y / 2), cw, &k);
      continue;
    }
    for (int x = 0; x < cw; x += kChunk) {
      const int n = std::min(kChunk, cw - x);
      cd.packed_to_uv[l](s0 + 2 * x * bpp, s1 + 2 * x * bpp, u, v, n, &k);
      pd.merge_uv(u, v, row_w(dst, 1, y / 2) + 2 * x, n);
    }
  }
}

void yuv420_to_packed(const Image& src, const Image& dst, const YuvToRgbCoeffs& k) {
  const ConvertDsp& cd = convert_dsp();
  const PlaneDsp& pd = plane_dsp();
  const PackedLayout l = layout_of(dst.format);
  const int bpp = packed_bytes_per_pixel(l), cw = src.width / 2;
  alignas(32) uint8_t u[kChunk], v[kChunk];
  for (int y = 0; y < src.height; y++) {
    if (src.format == EAV_FORMAT_I420) {
      cd.yuv_to_packed[l](row(src, 0, y), row(src, 1, y / 2), row(src, 2, y / 2), row_w(dst, 0, y), src.width, &k);
      continue;
    }
    for (int x = 0; x < cw; x += kChunk) {
      const int n = std::min(kChunk, cw - x);
      pd.split_uv(row(src, 1, y / 2) + 2 * x, u, v, n);
      cd.yuv_to_packed[l](row(src, 0, y) + 2 * x, u, v, row_w(dst, 0, y) + 2 * x * bpp, 2 * n, &k);
    }
  }
}

void i420_nv12(const Image& src, const Image& dst) {
  const PlaneDsp& pd = plane_dsp();
  for (int y = 0; y < src.height; y++) pd.copy(row(src, 0, y), row_w(dst, 0, y), src.width);
  for (int y = 0; y < src.height / 2; y++) {
    if (src.format == EAV_FORMAT_I420)
      pd.merge_uv(row(src, 1, y), row(src, 2, y), row_w(dst, 1, y), src.width / 2);
    else
      pd.split_uv(row(src, 1, y), row_w(dst, 1, y), row_w(dst, 2, y), src.width / 2);
  }
}

}  // namespace

Status convert_image(const Image& src, const Image& dst, YuvMatrix matrix, bool full_range) {
  const DspCallScope dsp_scope;  // one set of DSP tables for the whole call (base/dsp_table.h)
  EDGEAV_RETURN_IF_ERROR(validate_image(src, "src"));
  EDGEAV_RETURN_IF_ERROR(validate_image(dst, "dst"));
  if (src.width != dst.width || src.height != dst.height)
    return Status::invalid("src is " + std::to_string(src.width) + "x" + std::to_string(src.height) +
                           " but dst is " + std::to_string(dst.width) + "x" + std::to_string(dst.height));
  if (src.format == dst.format) {
    copy_planes(src, dst);
  } else if (is_packed_rgb(src.format) && is_yuv420(dst.format)) {
    packed_to_yuv420(src, dst, rgb_to_yuv_coeffs(matrix, full_range));
  } else if (is_yuv420(src.format) && is_packed_rgb(dst.format)) {
    yuv420_to_packed(src, dst, yuv_to_rgb_coeffs(matrix, full_range));
  } else if (is_yuv420(src.format) && is_yuv420(dst.format)) {
    i420_nv12(src, dst);
  } else {
    return Status::unsupported(std::string("no conversion from ") + format_name(src.format) + " to " +
                               format_name(dst.format));
  }
  return {};
}

Status downscale2_plane(const uint8_t* src, ptrdiff_t src_stride, int width, int height, uint8_t* dst,
                        ptrdiff_t dst_stride) {
  const DspCallScope dsp_scope;
  if (!src || !dst) return Status::invalid("downscale2: null plane");
  if (width <= 0 || height <= 0 || width > 16384 || height > 16384)
    return Status::invalid("downscale2: size " + std::to_string(width) + "x" + std::to_string(height) +
                           " is empty or larger than 16384");
  const int dw = (width + 1) / 2, dh = (height + 1) / 2, full = width / 2;
  if (src_stride < width || dst_stride < dw) return Status::invalid("downscale2: stride smaller than the row");
  const Downscale2Row kernel = plane_dsp().downscale2;
  for (int y = 0; y < dh; y++) {
    const uint8_t* s0 = src + 2 * y * src_stride;
    const uint8_t* s1 = 2 * y + 1 < height ? s0 + src_stride : s0;  // odd height: last row twice
    uint8_t* d = dst + y * dst_stride;
    kernel(s0, s1, d, full);
    if (width & 1) d[full] = static_cast<uint8_t>((2 * s0[width - 1] + 2 * s1[width - 1] + 2) >> 2);
  }
  return {};
}

}  // namespace edgeav
