#include "video/h264/dsp/dct_dsp.h"

#include <cstdlib>
#include <initializer_list>

#include "base/bits.h"
#include "video/h264/tables.h"

namespace edgeav {
namespace h264 {

namespace {

void sub4x4_dct_c(int16_t dct[16], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  int d[16], t[16];
  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 4; x++) d[y * 4 + x] = src[y * ss + x] - pred[y * ps + x];
  for (int y = 0; y < 4; y++) {
    const int* r = d + y * 4;
    const int s03 = r[0] + r[3], d03 = r[0] - r[3], s12 = r[1] + r[2], d12 = r[1] - r[2];
    t[y * 4 + 0] = s03 + s12, t[y * 4 + 1] = 2 * d03 + d12, t[y * 4 + 2] = s03 - s12, t[y * 4 + 3] = d03 - 2 * d12;
  }
  for (int x = 0; x < 4; x++) {
    const int s03 = t[x] + t[12 + x], d03 = t[x] - t[12 + x], s12 = t[4 + x] + t[8 + x], d12 = t[4 + x] - t[8 + x];
    dct[x] = static_cast<int16_t>(s03 + s12);
    dct[4 + x] = static_cast<int16_t>(2 * d03 + d12);
    dct[8 + x] = static_cast<int16_t>(s03 - s12);
    dct[12 + x] = static_cast<int16_t>(d03 - 2 * d12);
  }
}

void sub8x8_dct_c(int16_t dct[4][16], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  for (int i = 0; i < 4; i++) {
    const int x = (i & 1) * 4, y = (i >> 1) * 4;
    sub4x4_dct_c(dct[i], src + y * ss + x, ss, pred + y * ps + x, ps);
  }
}

void sub16x16_dct_c(int16_t dct[16][16], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  for (int i = 0; i < 16; i++) {
    const int x = (i & 3) * 4, y = (i >> 2) * 4;
    sub4x4_dct_c(dct[i], src + y * ss + x, ss, pred + y * ps + x, ps);
  }
}

uint8_t clip_pixel(int v) { return static_cast<uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v); }

void add4x4_idct_c(uint8_t* dst, ptrdiff_t stride, const int16_t dct[16]) {
  int t[16];
  for (int y = 0; y < 4; y++) {
    const int16_t* r = dct + y * 4;
    const int e = r[0] + r[2], f = r[0] - r[2], g = (r[1] >> 1) - r[3], h = r[1] + (r[3] >> 1);
    t[y * 4 + 0] = e + h, t[y * 4 + 1] = f + g, t[y * 4 + 2] = f - g, t[y * 4 + 3] = e - h;
  }
  for (int x = 0; x < 4; x++) {
    const int e = t[x] + t[8 + x], f = t[x] - t[8 + x], g = (t[4 + x] >> 1) - t[12 + x], h = t[4 + x] + (t[12 + x] >> 1);
    const int out[4] = {e + h, f + g, f - g, e - h};
    for (int y = 0; y < 4; y++) dst[y * stride + x] = clip_pixel(dst[y * stride + x] + ((out[y] + 32) >> 6));
  }
}

void add8x8_idct_c(uint8_t* dst, ptrdiff_t stride, const int16_t dct[4][16]) {
  for (int i = 0; i < 4; i++) add4x4_idct_c(dst + (i >> 1) * 4 * stride + (i & 1) * 4, stride, dct[i]);
}

void add16x16_idct_c(uint8_t* dst, ptrdiff_t stride, const int16_t dct[16][16]) {
  for (int i = 0; i < 16; i++) add4x4_idct_c(dst + (i >> 2) * 4 * stride + (i & 3) * 4, stride, dct[i]);
}

// One 8-point pass of the forward 8x8 transform: x264's integer transform
// on the basis of 8.5.13.2, whose per-frequency norms the quantiser absorbs.
template <typename In, typename Out>
void fdct8_1d(In in, Out out) {
  const int s07 = in(0) + in(7), s16 = in(1) + in(6), s25 = in(2) + in(5), s34 = in(3) + in(4);
  const int d07 = in(0) - in(7), d16 = in(1) - in(6), d25 = in(2) - in(5), d34 = in(3) - in(4);
  const int a0 = s07 + s34, a1 = s16 + s25, a2 = s07 - s34, a3 = s16 - s25;
  const int a4 = d16 + d25 + (d07 + (d07 >> 1)), a5 = d07 - d34 - (d25 + (d25 >> 1));
  const int a6 = d07 + d34 - (d16 + (d16 >> 1)), a7 = d16 - d25 + (d34 + (d34 >> 1));
  out(0, a0 + a1), out(1, a4 + (a7 >> 2)), out(2, a2 + (a3 >> 1)), out(3, a5 + (a6 >> 2));
  out(4, a0 - a1), out(5, a6 - (a5 >> 2)), out(6, (a2 >> 1) - a3), out(7, (a4 >> 2) - a7);
}

// One 8-point pass of 8.5.13.2, with the standard's names; `watch` sees
// every intermediate value (for idct8_in_range).
template <typename In, typename Out, typename Watch>
void idct8_1d(In d, Out out, Watch watch) {
  const int a0 = d(0) + d(4), a4 = d(0) - d(4), a2 = (d(2) >> 1) - d(6), a6 = d(2) + (d(6) >> 1);
  const int b0 = a0 + a6, b2 = a4 + a2, b4 = a4 - a2, b6 = a0 - a6;
  const int a1 = -d(3) + d(5) - d(7) - (d(7) >> 1), a3 = d(1) + d(7) - d(3) - (d(3) >> 1);
  const int a5 = -d(1) + d(7) + d(5) + (d(5) >> 1), a7 = d(3) + d(5) + d(1) + (d(1) >> 1);
  const int b1 = a1 + (a7 >> 2), b7 = a7 - (a1 >> 2), b3 = a3 + (a5 >> 2), b5 = (a3 >> 2) - a5;
  for (int v : {a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7}) watch(v);
  out(0, b0 + b7), out(1, b2 + b5), out(2, b4 + b3), out(3, b6 + b1);
  out(4, b6 - b1), out(5, b4 - b3), out(6, b2 - b5), out(7, b0 - b7);
}

// Vertical pass first, as x264 (the shifts make the order matter).
void sub8x8_dct8_c(int16_t dct[64], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  int d[64], t[64];
  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 8; x++) d[y * 8 + x] = src[y * ss + x] - pred[y * ps + x];
  for (int x = 0; x < 8; x++)
    fdct8_1d([&](int i) { return d[i * 8 + x]; }, [&](int i, int v) { t[i * 8 + x] = v; });
  for (int y = 0; y < 8; y++)
    fdct8_1d([&](int i) { return t[y * 8 + i]; }, [&](int i, int v) { dct[y * 8 + i] = static_cast<int16_t>(v); });
}

void sub16x16_dct8_c(int16_t dct[4][64], const uint8_t* src, ptrdiff_t ss, const uint8_t* pred, ptrdiff_t ps) {
  for (int i = 0; i < 4; i++) {
    const int x = (i & 1) * 8, y = (i >> 1) * 8;
    sub8x8_dct8_c(dct[i], src + y * ss + x, ss, pred + y * ps + x, ps);
  }
}

// Rows (horizontal) first, then columns, as 8.5.13.2.
void add8x8_idct8_c(uint8_t* dst, ptrdiff_t stride, const int16_t dct[64]) {
  const auto ignore = [](int) {};
  int t[64];
  for (int y = 0; y < 8; y++)
    idct8_1d([&](int i) { return static_cast<int>(dct[y * 8 + i]); }, [&](int i, int v) { t[y * 8 + i] = v; }, ignore);
  for (int x = 0; x < 8; x++)
    idct8_1d([&](int i) { return t[i * 8 + x]; },
             [&](int i, int v) {
               uint8_t& p = dst[i * stride + x];
               p = clip_pixel(p + ((v + 32) >> 6));
             },
             ignore);
}

void add16x16_idct8_c(uint8_t* dst, ptrdiff_t stride, const int16_t dct[4][64]) {
  for (int i = 0; i < 4; i++) add8x8_idct8_c(dst + (i >> 1) * 8 * stride + (i & 1) * 8, stride, dct[i]);
}

void hadamard4x4(const int16_t in[16], int out[16]) {
  int t[16];
  for (int y = 0; y < 4; y++) {
    const int16_t* r = in + y * 4;
    const int s01 = r[0] + r[1], d01 = r[0] - r[1], s23 = r[2] + r[3], d23 = r[2] - r[3];
    t[y * 4 + 0] = s01 + s23, t[y * 4 + 1] = s01 - s23, t[y * 4 + 2] = d01 - d23, t[y * 4 + 3] = d01 + d23;
  }
  for (int x = 0; x < 4; x++) {
    const int s01 = t[x] + t[4 + x], d01 = t[x] - t[4 + x], s23 = t[8 + x] + t[12 + x], d23 = t[8 + x] - t[12 + x];
    out[x] = s01 + s23, out[4 + x] = s01 - s23, out[8 + x] = d01 - d23, out[12 + x] = d01 + d23;
  }
}

void dct4x4dc_c(int16_t dc[16]) {
  int out[16];
  hadamard4x4(dc, out);
  for (int i = 0; i < 16; i++) dc[i] = static_cast<int16_t>((out[i] + 1) >> 1);
}

void idct4x4dc_c(int16_t dc[16]) {
  int out[16];
  hadamard4x4(dc, out);
  for (int i = 0; i < 16; i++) dc[i] = static_cast<int16_t>(out[i]);
}

int quant_c(int16_t* dct, const uint16_t* mf, const uint16_t* bias, int n) {
  int nonzero = 0;
  for (int i = 0; i < n; i++) {
    const int c = dct[i];
    const int level = static_cast<int>((static_cast<uint32_t>(std::abs(c) + bias[i]) * mf[i]) >> 16);
    dct[i] = static_cast<int16_t>(c < 0 ? -level : level);
    nonzero |= level;
  }
  return nonzero != 0;
}

int quant_4x4_c(int16_t dct[16], const uint16_t mf[16], const uint16_t bias[16]) { return quant_c(dct, mf, bias, 16); }
int quant_8x8_c(int16_t dct[64], const uint16_t mf[64], const uint16_t bias[64]) { return quant_c(dct, mf, bias, 64); }

int quant_4x4x16_c(int16_t dct[16][16], const uint16_t mf[16], const uint16_t bias[16]) {
  int mask = 0;
  for (int b = 0; b < 16; b++) mask |= quant_4x4_c(dct[b], mf, bias) << b;
  return mask;
}

void dequant_4x4_c(int16_t dct[16], const int32_t scale[16]) {
  for (int i = 0; i < 16; i++) dct[i] = static_cast<int16_t>(dct[i] * scale[i]);
}

// scale = normAdjust8x8 << (qp / 6) (QuantTables::dequant8). 8.5.13.1 with
// LevelScale8x8 = 16 v is c v 2^(qp/6) / 4, rounded half up below QP 12 and
// exact from there: (c v 2^(qp/6) + 2) >> 2 is both.
void dequant_8x8_c(int16_t dct[64], const int32_t scale[64]) {
  for (int i = 0; i < 64; i++) dct[i] = static_cast<int16_t>((dct[i] * scale[i] + 2) >> 2);
}

// A block whose only levels are a few isolated +-1 costs more bits than it
// buys; the score says how much it is worth keeping (x264's decimate_score).
int decimate_score(const int16_t* raster, int first) {
  static const uint8_t kRunScore[16] = {3, 2, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  // Bit i of `nonzero`: zig-zag position i holds a level.
  uint32_t nonzero = 0;
  for (int i = first; i < 16; i++) {
    const int level = raster[kZigzag4x4[i]];
    if (level + 1u > 2u) return 9;  // |level| > 1
    nonzero |= static_cast<uint32_t>(level != 0) << i;
  }
  int score = 0;
  while (nonzero) {
    const int last = 31 - clz32(nonzero);
    nonzero &= ~(1u << last);
    const int below = nonzero ? 31 - clz32(nonzero) : first - 1;
    score += kRunScore[last - below - 1];
  }
  return score;
}

int decimate_score16_c(const int16_t dct[16]) { return decimate_score(dct, 0); }
int decimate_score15_c(const int16_t dct[16]) { return decimate_score(dct, 1); }

}  // namespace

bool idct8_in_range(const int16_t dct[64]) {
  bool in_range = true;
  const auto watch = [&](int v) { in_range = in_range && v >= -32768 && v <= 32767; };
  int t[64];
  for (int y = 0; y < 8; y++)
    idct8_1d([&](int i) { return static_cast<int>(dct[y * 8 + i]); },
             [&](int i, int v) { watch(v), t[y * 8 + i] = v; }, watch);
  for (int x = 0; x < 8; x++) idct8_1d([&](int i) { return t[i * 8 + x]; }, [&](int, int v) { watch(v); }, watch);
  return in_range;
}

void dct_dsp_init_c(DctDsp* dsp) {
  dsp->sub4x4_dct = sub4x4_dct_c;
  dsp->sub8x8_dct = sub8x8_dct_c;
  dsp->sub16x16_dct = sub16x16_dct_c;
  dsp->add4x4_idct = add4x4_idct_c;
  dsp->add8x8_idct = add8x8_idct_c;
  dsp->add16x16_idct = add16x16_idct_c;
  dsp->dct4x4dc = dct4x4dc_c;
  dsp->idct4x4dc = idct4x4dc_c;
  dsp->quant_4x4 = quant_4x4_c;
  dsp->quant_4x4x16 = quant_4x4x16_c;
  dsp->dequant_4x4 = dequant_4x4_c;
  dsp->decimate_score16 = decimate_score16_c;
  dsp->decimate_score15 = decimate_score15_c;
  dsp->sub8x8_dct8 = sub8x8_dct8_c;
  dsp->sub16x16_dct8 = sub16x16_dct8_c;
  dsp->add8x8_idct8 = add8x8_idct8_c;
  dsp->add16x16_idct8 = add16x16_idct8_c;
  dsp->quant_8x8 = quant_8x8_c;
  dsp->dequant_8x8 = dequant_8x8_c;
}

void dct_dsp_init(DctDsp* dsp, uint32_t flags) {
  dct_dsp_init_c(dsp);
#if EDGEAV_ARCH_X86
  if (flags & kCpuSSE2) dct_dsp_init_sse2(dsp);
  if (flags & kCpuAVX2) dct_dsp_init_avx2(dsp);
#elif EDGEAV_ARCH_ARM64
  if (flags & kCpuNEON) dct_dsp_init_neon(dsp);
#else
  (void)flags;
#endif
}

const DctDsp& dct_dsp() { return live_dsp_table<DctDsp, dct_dsp_init>(); }

const DspTableInfo& dct_dsp_info() {
  static const char* const names[] = {"sub4x4_dct", "sub8x8_dct", "sub16x16_dct", "add4x4_idct",
                                      "add8x8_idct", "add16x16_idct", "dct4x4dc",    "idct4x4dc",
                                      "quant_4x4",  "quant_4x4x16", "dequant_4x4", "decimate_score16",
                                      "decimate_score15", "sub8x8_dct8", "sub16x16_dct8", "add8x8_idct8",
                                      "add16x16_idct8", "quant_8x8", "dequant_8x8"};
  return dsp_table_info<DctDsp, dct_dsp_init>("h264_dct", names);
}

}  // namespace h264
}  // namespace edgeav
