// A DSP table is a struct made only of function pointers (dav1d-style). This
// descriptor lets generic code (checkasm, `edgeav info`, set_cpu_mask) walk
// any table without knowing its types.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

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

// The ISA flag whose version entry i uses under `flags` (found by
// re-initialising with growing flag sets); 0 when it is the C version.
uint32_t dsp_entry_isa(const DspTableInfo& info, size_t i, uint32_t flags);

}  // namespace edgeav

// Declares the table-size check shared by every table: the struct must hold
// exactly `count` function pointers and nothing else.
#define EDGEAV_DSP_TABLE_SIZE_CHECK(Type, count) \
  static_assert(sizeof(Type) == (count) * sizeof(::edgeav::AnyFn), #Type " must hold only function pointers")
