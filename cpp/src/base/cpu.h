// CPU feature detection and the process-wide mask that restricts which SIMD
// paths the DSP tables may use (for tests and benchmarks comparing paths).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace edgeav {

enum CpuFlag : uint32_t {
  kCpuSSE2 = 1u << 0,
  kCpuSSSE3 = 1u << 1,
  kCpuSSE41 = 1u << 2,
  kCpuAVX2 = 1u << 3,  // set only when the OS saves YMM state (xgetbv)
  kCpuFMA = 1u << 4,
  kCpuNEON = 1u << 8,
};

struct CpuFlagName {
  CpuFlag flag;
  const char* name;
};
// Every flag this build knows, in ascending ISA order.
const std::vector<CpuFlagName>& cpu_flag_names();

uint32_t cpu_detected();   // what the hardware and OS support
uint32_t cpu_mask();       // what the user allows (initially EDGEAV_CPU_MASK or all)
inline uint32_t cpu_flags() { return cpu_detected() & cpu_mask(); }

// Only records the mask (atomically); calls into the library that start later
// use it (base/dsp_table.h), calls already running keep theirs.
void set_cpu_mask(uint32_t mask);

// Parses "sse2,avx2" (or "none", or "all") into a mask; returns false on an unknown name.
bool parse_cpu_mask(const std::string& text, uint32_t* mask, std::string* bad_name);
std::string cpu_flags_to_string(uint32_t flags);

// The name of the best ISA among `flags` (e.g. "avx2"), or "c".
const char* isa_name(uint32_t flags);

}  // namespace edgeav
