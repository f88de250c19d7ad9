// checkasm for adjust_dsp: the 256-entry table lookup and the fixed-point
// linear map of brightness / contrast / saturation.
#include <cstdio>
#include <string>
#include <vector>

#include "checkasm/checkasm.h"
#include "enhance/adjust_dsp.h"

namespace checkasm {

namespace {

using edgeav::AdjustDsp;

enum Entry { kApplyLut, kLinear };

// (brightness, contrast, saturation) settings whose tables and linear
// parameters are tried, besides random and extreme ones.
struct Setting {
  double brightness, contrast, saturation;
};
const Setting kSettings[] = {
    {0.0, 1.0, 1.0},    {0.2, 1.5, 1.3},     {-0.3, 0.5, 0.0},   {1.0, 7.89, 3.0},   {-1.0, -7.89, 2.0},
    {0.1, 7.9, 0.5},    {-0.4, -50.0, 0.3},  {0.5, 1000.0, 1.7}, {0.0, -1000.0, 0.8}, {0.001, 1.0, 2.5},
    {0.29, -0.3, 1.01}, {-0.6, 0.0, 0.001},
};

std::string describe(int w, int m, const std::string& what, bool in_place) {
  return "width " + std::to_string(w) + ", fill " + std::to_string(m) + ", " + what + (in_place ? ", in place" : "");
}

// Runs `call(src, dst)` with the C and the SIMD kernel on the same input, out
// of place at random alignments and in place, for every fill mode, and
// compares the whole output buffers (guard bytes included).
template <typename Call>
void compare(Context& ctx, size_t index, int w, const std::string& what, Call call) {
  for (int m = 0; m < static_cast<int>(Fill::kCount); m++) {
    Buffer in(w, ctx.rng().range(0, 63));
    fill(ctx.rng(), in.data(), in.size(), static_cast<Fill>(m));
    const size_t out_align = ctx.rng().range(0, 63);
    Buffer a(w, out_align), b = a;
    call(c_of<AdjustDsp>(ctx), in.data(), a.data());
    call(new_of<AdjustDsp>(ctx), in.data(), b.data());
    if (a.all() != b.all()) ctx.fail(index, describe(w, m, what, false));
    Buffer pa = in, pb = in;  // in place: src == dst
    call(c_of<AdjustDsp>(ctx), pa.data(), pa.data());
    call(new_of<AdjustDsp>(ctx), pb.data(), pb.data());
    if (pa.all() != pb.all()) ctx.fail(index, describe(w, m, what, true));
  }
}

struct Lut {
  std::vector<uint8_t> v;
  std::string what;
};

std::vector<Lut> test_luts(Rng& rng) {
  std::vector<Lut> luts;
  for (const Setting& s : kSettings) {
    const edgeav::AdjustParams p = edgeav::adjust_params(s.brightness, s.contrast, s.saturation);
    luts.push_back({std::vector<uint8_t>(p.luma.lut, p.luma.lut + 256), "luma lut b " + std::to_string(s.brightness) +
                                                                         " c " + std::to_string(s.contrast)});
  }
  for (int r = 0; r < 4; r++) {
    Lut l{std::vector<uint8_t>(256), "random lut " + std::to_string(r)};
    for (auto& e : l.v) e = static_cast<uint8_t>(rng.next());
    luts.push_back(l);
  }
  // Around the 64-entry window of the x86 fast path: constant tables, single
  // steps at both ends, and ramps of 62 (fits) and 63 (does not) entries
  // strictly between a low and a high run, anywhere in the table (from 194 on,
  // the window runs past entry 255).
  luts.push_back({std::vector<uint8_t>(256, 77), "constant lut"});
  Lut first{std::vector<uint8_t>(256, 255), "step after 0"};
  first.v[0] = 0;
  luts.push_back(first);
  Lut last{std::vector<uint8_t>(256, 3), "step at 255"};
  last.v[255] = 200;
  luts.push_back(last);
  for (int n : {1, 33, 61, 62, 63, 64})
    for (int a : {0, 1, 17, 100, 194, 256 - n}) {
      if (a + n > 256) continue;
      Lut r{std::vector<uint8_t>(256), "ramp of " + std::to_string(n) + " at " + std::to_string(a)};
      const bool down = rng.next() & 1;
      for (int i = 0; i < 256; i++)
        r.v[i] = i < a ? (down ? 255 : 0) : i >= a + n ? (down ? 0 : 255) : static_cast<uint8_t>(rng.range(1, 254));
      luts.push_back(r);
    }
  Lut ext{std::vector<uint8_t>(256), "0/255 lut"};
  for (auto& e : ext.v) e = (rng.next() & 1) ? 255 : 0;
  luts.push_back(ext);
  Lut rev{std::vector<uint8_t>(256), "reversed lut"};
  for (int i = 0; i < 256; i++) rev.v[i] = static_cast<uint8_t>(255 - i);
  luts.push_back(rev);
  return luts;
}

struct Linear {
  int contrast, offset;
  std::string what;
};

std::vector<Linear> test_linears(Rng& rng) {
  std::vector<Linear> ps;
  auto add = [&](int c, int o, const std::string& why) {
    ps.push_back({c, o, why + " (contrast " + std::to_string(c) + ", offset " + std::to_string(o) + ")"});
  };
  for (const Setting& s : kSettings) {
    const edgeav::AdjustParams p = edgeav::adjust_params(s.brightness, s.contrast, s.saturation);
    if (p.luma.mode == edgeav::AdjustMode::kLinear) add(p.luma.contrast, p.luma.offset, "luma");
    if (p.chroma.mode == edgeav::AdjustMode::kLinear) add(p.chroma.contrast, p.chroma.offset, "chroma");
  }
  // The int16 extremes the kernels promise to handle.
  for (int c : {-32768, -32767, -4096, -1, 0, 1, 4096, 32358, 32767})
    for (int o : {-32768, -1139, -1, 0, 127, 255, 1394, 32767}) add(c, o, "extreme");
  for (int r = 0; r < 6; r++) add(rng.range(-32768, 32767), rng.range(-32768, 32767), "random");
  return ps;
}

void check_apply_lut(Context& ctx) {
  if (!ctx.check(kApplyLut)) return;
  for (const Lut& l : test_luts(ctx.rng()))
    for (int w : test_widths())
      compare(ctx, kApplyLut, w, l.what, [&](const AdjustDsp& d, const uint8_t* src, uint8_t* dst) {
        d.apply_lut(src, dst, w, l.v.data());
      });
  std::printf("ok");
  const edgeav::AdjustParams p = edgeav::adjust_params(0.1, 10.0, 1.0);
  Buffer s(1920, 0), d(1920, 0);
  fill(ctx.rng(), s.data(), s.size(), Fill::kRandom);
  ctx.bench(kApplyLut, "w1920 c=10", [&] { c_of<AdjustDsp>(ctx).apply_lut(s.data(), d.data(), 1920, p.luma.lut); },
            [&] { new_of<AdjustDsp>(ctx).apply_lut(s.data(), d.data(), 1920, p.luma.lut); });
  ctx.bench(kApplyLut, "w64", [&] { c_of<AdjustDsp>(ctx).apply_lut(s.data(), d.data(), 64, p.luma.lut); },
            [&] { new_of<AdjustDsp>(ctx).apply_lut(s.data(), d.data(), 64, p.luma.lut); });
  std::vector<uint8_t> any(256);  // a table without the window form
  for (auto& e : any) e = static_cast<uint8_t>(ctx.rng().next());
  ctx.bench(kApplyLut, "w1920 any", [&] { c_of<AdjustDsp>(ctx).apply_lut(s.data(), d.data(), 1920, any.data()); },
            [&] { new_of<AdjustDsp>(ctx).apply_lut(s.data(), d.data(), 1920, any.data()); });
  std::printf("\n");
}

void check_linear(Context& ctx) {
  if (!ctx.check(kLinear)) return;
  for (const Linear& p : test_linears(ctx.rng()))
    for (int w : test_widths())
      compare(ctx, kLinear, w, p.what, [&](const AdjustDsp& d, const uint8_t* src, uint8_t* dst) {
        d.linear(src, dst, w, p.contrast, p.offset);
      });
  std::printf("ok");
  const edgeav::AdjustParams p = edgeav::adjust_params(0.2, 1.5, 1.3);
  Buffer s(1920, 0), d(1920, 0);
  fill(ctx.rng(), s.data(), s.size(), Fill::kRandom);
  ctx.bench(kLinear, "w1920",
            [&] { c_of<AdjustDsp>(ctx).linear(s.data(), d.data(), 1920, p.luma.contrast, p.luma.offset); },
            [&] { new_of<AdjustDsp>(ctx).linear(s.data(), d.data(), 1920, p.luma.contrast, p.luma.offset); });
  ctx.bench(kLinear, "w960",
            [&] { c_of<AdjustDsp>(ctx).linear(s.data(), d.data(), 960, p.chroma.contrast, p.chroma.offset); },
            [&] { new_of<AdjustDsp>(ctx).linear(s.data(), d.data(), 960, p.chroma.contrast, p.chroma.offset); });
  std::printf("\n");
}

}  // namespace

void test_adjust(Context& ctx) {
  check_apply_lut(ctx);
  check_linear(ctx);
}

}  // namespace checkasm
