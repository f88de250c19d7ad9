// checkasm for sr_dsp: the super-resolution rows.
#include <string>

#include "checkasm/checkasm.h"
#include "enhance/sr_dsp.h"

namespace checkasm {

namespace {

using edgeav::SrDsp;

enum Entry { kGradients, kBox5, kClassify, kColumns, kFilter };

int16_t random_in(Rng& rng, int lo, int hi, Fill mode) {
  if (mode == Fill::kZero) return 0;
  if (mode == Fill::kMax) return static_cast<int16_t>(hi);
  if (mode == Fill::kExtremes) return static_cast<int16_t>(rng.next() & 1 ? hi : lo);
  return static_cast<int16_t>(rng.range(lo, hi));
}

std::vector<int16_t> random_words(Rng& rng, size_t n, int lo, int hi, Fill mode) {
  std::vector<int16_t> v(n);
  for (auto& x : v) x = random_in(rng, lo, hi, mode);
  return v;
}

void check_gradients(Context& ctx) {
  if (!ctx.check(kGradients)) return;
  for (int w : test_widths())
    for (int m = 0; m < static_cast<int>(Fill::kCount); m++) {
      Buffer rows(3 * (w + 2), ctx.rng().range(0, 31));
      fill(ctx.rng(), rows.data(), rows.size(), static_cast<Fill>(m));
      std::vector<int16_t> a(3 * w + 48, 7), b = a;
      for (auto* out : {&a, &b}) {
        const auto fn = out == &a ? c_of<SrDsp>(ctx).gradients : new_of<SrDsp>(ctx).gradients;
        fn(rows.data() + 1, rows.data() + w + 3, rows.data() + 2 * w + 5, out->data(), out->data() + w + 16,
           out->data() + 2 * w + 32, w);
      }
      if (a != b) ctx.fail(kGradients, "width " + std::to_string(w) + ", fill " + std::to_string(m));
    }
  std::printf("ok");
  Buffer rows(3 * 1928, 0);
  fill(ctx.rng(), rows.data(), rows.size(), Fill::kRandom);
  std::vector<int16_t> out(3 * 1926);
  auto run = [&](const SrDsp& d) {
    d.gradients(rows.data() + 1, rows.data() + 1929, rows.data() + 3857, out.data(), out.data() + 1926,
                out.data() + 3852, 1924);
  };
  ctx.bench(kGradients, "w1924", [&] { run(c_of<SrDsp>(ctx)); }, [&] { run(new_of<SrDsp>(ctx)); });
  std::printf("\n");
}

void check_box5(Context& ctx) {
  if (!ctx.check(kBox5)) return;
  auto run = [](const SrDsp& d, std::vector<int16_t>& in, int w, int16_t* out) {
    const int16_t* rows[5];
    for (int k = 0; k < 5; k++) rows[k] = in.data() + k * (w + 4) + 2;
    d.box5(rows, out, w);
  };
  for (int w : test_widths())
    for (int m = 0; m < static_cast<int>(Fill::kCount); m++) {
      std::vector<int16_t> in = random_words(ctx.rng(), 5 * (w + 4), -508, 504, static_cast<Fill>(m));
      std::vector<int16_t> a(w + 16, 3), b = a;
      run(c_of<SrDsp>(ctx), in, w, a.data());
      run(new_of<SrDsp>(ctx), in, w, b.data());
      if (a != b) ctx.fail(kBox5, "width " + std::to_string(w) + ", fill " + std::to_string(m));
    }
  std::printf("ok");
  std::vector<int16_t> in = random_words(ctx.rng(), 5 * 964, -508, 504, Fill::kRandom), out(960);
  ctx.bench(kBox5, "w960", [&] { run(c_of<SrDsp>(ctx), in, 960, out.data()); },
            [&] { run(new_of<SrDsp>(ctx), in, 960, out.data()); });
  std::printf("\n");
}

void check_classify(Context& ctx) {
  if (!ctx.check(kClassify)) return;
  const edgeav::SrClassParams params[2] = {{{40, 400}, {8192, 16384}}, {{1, 25200}, {1, 32767}}};
  for (const auto& p : params)
    for (int w : test_widths())
      for (int m = 0; m < static_cast<int>(Fill::kCount); m++) {
        const Fill f = static_cast<Fill>(m);
        std::vector<int16_t> xx = random_words(ctx.rng(), w, 0, 12600, f), yy = random_words(ctx.rng(), w, 0, 12600, f);
        std::vector<int16_t> xy = random_words(ctx.rng(), w, -12600, 12600, f);
        if (m == 0)  // small tensors too, where the angle bins are decided by a few units
          for (int x = 0; x < w; x++) xx[x] >>= 8, yy[x] >>= 8, xy[x] >>= 8;
        Buffer a(w, ctx.rng().range(0, 31)), b = a;
        c_of<SrDsp>(ctx).classify(xx.data(), yy.data(), xy.data(), a.data(), w, &p);
        new_of<SrDsp>(ctx).classify(xx.data(), yy.data(), xy.data(), b.data(), w, &p);
        if (a.all() != b.all()) ctx.fail(kClassify, "width " + std::to_string(w) + ", fill " + std::to_string(m));
      }
  std::printf("ok");
  std::vector<int16_t> xx = random_words(ctx.rng(), 960, 0, 3000, Fill::kRandom), yy = xx;
  std::vector<int16_t> xy = random_words(ctx.rng(), 960, -3000, 3000, Fill::kRandom);
  Buffer out(960, 0);
  ctx.bench(kClassify, "w960", [&] { c_of<SrDsp>(ctx).classify(xx.data(), yy.data(), xy.data(), out.data(), 960, &params[0]); },
            [&] { new_of<SrDsp>(ctx).classify(xx.data(), yy.data(), xy.data(), out.data(), 960, &params[0]); });
  std::printf("\n");
}

void check_columns(Context& ctx) {
  if (!ctx.check(kColumns)) return;
  auto run = [](const SrDsp& d, Buffer& in, int w, int16_t* out) {
    const uint8_t* rows[5];
    for (int k = 0; k < 5; k++) rows[k] = in.data() + k * (w + 4) + 2;
    d.columns(rows, out, w);
  };
  for (int w : test_widths())
    for (int m = 0; m < static_cast<int>(Fill::kCount); m++) {
      Buffer in(5 * (w + 4), ctx.rng().range(0, 63));
      fill(ctx.rng(), in.data(), in.size(), static_cast<Fill>(m));
      std::vector<int16_t> a(5 * (w + 4) + 16, -1), b = a;
      run(c_of<SrDsp>(ctx), in, w, a.data());
      run(new_of<SrDsp>(ctx), in, w, b.data());
      if (a != b) ctx.fail(kColumns, "width " + std::to_string(w) + ", fill " + std::to_string(m));
    }
  std::printf("ok");
  Buffer in(5 * 964, 0);
  std::vector<int16_t> out(5 * 964);
  ctx.bench(kColumns, "w960", [&] { run(c_of<SrDsp>(ctx), in, 960, out.data()); },
            [&] { run(new_of<SrDsp>(ctx), in, 960, out.data()); });
  std::printf("\n");
}

struct FilterCase {
  int in_w, phases, phase_y;
  std::vector<int16_t> col, bank;
  std::vector<uint8_t> cls, phase;
  std::vector<int32_t> anchor;
};

FilterCase filter_case(Rng& rng, int in_w, int out_w, Fill mode) {
  FilterCase c;
  c.in_w = in_w, c.phases = rng.range(1, 5), c.phase_y = rng.range(0, c.phases - 1);
  c.col = random_words(rng, (in_w + 4) * 5 + edgeav::kSrTapStride, 0, 255, mode);
  c.bank = random_words(rng, static_cast<size_t>(edgeav::kSrClasses) * c.phases * c.phases * edgeav::kSrTapStride,
                        -32768, 32767, mode == Fill::kZero ? Fill::kRandom : mode);
  for (size_t f = 0; f < c.bank.size(); f += edgeav::kSrTapStride)  // taps 25..31 are zero in every bank
    for (int t = edgeav::kSrTaps; t < edgeav::kSrTapStride; t++) c.bank[f + t] = 0;
  c.cls.resize(in_w);
  for (auto& v : c.cls) v = static_cast<uint8_t>(rng.range(0, edgeav::kSrClasses - 1));
  for (int x = 0; x < out_w; x++) {
    c.anchor.push_back(rng.range(0, in_w - 1));
    c.phase.push_back(static_cast<uint8_t>(rng.range(0, c.phases - 1)));
  }
  return c;
}

void check_filter(Context& ctx) {
  if (!ctx.check(kFilter)) return;
  auto run = [](const SrDsp& d, const FilterCase& c, uint8_t* out, int w) {
    d.filter(c.col.data(), c.bank.data(), c.phases, c.phase_y, c.cls.data(), c.anchor.data(), c.phase.data(), out, w);
  };
  for (int w : test_widths())
    for (int m = 0; m < static_cast<int>(Fill::kCount); m++) {
      const FilterCase c = filter_case(ctx.rng(), ctx.rng().range(1, 300), w, static_cast<Fill>(m));
      Buffer a(w, ctx.rng().range(0, 31)), b = a;
      run(c_of<SrDsp>(ctx), c, a.data(), w);
      run(new_of<SrDsp>(ctx), c, b.data(), w);
      if (a.all() != b.all()) ctx.fail(kFilter, "width " + std::to_string(w) + ", fill " + std::to_string(m));
    }
  std::printf("ok");
  const FilterCase c = filter_case(ctx.rng(), 960, 1920, Fill::kRandom);
  Buffer out(1920, 0);
  ctx.bench(kFilter, "w1920", [&] { run(c_of<SrDsp>(ctx), c, out.data(), 1920); },
            [&] { run(new_of<SrDsp>(ctx), c, out.data(), 1920); });
  std::printf("\n");
}

}  // namespace

void test_sr(Context& ctx) {
  check_gradients(ctx);
  check_box5(ctx);
  check_classify(ctx);
  check_columns(ctx);
  check_filter(ctx);
}

}  // namespace checkasm
