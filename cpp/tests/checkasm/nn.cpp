// checkasm for nn_dsp: the convolutions at every test width and many channel
// counts, with and without PReLU, each output within nn_dsp.h's tolerance of
// its own sum of |w| |x|; the layout kernels bit-exactly, on extreme bytes and
// on residuals that round at .5 or leave 0..255; the GRU gates within 2^-20
// (carried to h_out). Every output row is followed by floats or bytes that no
// kernel may write.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "checkasm/audio_float.h"
#include "nn/nn_dsp.h"

namespace checkasm {

namespace {

using edgeav::nn::ConvParams;
using edgeav::nn::NnDsp;

enum Entry { kConv3x3, kConv1x1, kDepthwise3x3, kSpaceToDepth2, kDepthToSpace2Add, kGruGates };

constexpr double kConvTolerance = 1.0 / (1 << 18);
constexpr double kGateTolerance = 1.0 / (1 << 20);
constexpr size_t kPad = 16;  // floats (or bytes) after an output row

float uniform(Rng& rng, float amplitude) {
  return amplitude * (static_cast<float>(rng.next() >> 8) / 8388608.0f - 1.0f);
}

std::vector<float> uniform_vector(Rng& rng, size_t n, float amplitude) {
  std::vector<float> v(n);
  for (float& x : v) x = uniform(rng, amplitude);
  return v;
}

std::vector<float> magnitudes(const float* v, size_t n) {
  std::vector<float> m(n);
  for (size_t i = 0; i < n; i++) m[i] = std::fabs(v[i]);
  return m;
}

std::string shape(const char* what, int a, int b, int width, bool prelu) {
  return std::string(what) + " " + std::to_string(a) + "->" + std::to_string(b) + " w" + std::to_string(width) +
         (prelu ? " prelu" : "");
}

// A layer's random parameters (slopes within [-1, 1], so that PReLU scales no
// error up), and the same made |v| without slopes: run through the C kernel on
// |inputs|, those give each output's |bias| + sum of |w| |x|, the scale of its
// rounding errors.
class Layer {
 public:
  Layer(Rng& rng, int cin, int cout, size_t weight_count, bool prelu)
      : w_(uniform_vector(rng, weight_count, 1.0f)), b_(uniform_vector(rng, cout, 1.0f)),
        s_(prelu ? uniform_vector(rng, cout, 1.0f) : std::vector<float>()), abs_w_(magnitudes(w_.data(), w_.size())),
        abs_b_(magnitudes(b_.data(), b_.size())) {
    params_ = {cin, cout, w_.data(), b_.data(), s_.empty() ? nullptr : s_.data()};
    abs_params_ = {cin, cout, abs_w_.data(), abs_b_.data(), nullptr};
  }
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;
  const ConvParams* params(bool magnitude) const { return magnitude ? &abs_params_ : &params_; }

 private:
  std::vector<float> w_, b_, s_, abs_w_, abs_b_;
  ConvParams params_, abs_params_;
};

// `rows` input rows of `n` floats each (zero-centred, a quarter of them zero as
// after a ReLU), and their magnitudes.
class Inputs {
 public:
  Inputs(Rng& rng, int rows, size_t n) {
    for (int r = 0; r < rows; r++) {
      bufs_.emplace_back(rng, n);
      float* d = bufs_.back().data();
      for (size_t i = 0; i < n; i++) d[i] = (rng.next() & 3) ? uniform(rng, 1.0f) : 0.0f;
      abs_.push_back(magnitudes(d, n));
    }
    for (int r = 0; r < rows; r++) ptrs_[r] = bufs_[r].data(), abs_ptrs_[r] = abs_[r].data();
  }
  const float* const* rows(bool magnitude) const { return magnitude ? abs_ptrs_ : ptrs_; }

 private:
  std::vector<FloatBuffer> bufs_;
  std::vector<std::vector<float>> abs_;
  const float* ptrs_[3] = {};
  const float* abs_ptrs_[3] = {};
};

// Runs `call(table, magnitude, out)` by C, by C on magnitudes (the scales) and
// by SIMD on outputs of n floats plus kPad that start alike; each output must
// be within kConvTolerance of its scale, the pad untouched.
template <typename Call>
void compare_conv(Context& ctx, size_t index, size_t n, const std::string& what, Call call) {
  FloatBuffer want(ctx.rng(), n + kPad), got(ctx.rng(), n + kPad);
  want.randomize(ctx.rng(), 1.0f);
  got.copy_from(want);
  std::vector<float> scale(n);
  call(c_of<NnDsp>(ctx), false, want.data());
  call(c_of<NnDsp>(ctx), true, scale.data());
  call(new_of<NnDsp>(ctx), false, got.data());
  for (size_t i = 0; i < n; i++) {
    const double limit = kConvTolerance * scale[i];
    if (!(std::fabs(static_cast<double>(want.data()[i]) - got.data()[i]) <= limit)) {
      ctx.fail(index, what + ": index " + std::to_string(i) + ": C " + std::to_string(want.data()[i]) + ", SIMD " +
                          std::to_string(got.data()[i]) + " (limit " + std::to_string(limit) + ")");
      break;
    }
  }
  if (std::memcmp(want.data() + n, got.data() + n, kPad * sizeof(float)))
    ctx.fail(index, what + ": wrote past its output");
  if (!got.guard_intact()) ctx.fail(index, what + ": wrote before its output");
}

// The channel counts the networks use, every remainder of 16 input channels
// and beyond; those of the networks are tried at every width, the others at
// every remainder of the pixel blocks and a few larger widths.
constexpr int kCins[] = {1, 3, 4, 8, 16, 24};
constexpr int kCouts[] = {4, 8, 12, 16, 24, 32};
struct Shape {
  int cin, cout;
};
constexpr Shape kNetworkShapes[] = {{4, 16}, {16, 4}, {16, 16}, {16, 8}, {8, 16}, {8, 8}};
// cout 4 beside wide inputs (vectorised over input channels, up to a limit).
constexpr Shape kWideShapes[] = {{32, 4}, {40, 4}, {64, 4}, {72, 4}, {48, 16}};

std::vector<Shape> conv_shapes() {
  std::vector<Shape> s;
  for (int cin : kCins)
    for (int cout : kCouts) s.push_back({cin, cout});
  for (const Shape& w : kWideShapes) s.push_back(w);
  return s;
}

bool is_network_shape(const Shape& s) {
  for (const Shape& n : kNetworkShapes)
    if (n.cin == s.cin && n.cout == s.cout) return true;
  return false;
}

const std::vector<int>& short_widths() {
  static const std::vector<int> widths = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 23, 64, 129};
  return widths;
}

void check_conv3x3(Context& ctx) {
  if (!ctx.check(kConv3x3)) return;
  for (const Shape& sh : conv_shapes())
    for (int w : is_network_shape(sh) ? test_widths() : short_widths())
      for (bool prelu : {false, true}) {
        const Layer layer(ctx.rng(), sh.cin, sh.cout, 9 * sh.cin * sh.cout, prelu);
        const Inputs in(ctx.rng(), 3, static_cast<size_t>(w + 2) * sh.cin);
        compare_conv(ctx, kConv3x3, static_cast<size_t>(w) * sh.cout, shape("conv3x3", sh.cin, sh.cout, w, prelu),
                     [&](const NnDsp& d, bool m, float* out) { d.conv3x3(in.rows(m), out, w, layer.params(m)); });
      }
  std::printf("ok");
  for (const Shape& sh : kNetworkShapes) {
    if (sh.cout == 8) continue;
    const int w = 128;
    const Layer layer(ctx.rng(), sh.cin, sh.cout, 9 * sh.cin * sh.cout, true);
    const Inputs in(ctx.rng(), 3, static_cast<size_t>(w + 2) * sh.cin);
    std::vector<float> out(static_cast<size_t>(w) * sh.cout);
    ctx.bench(kConv3x3, std::to_string(sh.cin) + "->" + std::to_string(sh.cout) + " w128",
              [&] { c_of<NnDsp>(ctx).conv3x3(in.rows(false), out.data(), w, layer.params(false)); },
              [&] { new_of<NnDsp>(ctx).conv3x3(in.rows(false), out.data(), w, layer.params(false)); });
  }
  std::printf("\n");
}

void check_conv1x1(Context& ctx) {
  if (!ctx.check(kConv1x1)) return;
  for (const Shape& sh : conv_shapes())
    for (int w : is_network_shape(sh) ? test_widths() : short_widths())
      for (bool prelu : {false, true}) {
        const Layer layer(ctx.rng(), sh.cin, sh.cout, sh.cin * sh.cout, prelu);
        const Inputs in(ctx.rng(), 1, static_cast<size_t>(w) * sh.cin);
        compare_conv(ctx, kConv1x1, static_cast<size_t>(w) * sh.cout, shape("conv1x1", sh.cin, sh.cout, w, prelu),
                     [&](const NnDsp& d, bool m, float* out) { d.conv1x1(in.rows(m)[0], out, w, layer.params(m)); });
      }
  std::printf("ok");
  for (const Shape& sh : {Shape{16, 16}, Shape{16, 8}, Shape{8, 16}}) {
    const int w = 128;
    const Layer layer(ctx.rng(), sh.cin, sh.cout, sh.cin * sh.cout, true);
    const Inputs in(ctx.rng(), 1, static_cast<size_t>(w) * sh.cin);
    std::vector<float> out(static_cast<size_t>(w) * sh.cout);
    ctx.bench(kConv1x1, std::to_string(sh.cin) + "->" + std::to_string(sh.cout) + " w128",
              [&] { c_of<NnDsp>(ctx).conv1x1(in.rows(false)[0], out.data(), w, layer.params(false)); },
              [&] { new_of<NnDsp>(ctx).conv1x1(in.rows(false)[0], out.data(), w, layer.params(false)); });
  }
  std::printf("\n");
}

void check_depthwise3x3(Context& ctx) {
  if (!ctx.check(kDepthwise3x3)) return;
  for (int c : kCouts)
    for (int w : test_widths())
      for (bool prelu : {false, true}) {
        const Layer layer(ctx.rng(), c, c, 9 * c, prelu);
        const Inputs in(ctx.rng(), 3, static_cast<size_t>(w + 2) * c);
        compare_conv(ctx, kDepthwise3x3, static_cast<size_t>(w) * c, shape("depthwise3x3", c, c, w, prelu),
                     [&](const NnDsp& d, bool m, float* out) { d.depthwise3x3(in.rows(m), out, w, layer.params(m)); });
      }
  std::printf("ok");
  const int c = 16, w = 128;
  const Layer layer(ctx.rng(), c, c, 9 * c, true);
  const Inputs in(ctx.rng(), 3, static_cast<size_t>(w + 2) * c);
  std::vector<float> out(static_cast<size_t>(w) * c);
  ctx.bench(kDepthwise3x3, "16 w128", [&] { c_of<NnDsp>(ctx).depthwise3x3(in.rows(false), out.data(), w, layer.params(false)); },
            [&] { new_of<NnDsp>(ctx).depthwise3x3(in.rows(false), out.data(), w, layer.params(false)); });
  std::printf("\n");
}

// The bytes before a Buffer's data are as its constructor left them.
bool guard_intact(Buffer& b) {
  for (size_t i = 0; i < Buffer::kGuard; i++)
    if (b.all()[i] != static_cast<uint8_t>(0xA5 ^ (i * 7))) return false;
  return true;
}

void check_space_to_depth2(Context& ctx) {
  if (!ctx.check(kSpaceToDepth2)) return;
  // (scale, offset): the networks' normalisation, then values whose product
  // and sum both round.
  const float kScales[][2] = {{1.0f / 255.0f, -0.5f}, {1.0f, 0.0f}, {0.0123f, 0.3371f}, {-3.3f, 1e-3f}};
  for (int w : test_widths())
    for (int m = 0; m < static_cast<int>(Fill::kCount); m++)
      for (const auto& so : kScales) {
        Buffer row0(2 * w, ctx.rng().range(0, 31)), row1(2 * w, ctx.rng().range(0, 31));
        fill(ctx.rng(), row0.data(), row0.size(), static_cast<Fill>(m));
        fill(ctx.rng(), row1.data(), row1.size(), static_cast<Fill>(m));
        const size_t n = 4 * static_cast<size_t>(w);
        FloatBuffer want(ctx.rng(), n + kPad), got(ctx.rng(), n + kPad);
        want.randomize(ctx.rng(), 1.0f);
        got.copy_from(want);
        c_of<NnDsp>(ctx).space_to_depth2(row0.data(), row1.data(), want.data(), w, so[0], so[1]);
        new_of<NnDsp>(ctx).space_to_depth2(row0.data(), row1.data(), got.data(), w, so[0], so[1]);
        const std::string what = "width " + std::to_string(w) + ", fill " + std::to_string(m) + ", scale " +
                                 std::to_string(so[0]) + ", offset " + std::to_string(so[1]);
        if (std::memcmp(want.data(), got.data(), n * sizeof(float))) ctx.fail(kSpaceToDepth2, what);
        if (std::memcmp(want.data() + n, got.data() + n, kPad * sizeof(float)))
          ctx.fail(kSpaceToDepth2, what + ": wrote past its output");
        if (!got.guard_intact()) ctx.fail(kSpaceToDepth2, what + ": wrote before its output");
      }
  std::printf("ok");
  const int w = 480;
  Buffer row0(2 * w, 0), row1(2 * w, 0);
  fill(ctx.rng(), row0.data(), row0.size(), Fill::kRandom);
  fill(ctx.rng(), row1.data(), row1.size(), Fill::kRandom);
  std::vector<float> out(4 * w);
  ctx.bench(kSpaceToDepth2, "w480",
            [&] { c_of<NnDsp>(ctx).space_to_depth2(row0.data(), row1.data(), out.data(), w, 1.0f / 255.0f, -0.5f); },
            [&] { new_of<NnDsp>(ctx).space_to_depth2(row0.data(), row1.data(), out.data(), w, 1.0f / 255.0f, -0.5f); });
  std::printf("\n");
}

// A residual that, times `scale` (a power of two, or not), lands: anywhere the
// clamp still matters, on a half (rounded to even), far outside 0..255, or at
// an infinity.
float residual(Rng& rng, float scale) {
  switch (rng.next() % 8) {
    case 0: return static_cast<float>(rng.range(-1200, 1200)) * 0.5f / scale;
    case 1: return uniform(rng, 1e12f);
    case 2: return (rng.next() & 1 ? 1 : -1) * std::numeric_limits<float>::infinity();
    default: return uniform(rng, 400.0f) / scale;
  }
}

void check_depth_to_space2_add(Context& ctx) {
  if (!ctx.check(kDepthToSpace2Add)) return;
  const float kScales[] = {1.0f, 0.25f, 64.0f, 255.0f, 1.7f};
  for (int w : test_widths())
    for (int m = 0; m < static_cast<int>(Fill::kCount); m++)
      for (float scale : kScales) {
        const size_t n = 2 * static_cast<size_t>(w);
        Buffer base0(n, ctx.rng().range(0, 31)), base1(n, ctx.rng().range(0, 31));
        fill(ctx.rng(), base0.data(), n, static_cast<Fill>(m));
        fill(ctx.rng(), base1.data(), n, static_cast<Fill>(m));
        FloatBuffer res(ctx.rng(), 2 * n);
        for (size_t i = 0; i < 2 * n; i++) res.data()[i] = residual(ctx.rng(), scale);
        Buffer want0(n + kPad, ctx.rng().range(0, 31)), want1(n + kPad, ctx.rng().range(0, 31));
        Buffer got0(n + kPad, ctx.rng().range(0, 31)), got1(n + kPad, ctx.rng().range(0, 31));
        fill(ctx.rng(), want0.data(), n + kPad, Fill::kRandom);
        fill(ctx.rng(), want1.data(), n + kPad, Fill::kRandom);
        std::memcpy(got0.data(), want0.data(), n + kPad);
        std::memcpy(got1.data(), want1.data(), n + kPad);
        c_of<NnDsp>(ctx).depth_to_space2_add(res.data(), base0.data(), base1.data(), want0.data(), want1.data(), w,
                                             scale);
        new_of<NnDsp>(ctx).depth_to_space2_add(res.data(), base0.data(), base1.data(), got0.data(), got1.data(), w,
                                               scale);
        const std::string what = "width " + std::to_string(w) + ", fill " + std::to_string(m) + ", scale " +
                                 std::to_string(scale);
        if (std::memcmp(want0.data(), got0.data(), n) || std::memcmp(want1.data(), got1.data(), n))
          ctx.fail(kDepthToSpace2Add, what);
        if (std::memcmp(want0.data() + n, got0.data() + n, kPad) || std::memcmp(want1.data() + n, got1.data() + n, kPad))
          ctx.fail(kDepthToSpace2Add, what + ": wrote past its output");
        if (!guard_intact(got0) || !guard_intact(got1)) ctx.fail(kDepthToSpace2Add, what + ": wrote before its output");
      }
  std::printf("ok");
  const int w = 480;
  Buffer base0(2 * w, 0), base1(2 * w, 0);
  fill(ctx.rng(), base0.data(), base0.size(), Fill::kRandom);
  fill(ctx.rng(), base1.data(), base1.size(), Fill::kRandom);
  std::vector<float> res = uniform_vector(ctx.rng(), 4 * w, 0.1f);
  std::vector<uint8_t> dst0(2 * w), dst1(2 * w);
  auto run = [&](const NnDsp& d) {
    d.depth_to_space2_add(res.data(), base0.data(), base1.data(), dst0.data(), dst1.data(), w, 255.0f);
  };
  ctx.bench(kDepthToSpace2Add, "w480", [&] { run(c_of<NnDsp>(ctx)); }, [&] { run(new_of<NnDsp>(ctx)); });
  std::printf("\n");
}

// Gate pre-activations within +-amplitude, one in ten within +-100.
void randomize_gates(Rng& rng, float* v, size_t n, float amplitude) {
  for (size_t i = 0; i < n; i++) v[i] = uniform(rng, rng.next() % 10 ? amplitude : 100.0f);
}

// Unit i's limit: 2^-20, or more where each gate's 2^-20 carried to h_out is:
// h_out = (1 - z) c + z h moves by (1 - z) dc + (h - c) dz, and
// c = tanh(gx_n + r gh_n) by (1 - c^2) gh_n dr. (Rounding r to float alone
// moves c by up to 2^-25 |gh_n|: past 2^-20 where |gh_n| > 32.)
double gru_limit(const float* gx, const float* gh, const float* h, int n, int i) {
  auto sigmoid = [](double v) { return 1.0 / (1.0 + std::exp(-v)); };
  const double r = sigmoid(static_cast<double>(gx[i]) + gh[i]);
  const double z = sigmoid(static_cast<double>(gx[n + i]) + gh[n + i]);
  const double c = std::tanh(gx[2 * n + i] + r * gh[2 * n + i]);
  return kGateTolerance *
         std::max(1.0, (1.0 - z) * (1.0 + (1.0 - c * c) * std::fabs(gh[2 * n + i])) + std::fabs(h[i] - c));
}

void check_gru_gates(Context& ctx) {
  if (!ctx.check(kGruGates)) return;
  for (float amplitude : {1.0f, 5.0f, 20.0f})
    for (int n : test_widths())
      for (bool in_place : {false, true}) {
        FloatBuffer gx(ctx.rng(), 3 * n), gh(ctx.rng(), 3 * n), h(ctx.rng(), n);
        randomize_gates(ctx.rng(), gx.data(), gx.size(), amplitude);
        randomize_gates(ctx.rng(), gh.data(), gh.size(), amplitude);
        h.randomize(ctx.rng(), 1.0f);
        FloatBuffer want(ctx.rng(), n + kPad), got(ctx.rng(), n + kPad);
        want.randomize(ctx.rng(), 1.0f);
        if (in_place) std::memcpy(want.data(), h.data(), n * sizeof(float));
        got.copy_from(want);
        c_of<NnDsp>(ctx).gru_gates(gx.data(), gh.data(), in_place ? want.data() : h.data(), want.data(), n);
        new_of<NnDsp>(ctx).gru_gates(gx.data(), gh.data(), in_place ? got.data() : h.data(), got.data(), n);
        const std::string what = "n " + std::to_string(n) + ", amplitude " + std::to_string(amplitude) +
                                 (in_place ? ", in place" : "");
        for (int i = 0; i < n; i++) {
          const double limit = gru_limit(gx.data(), gh.data(), h.data(), n, i);
          if (!(std::fabs(static_cast<double>(want.data()[i]) - got.data()[i]) <= limit)) {
            ctx.fail(kGruGates, what + ": unit " + std::to_string(i) + ": C " + std::to_string(want.data()[i]) +
                                    ", SIMD " + std::to_string(got.data()[i]) + " (limit " + std::to_string(limit) + ")");
            break;
          }
        }
        if (std::memcmp(want.data() + n, got.data() + n, kPad * sizeof(float)))
          ctx.fail(kGruGates, what + ": wrote past its output");
        if (!got.guard_intact()) ctx.fail(kGruGates, what + ": wrote before its output");
      }
  std::printf("ok");
  const int n = 96;
  std::vector<float> gx = uniform_vector(ctx.rng(), 3 * n, 4.0f), gh = uniform_vector(ctx.rng(), 3 * n, 4.0f);
  std::vector<float> h = uniform_vector(ctx.rng(), n, 1.0f), out(n);
  ctx.bench(kGruGates, "n96", [&] { c_of<NnDsp>(ctx).gru_gates(gx.data(), gh.data(), h.data(), out.data(), n); },
            [&] { new_of<NnDsp>(ctx).gru_gates(gx.data(), gh.data(), h.data(), out.data(), n); });
  std::printf("\n");
}

}  // namespace

void test_nn(Context& ctx) {
  check_conv3x3(ctx);
  check_conv1x1(ctx);
  check_depthwise3x3(ctx);
  check_space_to_depth2(ctx);
  check_depth_to_space2_add(ctx);
  check_gru_gates(ctx);
}

}  // namespace checkasm
