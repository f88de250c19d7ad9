// What the frame and encoder harnesses share: images whose planes are exactly
// as large as their declaration (format, size, stride) says, so that
// AddressSanitizer reports any access past what a caller declared, and a small
// generator for pixel content.
//
// A plane of `rows` rows of `row_bytes` at stride s owns (rows - 1) * |s| +
// row_bytes bytes: a negative stride points at the last row of a bottom-up
// buffer, a stride below the row (rows overlapping) owns less. Declarations
// that no caller could back with memory (sizes past the API's documented limit
// of 16384, or strides that span more than kMaxPlaneBytes) get a token buffer
// of kTokenBytes: the API must refuse those before touching any pixel.
#pragma once
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#include "edgeav/edgeav.h"

namespace fuzz {

constexpr int64_t kMaxPlaneBytes = int64_t{1} << 22;
constexpr size_t kTokenBytes = 16;

[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

// xorshift64*: content from a seed, so that a few input bytes make a whole frame.
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 1) {}
  uint64_t next() {
    s ^= s >> 12, s ^= s << 25, s ^= s >> 27;
    return s * 0x2545F4914F6CDD1Dull;
  }
};

// Fills `n` bytes in one of a few styles: noise, flat, gradient, extremes, checkerboard.
inline void fill_bytes(uint8_t* p, size_t n, int style, uint64_t seed) {
  Rng rng(seed);
  const uint8_t base = static_cast<uint8_t>(seed);
  for (size_t i = 0; i < n; i++) {
    switch (style & 7) {
      case 0: case 1: p[i] = static_cast<uint8_t>(rng.next() >> 56); break;
      case 2: p[i] = base; break;
      case 3: p[i] = static_cast<uint8_t>(i * (seed | 1)); break;
      case 4: p[i] = (rng.next() >> 63) ? 255 : 0; break;
      case 5: p[i] = static_cast<uint8_t>(((i / 4) & 1) ? 255 : 0); break;
      case 6: p[i] = static_cast<uint8_t>(base + (rng.next() >> 61)); break;  // flat with a little noise
      default: p[i] = (i & 1) ? 0 : 255; break;
    }
  }
}

struct PlaneShape {
  int64_t row_bytes, rows;
};

// The bytes a caller would own per row and the row count of each plane, computed
// here in 64 bits (independently of the library's geometry). Odd 4:2:0 sizes
// (which the API refuses) round the chroma up; unknown formats get three wide planes.
inline int plane_shapes(int format, int64_t w, int64_t h, PlaneShape out[3]) {
  const int64_t cw = (w + 1) / 2, ch = (h + 1) / 2;
  switch (format) {
    case EAV_FORMAT_I420: out[0] = {w, h}, out[1] = {cw, ch}, out[2] = {cw, ch}; return 3;
    case EAV_FORMAT_NV12: out[0] = {w, h}, out[1] = {2 * cw, ch}; return 2;
    case EAV_FORMAT_RGB24: case EAV_FORMAT_BGR24: out[0] = {3 * w, h}; return 1;
    case EAV_FORMAT_RGBA: case EAV_FORMAT_BGRA: out[0] = {4 * w, h}; return 1;
    case EAV_FORMAT_GRAY8: out[0] = {w, h}; return 1;
    default: out[0] = out[1] = out[2] = {4 * w, h}; return 3;
  }
}

// The bytes a plane declared with `stride` owns, or -1 when no caller could own them.
inline int64_t plane_bytes(const PlaneShape& s, int64_t stride) {
  if (s.row_bytes <= 0 || s.rows <= 0 || s.row_bytes > kMaxPlaneBytes) return -1;
  if (s.rows == 1) return s.row_bytes;
  const int64_t step = stride < 0 ? (stride == std::numeric_limits<int64_t>::min() ? -1 : -stride) : stride;
  if (step < 0 || step > kMaxPlaneBytes / (s.rows - 1)) return -1;
  const int64_t bytes = (s.rows - 1) * step + s.row_bytes;
  return bytes <= kMaxPlaneBytes ? bytes : -1;
}

// A stride for a plane: mostly the tight one or a padded one, sometimes too
// small, negative (bottom-up), huge or anything at all.
inline ptrdiff_t pick_stride(FuzzedDataProvider& fdp, int64_t row_bytes) {
  row_bytes = std::min<int64_t>(std::max<int64_t>(row_bytes, 0), int64_t{1} << 40);
  switch (fdp.ConsumeIntegralInRange(0, 15)) {
    case 9: case 10: case 11: return static_cast<ptrdiff_t>(row_bytes + fdp.ConsumeIntegralInRange(1, 80));
    case 12: return static_cast<ptrdiff_t>(row_bytes - fdp.ConsumeIntegralInRange<int64_t>(1, row_bytes + 2));
    case 13: return -static_cast<ptrdiff_t>(row_bytes + fdp.ConsumeIntegralInRange(0, 16));
    case 14: {
      static const ptrdiff_t huge[] = {ptrdiff_t{1} << 20, ptrdiff_t{1} << 31, ptrdiff_t{1} << 40,
                                       std::numeric_limits<ptrdiff_t>::max(), std::numeric_limits<ptrdiff_t>::min(),
                                       -(ptrdiff_t{1} << 31), ptrdiff_t{1} << 32};
      return huge[fdp.ConsumeIntegralInRange<size_t>(0, sizeof huge / sizeof huge[0] - 1)];
    }
    case 15: return fdp.ConsumeIntegral<ptrdiff_t>();
    default: return static_cast<ptrdiff_t>(row_bytes);
  }
}

// Owns the planes of one eav_image.
class Image {
 public:
  eav_image im{};

  // Declares an image and allocates exactly what the declaration implies.
  // `strides` false: tight strides (for images whose geometry is not the point).
  // `must_back` false: the caller knows the API refuses this call for another reason.
  void declare(FuzzedDataProvider& fdp, int format, int width, int height, bool strides = true, bool nulls = true,
               bool must_back = true) {
    std::memset(&im, 0, sizeof im);
    im.format = static_cast<eav_pixel_format>(format);
    im.width = width, im.height = height;
    PlaneShape shapes[3];
    const int n = plane_shapes(format, width, height, shapes);
    const int style = fdp.ConsumeIntegral<uint8_t>();
    const uint64_t seed = fdp.ConsumeIntegral<uint64_t>();
    for (int p = 0; p < 3; p++) {
      owned_[p].reset();
      if (p >= n) {
        im.stride[p] = fdp.ConsumeIntegral<int16_t>();  // unused: any value
        continue;
      }
      const PlaneShape& s = shapes[p];
      if (must_back && width >= 1 && height >= 1 && width <= 16384 && height <= 16384 && plane_bytes(s, s.row_bytes) < 0)
        fail("harness: a size within the API's limits is too large to back with memory");
      ptrdiff_t stride = strides ? pick_stride(fdp, s.row_bytes) : static_cast<ptrdiff_t>(s.row_bytes);
      int64_t bytes = plane_bytes(s, stride);
      if (bytes < 0 && s.row_bytes > 0 && s.row_bytes <= kMaxPlaneBytes && plane_bytes(s, s.row_bytes) >= 0) {
        // A stride no caller could back with memory at this height: keep the size, use a tight stride.
        stride = static_cast<ptrdiff_t>(s.row_bytes);
        bytes = plane_bytes(s, stride);
      }
      im.stride[p] = stride;
      if (nulls && fdp.ConsumeIntegralInRange(0, 63) == 0) continue;  // a null plane
      const size_t size = bytes < 0 ? kTokenBytes : static_cast<size_t>(bytes);
      owned_[p].reset(new uint8_t[size]);
      fill_bytes(owned_[p].get(), size, style + p, seed + static_cast<uint64_t>(p));
      im.data[p] = owned_[p].get();
      if (bytes >= 0 && stride < 0 && s.rows > 1) im.data[p] += (s.rows - 1) * static_cast<int64_t>(-stride);
    }
  }

 private:
  std::unique_ptr<uint8_t[]> owned_[3];
};

// A size: mostly small, sometimes wide, tall, or at and past the API's limits.
inline void pick_size(FuzzedDataProvider& fdp, int* w, int* h) {
  switch (fdp.ConsumeIntegralInRange(0, 9)) {
    case 7: *w = fdp.ConsumeIntegralInRange(1, 4200), *h = fdp.ConsumeIntegralInRange(1, 4); return;
    case 8: *w = fdp.ConsumeIntegralInRange(1, 4), *h = fdp.ConsumeIntegralInRange(1, 700); return;
    case 9: {
      static const int edge[] = {0, -1, -2, 1, 2, 16384, 16385, 16386, std::numeric_limits<int>::max(),
                                 std::numeric_limits<int>::min()};
      *w = edge[fdp.ConsumeIntegralInRange(0, 9)];
      *h = fdp.ConsumeBool() ? edge[fdp.ConsumeIntegralInRange(0, 9)] : fdp.ConsumeIntegralInRange(1, 3);
      // Sizes the API accepts must stay small enough to back with memory.
      if (*w >= 1 && *h >= 1 && *w <= 16384 && *h <= 16384 && int64_t{*w} * *h > 4 * 16384) *h = 1 + *h % 3;
      return;
    }
    default: *w = fdp.ConsumeIntegralInRange(1, 48), *h = fdp.ConsumeIntegralInRange(1, 48); return;
  }
}

// A format: one of the seven, or an unknown value.
inline int pick_format(FuzzedDataProvider& fdp) {
  const int f = fdp.ConsumeIntegralInRange(0, 15);
  return f <= 6 ? f : f <= 13 ? f % 7 : (f == 14 ? -1 : 7);
}

// The SIMD paths of this input (each table's C, SSE2, SSSE3 or AVX2 versions).
inline void pick_cpu_mask(FuzzedDataProvider& fdp) {
  static const uint32_t masks[] = {0xffffffffu, EAV_CPU_SSE2 | EAV_CPU_SSSE3 | EAV_CPU_SSE41, EAV_CPU_SSE2, 0u};
  eav_set_cpu_mask(masks[fdp.ConsumeIntegralInRange(0, 3)]);
}

}  // namespace fuzz
