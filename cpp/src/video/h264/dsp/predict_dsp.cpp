#include "video/h264/dsp/predict_dsp.h"

#include <algorithm>
#include <cstring>

namespace edgeav {
namespace h264 {

namespace {

uint8_t clip_pixel(int v) { return static_cast<uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v); }
uint8_t avg2(int a, int b) { return static_cast<uint8_t>((a + b + 1) >> 1); }
uint8_t avg3(int a, int b, int c) { return static_cast<uint8_t>((a + 2 * b + c + 2) >> 2); }

// avg3 of p[k], p[k + 1], p[k + 2] for k = 0..7, eight bytes per 64-bit word:
// the rounded average of the middle one and the floored average of the outer two.
uint64_t avg3_bytes8(const uint8_t* p) {
  uint64_t a, b, c;
  std::memcpy(&a, p, 8), std::memcpy(&b, p + 1, 8), std::memcpy(&c, p + 2, 8);
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;  // each byte's bits but the top, after a shift
  const uint64_t floor_ac = (a & c) + (((a ^ c) >> 1) & kLow7);
  return (b | floor_ac) - (((b ^ floor_ac) >> 1) & kLow7);
}
void store_bytes8(uint8_t* p, uint64_t v) { std::memcpy(p, &v, 8); }

template <int N>
void fill(uint8_t* dst, ptrdiff_t stride, int v) {
  for (int y = 0; y < N; y++)
    for (int x = 0; x < N; x++) dst[y * stride + x] = static_cast<uint8_t>(v);
}

template <int N>
void pred_v(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  for (int y = 0; y < N; y++)
    for (int x = 0; x < N; x++) dst[y * stride + x] = top[x];
}

template <int N>
void pred_h(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  for (int y = 0; y < N; y++)
    for (int x = 0; x < N; x++) dst[y * stride + x] = left[y];
}

template <int N>
int sum(const uint8_t* p) {
  int s = 0;
  for (int i = 0; i < N; i++) s += p[i];
  return s;
}

template <int N, int Log2>
void pred_dc(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  fill<N>(dst, stride, (sum<N>(top) + sum<N>(left) + N) >> (Log2 + 1));
}
template <int N, int Log2>
void pred_dc_left(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  fill<N>(dst, stride, (sum<N>(left) + N / 2) >> Log2);
}
template <int N, int Log2>
void pred_dc_top(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  fill<N>(dst, stride, (sum<N>(top) + N / 2) >> Log2);
}
template <int N>
void pred_dc_128(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t*) {
  fill<N>(dst, stride, 128);
}

// 4x4 directional modes (8.3.1.2.4 - 8.3.1.2.9). T(i) = p[i, -1] for i >= -1,
// L(j) = p[-1, j] for j >= -1 (both -1 being the top-left sample).
struct Edge4 {
  const uint8_t* top;
  const uint8_t* left;
  int T(int i) const { return top[i]; }
  int L(int j) const { return j < 0 ? top[-1] : left[j]; }
};

void pred4x4_ddl(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 4; x++)
      dst[y * stride + x] = x == 3 && y == 3 ? avg3(top[6], top[7], top[7]) : avg3(top[x + y], top[x + y + 1], top[x + y + 2]);
}

void pred4x4_ddr(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  const Edge4 e{top, left};
  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 4; x++) {
      uint8_t v;
      if (x > y)
        v = avg3(e.T(x - y - 2), e.T(x - y - 1), e.T(x - y));
      else if (x < y)
        v = avg3(e.L(y - x - 2), e.L(y - x - 1), e.L(y - x));
      else
        v = avg3(e.T(0), e.T(-1), e.L(0));
      dst[y * stride + x] = v;
    }
}

void pred4x4_vr(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  const Edge4 e{top, left};
  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 4; x++) {
      const int z = 2 * x - y, i = x - (y >> 1);
      uint8_t v;
      if (z >= 0 && !(z & 1))
        v = avg2(e.T(i - 1), e.T(i));
      else if (z >= 0)
        v = avg3(e.T(i - 2), e.T(i - 1), e.T(i));
      else if (z == -1)
        v = avg3(e.L(0), e.L(-1), e.T(0));
      else
        v = avg3(e.L(y - 1), e.L(y - 2), e.L(y - 3));
      dst[y * stride + x] = v;
    }
}

void pred4x4_hd(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  const Edge4 e{top, left};
  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 4; x++) {
      const int z = 2 * y - x, j = y - (x >> 1);
      uint8_t v;
      if (z >= 0 && !(z & 1))
        v = avg2(e.L(j - 1), e.L(j));
      else if (z >= 0)
        v = avg3(e.L(j - 2), e.L(j - 1), e.L(j));
      else if (z == -1)
        v = avg3(e.L(0), e.L(-1), e.T(0));
      else
        v = avg3(e.T(x - 1), e.T(x - 2), e.T(x - 3));
      dst[y * stride + x] = v;
    }
}

void pred4x4_vl(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 4; x++) {
      const int i = x + (y >> 1);
      dst[y * stride + x] = (y & 1) ? avg3(top[i], top[i + 1], top[i + 2]) : avg2(top[i], top[i + 1]);
    }
}

void pred4x4_hu(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 4; x++) {
      const int z = x + 2 * y, j = y + (x >> 1);
      uint8_t v;
      if (z > 5)
        v = left[3];
      else if (z == 5)
        v = avg3(left[2], left[3], left[3]);
      else if (z & 1)
        v = avg3(left[j], left[j + 1], left[j + 2]);
      else
        v = avg2(left[j], left[j + 1]);
      dst[y * stride + x] = v;
    }
}

// Plane prediction (8.3.3.4 and 8.3.4.4) of an N x N block.
template <int N>
void pred_plane(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  constexpr int half = N / 2;
  int h = 0, v = 0;
  for (int i = 0; i < half; i++) {
    h += (i + 1) * (top[half + i] - top[half - 2 - i]);
    v += (i + 1) * (left[half + i] - (half - 2 - i < 0 ? top[-1] : left[half - 2 - i]));
  }
  const int k = N == 16 ? 5 : 34;
  const int a = 16 * (left[N - 1] + top[N - 1]);
  const int b = (k * h + 32) >> 6, c = (k * v + 32) >> 6;
  for (int y = 0; y < N; y++)
    for (int x = 0; x < N; x++) dst[y * stride + x] = clip_pixel((a + b * (x - (half - 1)) + c * (y - (half - 1)) + 16) >> 5);
}

// Chroma DC (8.3.4.1-3): each 4x4 quarter has its own rule for which
// neighbours it averages.
void chroma_dc_quarters(uint8_t* dst, ptrdiff_t stride, const int dc[4]) {
  for (int q = 0; q < 4; q++) {
    uint8_t* d = dst + (q >> 1) * 4 * stride + (q & 1) * 4;
    for (int y = 0; y < 4; y++)
      for (int x = 0; x < 4; x++) d[y * stride + x] = static_cast<uint8_t>(dc[q]);
  }
}

void pred_chroma_dc(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t* left) {
  const int t0 = sum<4>(top), t1 = sum<4>(top + 4), l0 = sum<4>(left), l1 = sum<4>(left + 4);
  const int dc[4] = {(t0 + l0 + 4) >> 3, (t1 + 2) >> 2, (l1 + 2) >> 2, (t1 + l1 + 4) >> 3};
  chroma_dc_quarters(dst, stride, dc);
}
void pred_chroma_dc_left(uint8_t* dst, ptrdiff_t stride, const uint8_t*, const uint8_t* left) {
  const int l0 = (sum<4>(left) + 2) >> 2, l1 = (sum<4>(left + 4) + 2) >> 2;
  const int dc[4] = {l0, l0, l1, l1};
  chroma_dc_quarters(dst, stride, dc);
}
void pred_chroma_dc_top(uint8_t* dst, ptrdiff_t stride, const uint8_t* top, const uint8_t*) {
  const int t0 = (sum<4>(top) + 2) >> 2, t1 = (sum<4>(top + 4) + 2) >> 2;
  const int dc[4] = {t0, t1, t0, t1};
  chroma_dc_quarters(dst, stride, dc);
}

// 8x8 luma modes (8.3.2.2.2 - 8.3.2.2.10) on the edge line of intra8x8_edge:
// every sample's neighbours along the block's edge are the adjacent entries,
// so a 3-tap average is centred on one index (a3) whichever side it lies on.
constexpr int kCorner = 8, kTop = 9;
int a3(const uint8_t* e, int k) { return avg3(e[k - 1], e[k], e[k + 1]); }

void pred8x8_v(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) { pred_v<8>(dst, stride, edge + kTop, nullptr); }

void pred8x8_h(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 8; x++) dst[y * stride + x] = edge[7 - y];
}

void pred8x8_dc(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  fill<8>(dst, stride, (sum<8>(edge) + sum<8>(edge + kTop) + 8) >> 4);
}
void pred8x8_dc_left(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  fill<8>(dst, stride, (sum<8>(edge) + 4) >> 3);
}
void pred8x8_dc_top(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  fill<8>(dst, stride, (sum<8>(edge + kTop) + 4) >> 3);
}
void pred8x8_dc_128(uint8_t* dst, ptrdiff_t stride, const uint8_t*) { fill<8>(dst, stride, 128); }

void pred8x8_ddl(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 8; x++) {
      const int k = kTop + 1 + x + y;  // p'[15, -1] stands in for its missing right neighbour
      dst[y * stride + x] = avg3(edge[k - 1], edge[k], edge[std::min(k + 1, kIntra8x8EdgeSize - 1)]);
    }
}

void pred8x8_ddr(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 8; x++) dst[y * stride + x] = static_cast<uint8_t>(a3(edge, kCorner + x - y));
}

void pred8x8_vr(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 8; x++) {
      const int z = 2 * x - y, k = kCorner + x - (y >> 1);
      int v;
      if (z < 0)
        v = a3(edge, kTop + z);
      else if (z & 1)
        v = a3(edge, k);
      else
        v = avg2(edge[k], edge[k + 1]);
      dst[y * stride + x] = static_cast<uint8_t>(v);
    }
}

void pred8x8_hd(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 8; x++) {
      const int z = 2 * y - x, k = kCorner - y + (x >> 1);
      int v;
      if (z < 0)
        v = a3(edge, kCorner - 1 - z);
      else if (z & 1)
        v = a3(edge, k);
      else
        v = avg2(edge[k - 1], edge[k]);
      dst[y * stride + x] = static_cast<uint8_t>(v);
    }
}

void pred8x8_vl(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 8; x++) {
      const int k = kTop + x + (y >> 1);
      dst[y * stride + x] = (y & 1) ? static_cast<uint8_t>(a3(edge, k + 1)) : avg2(edge[k], edge[k + 1]);
    }
}

void pred8x8_hu(uint8_t* dst, ptrdiff_t stride, const uint8_t* edge) {
  // Past the bottom of the column p'[-1, 7] repeats, which gives the
  // standard's 3:1 average at zHU = 13 and p'[-1, 7] itself beyond.
  const auto L = [edge](int y) { return edge[7 - std::min(y, 7)]; };
  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 8; x++) {
      const int j = y + (x >> 1);
      dst[y * stride + x] = (x & 1) ? avg3(L(j), L(j + 1), L(j + 2)) : avg2(L(j), L(j + 1));
    }
}

void pred4x4_x9(uint8_t pred[9][16], const uint8_t* top, const uint8_t* left) {
  static constexpr IntraPredict kModes[9] = {pred_v<4>,   pred_h<4>,   pred_dc<4, 2>, pred4x4_ddl, pred4x4_ddr,
                                             pred4x4_vr, pred4x4_hd, pred4x4_vl,    pred4x4_hu};
  for (int mode = 0; mode < 9; mode++) kModes[mode](pred[mode], 4, top, left);
}

void pred8x8_x9(uint8_t pred[9][64], const uint8_t* edge) {
  static constexpr IntraPredict8x8 kModes[9] = {pred8x8_v,   pred8x8_h,  pred8x8_dc, pred8x8_ddl, pred8x8_ddr,
                                                pred8x8_vr, pred8x8_hd, pred8x8_vl, pred8x8_hu};
  for (int mode = 0; mode < 9; mode++) kModes[mode](pred[mode], 8, edge);
}

}  // namespace

void intra8x8_edge(uint8_t edge[kIntra8x8EdgeSize], const uint8_t* top, const uint8_t* left, ptrdiff_t left_stride,
                   bool has_left, bool has_top, bool has_top_left, bool has_top_right) {
  // Every rule of 8.3.2.2.1 is a 3-tap average along the edge line in which
  // a missing neighbour is replaced by the sample itself: (3a + b + 2) >> 2
  // at the ends, the sample unchanged where it has none. Each side is copied
  // into a line with those neighbours at both ends, in the order of edge[],
  // and filtered 8 samples at a time.
  const int corner = has_top_left ? top[-1] : 0;
  if (has_top) {
    uint8_t t[18];  // the top-left sample (or top[0]), top[0..15], top[15]
    t[0] = static_cast<uint8_t>(has_top_left ? corner : top[0]);
    std::memcpy(t + 1, top, 8);
    if (has_top_right)
      std::memcpy(t + 9, top + 8, 8);
    else
      std::memset(t + 9, top[7], 8);
    t[17] = t[16];
    for (int x = 0; x < 16; x += 8) store_bytes8(edge + kTop + x, avg3_bytes8(t + x));
  }
  if (has_left) {
    uint8_t l[10];  // left[7], left[7..0], the top-left sample (or left[0])
    l[0] = left[7 * left_stride];
    for (int y = 0; y < 8; y++) l[8 - y] = left[y * left_stride];
    l[9] = static_cast<uint8_t>(has_top_left ? corner : left[0]);
    store_bytes8(edge, avg3_bytes8(l));
  }
  if (has_top_left) edge[kCorner] = avg3(has_top ? top[0] : corner, corner, has_left ? left[0] : corner);
}

void predict_dsp_init_c(PredictDsp* dsp) {
  dsp->pred4x4[kPred4x4V] = pred_v<4>;
  dsp->pred4x4[kPred4x4H] = pred_h<4>;
  dsp->pred4x4[kPred4x4Dc] = pred_dc<4, 2>;
  dsp->pred4x4[kPred4x4Ddl] = pred4x4_ddl;
  dsp->pred4x4[kPred4x4Ddr] = pred4x4_ddr;
  dsp->pred4x4[kPred4x4Vr] = pred4x4_vr;
  dsp->pred4x4[kPred4x4Hd] = pred4x4_hd;
  dsp->pred4x4[kPred4x4Vl] = pred4x4_vl;
  dsp->pred4x4[kPred4x4Hu] = pred4x4_hu;
  dsp->pred4x4[kPred4x4DcLeft] = pred_dc_left<4, 2>;
  dsp->pred4x4[kPred4x4DcTop] = pred_dc_top<4, 2>;
  dsp->pred4x4[kPred4x4Dc128] = pred_dc_128<4>;
  dsp->pred16x16[kPred16V] = pred_v<16>;
  dsp->pred16x16[kPred16H] = pred_h<16>;
  dsp->pred16x16[kPred16Dc] = pred_dc<16, 4>;
  dsp->pred16x16[kPred16Plane] = pred_plane<16>;
  dsp->pred16x16[kPred16DcLeft] = pred_dc_left<16, 4>;
  dsp->pred16x16[kPred16DcTop] = pred_dc_top<16, 4>;
  dsp->pred16x16[kPred16Dc128] = pred_dc_128<16>;
  dsp->pred_chroma[kPredChromaDc] = pred_chroma_dc;
  dsp->pred_chroma[kPredChromaH] = pred_h<8>;
  dsp->pred_chroma[kPredChromaV] = pred_v<8>;
  dsp->pred_chroma[kPredChromaPlane] = pred_plane<8>;
  dsp->pred_chroma[kPredChromaDcLeft] = pred_chroma_dc_left;
  dsp->pred_chroma[kPredChromaDcTop] = pred_chroma_dc_top;
  dsp->pred_chroma[kPredChromaDc128] = pred_dc_128<8>;
  dsp->pred8x8[kPred8x8V] = pred8x8_v;
  dsp->pred8x8[kPred8x8H] = pred8x8_h;
  dsp->pred8x8[kPred8x8Dc] = pred8x8_dc;
  dsp->pred8x8[kPred8x8Ddl] = pred8x8_ddl;
  dsp->pred8x8[kPred8x8Ddr] = pred8x8_ddr;
  dsp->pred8x8[kPred8x8Vr] = pred8x8_vr;
  dsp->pred8x8[kPred8x8Hd] = pred8x8_hd;
  dsp->pred8x8[kPred8x8Vl] = pred8x8_vl;
  dsp->pred8x8[kPred8x8Hu] = pred8x8_hu;
  dsp->pred8x8[kPred8x8DcLeft] = pred8x8_dc_left;
  dsp->pred8x8[kPred8x8DcTop] = pred8x8_dc_top;
  dsp->pred8x8[kPred8x8Dc128] = pred8x8_dc_128;
  dsp->pred4x4_x9 = pred4x4_x9;
  dsp->pred8x8_x9 = pred8x8_x9;
}

void predict_dsp_init(PredictDsp* dsp, uint32_t flags) {
  predict_dsp_init_c(dsp);
#if EDGEAV_ARCH_X86
  if (flags & kCpuSSE2) predict_dsp_init_sse2(dsp);
  if (flags & kCpuAVX2) predict_dsp_init_avx2(dsp);
#elif EDGEAV_ARCH_ARM64
  if (flags & kCpuNEON) predict_dsp_init_neon(dsp);
#else
  (void)flags;
#endif
}

const PredictDsp& predict_dsp() { return live_dsp_table<PredictDsp, predict_dsp_init>(); }

const DspTableInfo& predict_dsp_info() {
  static const char* const names[] = {
      "pred4x4_v",       "pred4x4_h",      "pred4x4_dc",      "pred4x4_ddl",       "pred4x4_ddr",
      "pred4x4_vr",      "pred4x4_hd",     "pred4x4_vl",      "pred4x4_hu",        "pred4x4_dc_left",
      "pred4x4_dc_top",  "pred4x4_dc_128", "pred16x16_v",     "pred16x16_h",       "pred16x16_dc",
      "pred16x16_plane", "pred16x16_dc_left", "pred16x16_dc_top", "pred16x16_dc_128", "pred_chroma_dc",
      "pred_chroma_h",   "pred_chroma_v",  "pred_chroma_plane", "pred_chroma_dc_left", "pred_chroma_dc_top",
      "pred_chroma_dc_128", "pred8x8_v",     "pred8x8_h",         "pred8x8_dc",       "pred8x8_ddl",
      "pred8x8_ddr",        "pred8x8_vr",    "pred8x8_hd",        "pred8x8_vl",       "pred8x8_hu",
      "pred8x8_dc_left",    "pred8x8_dc_top", "pred8x8_dc_128",    "pred4x4_x9",       "pred8x8_x9"};
  return dsp_table_info<PredictDsp, predict_dsp_init>("h264_predict", names);
}

}  // namespace h264
}  // namespace edgeav
