// The row walk of hpel_filter shared by its SSE2 and AVX2 versions: each
// row runs the vertical 6-tap over columns -2 .. width + 2 into `scratch`,
// then the three outputs over columns 0 .. width - 1, `kStep` samples at a
// time. A row's tail reuses the last full step moved back to end exactly at
// the row's end (recomputing a few samples, unchanged); rows narrower than
// one step go through zero-padded copies, so nothing is read past the bytes
// the C version reads. ISA-free itself: each kernel file instantiates it with
// its own kernel (internal linkage, compiled with that file's flags):
//   kStep, Out (the h, v and c bytes of one step),
//   vertical(top, stride, sums): sums of kStep columns, top = row y - 2,
//   outputs(s, t) -> Out: s = the row, t = its sums (same columns),
//   store(out, h, v, c).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace edgeav {
namespace h264 {
namespace {

template <typename Kernel>
void hpel_filter_rows(uint8_t* h, uint8_t* v, uint8_t* c, const uint8_t* src, ptrdiff_t stride, int width, int height,
                      int16_t* scratch) {
  constexpr int kStep = Kernel::kStep;
  using Out = typename Kernel::Out;
  for (int y = 0; y < height; y++) {
    const ptrdiff_t row = y * stride;
    const uint8_t* s = src + row;
    // Pass 1: columns -2 .. width + 2 (scratch index = column + 2).
    int x = 0;
    const int columns = width + 5;
    for (; x + kStep <= columns; x += kStep) Kernel::vertical(s - 2 * stride + x - 2, stride, scratch + x);
    if (x < columns && columns >= kStep) {
      Kernel::vertical(s - 2 * stride + columns - kStep - 2, stride, scratch + columns - kStep);
    } else if (x < columns) {
      const int n = columns - x;
      uint8_t rows[6][kStep] = {};
      int16_t sums[kStep];
      for (int k = 0; k < 6; k++) std::memcpy(rows[k], s + (k - 2) * stride + x - 2, n);
      Kernel::vertical(rows[0], kStep, sums);
      std::memcpy(scratch + x, sums, n * sizeof(int16_t));
    }
    // Pass 2: columns 0 .. width - 1. A step's bytes are stored only after the
    // next step has loaded its pixels. The planes often lie a multiple of 4 KiB
    // apart (page-aligned allocations, as in the encoder), so the first pixels
    // of a step share their address modulo 4 KiB with the last bytes the step
    // before stored; a load that follows such a store still in the store
    // buffer (where stores that miss the cache stay long) is held back for it
    // ("4K aliasing"). Storing one step late cut the AVX2 time of a 720p frame
    // by about a quarter.
    const int16_t* t = scratch + 2;
    if (width >= kStep) {
      Out done = Kernel::outputs(s, t);  // the step at column `at`, not stored yet
      int at = 0;
      auto advance = [&](int to) {
        const Out next = Kernel::outputs(s + to, t + to);
        Kernel::store(done, h + row + at, v + row + at, c + row + at);
        done = next;
        at = to;
      };
      for (x = kStep; x + kStep <= width; x += kStep) advance(x);
      if (at + kStep < width) advance(width - kStep);
      Kernel::store(done, h + row + at, v + row + at, c + row + at);
    } else {
      uint8_t pixels[kStep + 5] = {}, oh[kStep], ov[kStep], oc[kStep];
      int16_t sums[kStep + 5] = {};
      std::memcpy(pixels, s - 2, width + 5);
      std::memcpy(sums, t - 2, (width + 5) * sizeof(int16_t));
      Kernel::store(Kernel::outputs(pixels + 2, sums + 2), oh, ov, oc);
      std::memcpy(h + row, oh, width);
      std::memcpy(v + row, ov, width);
      std::memcpy(c + row, oc, width);
    }
  }
}

}  // namespace
}  // namespace h264
}  // namespace edgeav
