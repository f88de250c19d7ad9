// Every DSP table of the library, for set_cpu_mask, `edgeav info` and checkasm.
#pragma once
#include <cstdint>
#include <vector>

#include "base/dsp_table.h"

namespace edgeav {

const std::vector<const DspTableInfo*>& all_dsp_tables();

// Sets the CPU mask for the calls that start from now on (one already running
// keeps its tables: base/dsp_table.h) and builds every table for it.
void apply_cpu_mask(uint32_t mask);

}  // namespace edgeav
