#include "checkasm/checkasm.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>

#include "api/dsp_tables.h"
#include "base/cpu.h"
#include "convert/convert_dsp.h"
#include "convert/plane_dsp.h"

namespace checkasm {

namespace {

struct Totals {
  int tested = 0, failed = 0;
  std::map<std::string, std::set<size_t>> checked;    // module -> entries whose check() ran
  std::map<std::string, std::set<size_t>> has_simd;   // module -> entries with a SIMD version
  std::set<std::string> failed_names;
};
Totals totals;

double cpu_seconds() {
#if defined(CLOCK_THREAD_CPUTIME_ID)
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
#else
  return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
#endif
}

// Best of several runs of `reps` calls: the least disturbed by the machine.
double time_per_call(const std::function<void()>& call) {
  int reps = 1;
  for (;;) {
    const double t0 = cpu_seconds();
    for (int i = 0; i < reps; i++) call();
    if (cpu_seconds() - t0 > 0.002 || reps > (1 << 24)) break;
    reps *= 2;
  }
  double best = 1e30;
  for (int run = 0; run < 7; run++) {
    const double t0 = cpu_seconds();
    for (int i = 0; i < reps; i++) call();
    best = std::min(best, (cpu_seconds() - t0) / reps);
  }
  return best;
}

// A CPU with the newest ISA this build targets (AVX2 on x86, NEON on ARM):
// there every entry must have a SIMD version. Older x86 CPUs may lack one for
// kernels written for AVX2 only.
bool complete_isa(uint32_t flags) { return flags & (edgeav::kCpuAVX2 | edgeav::kCpuNEON); }

}  // namespace

void fill(Rng& rng, uint8_t* p, size_t n, Fill mode) {
  for (size_t i = 0; i < n; i++) {
    switch (mode) {
      case Fill::kZero: p[i] = 0; break;
      case Fill::kMax: p[i] = 255; break;
      case Fill::kExtremes: p[i] = (rng.next() & 1) ? 255 : 0; break;
      default: p[i] = static_cast<uint8_t>(rng.next());
    }
  }
}

Buffer::Buffer(size_t size, size_t align_offset)
    : bytes_(kGuard + align_offset + size), offset_(align_offset), size_(size) {
  for (size_t i = 0; i < bytes_.size(); i++) bytes_[i] = static_cast<uint8_t>(0xA5 ^ (i * 7));
}

const std::vector<int>& test_widths() {
  // Every width up to 66 (each remainder of every vector size, around two
  // vectors), then sizes around larger powers of two and real frame widths.
  static const std::vector<int> widths = [] {
    std::vector<int> w;
    for (int i = 1; i <= 66; i++) w.push_back(i);
    for (int i : {95, 96, 97, 127, 128, 129, 191, 255, 256, 257, 333, 640, 959, 960, 1023, 1920, 1921}) w.push_back(i);
    return w;
  }();
  return widths;
}

Context::Context(const edgeav::DspTableInfo& info, const void* c_table, const void* prev_table,
                 const void* new_table, const char* isa, Rng& rng, bool bench)
    : info_(info), c_table_(c_table), prev_table_(prev_table), new_table_(new_table), isa_(isa), rng_(rng),
      bench_(bench) {}

bool Context::check(size_t index) {
  totals.checked[info_.module].insert(index);
  const edgeav::AnyFn now = edgeav::dsp_entry(new_table_, index);
  if (now == edgeav::dsp_entry(c_table_, index)) return false;
  totals.has_simd[info_.module].insert(index);
  if (now == edgeav::dsp_entry(prev_table_, index)) return false;
  totals.tested++;
  std::printf("  %-16s %-8s ", name(index), isa_);
  std::fflush(stdout);
  return true;
}

void Context::fail(size_t index, const std::string& what) {
  const std::string key = std::string(name(index)) + "_" + isa_;
  if (totals.failed_names.insert(key).second) {
    totals.failed++;
    std::printf("\nFAILED %s: %s\n", key.c_str(), what.c_str());
  }
}

void Context::bench(size_t index, const std::string& config, const std::function<void()>& c_call,
                    const std::function<void()>& simd_call) {
  if (!bench_) return;
  const double c = time_per_call(c_call), s = time_per_call(simd_call);
  std::printf("\nBENCH %-14s %-6s %-12s C %9.1f ns  SIMD %8.1f ns  speed-up %5.2fx", name(index), isa_,
              config.c_str(), c * 1e9, s * 1e9, c / s);
}

}  // namespace checkasm

int main(int argc, char** argv) {
  using namespace checkasm;
  bool bench = false;
  uint64_t seed = static_cast<uint64_t>(std::time(nullptr));
  for (int i = 1; i < argc; i++) {
    const std::string a = argv[i];
    if (a == "--bench") bench = true;
    else if (a.rfind("--seed=", 0) == 0) seed = std::strtoull(a.c_str() + 7, nullptr, 10);
    else {
      std::fprintf(stderr, "usage: checkasm [--bench] [--seed=N]\n");
      return 2;
    }
  }
  const uint32_t flags = edgeav::cpu_flags();
  std::printf("checkasm: seed %llu, cpu flags [%s]\n", static_cast<unsigned long long>(seed),
              edgeav::cpu_flags_to_string(flags).c_str());

  const std::map<std::string, ModuleTest> tests = {{"convert", test_convert}, {"plane", test_plane}, {"sr", test_sr}, {"adjust", test_adjust},
                                                   {"interp", test_interp},
                                                   {"audio_fft", test_audio_fft}, {"audio_spectral", test_audio_spectral},
                                                   {"audio_aec", test_audio_aec},
                                                   {"pixel", test_pixel}, {"h264_mc", test_h264_mc},
                                                   {"h264_dct", test_h264_dct}, {"h264_deblock", test_h264_deblock},
                                                   {"h264_predict", test_h264_predict}, {"nn", test_nn}};
  for (const edgeav::DspTableInfo* info : edgeav::all_dsp_tables()) {
    auto it = tests.find(info->module);
    if (it == tests.end()) {
      std::printf("FAILED: DSP table '%s' has no checkasm test\n", info->module);
      totals.failed++;
      continue;
    }
    std::printf("%s:\n", info->module);
    const size_t bytes = info->entry_count * sizeof(edgeav::AnyFn);
    std::vector<edgeav::AnyFn> c(info->entry_count), prev(info->entry_count), now(info->entry_count);
    info->init(c.data(), 0);
    std::memcpy(prev.data(), c.data(), bytes);
    uint32_t level = 0;
    for (const auto& f : edgeav::cpu_flag_names()) {
      if (!(flags & f.flag)) continue;
      level |= f.flag;
      info->init(now.data(), level);
      Rng rng(seed);
      Context ctx(*info, c.data(), prev.data(), now.data(), f.name, rng, bench);
      it->second(ctx);
      std::memcpy(prev.data(), now.data(), bytes);
    }
    if (level == 0) {  // no SIMD allowed: still walk the test so coverage is checked
      Rng rng(seed);
      Context ctx(*info, c.data(), c.data(), c.data(), "c", rng, false);
      it->second(ctx);
    }
    for (size_t i = 0; i < info->entry_count; i++) {
      if (!totals.checked[info->module].count(i)) {
        std::printf("FAILED: %s.%s is never checked\n", info->module, info->entry_names[i]);
        totals.failed++;
      } else if (complete_isa(flags) && !totals.has_simd[info->module].count(i)) {
        std::printf("FAILED: %s.%s has no SIMD version for [%s]\n", info->module, info->entry_names[i],
                    edgeav::cpu_flags_to_string(flags).c_str());
        totals.failed++;
      }
    }
  }
  std::printf("checkasm: %d SIMD functions tested, %d failed\n", totals.tested, totals.failed);
  return totals.failed ? 1 : 0;
}
