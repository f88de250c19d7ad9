// A DSP table is a struct made only of function pointers (dav1d-style). This
// descriptor lets generic code (checkasm, `edgeav info`, set_cpu_mask) walk
// any table without knowing its types.
#pragma once
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
  void* live;  // the table the library calls through
};

inline AnyFn dsp_entry(const void* table, size_t i) {
  AnyFn fn;
  std::memcpy(&fn, static_cast<const char*>(table) + i * sizeof(AnyFn), sizeof fn);
  return fn;
}

// The table the library calls through, initialised on first use for the
// current CPU flags (set_cpu_mask re-initialises it through its descriptor).
template <typename Table, void (*Init)(Table*, uint32_t)>
Table& live_dsp_table() {
  static Table table = [] {
    Table t;
    Init(&t, cpu_flags());
    return t;
  }();
  return table;
}

// The descriptor of a table type; `names` has one entry per function pointer.
template <typename Table, void (*Init)(Table*, uint32_t), size_t N>
const DspTableInfo& dsp_table_info(const char* module, const char* const (&names)[N]) {
  static_assert(sizeof(Table) == N * sizeof(AnyFn), "one name per function pointer");
  static const DspTableInfo info = {module, names, N,
                                    [](void* t, uint32_t flags) { Init(static_cast<Table*>(t), flags); },
                                    &live_dsp_table<Table, Init>()};
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
