// checkasm: every SIMD version of every DSP table entry against its C
// reference, on random input, bit-exactly; with --bench, the speed-up.
//
// A module test receives the C table and the table initialised for one ISA
// level; for each entry it calls check(index) and, when that returns true (the
// entry is new at this level), runs the C and the SIMD version on the same
// input and compares. The harness fails an entry that a module test never
// checks, and, on a CPU that has the ISA, one that has no SIMD version at all.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "base/dsp_table.h"

namespace checkasm {

class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed ? seed : 1) {}
  uint32_t next() {  // xorshift64*
    s_ ^= s_ >> 12, s_ ^= s_ << 25, s_ ^= s_ >> 27;
    return static_cast<uint32_t>((s_ * 0x2545F4914F6CDD1DULL) >> 32);
  }
  int range(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<uint32_t>(hi - lo + 1)); }

 private:
  uint64_t s_;
};

// How input bytes are drawn: uniform, or the extremes that overflow careless
// fixed-point arithmetic.
enum class Fill { kRandom, kZero, kMax, kExtremes, kCount };
void fill(Rng& rng, uint8_t* p, size_t n, Fill mode);

// A byte buffer whose allocation ends exactly where the data ends, so
// AddressSanitizer sees a SIMD over-read past the last row, and whose
// guard bytes before the data reveal a stray write.
class Buffer {
 public:
  static constexpr size_t kGuard = 64;
  Buffer(size_t size, size_t align_offset);
  uint8_t* data() { return bytes_.data() + kGuard + offset_; }
  size_t size() const { return size_; }
  std::vector<uint8_t>& all() { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
  size_t offset_, size_;
};

class Context {
 public:
  Context(const edgeav::DspTableInfo& info, const void* c_table, const void* prev_table, const void* new_table,
          const char* isa, Rng& rng, bool bench);
  // True when entry `index` has a new version at this ISA level: test it.
  bool check(size_t index);
  const char* name(size_t index) const { return info_.entry_names[index]; }
  Rng& rng() { return rng_; }
  const void* c_table() const { return c_table_; }
  const void* new_table() const { return new_table_; }
  // Records a mismatch for the entry being checked; `what` describes the input.
  void fail(size_t index, const std::string& what);
  // With --bench: times `c_call` and `simd_call` (each one call of the kernel on
  // the same data) in CPU time and prints the speed-up.
  void bench(size_t index, const std::string& config, const std::function<void()>& c_call,
             const std::function<void()>& simd_call);
  bool benching() const { return bench_; }

 private:
  const edgeav::DspTableInfo& info_;
  const void *c_table_, *prev_table_, *new_table_;
  const char* isa_;
  Rng& rng_;
  bool bench_;
};

template <typename Table>
const Table& c_of(const Context& ctx) { return *static_cast<const Table*>(ctx.c_table()); }
template <typename Table>
const Table& new_of(const Context& ctx) { return *static_cast<const Table*>(ctx.new_table()); }

using ModuleTest = void (*)(Context& ctx);
struct Module {
  const edgeav::DspTableInfo* info;
  ModuleTest test;
};
// Defined by each module file.
void test_convert(Context& ctx);
void test_plane(Context& ctx);
void test_sr(Context& ctx);
void test_adjust(Context& ctx);
void test_interp(Context& ctx);
void test_audio_fft(Context& ctx);
void test_audio_spectral(Context& ctx);
void test_audio_aec(Context& ctx);
void test_pixel(Context& ctx);
void test_h264_mc(Context& ctx);
void test_h264_dct(Context& ctx);
void test_h264_deblock(Context& ctx);
void test_h264_predict(Context& ctx);
void test_nn(Context& ctx);

// Widths every row kernel is tried at: tiny, odd, around every vector size, large.
const std::vector<int>& test_widths();

}  // namespace checkasm
