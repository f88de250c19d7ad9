// The row walk of hpel_filter shared by its SSE2 and AVX2 versions: each
// row runs the vertical 6-tap over columns -2 .. width + 2 into `scratch`,
// then the three outputs over columns 0 .. width - 1, `Step` samples at a
// time. A row's tail reuses the last full step moved back to end exactly at
// the row's end (recomputing a few samples, unchanged); rows narrower than
// one step go through zero-padded copies, so nothing is read past the bytes
// the C version reads. ISA-free itself: each kernel file instantiates it with
// its own step functions (internal linkage, compiled with that file's flags).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace edgeav {
namespace h264 {
namespace {

using HpelVertical = void (*)(const uint8_t* top, ptrdiff_t stride, int16_t* sums);
using HpelOutputs = void (*)(const uint8_t* s, const int16_t* sums, uint8_t* h, uint8_t* v, uint8_t* c);

template <int Step, HpelVertical Vertical, HpelOutputs Outputs>
void hpel_filter_rows(uint8_t* h, uint8_t* v, uint8_t* c, const uint8_t* src, ptrdiff_t stride, int width, int height,
                      int16_t* scratch) {
  for (int y = 0; y < height; y++) {
    const ptrdiff_t row = y * stride;
    const uint8_t* s = src + row;
    // Pass 1: columns -2 .. width + 2 (scratch index = column + 2).
    int x = 0;
    const int columns = width + 5;
    for (; x + Step <= columns; x += Step) Vertical(s - 2 * stride + x - 2, stride, scratch + x);
    if (x < columns && columns >= Step) {
      Vertical(s - 2 * stride + columns - Step - 2, stride, scratch + columns - Step);
    } else if (x < columns) {
      const int n = columns - x;
      uint8_t rows[6][Step] = {};
      int16_t sums[Step];
      for (int k = 0; k < 6; k++) std::memcpy(rows[k], s + (k - 2) * stride + x - 2, n);
      Vertical(rows[0], Step, sums);
      std::memcpy(scratch + x, sums, n * sizeof(int16_t));
    }
    // Pass 2: columns 0 .. width - 1.
    const int16_t* t = scratch + 2;
    for (x = 0; x + Step <= width; x += Step) Outputs(s + x, t + x, h + row + x, v + row + x, c + row + x);
    if (x < width && width >= Step) {
      x = width - Step;
      Outputs(s + x, t + x, h + row + x, v + row + x, c + row + x);
    } else if (x < width) {
      const int n = width - x;
      uint8_t pixels[Step + 5] = {}, oh[Step], ov[Step], oc[Step];
      int16_t sums[Step + 5] = {};
      std::memcpy(pixels, s + x - 2, n + 5);
      std::memcpy(sums, t + x - 2, (n + 5) * sizeof(int16_t));
      Outputs(pixels + 2, sums + 2, oh, ov, oc);
      std::memcpy(h + row + x, oh, n);
      std::memcpy(v + row + x, ov, n);
      std::memcpy(c + row + x, oc, n);
    }
  }
}

}  // namespace
}  // namespace h264
}  // namespace edgeav
