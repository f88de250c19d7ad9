// checkasm for the echo canceller's aec_dsp: the partition multiply-accumulate,
// the NLMS update and the power spectra, at every test width, within the
// tolerance stated in aec_dsp.h (2^-20 of the largest term the result sums).
#include <cstdio>
#include <string>

#include "audio/aec/aec_dsp.h"
#include "checkasm/audio_float.h"

namespace checkasm {

namespace {

using edgeav::audio::AecDsp;

enum Entry { kComplexMac, kConjMac, kPower, kPowerAcc };

constexpr double kTolerance = 1.0 / (1 << 20);

// Spectra from near silence to the magnitudes an unnormalised FFT of
// full-scale blocks reaches, and filter coefficients from tiny to large.
struct Levels {
  float x, h;
};
constexpr Levels kLevels[] = {{1e-4f, 1e-3f}, {1.0f, 1.0f}, {300.0f, 0.05f}};

// Runs `call(table, out_re, out_im)` for C and SIMD on outputs prefilled
// alike (the kernels accumulate) and compares both halves.
template <typename Call>
void compare(Context& ctx, size_t index, int n, const std::string& what, double scale, Call call) {
  FloatBuffer want_re(ctx.rng(), n), want_im(ctx.rng(), n);
  want_re.randomize(ctx.rng(), 1.0f), want_im.randomize(ctx.rng(), 1.0f);
  FloatBuffer got_re(ctx.rng(), n), got_im(ctx.rng(), n);
  got_re.copy_from(want_re), got_im.copy_from(want_im);
  const double s = scale + 1.0;  // the prefilled accumulators are at most 1
  call(c_of<AecDsp>(ctx), want_re.data(), want_im.data());
  call(new_of<AecDsp>(ctx), got_re.data(), got_im.data());
  std::string diff = compare_floats(want_re.data(), got_re.data(), n, kTolerance, s);
  if (diff.empty()) diff = compare_floats(want_im.data(), got_im.data(), n, kTolerance, s);
  if (!diff.empty()) ctx.fail(index, what + ": " + diff);
  if (!got_re.guard_intact() || !got_im.guard_intact()) ctx.fail(index, what + ": wrote before its output");
}

std::string describe(int n, const Levels& l) {
  return "n " + std::to_string(n) + ", |x| " + std::to_string(l.x) + ", |h| " + std::to_string(l.h);
}

// One multiply-accumulate kernel (complex_mac or conj_mac) on every width and level.
template <typename Kernel>
void check_mac(Context& ctx, Entry entry, Kernel kernel) {
  if (!ctx.check(entry)) return;
  for (const Levels& l : kLevels)
    for (int n : test_widths()) {
      FloatBuffer xr(ctx.rng(), n), xi(ctx.rng(), n), hr(ctx.rng(), n), hi(ctx.rng(), n);
      xr.randomize(ctx.rng(), l.x), xi.randomize(ctx.rng(), l.x);
      hr.randomize(ctx.rng(), l.h), hi.randomize(ctx.rng(), l.h);
      const double scale = 2.0 * l.x * l.h;  // |x_re h_re| + |x_im h_im| at most
      compare(ctx, entry, n, describe(n, l), scale, [&](const AecDsp& d, float* re, float* im) {
        kernel(d, xr.data(), xi.data(), hr.data(), hi.data(), re, im, n);
      });
    }
  std::printf("ok");
  // The 16 kHz filter: 65 bins per partition.
  FloatBuffer xr(ctx.rng(), 72), xi(ctx.rng(), 72), hr(ctx.rng(), 72), hi(ctx.rng(), 72), yr(ctx.rng(), 72),
      yi(ctx.rng(), 72);
  for (FloatBuffer* b : {&xr, &xi, &hr, &hi, &yr, &yi}) b->randomize(ctx.rng(), 1.0f);
  ctx.bench(entry, "65 bins", [&] { kernel(c_of<AecDsp>(ctx), xr.data(), xi.data(), hr.data(), hi.data(), yr.data(), yi.data(), 65); },
            [&] { kernel(new_of<AecDsp>(ctx), xr.data(), xi.data(), hr.data(), hi.data(), yr.data(), yi.data(), 65); });
  std::printf("\n");
}

void check_power(Context& ctx, Entry entry, bool accumulate) {
  if (!ctx.check(entry)) return;
  for (const Levels& l : kLevels)
    for (int n : test_widths()) {
      FloatBuffer re(ctx.rng(), n), im(ctx.rng(), n);
      re.randomize(ctx.rng(), l.x), im.randomize(ctx.rng(), l.x);
      FloatBuffer want(ctx.rng(), n), got(ctx.rng(), n);
      want.randomize(ctx.rng(), 1.0f);
      got.copy_from(want);
      const double scale = 2.0 * l.x * l.x + (accumulate ? 1.0 : 0.0);
      if (accumulate) {
        c_of<AecDsp>(ctx).power_acc(re.data(), im.data(), want.data(), n);
        new_of<AecDsp>(ctx).power_acc(re.data(), im.data(), got.data(), n);
      } else {
        c_of<AecDsp>(ctx).power(re.data(), im.data(), want.data(), n);
        new_of<AecDsp>(ctx).power(re.data(), im.data(), got.data(), n);
      }
      const std::string diff = compare_floats(want.data(), got.data(), n, kTolerance, scale);
      if (!diff.empty()) ctx.fail(entry, describe(n, l) + ": " + diff);
      if (!got.guard_intact()) ctx.fail(entry, describe(n, l) + ": wrote before its output");
    }
  std::printf("ok");
  FloatBuffer re(ctx.rng(), 72), im(ctx.rng(), 72), out(ctx.rng(), 72);
  re.randomize(ctx.rng(), 1.0f), im.randomize(ctx.rng(), 1.0f), out.randomize(ctx.rng(), 1.0f);
  if (accumulate)
    ctx.bench(entry, "65 bins", [&] { c_of<AecDsp>(ctx).power_acc(re.data(), im.data(), out.data(), 65); },
              [&] { new_of<AecDsp>(ctx).power_acc(re.data(), im.data(), out.data(), 65); });
  else
    ctx.bench(entry, "65 bins", [&] { c_of<AecDsp>(ctx).power(re.data(), im.data(), out.data(), 65); },
              [&] { new_of<AecDsp>(ctx).power(re.data(), im.data(), out.data(), 65); });
  std::printf("\n");
}

}  // namespace

void test_audio_aec(Context& ctx) {
  check_mac(ctx, kComplexMac, [](const AecDsp& d, const float* xr, const float* xi, const float* hr, const float* hi,
                                 float* yr, float* yi, int n) { d.complex_mac(xr, xi, hr, hi, yr, yi, n); });
  check_mac(ctx, kConjMac, [](const AecDsp& d, const float* xr, const float* xi, const float* gr, const float* gi,
                              float* hr, float* hi, int n) { d.conj_mac(xr, xi, gr, gi, hr, hi, n); });
  check_power(ctx, kPower, false);
  check_power(ctx, kPowerAcc, true);
}

}  // namespace checkasm
