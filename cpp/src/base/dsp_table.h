// A DSP table is a struct made only of function pointers (dav1d-style). This
// descriptor lets generic code (checkasm, `edgeav info`, set_cpu_mask) walk
// any table without knowing its types.
//
// Threads and set_cpu_mask: a table, once built, is never written again.
// There is one per set of CPU flags (built on first use, kept for the life of
// the process: at most a few per table type), so a thread may read one while
// another thread changes the mask, which only stores the new mask. Which set
// a lookup uses is pinned per call: every entry point of the internal layer
// (convert_image, Encoder::encode, Processor::process, ...) opens a
// DspCallScope, which fixes the flags of all lookups on its thread until the
// call returns. So one call runs one ISA everywhere, in every table, whatever
// set_cpu_mask does meanwhile, and the next call follows the new mask. The hot
// path stays cheap: a lookup is a thread-local read and an acquire load, made
// once per frame or plane, never per pixel.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "base/cpu.h"

namespace edgeav {

using AnyFn = void (*)();

struct DspTableInfo {
  const char* module;
  const char* const* entry_names;  // one per function pointer, in struct order
  size_t entry_count;
  // Fills `table` for the given CPU flags: C first, then every SIMD version allowed.
  void (*init)(void* table, uint32_t flags);
  // The library's (immutable) table for these flags, built on first use.
  const void* (*table_for)(uint32_t flags);
};

inline AnyFn dsp_entry(const void* table, size_t i) {
  AnyFn fn;
  std::memcpy(&fn, static_cast<const char*>(table) + i * sizeof(AnyFn), sizeof fn);
  return fn;
}

// Pins the CPU flags of every DSP table lookup on this thread until it is
// destroyed: to cpu_flags() as it is now, or to `flags` (less what the CPU
// lacks). Scopes nest; an inner scope keeps the outer one's flags, so a call
// that calls another entry point stays on one set.
class DspCallScope {
 public:
  DspCallScope();
  explicit DspCallScope(uint32_t flags);
  ~DspCallScope();
  DspCallScope(const DspCallScope&) = delete;
  DspCallScope& operator=(const DspCallScope&) = delete;
};

// A set of CPU flags and its dense index (one bit per flag of cpu_flag_names()).
struct DspFlagSet {
  uint32_t flags;
  size_t index;
};
constexpr size_t kDspFlagSets = 256;
size_t dsp_flag_set_index(uint32_t flags);

// The flags this thread's lookups use now: the pinned ones inside a
// DspCallScope (their index computed once per call), else cpu_flags().
DspFlagSet dsp_call_flag_set();
inline uint32_t dsp_call_flags() { return dsp_call_flag_set().flags; }
// How many outermost DspCallScopes this thread has opened (tests check that
// every entry point opens one).
uint64_t dsp_calls_pinned();

// The table of type Table for a set of flags: built once, then only read.
template <typename Table, void (*Init)(Table*, uint32_t)>
const Table& dsp_table_for(DspFlagSet set) {
  static std::atomic<const Table*> built[kDspFlagSets];  // zero-initialised: none built yet
  std::atomic<const Table*>& slot = built[set.index];
  const Table* table = slot.load(std::memory_order_acquire);
  if (table) return *table;
  Table* fresh = new Table;  // kept for the life of the process, like a static table
  Init(fresh, set.flags);
  if (slot.compare_exchange_strong(table, fresh, std::memory_order_acq_rel, std::memory_order_acquire))
    return *fresh;
  delete fresh;  // another thread published the same table first
  return *table;
}

template <typename Table, void (*Init)(Table*, uint32_t)>
const Table& dsp_table_for(uint32_t flags) {
  return dsp_table_for<Table, Init>(DspFlagSet{flags, dsp_flag_set_index(flags)});
}

// The table the library calls through: the one for this call's flags.
template <typename Table, void (*Init)(Table*, uint32_t)>
const Table& live_dsp_table() {
  return dsp_table_for<Table, Init>(dsp_call_flag_set());
}

// The descriptor of a table type; `names` has one entry per function pointer.
template <typename Table, void (*Init)(Table*, uint32_t), size_t N>
const DspTableInfo& dsp_table_info(const char* module, const char* const (&names)[N]) {
  static_assert(sizeof(Table) == N * sizeof(AnyFn), "one name per function pointer");
  static const DspTableInfo info = {
      module, names, N, [](void* t, uint32_t flags) { Init(static_cast<Table*>(t), flags); },
      [](uint32_t flags) -> const void* { return &dsp_table_for<Table, Init>(flags); }};
  return info;
}

// The ISA flag whose version entry i uses under `flags` (found by
// re-initialising with growing flag sets); 0 when it is the C version.
uint32_t dsp_entry_isa(const DspTableInfo& info, size_t i, uint32_t flags);

}  // namespace edgeav

// Declares the table-size check shared by every table: the struct must hold
// exactly `count` function pointers and nothing else.
#define EDGEAV_DSP_TABLE_SIZE_CHECK(Type, count) \
  static_assert(sizeof(Type) == (count) * sizeof(::edgeav::AnyFn), #Type " must hold only function pointers")
