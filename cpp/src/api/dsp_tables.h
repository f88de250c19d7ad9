// Every DSP table of the library, for set_cpu_mask, `edgeav info` and checkasm.
#pragma once
#include <cstdint>
#include <vector>

#include "base/dsp_table.h"

namespace edgeav {

const std::vector<const DspTableInfo*>& all_dsp_tables();

// Sets the CPU mask and re-initialises every live table under it.
void apply_cpu_mask(uint32_t mask);

}  // namespace edgeav
