// checkasm for convert_dsp: packed RGB <-> YUV row kernels.
#include <string>

#include "checkasm/checkasm.h"
#include "convert/convert_dsp.h"

namespace checkasm {

namespace {

using edgeav::ConvertDsp;

struct CoeffSet {
  const char* name;
  edgeav::RgbToYuvCoeffs to_yuv;
  edgeav::YuvToRgbCoeffs to_rgb;
};

std::vector<CoeffSet> coeff_sets() {
  std::vector<CoeffSet> sets;
  for (auto m : {edgeav::YuvMatrix::kBT601, edgeav::YuvMatrix::kBT709})
    for (bool full : {false, true})
      sets.push_back({m == edgeav::YuvMatrix::kBT601 ? (full ? "601f" : "601l") : (full ? "709f" : "709l"),
                      edgeav::rgb_to_yuv_coeffs(m, full), edgeav::yuv_to_rgb_coeffs(m, full)});
  return sets;
}

std::string describe(int width, int align, Fill mode, const char* coeffs) {
  return "width " + std::to_string(width) + ", align " + std::to_string(align) + ", fill " +
         std::to_string(static_cast<int>(mode)) + ", " + coeffs;
}

void test_to_y(Context& ctx, int layout) {
  const size_t index = layout;
  if (!ctx.check(index)) return;
  const int bpp = edgeav::packed_bytes_per_pixel(static_cast<edgeav::PackedLayout>(layout));
  const auto c_fn = c_of<ConvertDsp>(ctx).packed_to_y[layout], simd_fn = new_of<ConvertDsp>(ctx).packed_to_y[layout];
  for (const CoeffSet& k : coeff_sets())
    for (int w : test_widths())
      for (int m = 0; m < static_cast<int>(Fill::kCount); m++) {
        const int align = ctx.rng().range(0, 63);
        Buffer src(w * bpp, align), a(w, ctx.rng().range(0, 31)), b(w, 0);
        fill(ctx.rng(), src.data(), src.size(), static_cast<Fill>(m));
        b = a;
        c_fn(src.data(), a.data(), w, &k.to_yuv);
        simd_fn(src.data(), b.data(), w, &k.to_yuv);
        if (a.all() != b.all()) ctx.fail(index, describe(w, align, static_cast<Fill>(m), k.name));
      }
  std::printf("ok");
  const int w = 1920;
  const CoeffSet k = coeff_sets()[0];
  Buffer src(w * bpp, 0), dst(w, 0);
  fill(ctx.rng(), src.data(), src.size(), Fill::kRandom);
  ctx.bench(index, "w1920", [&] { c_fn(src.data(), dst.data(), w, &k.to_yuv); },
            [&] { simd_fn(src.data(), dst.data(), w, &k.to_yuv); });
  std::printf("\n");
}

void test_to_uv(Context& ctx, int layout) {
  const size_t index = edgeav::kPackedLayoutCount + layout;
  if (!ctx.check(index)) return;
  const int bpp = edgeav::packed_bytes_per_pixel(static_cast<edgeav::PackedLayout>(layout));
  const auto c_fn = c_of<ConvertDsp>(ctx).packed_to_uv[layout];
  const auto simd_fn = new_of<ConvertDsp>(ctx).packed_to_uv[layout];
  for (const CoeffSet& k : coeff_sets())
    for (int w : test_widths())
      for (int m = 0; m < static_cast<int>(Fill::kCount); m++) {
        // Two rows in one buffer, the stride longer than the row.
        const int row = 2 * w * bpp, stride = row + ctx.rng().range(0, 40), align = ctx.rng().range(0, 63);
        Buffer src(stride + row, align), a(2 * w + 16, ctx.rng().range(0, 31)), b(0, 0);
        fill(ctx.rng(), src.data(), src.size(), static_cast<Fill>(m));
        b = a;
        c_fn(src.data(), src.data() + stride, a.data(), a.data() + w + 16, w, &k.to_yuv);
        simd_fn(src.data(), src.data() + stride, b.data(), b.data() + w + 16, w, &k.to_yuv);
        if (a.all() != b.all()) ctx.fail(index, describe(w, align, static_cast<Fill>(m), k.name));
      }
  std::printf("ok");
  const int w = 960;
  const CoeffSet k = coeff_sets()[0];
  Buffer src(4 * w * bpp, 0), dst(2 * w, 0);
  fill(ctx.rng(), src.data(), src.size(), Fill::kRandom);
  const uint8_t* s1 = src.data() + 2 * w * bpp;
  ctx.bench(index, "w960", [&] { c_fn(src.data(), s1, dst.data(), dst.data() + w, w, &k.to_yuv); },
            [&] { simd_fn(src.data(), s1, dst.data(), dst.data() + w, w, &k.to_yuv); });
  std::printf("\n");
}

void test_to_packed(Context& ctx, int layout) {
  const size_t index = 2 * edgeav::kPackedLayoutCount + layout;
  if (!ctx.check(index)) return;
  const int bpp = edgeav::packed_bytes_per_pixel(static_cast<edgeav::PackedLayout>(layout));
  const auto c_fn = c_of<ConvertDsp>(ctx).yuv_to_packed[layout];
  const auto simd_fn = new_of<ConvertDsp>(ctx).yuv_to_packed[layout];
  for (const CoeffSet& k : coeff_sets())
    for (int w : test_widths())
      for (int m = 0; m < static_cast<int>(Fill::kCount); m++) {
        const int cw = (w + 1) / 2, align = ctx.rng().range(0, 63);
        Buffer y(w, align), u(cw, ctx.rng().range(0, 63)), v(cw, ctx.rng().range(0, 63));
        Buffer a(w * bpp, ctx.rng().range(0, 31)), b(0, 0);
        for (Buffer* p : {&y, &u, &v}) fill(ctx.rng(), p->data(), p->size(), static_cast<Fill>(m));
        b = a;
        c_fn(y.data(), u.data(), v.data(), a.data(), w, &k.to_rgb);
        simd_fn(y.data(), u.data(), v.data(), b.data(), w, &k.to_rgb);
        if (a.all() != b.all()) ctx.fail(index, describe(w, align, static_cast<Fill>(m), k.name));
      }
  std::printf("ok");
  const int w = 1920;
  const CoeffSet k = coeff_sets()[0];
  Buffer y(w, 0), u(w / 2, 0), v(w / 2, 0), dst(w * bpp, 0);
  for (Buffer* p : {&y, &u, &v}) fill(ctx.rng(), p->data(), p->size(), Fill::kRandom);
  ctx.bench(index, "w1920", [&] { c_fn(y.data(), u.data(), v.data(), dst.data(), w, &k.to_rgb); },
            [&] { simd_fn(y.data(), u.data(), v.data(), dst.data(), w, &k.to_rgb); });
  std::printf("\n");
}

}  // namespace

void test_convert(Context& ctx) {
  for (int l = 0; l < edgeav::kPackedLayoutCount; l++) test_to_y(ctx, l);
  for (int l = 0; l < edgeav::kPackedLayoutCount; l++) test_to_uv(ctx, l);
  for (int l = 0; l < edgeav::kPackedLayoutCount; l++) test_to_packed(ctx, l);
}

}  // namespace checkasm
