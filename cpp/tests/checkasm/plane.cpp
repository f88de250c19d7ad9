// checkasm for plane_dsp: copy, NV12 chroma merge/split, 2:1 downscale.
#include <string>

#include "checkasm/checkasm.h"
#include "convert/plane_dsp.h"

namespace checkasm {

namespace {

using edgeav::PlaneDsp;

enum Entry { kCopy, kMergeUV, kSplitUV, kDownscale2 };

// Runs `call(inputs, output)` with the C and the SIMD kernel on the same
// random inputs of `in_sizes` bytes and compares the whole output buffers.
template <typename Call>
void compare(Context& ctx, size_t index, int w, std::vector<size_t> in_sizes, size_t out_size, Call call) {
  for (int m = 0; m < static_cast<int>(Fill::kCount); m++) {
    std::vector<Buffer> in;
    for (size_t n : in_sizes) {
      in.emplace_back(n, ctx.rng().range(0, 63));
      fill(ctx.rng(), in.back().data(), n, static_cast<Fill>(m));
    }
    Buffer a(out_size, ctx.rng().range(0, 31)), b = a;
    call(c_of<PlaneDsp>(ctx), in, a);
    call(new_of<PlaneDsp>(ctx), in, b);
    if (a.all() != b.all()) ctx.fail(index, "width " + std::to_string(w) + ", fill " + std::to_string(m));
  }
}

}  // namespace

void test_plane(Context& ctx) {
  if (ctx.check(kCopy)) {
    for (int w : test_widths())
      compare(ctx, kCopy, w, {size_t(w)}, w,
              [w](const PlaneDsp& d, std::vector<Buffer>& in, Buffer& out) { d.copy(in[0].data(), out.data(), w); });
    std::printf("ok");
    Buffer s(1920, 0), d(1920, 0);
    ctx.bench(kCopy, "w1920", [&] { c_of<PlaneDsp>(ctx).copy(s.data(), d.data(), 1920); },
              [&] { new_of<PlaneDsp>(ctx).copy(s.data(), d.data(), 1920); });
    std::printf("\n");
  }
  if (ctx.check(kMergeUV)) {
    for (int w : test_widths())
      compare(ctx, kMergeUV, w, {size_t(w), size_t(w)}, 2 * w, [w](const PlaneDsp& d, std::vector<Buffer>& in, Buffer& out) {
        d.merge_uv(in[0].data(), in[1].data(), out.data(), w);
      });
    std::printf("ok");
    Buffer u(960, 0), v(960, 0), uv(1920, 0);
    ctx.bench(kMergeUV, "w960", [&] { c_of<PlaneDsp>(ctx).merge_uv(u.data(), v.data(), uv.data(), 960); },
              [&] { new_of<PlaneDsp>(ctx).merge_uv(u.data(), v.data(), uv.data(), 960); });
    std::printf("\n");
  }
  if (ctx.check(kSplitUV)) {
    for (int w : test_widths())
      compare(ctx, kSplitUV, w, {size_t(2 * w)}, 2 * w + 16, [w](const PlaneDsp& d, std::vector<Buffer>& in, Buffer& out) {
        d.split_uv(in[0].data(), out.data(), out.data() + w + 16, w);
      });
    std::printf("ok");
    Buffer uv(1920, 0), u(960, 0), v(960, 0);
    ctx.bench(kSplitUV, "w960", [&] { c_of<PlaneDsp>(ctx).split_uv(uv.data(), u.data(), v.data(), 960); },
              [&] { new_of<PlaneDsp>(ctx).split_uv(uv.data(), u.data(), v.data(), 960); });
    std::printf("\n");
  }
  if (ctx.check(kDownscale2)) {
    for (int w : test_widths())
      compare(ctx, kDownscale2, w, {size_t(2 * w), size_t(2 * w)}, w,
              [w](const PlaneDsp& d, std::vector<Buffer>& in, Buffer& out) {
                d.downscale2(in[0].data(), in[1].data(), out.data(), w);
              });
    std::printf("ok");
    Buffer s0(1920, 0), s1(1920, 0), d(960, 0);
    ctx.bench(kDownscale2, "w960", [&] { c_of<PlaneDsp>(ctx).downscale2(s0.data(), s1.data(), d.data(), 960); },
              [&] { new_of<PlaneDsp>(ctx).downscale2(s0.data(), s1.data(), d.data(), 960); });
    std::printf("\n");
  }
}

}  // namespace checkasm
