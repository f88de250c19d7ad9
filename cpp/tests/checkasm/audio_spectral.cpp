// checkasm for spectral_dsp: every kernel at every test width, out of place
// and in place where the kernel allows it, within the tolerances stated in
// spectral_dsp.h.
#include <cstdio>
#include <string>

#include "audio/spectral_dsp.h"
#include "checkasm/audio_float.h"

namespace checkasm {

namespace {

using edgeav::audio::SpectralDsp;

enum Entry { kPower, kApplyGain, kMultiply, kMultiplyAdd, kSumSquares, kSmooth, kGainRamp };

constexpr double kElementTolerance = 1.0 / (1 << 21);
constexpr double kSumTolerance = 1.0 / (1 << 16);

// Runs `call(table, out)` for C and SIMD on outputs prefilled alike and compares.
// `scale`: the largest magnitude the outputs are sums of (0: the largest output).
template <typename Call>
void compare(Context& ctx, size_t index, size_t out_size, const std::string& what, const FloatBuffer* initial,
             Call call, double scale = 0) {
  FloatBuffer want(ctx.rng(), out_size), got(ctx.rng(), out_size);
  if (initial) want.copy_from(*initial);
  else want.randomize(ctx.rng(), 1.0f);
  got.copy_from(want);
  call(c_of<SpectralDsp>(ctx), want.data());
  call(new_of<SpectralDsp>(ctx), got.data());
  const std::string diff = compare_floats(want.data(), got.data(), out_size, kElementTolerance, scale);
  if (!diff.empty()) ctx.fail(index, what + ": " + diff);
  if (!got.guard_intact()) ctx.fail(index, what + ": wrote before its output");
}

std::string width(int n) { return "n " + std::to_string(n); }

// Signal levels from near silence to full scale (and beyond, for gains).
constexpr float kAmplitudes[] = {1e-6f, 1.0f, 40.0f};

void check_power(Context& ctx) {
  if (!ctx.check(kPower)) return;
  for (float amp : kAmplitudes)
    for (int n : test_widths()) {
      FloatBuffer bins(ctx.rng(), 2 * n);
      bins.randomize(ctx.rng(), amp);
      compare(ctx, kPower, n, width(n), nullptr, [&](const SpectralDsp& d, float* out) { d.power(bins.data(), out, n); });
    }
  std::printf("ok");
  FloatBuffer bins(ctx.rng(), 2 * 513), out(ctx.rng(), 513);
  bins.randomize(ctx.rng(), 1.0f);
  ctx.bench(kPower, "513 bins", [&] { c_of<SpectralDsp>(ctx).power(bins.data(), out.data(), 513); },
            [&] { new_of<SpectralDsp>(ctx).power(bins.data(), out.data(), 513); });
  std::printf("\n");
}

void check_apply_gain(Context& ctx) {
  if (!ctx.check(kApplyGain)) return;
  for (int n : test_widths()) {
    FloatBuffer bins(ctx.rng(), 2 * n), gain(ctx.rng(), n);
    bins.randomize(ctx.rng(), 30.0f), gain.randomize(ctx.rng(), 1.0f);
    compare(ctx, kApplyGain, 2 * n, width(n), nullptr,
            [&](const SpectralDsp& d, float* out) { d.apply_gain(bins.data(), gain.data(), out, n); });
    compare(ctx, kApplyGain, 2 * n, width(n) + " in place", &bins,
            [&](const SpectralDsp& d, float* out) { d.apply_gain(out, gain.data(), out, n); });
  }
  std::printf("ok");
  FloatBuffer bins(ctx.rng(), 2 * 513), gain(ctx.rng(), 513);
  bins.randomize(ctx.rng(), 1.0f), gain.randomize(ctx.rng(), 1.0f);
  ctx.bench(kApplyGain, "513 bins", [&] { c_of<SpectralDsp>(ctx).apply_gain(bins.data(), gain.data(), bins.data(), 513); },
            [&] { new_of<SpectralDsp>(ctx).apply_gain(bins.data(), gain.data(), bins.data(), 513); });
  std::printf("\n");
}

void check_multiply(Context& ctx) {
  if (!ctx.check(kMultiply)) return;
  for (int n : test_widths()) {
    FloatBuffer a(ctx.rng(), n), b(ctx.rng(), n);
    a.randomize(ctx.rng(), 1.0f), b.randomize(ctx.rng(), 1.0f);
    compare(ctx, kMultiply, n, width(n), nullptr, [&](const SpectralDsp& d, float* out) { d.multiply(a.data(), b.data(), out, n); });
    compare(ctx, kMultiply, n, width(n) + " in place", &a,
            [&](const SpectralDsp& d, float* out) { d.multiply(out, b.data(), out, n); });
  }
  std::printf("ok");
  FloatBuffer a(ctx.rng(), 960), b(ctx.rng(), 960), out(ctx.rng(), 960);
  ctx.bench(kMultiply, "n960", [&] { c_of<SpectralDsp>(ctx).multiply(a.data(), b.data(), out.data(), 960); },
            [&] { new_of<SpectralDsp>(ctx).multiply(a.data(), b.data(), out.data(), 960); });
  std::printf("\n");
}

void check_multiply_add(Context& ctx) {
  if (!ctx.check(kMultiplyAdd)) return;
  for (int n : test_widths()) {
    FloatBuffer a(ctx.rng(), n), b(ctx.rng(), n), c(ctx.rng(), n);
    a.randomize(ctx.rng(), 1.0f), b.randomize(ctx.rng(), 1.0f), c.randomize(ctx.rng(), 1.0f);
    // a*b + c may cancel: the tolerance is relative to the terms (all within 1).
    compare(ctx, kMultiplyAdd, n, width(n), nullptr,
            [&](const SpectralDsp& d, float* out) { d.multiply_add(a.data(), b.data(), c.data(), out, n); }, 1.0);
    compare(ctx, kMultiplyAdd, n, width(n) + " in place", &c,
            [&](const SpectralDsp& d, float* out) { d.multiply_add(a.data(), b.data(), out, out, n); }, 1.0);
  }
  std::printf("ok");
  FloatBuffer a(ctx.rng(), 480), b(ctx.rng(), 480), c(ctx.rng(), 480);
  ctx.bench(kMultiplyAdd, "n480", [&] { c_of<SpectralDsp>(ctx).multiply_add(a.data(), b.data(), c.data(), c.data(), 480); },
            [&] { new_of<SpectralDsp>(ctx).multiply_add(a.data(), b.data(), c.data(), c.data(), 480); });
  std::printf("\n");
}

void check_sum_squares(Context& ctx) {
  if (!ctx.check(kSumSquares)) return;
  for (float amp : kAmplitudes)
    for (int n : test_widths()) {
      FloatBuffer x(ctx.rng(), n);
      x.randomize(ctx.rng(), amp);
      const float want = c_of<SpectralDsp>(ctx).sum_squares(x.data(), n);
      const float got = new_of<SpectralDsp>(ctx).sum_squares(x.data(), n);
      const std::string diff = compare_floats(&want, &got, 1, kSumTolerance);
      if (!diff.empty()) ctx.fail(kSumSquares, width(n) + ": " + diff);
    }
  std::printf("ok");
  FloatBuffer x(ctx.rng(), 960);
  x.randomize(ctx.rng(), 1.0f);
  volatile float sink = 0;
  ctx.bench(kSumSquares, "n960", [&] { sink = c_of<SpectralDsp>(ctx).sum_squares(x.data(), 960); },
            [&] { sink = new_of<SpectralDsp>(ctx).sum_squares(x.data(), 960); });
  (void)sink;
  std::printf("\n");
}

void check_smooth(Context& ctx) {
  if (!ctx.check(kSmooth)) return;
  for (float alpha : {0.0f, 0.5f, 0.98f, 1.0f})
    for (int n : test_widths()) {
      FloatBuffer x(ctx.rng(), n);
      x.randomize(ctx.rng(), 1.0f);
      compare(ctx, kSmooth, n, width(n) + " alpha " + std::to_string(alpha), nullptr,
              [&](const SpectralDsp& d, float* avg) { d.smooth(avg, x.data(), alpha, n); });
    }
  std::printf("ok");
  FloatBuffer x(ctx.rng(), 513), avg(ctx.rng(), 513);
  x.randomize(ctx.rng(), 1.0f), avg.randomize(ctx.rng(), 1.0f);
  ctx.bench(kSmooth, "513 bins", [&] { c_of<SpectralDsp>(ctx).smooth(avg.data(), x.data(), 0.9f, 513); },
            [&] { new_of<SpectralDsp>(ctx).smooth(avg.data(), x.data(), 0.9f, 513); });
  std::printf("\n");
}

void check_gain_ramp(Context& ctx) {
  if (!ctx.check(kGainRamp)) return;
  for (int n : test_widths()) {
    FloatBuffer x(ctx.rng(), n);
    x.randomize(ctx.rng(), 1.0f);
    const float gain = 4.0f * static_cast<float>(ctx.rng().next() % 1000) / 1000.0f;
    const float step = (static_cast<float>(ctx.rng().next() % 2001) - 1000.0f) * 1e-5f;
    compare(ctx, kGainRamp, n, width(n), nullptr,
            [&](const SpectralDsp& d, float* out) { d.gain_ramp(x.data(), out, gain, step, n); });
    compare(ctx, kGainRamp, n, width(n) + " in place", &x,
            [&](const SpectralDsp& d, float* out) { d.gain_ramp(out, out, gain, step, n); });
  }
  std::printf("ok");
  FloatBuffer x(ctx.rng(), 480);
  x.randomize(ctx.rng(), 1.0f);
  ctx.bench(kGainRamp, "n480", [&] { c_of<SpectralDsp>(ctx).gain_ramp(x.data(), x.data(), 1.0f, 0.0f, 480); },
            [&] { new_of<SpectralDsp>(ctx).gain_ramp(x.data(), x.data(), 1.0f, 0.0f, 480); });
  std::printf("\n");
}

}  // namespace

void test_audio_spectral(Context& ctx) {
  check_power(ctx);
  check_apply_gain(ctx);
  check_multiply(ctx);
  check_multiply_add(ctx);
  check_sum_squares(ctx);
  check_smooth(ctx);
  check_gain_ramp(ctx);
}

}  // namespace checkasm
