#include "pixel/pixel_dsp.h"

#include <cstdlib>
#include <cstring>

namespace edgeav {

namespace {

template <int W, int H>
int sad_c(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  int sum = 0;
  for (int y = 0; y < H; y++, a += as, b += bs)
    for (int x = 0; x < W; x++) sum += std::abs(a[x] - b[x]);
  return sum;
}

template <int W, int H>
int ssd_c(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  int sum = 0;
  for (int y = 0; y < H; y++, a += as, b += bs)
    for (int x = 0; x < W; x++) sum += (a[x] - b[x]) * (a[x] - b[x]);
  return sum;
}

// Sum of absolute Hadamard-transformed differences of one 4x4 block, halved
// (so a flat difference of d costs 8 |d|, comparable to SAD's 16 |d|).
int satd4x4(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  int d[16], t[16];
  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 4; x++) d[y * 4 + x] = a[y * as + x] - b[y * bs + x];
  for (int y = 0; y < 4; y++) {
    const int* r = d + y * 4;
    const int s01 = r[0] + r[1], d01 = r[0] - r[1], s23 = r[2] + r[3], d23 = r[2] - r[3];
    t[y * 4 + 0] = s01 + s23, t[y * 4 + 1] = s01 - s23, t[y * 4 + 2] = d01 - d23, t[y * 4 + 3] = d01 + d23;
  }
  int sum = 0;
  for (int x = 0; x < 4; x++) {
    const int s01 = t[x] + t[4 + x], d01 = t[x] - t[4 + x], s23 = t[8 + x] + t[12 + x], d23 = t[8 + x] - t[12 + x];
    sum += std::abs(s01 + s23) + std::abs(s01 - s23) + std::abs(d01 - d23) + std::abs(d01 + d23);
  }
  return sum >> 1;
}

template <int W, int H>
int satd_c(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  int sum = 0;
  for (int y = 0; y < H; y += 4)
    for (int x = 0; x < W; x += 4) sum += satd4x4(a + y * as + x, as, b + y * bs + x, bs);
  return sum;
}

// The 8-point Hadamard transform in place, in natural order: a butterfly
// stage at each distance 4, 2, 1 over the elements `step` apart.
void hadamard8(int* v, ptrdiff_t step) {
  for (int half = 4; half > 0; half >>= 1)
    for (int i = 0; i < 8; i++)
      if (!(i & half)) {
        const int p = v[i * step], q = v[(i + half) * step];
        v[i * step] = p + q, v[(i + half) * step] = p - q;
      }
}

// S of the header's definition for one 8x8 block: rows, then columns.
int hadamard8x8_abs_sum(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  int d[64];
  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 8; x++) d[y * 8 + x] = a[y * as + x] - b[y * bs + x];
  for (int y = 0; y < 8; y++) hadamard8(d + y * 8, 1);
  for (int x = 0; x < 8; x++) hadamard8(d + x, 8);
  int sum = 0;
  for (int c : d) sum += std::abs(c);
  return sum;
}

template <int N>
int sa8d_c(const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs) {
  int sum = 0;
  for (int y = 0; y < N; y += 8)
    for (int x = 0; x < N; x += 8) sum += hadamard8x8_abs_sum(a + y * as + x, as, b + y * bs + x, bs);
  return (sum + 2) >> 2;
}

template <int W, int H>
void sad_x4_c(const uint8_t* a, ptrdiff_t as, const uint8_t* b0, const uint8_t* b1, const uint8_t* b2,
              const uint8_t* b3, ptrdiff_t bs, int costs[4]) {
  costs[0] = sad_c<W, H>(a, as, b0, bs);
  costs[1] = sad_c<W, H>(a, as, b1, bs);
  costs[2] = sad_c<W, H>(a, as, b2, bs);
  costs[3] = sad_c<W, H>(a, as, b3, bs);
}

// The batched intra costs are specified by the predictions built in full and
// priced by the plain SATD.
void intra_satd_x3_16x16_c(const uint8_t* src, ptrdiff_t stride, const uint8_t top[16], const uint8_t left[16],
                           int dc, int costs[3]) {
  uint8_t pred[16 * 16];
  for (int y = 0; y < 16; y++) std::memcpy(pred + 16 * y, top, 16);
  costs[0] = satd_c<16, 16>(src, stride, pred, 16);
  for (int y = 0; y < 16; y++) std::memset(pred + 16 * y, left[y], 16);
  costs[1] = satd_c<16, 16>(src, stride, pred, 16);
  std::memset(pred, dc, sizeof pred);
  costs[2] = satd_c<16, 16>(src, stride, pred, 16);
}

void satd_x9_4x4_c(const uint8_t* src, ptrdiff_t stride, const uint8_t pred[9][16], int costs[9]) {
  for (int k = 0; k < 9; k++) costs[k] = satd4x4(src, stride, pred[k], 4);
}

// The quarter-sample costs are specified by the average written out and
// priced by the plain kernels.
template <int W, int H, int (*Compare)(const uint8_t*, ptrdiff_t, const uint8_t*, ptrdiff_t)>
int compare_avg_c(const uint8_t* src, ptrdiff_t src_stride, const uint8_t* a, const uint8_t* b, ptrdiff_t ab_stride) {
  uint8_t avg[W * H];
  for (int y = 0; y < H; y++, a += ab_stride, b += ab_stride)
    for (int x = 0; x < W; x++) avg[y * W + x] = static_cast<uint8_t>((a[x] + b[x] + 1) >> 1);
  return Compare(src, src_stride, avg, W);
}

}  // namespace

void pixel_dsp_init_c(PixelDsp* dsp) {
#define EDGEAV_PIXEL_SIZE(i, W, H)                    \
  dsp->sad[i] = sad_c<W, H>;                          \
  dsp->satd[i] = satd_c<W, H>;                        \
  dsp->ssd[i] = ssd_c<W, H>;                          \
  dsp->sad_x4[i] = sad_x4_c<W, H>;                    \
  dsp->sad_avg[i] = compare_avg_c<W, H, sad_c<W, H>>; \
  dsp->satd_avg[i] = compare_avg_c<W, H, satd_c<W, H>>;
  EDGEAV_PIXEL_BLOCK_SIZES(EDGEAV_PIXEL_SIZE)
#undef EDGEAV_PIXEL_SIZE
  dsp->intra_satd_x3_16x16 = intra_satd_x3_16x16_c;
  dsp->satd_x9_4x4 = satd_x9_4x4_c;
  dsp->sa8d_8x8 = sa8d_c<8>;
  dsp->sa8d_16x16 = sa8d_c<16>;
}

void pixel_dsp_init(PixelDsp* dsp, uint32_t flags) {
  pixel_dsp_init_c(dsp);
#if EDGEAV_ARCH_X86
  if (flags & kCpuSSE2) pixel_dsp_init_sse2(dsp);
  if (flags & kCpuAVX2) pixel_dsp_init_avx2(dsp);
#elif EDGEAV_ARCH_ARM64
  if (flags & kCpuNEON) pixel_dsp_init_neon(dsp);
#else
  (void)flags;
#endif
}

const PixelDsp& pixel_dsp() { return live_dsp_table<PixelDsp, pixel_dsp_init>(); }

const DspTableInfo& pixel_dsp_info() {
  static const char* const names[] = {
      "sad_16x16",    "sad_16x8",    "sad_8x16",    "sad_8x8",    "sad_4x4",    "satd_16x16", "satd_16x8",
      "satd_8x16",    "satd_8x8",    "satd_4x4",    "ssd_16x16",  "ssd_16x8",   "ssd_8x16",   "ssd_8x8",
      "ssd_4x4",      "sad_x4_16x16", "sad_x4_16x8", "sad_x4_8x16", "sad_x4_8x8", "sad_x4_4x4",
      "intra_satd_x3_16x16", "satd_x9_4x4", "sad_avg_16x16", "sad_avg_16x8", "sad_avg_8x16", "sad_avg_8x8",
      "sad_avg_4x4",  "satd_avg_16x16", "satd_avg_16x8", "satd_avg_8x16", "satd_avg_8x8", "satd_avg_4x4",
      "sa8d_8x8",     "sa8d_16x16"};
  return dsp_table_info<PixelDsp, pixel_dsp_init>("pixel", names);
}

}  // namespace edgeav
