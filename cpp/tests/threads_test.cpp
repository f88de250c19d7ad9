// Threads and set_cpu_mask (base/dsp_table.h). While one thread keeps
// changing the CPU mask:
//  - every lookup inside a DspCallScope returns the table of the scope's flags,
//    a complete one (no torn table), the same at the start and the end of a call;
//  - encoders, super-resolution, convert and adjust in parallel threads give
//    exactly their single-threaded output (their C and SIMD kernels are
//    bit-exact, so the mask may not matter);
//  - the 3A processor, whose float kernels differ between ISAs, gives exactly
//    the output of a single-threaded replay in which each frame runs on the
//    flags its call was pinned to: a frame mixing ISAs would not match.
// Built plain, with ThreadSanitizer (data races) and with ASan + UBSan
// (tests/test_threads.py). Usage: threads_test [rounds]
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "api/dsp_tables.h"
#include "audio/aec/aec_dsp.h"
#include "audio/fft/fft_dsp.h"
#include "audio/processor.h"
#include "audio/volume_equalizer.h"
#include "audio/spectral_dsp.h"
#include "base/cpu.h"
#include "base/dsp_table.h"
#include "convert/convert.h"
#include "convert/convert_dsp.h"
#include "convert/plane_dsp.h"
#include "enhance/adjust.h"
#include "enhance/adjust_dsp.h"
#include "enhance/frame_interpolator.h"
#include "enhance/interp_dsp.h"
#include "enhance/quality_enhancer.h"
#include "enhance/sr_dsp.h"
#include "nn/nn_dsp.h"
#include "enhance/super_resolution.h"
#include "video/h264/dsp/dct_dsp.h"
#include "video/h264/dsp/deblock_dsp.h"
#include "video/h264/dsp/mc_dsp.h"
#include "pixel/pixel_dsp.h"
#include "video/h264/dsp/predict_dsp.h"
#include "video/h264/encoder.h"

using namespace edgeav;

namespace {

constexpr double kPi = 3.14159265358979323846;
std::atomic<int> failures{0};

void expect(bool ok, const char* what, int detail = -1) {
  if (ok) return;
  if (failures++ < 20) std::printf("FAILED %s (%d)\n", what, detail);
}

// The masks the toggler cycles through: none, all, and partial sets.
const uint32_t kMasks[] = {0u, ~0u, kCpuSSE2, kCpuSSE2 | kCpuSSSE3, ~0u & ~kCpuAVX2, kCpuNEON};

// Changes the process's CPU mask as fast as it can until destroyed.
class MaskToggler {
 public:
  MaskToggler() : thread_([this] { run(); }) {}
  ~MaskToggler() {
    stop_ = true;
    thread_.join();
    apply_cpu_mask(~0u);
  }

 private:
  void run() {
    for (size_t i = 0; !stop_; i++) {
      apply_cpu_mask(kMasks[i % (sizeof kMasks / sizeof kMasks[0])]);
      std::this_thread::yield();
    }
  }
  std::atomic<bool> stop_{false};
  std::thread thread_;  // last: starts once stop_ exists
};

struct Accessor {
  const DspTableInfo& info;
  const void* (*current)();  // what the library's code calls through now
};

std::vector<Accessor> accessors() {
  return {
      {convert_dsp_info(), [] { return static_cast<const void*>(&convert_dsp()); }},
      {plane_dsp_info(), [] { return static_cast<const void*>(&plane_dsp()); }},
      {sr_dsp_info(), [] { return static_cast<const void*>(&sr_dsp()); }},
      {adjust_dsp_info(), [] { return static_cast<const void*>(&adjust_dsp()); }},
      {interp_dsp_info(), [] { return static_cast<const void*>(&interp_dsp()); }},
      {audio::fft_dsp_info(), [] { return static_cast<const void*>(&audio::fft_dsp()); }},
      {audio::spectral_dsp_info(), [] { return static_cast<const void*>(&audio::spectral_dsp()); }},
      {audio::aec_dsp_info(), [] { return static_cast<const void*>(&audio::aec_dsp()); }},
      {pixel_dsp_info(), [] { return static_cast<const void*>(&pixel_dsp()); }},
      {h264::mc_dsp_info(), [] { return static_cast<const void*>(&h264::mc_dsp()); }},
      {h264::dct_dsp_info(), [] { return static_cast<const void*>(&h264::dct_dsp()); }},
      {h264::deblock_dsp_info(), [] { return static_cast<const void*>(&h264::deblock_dsp()); }},
      {h264::predict_dsp_info(), [] { return static_cast<const void*>(&h264::predict_dsp()); }},
      {nn::nn_dsp_info(), [] { return static_cast<const void*>(&nn::nn_dsp()); }},
  };
}

bool same_entries(const DspTableInfo& info, const void* table, uint32_t flags) {
  std::vector<AnyFn> fresh(info.entry_count);
  info.init(fresh.data(), flags);
  return std::memcmp(table, fresh.data(), info.entry_count * sizeof(AnyFn)) == 0;
}

void test_lookups(int rounds) {
  const std::vector<Accessor> tables = accessors();
  expect(tables.size() == all_dsp_tables().size(), "every table of all_dsp_tables() is checked");
  {
    MaskToggler toggler;
    auto reader = [&] {
      for (int i = 0; i < 300 * rounds; i++) {
        {
          const DspCallScope scope;
          const uint32_t flags = dsp_call_flags();
          expect((flags & ~cpu_detected()) == 0, "pinned flags are flags the CPU has");
          for (const Accessor& a : tables) {
            const void* t = a.current();
            expect(t == a.info.table_for(flags), "a lookup in a call uses the call's flags");
            expect(same_entries(a.info, t, flags), "a table holds exactly its flags' versions");
          }
          std::this_thread::yield();  // the mask changes meanwhile
          for (const Accessor& a : tables)
            expect(a.current() == a.info.table_for(flags), "a call's tables stay the same to its end");
        }
        // Outside a call: some mask's complete table.
        for (const Accessor& a : tables) {
          const void* t = a.current();
          bool known = false;
          for (uint32_t m : kMasks) known |= t == a.info.table_for(m & cpu_detected());
          expect(known, "an unpinned lookup returns one mask's table");
        }
      }
    };
    std::thread a(reader), b(reader);
    a.join();
    b.join();
  }
  // Scopes nest (an inner one keeps the outer flags); an explicit pin drops what the CPU lacks.
  apply_cpu_mask(~0u);
  {
    const DspCallScope outer(0);
    {
      const DspCallScope inner;
      expect(dsp_call_flags() == 0, "an inner scope keeps the outer flags");
    }
    apply_cpu_mask(kCpuSSE2);
    expect(dsp_call_flags() == 0, "set_cpu_mask does not move a pinned call");
  }
  expect(dsp_call_flags() == cpu_flags(), "after the call, lookups follow the mask");
  {
    const DspCallScope all(~0u);
    expect(dsp_call_flags() == cpu_detected(), "an explicit pin is limited to the CPU's flags");
  }
  apply_cpu_mask(~0u);
}

// --- objects ------------------------------------------------------------------------------------

struct Picture420 {
  int w, h;
  std::vector<uint8_t> y, u, v;
  Picture420(int width, int height) : w(width), h(height), y(w * h), u(w * h / 4), v(w * h / 4) {}
  Image image() { return Image{EAV_FORMAT_I420, w, h, {y.data(), u.data(), v.data()}, {w, w / 2, w / 2}}; }
};

// A textured picture moving by (3, 1) pixels a frame, with noise.
Picture420 moving(int w, int h, int t) {
  Picture420 p(w, h);
  uint32_t seed = 777u + static_cast<uint32_t>(t);
  for (int r = 0; r < h; r++)
    for (int c = 0; c < w; c++) {
      seed = seed * 1664525u + 1013904223u;
      const int x = c + 3 * t, yy = r + t;
      p.y[r * w + c] = static_cast<uint8_t>(((x * 7) ^ (yy * 5)) + (x * yy) / 64 + (seed >> 29));
    }
  for (int r = 0; r < h / 2; r++)
    for (int c = 0; c < w / 2; c++) {
      p.u[r * (w / 2) + c] = static_cast<uint8_t>(128 + ((c + t) % 32) - 16);
      p.v[r * (w / 2) + c] = static_cast<uint8_t>(128 + ((r * 3 + c) % 40) - 20);
    }
  return p;
}

using Stream = std::vector<std::vector<uint8_t>>;

// Encodes `frames` pictures; pin >= 0 pins every frame to those flags.
Stream encode_clip(const h264::EncoderConfig& config, int frames, int64_t pin = -1) {
  std::unique_ptr<h264::Encoder> enc;
  expect(h264::Encoder::create(config, &enc).ok(), "encoder create");
  Stream out;
  if (!enc) return out;
  const int mbw = (config.width + 15) / 16, mbh = (config.height + 15) / 16;
  std::vector<int8_t> roi(mbw * mbh);
  for (size_t i = 0; i < roi.size(); i++) roi[i] = static_cast<int8_t>(static_cast<int>(i % 7) - 3);
  for (int t = 0; t < frames; t++) {
    Picture420 p = moving(config.width, config.height, t);
    if (t == frames / 2) enc->reconfigure(config.bitrate_kbps / 2, 0);
    h264::EncodedFrame f;
    std::unique_ptr<DspCallScope> scope(pin >= 0 ? new DspCallScope(static_cast<uint32_t>(pin)) : nullptr);
    expect(enc->encode(p.image(), t % 5 == 2 ? roi.data() : nullptr, mbw, t == 7, &f).ok(), "encode");
    out.emplace_back(f.data, f.data + f.size);
  }
  return out;
}

// A voice-like near end (harmonics, syllables), its far end's echo and noise.
void audio_signals(int rate, int channels, int frames, std::vector<float>* far, std::vector<float>* near) {
  const int n = rate / 100 * frames;
  far->assign(static_cast<size_t>(n) * channels, 0.0f);
  near->assign(static_cast<size_t>(n) * channels, 0.0f);
  uint32_t seed = 99u;
  std::vector<float> far_mono(n);
  for (int i = 0; i < n; i++) {
    const double t = static_cast<double>(i) / rate;
    const double env = std::fmax(0.0, std::sin(2 * kPi * 3.3 * t));
    double s = 0;
    for (int k = 1; k < 8; k++) s += std::sin(2 * kPi * 170 * k * t) / k;
    far_mono[i] = static_cast<float>(0.2 * env * s);
  }
  for (int i = 0; i < n; i++) {
    const double t = static_cast<double>(i) / rate;
    seed = seed * 1664525u + 1013904223u;
    const double noise = (static_cast<double>(seed >> 8) / (1 << 24) - 0.5) * 0.004;
    double voice = 0;
    for (int k = 1; k < 6; k++) voice += std::sin(2 * kPi * 115 * k * t) / (k * k);
    voice *= 0.15 * std::fmax(0.0, std::sin(2 * kPi * 2.1 * t + 1.0)) * (t > 0.5);
    const int d = i - rate / 20;  // 50 ms echo
    const double echo = d >= 0 ? 0.4 * far_mono[d] : 0.0;
    for (int c = 0; c < channels; c++) {
      (*far)[static_cast<size_t>(i) * channels + c] = far_mono[i];
      (*near)[static_cast<size_t>(i) * channels + c] = static_cast<float>((voice + echo + noise) * (1.0 - 0.1 * c));
    }
  }
}

// Runs the processor over the signals; pins(i) >= 0 pins frame i (far and near) to those flags.
template <typename Pins>
std::vector<float> process_audio(int rate, int channels, int frames, Pins pins) {
  std::vector<float> far, near;
  audio_signals(rate, channels, frames, &far, &near);
  audio::ProcessorConfig c;
  c.sample_rate = rate, c.channels = channels;
  std::unique_ptr<audio::Processor> apm;
  expect(audio::Processor::create(c, &apm).ok(), "audio create");
  std::vector<float> out(near.size());
  if (!apm) return out;
  const int hop = rate / 100;
  for (int i = 0; i < frames; i++) {
    const int64_t pin = pins(i);
    std::unique_ptr<DspCallScope> scope(pin >= 0 ? new DspCallScope(static_cast<uint32_t>(pin)) : nullptr);
    const size_t at = static_cast<size_t>(i) * hop * channels;
    expect(apm->process_reverse(far.data() + at, hop).ok(), "process_reverse");
    expect(apm->process(near.data() + at, out.data() + at, hop).ok(), "process");
  }
  return out;
}

int64_t pattern(int i) { return i % 3 == 0 ? 0 : int64_t{~0u}; }  // C on every third frame
int64_t unpinned(int) { return -1; }
int64_t all_c(int) { return 0; }
int64_t all_simd(int) { return int64_t{~0u}; }

// Super-resolution x2 of gray and I420, then convert to RGB and adjust.
std::vector<uint8_t> enhance_pass(int t) {
  Picture420 p = moving(66, 50, t);
  std::vector<uint8_t> result;
  SrConfig c;
  c.scale = 2.0;
  std::unique_ptr<SuperResolution> sr;
  expect(SuperResolution::create(c, &sr).ok(), "sr create");
  if (!sr) return result;
  Picture420 up(132, 100);
  expect(sr->process(p.image(), up.image()).ok(), "sr process");
  std::vector<uint8_t> rgb(132 * 100 * 3);
  const Image rgb_image{EAV_FORMAT_RGB24, 132, 100, {rgb.data(), nullptr, nullptr}, {132 * 3, 0, 0}};
  expect(convert_image(up.image(), rgb_image, YuvMatrix::kBT709, false).ok(), "convert");
  Picture420 back(132, 100);
  expect(convert_image(rgb_image, back.image(), YuvMatrix::kBT601, true).ok(), "convert back");
  AdjustStream adjust;
  expect(adjust.configure(0.1, 1.3, 1.7, 30.0).ok(), "adjust configure");
  expect(adjust.process(back.image(), back.image()).ok(), "adjust");
  std::vector<uint8_t> half(66 * 50);
  expect(downscale2_plane(back.y.data(), 132, 132, 100, half.data(), 66).ok(), "downscale2");
  for (auto* v : {&up.y, &up.u, &up.v, &rgb, &back.y, &back.u, &back.v, &half}) result.insert(result.end(), v->begin(), v->end());
  return result;
}

// Each entry point of the internal layer pins its call (one outermost DspCallScope per call).
void test_entry_points_pin() {
  auto pins = [](const char* what, auto&& call) {
    const uint64_t before = dsp_calls_pinned();
    call();
    expect(dsp_calls_pinned() == before + 1, what);
    if (dsp_calls_pinned() != before + 1) std::printf("  (%s opened %d scopes)\n", what, int(dsp_calls_pinned() - before));
  };
  Picture420 p = moving(64, 48, 0), big(128, 96);
  h264::EncoderConfig ec;
  ec.width = 64, ec.height = 48;
  std::unique_ptr<h264::Encoder> enc;
  expect(h264::Encoder::create(ec, &enc).ok(), "encoder create");
  h264::EncodedFrame f;
  std::vector<uint8_t> sink;
  pins("Encoder::encode", [&] { enc->encode(p.image(), nullptr, 0, false, &f); });
  pins("Encoder::encode_into", [&] { enc->encode_into(p.image(), nullptr, 0, false, &sink, &f); });
  std::unique_ptr<audio::Processor> apm;
  expect(audio::Processor::create(audio::ProcessorConfig{}, &apm).ok(), "audio create");
  std::vector<float> x(160, 0.01f), y(160);
  std::vector<int16_t> xs(160, 100), ys(160);
  pins("Processor::process_reverse", [&] { apm->process_reverse(x.data(), 160); });
  pins("Processor::process_reverse (int16)", [&] { apm->process_reverse(xs.data(), 160); });
  pins("Processor::process", [&] { apm->process(x.data(), y.data(), 160); });
  pins("Processor::process (int16)", [&] { apm->process(xs.data(), ys.data(), 160); });
  audio::VolumeEqualizerConfig vc;
  vc.sample_rate = 16000;
  std::unique_ptr<audio::VolumeEqualizer> veq;
  expect(audio::VolumeEqualizer::create(vc, &veq).ok(), "volume equalizer create");
  pins("VolumeEqualizer::process", [&] { veq->process(x.data(), y.data(), 160); });
  pins("VolumeEqualizer::process (int16)", [&] { veq->process(xs.data(), ys.data(), 160); });
  SrConfig sc;
  sc.scale = 2.0, sc.contrast = 1.2;  // with the eq stage (adjust) inside: still one scope
  std::unique_ptr<SuperResolution> sr;
  expect(SuperResolution::create(sc, &sr).ok(), "sr create");
  pins("SuperResolution::process", [&] { sr->process(p.image(), big.image()); });
  sc.professional = true, sc.contrast = 1.0;  // the network's kernels inside: still one scope
  expect(SuperResolution::create(sc, &sr).ok(), "professional sr create");
  pins("SuperResolution::process (professional)", [&] { sr->process(p.image(), big.image()); });
  std::unique_ptr<QualityEnhancer> enhancer;
  expect(QualityEnhancer::create(1.0, 30.0, &enhancer).ok(), "enhancer create");
  pins("QualityEnhancer::process", [&] { enhancer->process(p.image(), p.image()); });
  std::unique_ptr<FrameInterpolator> interpolator;
  expect(FrameInterpolator::create(30.0, &interpolator).ok(), "interpolator create");
  Picture420 q = moving(64, 48, 1), mid(64, 48);
  pins("FrameInterpolator::process", [&] { interpolator->process(p.image(), q.image(), 0.5, mid.image()); });
  std::vector<uint8_t> rgb(64 * 48 * 3);
  const Image rgb_image{EAV_FORMAT_RGB24, 64, 48, {rgb.data(), nullptr, nullptr}, {64 * 3, 0, 0}};
  pins("convert_image", [&] { convert_image(p.image(), rgb_image, YuvMatrix::kBT601, false); });
  AdjustStream adjust;
  expect(adjust.configure(0.1, 1.2, 1.0, 30.0).ok(), "adjust configure");
  pins("AdjustStream::process", [&] { adjust.process(p.image(), p.image()); });
  pins("downscale2_plane", [&] { downscale2_plane(big.y.data(), 128, 128, 96, p.y.data(), 64); });
}

void test_objects(int rounds) {
  apply_cpu_mask(~0u);
  h264::EncoderConfig configs[2];
  configs[0].width = 96, configs[0].height = 64, configs[0].bitrate_kbps = 300;
  configs[1].width = 82, configs[1].height = 50, configs[1].bitrate_kbps = 200;  // cropped, source copy
  configs[1].speed = h264::Speed::kSlow, configs[1].rc = h264::RateControl::kVbr;
  const int frames = 12, audio_frames = 60;

  // References, one thread, no mask changes.
  Stream ref_video[2];
  for (int k = 0; k < 2; k++) {
    ref_video[k] = encode_clip(configs[k], frames);
    expect(encode_clip(configs[k], frames, 0) == ref_video[k], "H.264: C and SIMD streams are identical", k);
  }
  const int rates[2] = {16000, 48000}, chans[2] = {1, 2};
  std::vector<float> ref_audio[2];
  for (int k = 0; k < 2; k++) {
    ref_audio[k] = process_audio(rates[k], chans[k], audio_frames, pattern);
    if (process_audio(rates[k], chans[k], audio_frames, all_c) == process_audio(rates[k], chans[k], audio_frames, all_simd))
      std::printf("note: the C and SIMD audio paths agree bit for bit here, so a mixed frame would not show\n");
  }
  std::vector<uint8_t> ref_enhance[3];
  for (int t = 0; t < 3; t++) ref_enhance[t] = enhance_pass(t);
  {
    const DspCallScope c_only(0);
    for (int t = 0; t < 3; t++) expect(enhance_pass(t) == ref_enhance[t], "SR/convert/adjust: C equals SIMD", t);
  }

  // The same work in parallel threads while the mask keeps changing.
  MaskToggler toggler;
  std::vector<std::thread> threads;
  for (int k = 0; k < 2; k++)
    threads.emplace_back([&, k] {
      for (int r = 0; r < rounds; r++) expect(encode_clip(configs[k], frames) == ref_video[k], "encoder stream", k);
    });
  for (int k = 0; k < 2; k++)
    threads.emplace_back([&, k] {
      for (int r = 0; r < rounds; r++) {
        expect(process_audio(rates[k], chans[k], audio_frames, pattern) == ref_audio[k], "audio: pinned frames", k);
        // Unpinned: each frame takes the mask of its start; C and SIMD agree within float tolerance.
        const std::vector<float> loose = process_audio(rates[k], chans[k], audio_frames, unpinned);
        float worst = 0;
        for (size_t i = 0; i < loose.size(); i++) worst = std::fmax(worst, std::fabs(loose[i] - ref_audio[k][i]));
        expect(worst < 1e-3f, "audio: unpinned frames within tolerance", k);
      }
    });
  threads.emplace_back([&] {
    for (int r = 0; r < rounds; r++)
      for (int t = 0; t < 3; t++) expect(enhance_pass(t) == ref_enhance[t], "SR/convert/adjust output", t);
  });
  for (std::thread& t : threads) t.join();
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 3;
  test_lookups(rounds);
  test_entry_points_pin();
  test_objects(rounds);
  std::printf("threads_test: %s (%d failures, %d rounds, cpu %s)\n", failures ? "FAILED" : "ok", failures.load(),
              rounds, cpu_flags_to_string(cpu_detected()).c_str());
  return failures ? 1 : 0;
}
