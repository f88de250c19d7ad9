// checkasm for fft_dsp: each pass on random data at every size RealFft uses
// (and every stride a pass accepts), then whole transforms through the
// table against a double-precision DFT.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "audio/fft/fft_dsp.h"
#include "audio/fft/real_fft.h"
#include "checkasm/audio_float.h"

namespace checkasm {

namespace {

using edgeav::audio::FftDsp;

enum Entry { kRadix4First, kRadix4, kRadix2Last, kRealSplit, kRealMerge, kInterleave };

// A pass's outputs agree within 2^-20 of their largest magnitude (a fused
// multiply-add rounds once where C rounds twice).
constexpr double kPassTolerance = 1.0 / (1 << 20);

// Runs `call(table, outputs)` for C and SIMD on copies of the same outputs
// (prefilled alike, so untouched floats must stay equal) and compares.
template <typename Call>
void compare(Context& ctx, size_t index, size_t out_size, const std::string& what, Call call) {
  FloatBuffer want(ctx.rng(), out_size), got(ctx.rng(), out_size);
  want.randomize(ctx.rng(), 1.0f);
  got.copy_from(want);
  call(c_of<FftDsp>(ctx), want.data());
  call(new_of<FftDsp>(ctx), got.data());
  const std::string diff = compare_floats(want.data(), got.data(), out_size, kPassTolerance);
  if (!diff.empty()) ctx.fail(index, what + ": " + diff);
  if (!got.guard_intact()) ctx.fail(index, what + ": wrote before its output");
}

std::vector<int> complex_sizes() { return {16, 32, 64, 128, 256, 512, 1024, 2048}; }

void check_radix4_first(Context& ctx) {
  if (!ctx.check(kRadix4First)) return;
  for (int m : complex_sizes()) {
    FloatBuffer in(ctx.rng(), 2 * m), tw(ctx.rng(), 6 * (m / 4));
    in.randomize(ctx.rng(), 1.0f), tw.randomize(ctx.rng(), 1.0f);
    compare(ctx, kRadix4First, 2 * m, "m " + std::to_string(m), [&](const FftDsp& d, float* y) {
      d.radix4_first(in.data(), y, y + m, tw.data(), m);
    });
  }
  std::printf("ok");
  FloatBuffer in(ctx.rng(), 512), tw(ctx.rng(), 384), y(ctx.rng(), 512);
  in.randomize(ctx.rng(), 1.0f), tw.randomize(ctx.rng(), 1.0f);
  ctx.bench(kRadix4First, "m256", [&] { c_of<FftDsp>(ctx).radix4_first(in.data(), y.data(), y.data() + 256, tw.data(), 256); },
            [&] { new_of<FftDsp>(ctx).radix4_first(in.data(), y.data(), y.data() + 256, tw.data(), 256); });
  std::printf("\n");
}

void check_radix4(Context& ctx) {
  if (!ctx.check(kRadix4)) return;
  for (int m : complex_sizes())
    for (int s = 4; s <= m / 4; s *= 2) {
      const int l = m / 4 / s;
      FloatBuffer x(ctx.rng(), 2 * m), tw(ctx.rng(), 6 * l);
      x.randomize(ctx.rng(), 1.0f), tw.randomize(ctx.rng(), 1.0f);
      compare(ctx, kRadix4, 2 * m, "m " + std::to_string(m) + " s " + std::to_string(s), [&](const FftDsp& d, float* y) {
        d.radix4(x.data(), x.data() + m, y, y + m, tw.data(), l, s);
      });
    }
  std::printf("ok");
  FloatBuffer x(ctx.rng(), 512), tw(ctx.rng(), 24), y(ctx.rng(), 512);
  x.randomize(ctx.rng(), 1.0f), tw.randomize(ctx.rng(), 1.0f);
  for (int s : {4, 16}) {
    const int l = 64 / s;
    ctx.bench(kRadix4, "m256 s" + std::to_string(s),
              [&] { c_of<FftDsp>(ctx).radix4(x.data(), x.data() + 256, y.data(), y.data() + 256, tw.data(), l, s); },
              [&] { new_of<FftDsp>(ctx).radix4(x.data(), x.data() + 256, y.data(), y.data() + 256, tw.data(), l, s); });
  }
  std::printf("\n");
}

void check_radix2_last(Context& ctx) {
  if (!ctx.check(kRadix2Last)) return;
  for (int m = 32; m <= 2048; m *= 2) {
    const int s = m / 2;
    FloatBuffer x(ctx.rng(), 2 * m);
    x.randomize(ctx.rng(), 1.0f);
    compare(ctx, kRadix2Last, 2 * m, "s " + std::to_string(s), [&](const FftDsp& d, float* y) {
      d.radix2_last(x.data(), x.data() + m, y, y + m, s);
    });
  }
  std::printf("ok");
  FloatBuffer x(ctx.rng(), 1024), y(ctx.rng(), 1024);
  x.randomize(ctx.rng(), 1.0f);
  ctx.bench(kRadix2Last, "m512", [&] { c_of<FftDsp>(ctx).radix2_last(x.data(), x.data() + 512, y.data(), y.data() + 512, 256); },
            [&] { new_of<FftDsp>(ctx).radix2_last(x.data(), x.data() + 512, y.data(), y.data() + 512, 256); });
  std::printf("\n");
}

// Unit-modulus twiddles as RealFft builds them (Re for k = 0..m/2, then Im).
std::vector<float> split_twiddles(int m) {
  std::vector<float> w(2 * (m / 2 + 1));
  for (int k = 0; k <= m / 2; k++) {
    w[k] = static_cast<float>(std::cos(3.14159265358979323846 * k / m));
    w[m / 2 + 1 + k] = static_cast<float>(-std::sin(3.14159265358979323846 * k / m));
  }
  return w;
}

void check_real_split(Context& ctx) {
  if (!ctx.check(kRealSplit)) return;
  for (int m : complex_sizes()) {
    FloatBuffer z(ctx.rng(), 2 * m);
    z.randomize(ctx.rng(), 1.0f);
    const std::vector<float> w = split_twiddles(m);
    compare(ctx, kRealSplit, 2 * m + 2, "m " + std::to_string(m), [&](const FftDsp& d, float* out) {
      d.real_split(z.data(), z.data() + m, w.data(), out, m);
    });
  }
  std::printf("ok");
  FloatBuffer z(ctx.rng(), 512), out(ctx.rng(), 514);
  z.randomize(ctx.rng(), 1.0f);
  const std::vector<float> w = split_twiddles(256);
  ctx.bench(kRealSplit, "m256", [&] { c_of<FftDsp>(ctx).real_split(z.data(), z.data() + 256, w.data(), out.data(), 256); },
            [&] { new_of<FftDsp>(ctx).real_split(z.data(), z.data() + 256, w.data(), out.data(), 256); });
  std::printf("\n");
}

void check_real_merge(Context& ctx) {
  if (!ctx.check(kRealMerge)) return;
  for (int m : complex_sizes()) {
    FloatBuffer in(ctx.rng(), 2 * m + 2);
    in.randomize(ctx.rng(), 1.0f);
    const std::vector<float> w = split_twiddles(m);
    compare(ctx, kRealMerge, 2 * m, "m " + std::to_string(m), [&](const FftDsp& d, float* out) {
      d.real_merge(in.data(), w.data(), out, m, 0.5f / m);
    });
  }
  std::printf("ok");
  FloatBuffer in(ctx.rng(), 514), out(ctx.rng(), 512);
  in.randomize(ctx.rng(), 1.0f);
  const std::vector<float> w = split_twiddles(256);
  ctx.bench(kRealMerge, "m256", [&] { c_of<FftDsp>(ctx).real_merge(in.data(), w.data(), out.data(), 256, 1.0f / 512); },
            [&] { new_of<FftDsp>(ctx).real_merge(in.data(), w.data(), out.data(), 256, 1.0f / 512); });
  std::printf("\n");
}

void check_interleave(Context& ctx) {
  if (!ctx.check(kInterleave)) return;
  for (int count : test_widths()) {
    FloatBuffer a(ctx.rng(), count), b(ctx.rng(), count);
    a.randomize(ctx.rng(), 1.0f), b.randomize(ctx.rng(), 1.0f);
    compare(ctx, kInterleave, 2 * count, "count " + std::to_string(count), [&](const FftDsp& d, float* out) {
      d.interleave(a.data(), b.data(), out, count);
    });
  }
  std::printf("ok");
  FloatBuffer a(ctx.rng(), 256), b(ctx.rng(), 256), out(ctx.rng(), 512);
  ctx.bench(kInterleave, "count256", [&] { c_of<FftDsp>(ctx).interleave(a.data(), b.data(), out.data(), 256); },
            [&] { new_of<FftDsp>(ctx).interleave(a.data(), b.data(), out.data(), 256); });
  std::printf("\n");
}

// Whole transforms through the new table: forward within 2^-18 of a double
// DFT's largest bin, and inverse(forward(x)) within 2^-19 of x's peak.
void check_transforms(Context& ctx) {
  const FftDsp& dsp = new_of<FftDsp>(ctx);
  for (int n = 32; n <= 4096; n *= 2) {
    const edgeav::audio::RealFft fft(n);
    FloatBuffer x(ctx.rng(), n), bins(ctx.rng(), n + 2), back(ctx.rng(), n);
    x.randomize(ctx.rng(), 1.0f);
    fft.forward(dsp, x.data(), bins.data());
    std::vector<float> dft(n + 2);
    for (int k = 0; k <= n / 2; k++) {
      double re = 0, im = 0;
      for (int j = 0; j < n; j++) {
        const double a = -2.0 * 3.14159265358979323846 * static_cast<double>((static_cast<long>(k) * j) % n) / n;
        re += x.data()[j] * std::cos(a), im += x.data()[j] * std::sin(a);
      }
      dft[2 * k] = static_cast<float>(re), dft[2 * k + 1] = static_cast<float>(im);
    }
    std::string diff = compare_floats(dft.data(), bins.data(), n + 2, 1.0 / (1 << 18));
    if (!diff.empty()) ctx.fail(kRadix4, "forward n " + std::to_string(n) + " against a DFT: " + diff);
    fft.inverse(dsp, bins.data(), back.data());
    diff = compare_floats(x.data(), back.data(), n, 1.0 / (1 << 19));
    if (!diff.empty()) ctx.fail(kRadix4, "inverse(forward(x)) n " + std::to_string(n) + ": " + diff);
  }
  if (ctx.benching()) {
    const edgeav::audio::RealFft fft(512);
    FloatBuffer x(ctx.rng(), 512), bins(ctx.rng(), 514);
    x.randomize(ctx.rng(), 1.0f);
    ctx.bench(kRadix4, "rfft512", [&] { fft.forward(c_of<FftDsp>(ctx), x.data(), bins.data()); },
              [&] { fft.forward(dsp, x.data(), bins.data()); });
    ctx.bench(kRadix4, "irfft512", [&] { fft.inverse(c_of<FftDsp>(ctx), bins.data(), x.data()); },
              [&] { fft.inverse(dsp, bins.data(), x.data()); });
    std::printf("\n");
  }
}

}  // namespace

void test_audio_fft(Context& ctx) {
  check_radix4_first(ctx);
  check_radix4(ctx);
  check_radix2_last(ctx);
  check_real_split(ctx);
  check_real_merge(ctx);
  check_interleave(ctx);
  check_transforms(ctx);
}

}  // namespace checkasm
