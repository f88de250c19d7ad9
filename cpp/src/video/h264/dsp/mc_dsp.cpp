#include "video/h264/dsp/mc_dsp.h"

namespace edgeav {
namespace h264 {

namespace {

uint8_t clip_pixel(int v) { return static_cast<uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v); }

int tap6(int a, int b, int c, int d, int e, int f) { return a - 5 * b + 20 * c + 20 * d - 5 * e + f; }

void hpel_filter_c(uint8_t* h, uint8_t* v, uint8_t* c, const uint8_t* src, ptrdiff_t stride, int width, int height,
                   int16_t* scratch) {
  for (int y = 0; y < height; y++) {
    const uint8_t* s = src + y * stride;
    // Vertical intermediate values from x - 2 to x + 3 feed the centre sample j.
    for (int x = -2; x < width + 3; x++) {
      const int t = tap6(s[x - 2 * stride], s[x - stride], s[x], s[x + stride], s[x + 2 * stride], s[x + 3 * stride]);
      scratch[x + 2] = static_cast<int16_t>(t);
      if (x >= 0 && x < width) v[y * stride + x] = clip_pixel((t + 16) >> 5);
    }
    for (int x = 0; x < width; x++) {
      h[y * stride + x] = clip_pixel((tap6(s[x - 2], s[x - 1], s[x], s[x + 1], s[x + 2], s[x + 3]) + 16) >> 5);
      const int16_t* m = scratch + x + 2;
      c[y * stride + x] = clip_pixel((tap6(m[-2], m[-1], m[0], m[1], m[2], m[3]) + 512) >> 10);
    }
  }
}

void pixel_avg_c(uint8_t* dst, ptrdiff_t ds, const uint8_t* a, ptrdiff_t as, const uint8_t* b, ptrdiff_t bs, int w,
                 int h) {
  for (int y = 0; y < h; y++, dst += ds, a += as, b += bs)
    for (int x = 0; x < w; x++) dst[x] = static_cast<uint8_t>((a[x] + b[x] + 1) >> 1);
}

void mc_chroma_c(uint8_t* dst, ptrdiff_t ds, const uint8_t* src, ptrdiff_t ss, int dx, int dy, int w, int h) {
  const int wa = (8 - dx) * (8 - dy), wb = dx * (8 - dy), wc = (8 - dx) * dy, wd = dx * dy;
  for (int y = 0; y < h; y++, dst += ds, src += ss)
    for (int x = 0; x < w; x++)
      dst[x] = static_cast<uint8_t>((wa * src[x] + wb * src[x + 1] + wc * src[x + ss] + wd * src[x + ss + 1] + 32) >> 6);
}

void copy_c(uint8_t* dst, ptrdiff_t ds, const uint8_t* src, ptrdiff_t ss, int w, int h) {
  for (int y = 0; y < h; y++, dst += ds, src += ss)
    for (int x = 0; x < w; x++) dst[x] = src[x];
}

}  // namespace

void mc_dsp_init_c(McDsp* dsp) {
  dsp->hpel_filter = hpel_filter_c;
  dsp->pixel_avg = pixel_avg_c;
  dsp->mc_chroma = mc_chroma_c;
  dsp->copy = copy_c;
}

void mc_dsp_init(McDsp* dsp, uint32_t flags) {
  mc_dsp_init_c(dsp);
#if EDGEAV_ARCH_X86
  if (flags & kCpuSSE2) mc_dsp_init_sse2(dsp);
  if (flags & kCpuAVX2) mc_dsp_init_avx2(dsp);
#elif EDGEAV_ARCH_ARM64
  if (flags & kCpuNEON) mc_dsp_init_neon(dsp);
#else
  (void)flags;
#endif
}

const McDsp& mc_dsp() { return live_dsp_table<McDsp, mc_dsp_init>(); }

const DspTableInfo& mc_dsp_info() {
  static const char* const names[] = {"hpel_filter", "pixel_avg", "mc_chroma", "copy"};
  return dsp_table_info<McDsp, mc_dsp_init>("h264_mc", names);
}

}  // namespace h264
}  // namespace edgeav
