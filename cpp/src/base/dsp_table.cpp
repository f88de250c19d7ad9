#include "base/dsp_table.h"

#include "base/cpu.h"

namespace edgeav {

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
