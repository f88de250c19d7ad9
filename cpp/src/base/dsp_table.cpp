#include "base/dsp_table.h"

#include <cstdlib>

#include "base/cpu.h"

namespace edgeav {

namespace {

// The pin of this thread's DspCallScopes: depth 0 means none.
struct CallPin {
  int depth = 0;
  DspFlagSet set = {0, 0};
  uint64_t calls = 0;  // outermost scopes opened
};
thread_local CallPin call_pin;

}  // namespace

DspCallScope::DspCallScope() : DspCallScope(cpu_flags()) {}

DspCallScope::DspCallScope(uint32_t flags) {
  CallPin& pin = call_pin;
  if (pin.depth++ == 0) {
    flags &= cpu_detected();
    pin.set = DspFlagSet{flags, dsp_flag_set_index(flags)};
    pin.calls++;
  }
}

DspCallScope::~DspCallScope() { call_pin.depth--; }

DspFlagSet dsp_call_flag_set() {
  const CallPin& pin = call_pin;
  if (pin.depth) return pin.set;
  const uint32_t flags = cpu_flags();
  return DspFlagSet{flags, dsp_flag_set_index(flags)};
}

uint64_t dsp_calls_pinned() { return call_pin.calls; }

size_t dsp_flag_set_index(uint32_t flags) {
  size_t index = 0, bit = 0;
  for (const auto& f : cpu_flag_names()) {
    if (flags & f.flag) index |= size_t{1} << bit;
    bit++;
  }
  if (bit > 8) std::abort();  // more flags than kDspFlagSets has room for: raise it
  return index;
}

uint32_t dsp_entry_isa(const DspTableInfo& info, size_t i, uint32_t flags) {
  std::vector<AnyFn> table(info.entry_count);
  info.init(table.data(), 0);
  AnyFn previous = table[i];
  uint32_t allowed = 0, isa = 0;
  for (const auto& f : cpu_flag_names()) {
    if (!(flags & f.flag)) continue;
    allowed |= f.flag;
    info.init(table.data(), allowed);
    if (table[i] != previous) isa = f.flag, previous = table[i];
  }
  return isa;
}

}  // namespace edgeav
