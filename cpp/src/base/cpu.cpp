#include "base/cpu.h"

#include <atomic>
#include <cstdlib>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
#define EDGEAV_X86 1
#if defined(_MSC_VER)
#include <intrin.h>
#else
#include <cpuid.h>
#endif
#endif

namespace edgeav {

const std::vector<CpuFlagName>& cpu_flag_names() {
  static const std::vector<CpuFlagName> names = {
      {kCpuSSE2, "sse2"}, {kCpuSSSE3, "ssse3"}, {kCpuSSE41, "sse41"},
      {kCpuAVX2, "avx2"}, {kCpuFMA, "fma"},     {kCpuNEON, "neon"},
  };
  return names;
}

#if EDGEAV_X86
static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]) {
#if defined(_MSC_VER)
  int out[4];
  __cpuidex(out, static_cast<int>(leaf), static_cast<int>(sub));
  for (int i = 0; i < 4; i++) r[i] = static_cast<uint32_t>(out[i]);
#else
  __cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
#endif
}

static uint64_t xgetbv0() {
#if defined(_MSC_VER)
  return _xgetbv(0);
#else
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (static_cast<uint64_t>(hi) << 32) | lo;
#endif
}

static uint32_t detect() {
  uint32_t r[4];
  cpuid(0, 0, r);
  const uint32_t max_leaf = r[0];
  cpuid(1, 0, r);
  const uint32_t ecx = r[2], edx = r[3];
  uint32_t flags = 0;
  if (edx & (1u << 26)) flags |= kCpuSSE2;
  if (ecx & (1u << 9)) flags |= kCpuSSSE3;
  if (ecx & (1u << 19)) flags |= kCpuSSE41;
  // AVX state must be enabled by the OS (OSXSAVE + XCR0 bits 1 and 2), or
  // YMM registers fault even though cpuid advertises AVX2.
  const bool osxsave = ecx & (1u << 27);
  const bool avx = ecx & (1u << 28);
  if (osxsave && avx && (xgetbv0() & 0x6) == 0x6 && max_leaf >= 7) {
    uint32_t l7[4];
    cpuid(7, 0, l7);
    if (l7[1] & (1u << 5)) flags |= kCpuAVX2;
    if (ecx & (1u << 12)) flags |= kCpuFMA;
  }
  return flags;
}
#elif defined(__aarch64__) || defined(_M_ARM64)
static uint32_t detect() { return kCpuNEON; }  // NEON is mandatory on ARMv8-A
#else
static uint32_t detect() { return 0; }
#endif

uint32_t cpu_detected() {
  static const uint32_t flags = detect();
  return flags;
}

static uint32_t initial_mask() {
  const char* env = std::getenv("EDGEAV_CPU_MASK");
  uint32_t mask = ~0u;
  std::string bad;
  // An unknown name in the variable is ignored rather than fatal: a process
  // must not fail to import because of a typo in the environment.
  if (env && *env && !parse_cpu_mask(env, &mask, &bad)) mask = ~0u;
  return mask;
}

// Atomic: set_cpu_mask may run while other threads read the mask.
static std::atomic<uint32_t>& mask_storage() {
  static std::atomic<uint32_t> mask{initial_mask()};
  return mask;
}

uint32_t cpu_mask() { return mask_storage().load(std::memory_order_acquire); }

void set_cpu_mask(uint32_t mask) { mask_storage().store(mask, std::memory_order_release); }

bool parse_cpu_mask(const std::string& text, uint32_t* mask, std::string* bad_name) {
  if (text == "all") {
    *mask = ~0u;
    return true;
  }
  uint32_t out = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find(',', pos);
    if (end == std::string::npos) end = text.size();
    const std::string name = text.substr(pos, end - pos);
    pos = end + 1;
    if (name.empty() || name == "none" || name == "c") continue;
    bool known = false;
    for (const auto& f : cpu_flag_names()) {
      if (name == f.name) {
        out |= f.flag;
        known = true;
      }
    }
    if (!known) {
      *bad_name = name;
      return false;
    }
  }
  *mask = out;
  return true;
}

std::string cpu_flags_to_string(uint32_t flags) {
  std::string s;
  for (const auto& f : cpu_flag_names()) {
    if (!(flags & f.flag)) continue;
    if (!s.empty()) s += ',';
    s += f.name;
  }
  return s;
}

const char* isa_name(uint32_t flags) {
  const char* best = "c";
  for (const auto& f : cpu_flag_names())
    if (flags & f.flag) best = f.flag == kCpuFMA ? "avx2" : f.name;  // FMA kernels are AVX2+FMA kernels
  return best;
}

}  // namespace edgeav
