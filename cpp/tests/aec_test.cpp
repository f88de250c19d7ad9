// The echo canceller on synthetic echo paths: pink noise played through a
// random decaying impulse response behind a bulk delay must be cancelled
// (ERLE > 20 dB once converged) with the delay found within 10 ms, at every
// rate, with no hint; a room's path must be cancelled within two seconds and
// again within 1.5 s after it changes; after a far end that arrives in
// bursts, goes missing and carries NaN it must recover; with no far end the
// near end passes.
// Prints one line per case and "N passed, M failed".
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <string>
#include <vector>

#include "audio/aec/echo_canceller.h"

namespace {

using edgeav::audio::EchoCanceller;

struct Rng {
  uint64_t s;
  double uniform() {  // [0, 1)
    s ^= s >> 12, s ^= s << 25, s ^= s >> 27;
    return static_cast<double>((s * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0;
  }
  double gauss() { return std::sqrt(-2.0 * std::log(1.0 - uniform())) * std::cos(6.283185307179586 * uniform()); }
};

// Pink-ish noise (Paul Kellett's economy filter) at roughly `rms`.
std::vector<float> pink(Rng& rng, size_t n, double rms) {
  std::vector<float> x(n);
  double b0 = 0, b1 = 0, b2 = 0;
  for (size_t i = 0; i < n; i++) {
    const double w = rng.gauss();
    b0 = 0.99765 * b0 + w * 0.0990460;
    b1 = 0.96300 * b1 + w * 0.2965164;
    b2 = 0.57000 * b2 + w * 1.0526913;
    x[i] = static_cast<float>(rms * (b0 + b1 + b2 + w * 0.1848) / 3.0);
  }
  return x;
}

// A room-like echo path: `delay` samples of nothing, a direct tap, then
// exponentially decaying random reflections over `length` samples, starting
// at `reflections` times the direct tap.
std::vector<double> echo_path(Rng& rng, int delay, int length, double decay_samples, double gain,
                              double reflections = 0.4) {
  std::vector<double> h(static_cast<size_t>(delay + length), 0.0);
  h[delay] = gain;
  for (int i = 1; i < length; i++) h[delay + i] = reflections * gain * rng.gauss() * std::exp(-i / decay_samples);
  return h;
}

std::vector<float> convolve(const std::vector<float>& x, const std::vector<double>& h) {
  std::vector<float> y(x.size());
  std::vector<int> taps;
  for (size_t j = 0; j < h.size(); j++)
    if (h[j] != 0.0) taps.push_back(static_cast<int>(j));
  for (size_t i = 0; i < x.size(); i++) {
    double s = 0;
    for (int j : taps)
      if (static_cast<size_t>(j) <= i) s += h[j] * x[i - j];
    y[i] = static_cast<float>(s);
  }
  return y;
}

double energy(const std::vector<float>& x, size_t from, size_t to) {
  double e = 0;
  for (size_t i = from; i < to && i < x.size(); i++) e += static_cast<double>(x[i]) * x[i];
  return e;
}

int passed = 0, failed = 0;
void report(bool ok, const std::string& what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
  (ok ? passed : failed)++;
}

// Runs far/near through a canceller, frame by frame; `feed` may withhold or
// batch the far frames (frame index -> how many far frames to give now).
template <typename Feed>
std::vector<float> run(EchoCanceller& aec, const std::vector<float>& far, const std::vector<float>& near, Feed feed) {
  const int f = aec.frame_size();
  const size_t frames = near.size() / f;
  std::vector<float> out(near.begin(), near.begin() + frames * f);
  size_t given = 0;
  for (size_t i = 0; i < frames; i++) {
    const int count = feed(i);
    for (int c = 0; c < count && given < frames; c++, given++) aec.analyze_render(&far[given * f]);
    aec.process_capture(&out[i * f]);
  }
  return out;
}

// ERLE over [from, to) of the input, the output compensated by the latency.
double erle_db(const std::vector<float>& near, const std::vector<float>& out, size_t from, size_t to, int latency) {
  return 10.0 * std::log10(energy(near, from, to) / (energy(out, from + latency, to + latency) + 1e-20));
}

void converges(int rate, double delay_ms) {
  Rng rng{0x1234u + static_cast<uint64_t>(rate) + static_cast<uint64_t>(delay_ms)};
  const size_t n = static_cast<size_t>(rate) * 8;
  const std::vector<float> far = pink(rng, n, 0.1);
  const int delay = static_cast<int>(delay_ms * rate / 1000);
  const std::vector<double> h = echo_path(rng, delay, rate / 10, rate * 0.02, 0.5);
  std::vector<float> near = convolve(far, h);
  const std::vector<float> noise = pink(rng, n, 3e-5);
  for (size_t i = 0; i < n; i++) near[i] += noise[i];
  EchoCanceller aec(rate);
  const std::vector<float> out = run(aec, far, near, [](size_t) { return 1; });
  const double erle = erle_db(near, out, n - 3 * rate, n - rate, aec.latency_samples());
  const auto s = aec.stats();
  char line[200];
  std::snprintf(line, sizeof line, "%d Hz, delay %.0f ms: ERLE %.1f dB (> 20), delay estimate %.1f ms", rate,
                delay_ms, erle, s.delay_ms);
  report(erle > 20.0 && std::fabs(s.delay_ms - delay_ms) <= 10.0 && s.converged, line);
}

// Convergence speed and an echo path change: a room's path (a direct tap
// 3 dB above its reverberation, which decays with an RT60 of about 0.3 s)
// must be cancelled by more than 20 dB in the third second already; then the
// loudspeaker moves (a new path, the same delay) and the echo must be
// cancelled by more than 20 dB again from 1.5 s after the change on.
void converges_fast_and_follows(int rate) {
  Rng rng{0x5151u + static_cast<uint64_t>(rate)};
  const size_t n = static_cast<size_t>(rate) * 13 / 2, change = static_cast<size_t>(rate) * 4;
  const std::vector<float> far = pink(rng, n, 0.1);
  const int delay = rate * 60 / 1000;
  // Reflections a * exp(-i / d) carry a^2 d / 2 of the direct tap's energy: half of it.
  const double decay = rate * 0.04, reflections = 1.0 / std::sqrt(decay);
  const std::vector<float> before = convolve(far, echo_path(rng, delay, rate * 3 / 25, decay, 0.5, reflections));
  const std::vector<float> after = convolve(far, echo_path(rng, delay, rate * 3 / 25, decay, 0.5, reflections));
  const std::vector<float> noise = pink(rng, n, 3e-5);
  std::vector<float> near(n);
  for (size_t i = 0; i < n; i++) near[i] = (i < change ? before[i] : after[i]) + noise[i];
  EchoCanceller aec(rate);
  const std::vector<float> out = run(aec, far, near, [](size_t) { return 1; });
  const int lat = aec.latency_samples();
  const size_t s = static_cast<size_t>(rate);
  const double early = erle_db(near, out, 2 * s, 3 * s, lat);
  const double again = erle_db(near, out, change + 3 * s / 2, change + 5 * s / 2, lat);
  char line[200];
  std::snprintf(line, sizeof line,
                "%d Hz, room path: ERLE %.1f dB in the third second, %.1f dB from 1.5 s after a path change (> 20 each)",
                rate, early, again);
  report(early > 20.0 && again > 20.0, line);
}

// Far frames in bursts (up to three frames early), then half a second in
// which the far end plays nothing and the app gives no far frames at all,
// then NaN and infinity in both streams: no crash, finite output, and the
// echo cancelled again afterwards.
void recovers(int rate) {
  Rng rng{77};
  const size_t n = static_cast<size_t>(rate) * 12;
  const int f = rate / 100;
  std::vector<float> far = pink(rng, n, 0.1);
  for (size_t i = 400 * static_cast<size_t>(f); i < 450 * static_cast<size_t>(f); i++) far[i] = 0.0f;
  const std::vector<double> h = echo_path(rng, rate / 20, rate / 10, rate * 0.02, 0.5);
  std::vector<float> near = convolve(far, h);
  for (int i = 0; i < f; i++) far[static_cast<size_t>(3 * rate) + i] = NAN, near[static_cast<size_t>(4 * rate) + i] = INFINITY;
  EchoCanceller aec(rate);
  // Frames 200-299: four far frames every fourth frame; 400-449: none (and
  // none owed: those frames are skipped).
  size_t given = 0;
  std::vector<float> out(near);
  for (size_t i = 0; i < n / f; i++) {
    int count = 1;
    if (i >= 200 && i < 300) count = i % 4 == 0 ? 4 : 0;
    if (i >= 400 && i < 450) count = 0, given = i + 1;
    for (int c = 0; c < count && given < n / f; c++, given++) aec.analyze_render(&far[given * f]);
    aec.process_capture(&out[i * f]);
  }
  bool finite = true;
  for (float v : out) finite = finite && std::isfinite(v);
  const double erle = erle_db(near, out, n - 3 * rate, n - rate, aec.latency_samples());
  char line[200];
  std::snprintf(line, sizeof line, "%d Hz, bursts, missing far end, NaN: finite output %s, ERLE after %.1f dB (> 20)",
                rate, finite ? "yes" : "no", erle);
  report(finite && erle > 20.0, line);
}

// Near-end noise alone (no far end): the output keeps its energy (within
// 1 dB), delayed by latency_samples().
void transparent(int rate) {
  Rng rng{5};
  const size_t n = static_cast<size_t>(rate) * 3;
  const std::vector<float> near = pink(rng, n, 0.05);
  const std::vector<float> far(n, 0.0f);
  EchoCanceller aec(rate);
  const std::vector<float> out = run(aec, far, near, [](size_t) { return 1; });
  const int lat = aec.latency_samples();
  double cross = 0, e_near = 0, e_out = 0;
  for (size_t i = static_cast<size_t>(rate); i + lat < out.size(); i++) {
    cross += static_cast<double>(near[i]) * out[i + lat];
    e_near += static_cast<double>(near[i]) * near[i];
    e_out += static_cast<double>(out[i + lat]) * out[i + lat];
  }
  const double level_db = 10.0 * std::log10(e_out / e_near), corr = cross / std::sqrt(e_near * e_out);
  char line[200];
  std::snprintf(line, sizeof line, "%d Hz, no far end: level %+.2f dB (within 1), correlation %.4f at latency %d (> 0.99)",
                rate, level_db, corr, lat);
  report(std::fabs(level_db) < 1.0 && corr > 0.99, line);
}

}  // namespace

int main() {
  for (int rate : {16000, 32000, 48000}) {
    // Above 16 kHz the filter models the band up to 8 kHz, and a band-limited
    // echo path is a sinc that reaches before its direct tap: it needs the
    // echo to come a little after the render (any device's converters and
    // air gap do), so the shortest delay tried there is 5 ms.
    for (double d : {rate == 16000 ? 0.0 : 5.0, 120.0, 250.0}) converges(rate, d);
    converges_fast_and_follows(rate);
    recovers(rate);
    transparent(rate);
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
