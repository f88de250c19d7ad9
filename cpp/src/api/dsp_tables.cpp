#include "api/dsp_tables.h"

#include "base/cpu.h"
#include "convert/convert_dsp.h"
#include "convert/plane_dsp.h"
#include "enhance/adjust_dsp.h"
#include "enhance/sr_dsp.h"

namespace edgeav {

const std::vector<const DspTableInfo*>& all_dsp_tables() {
  static const std::vector<const DspTableInfo*> tables = {&convert_dsp_info(), &plane_dsp_info(), &sr_dsp_info(), &adjust_dsp_info()};
  return tables;
}

void apply_cpu_mask(uint32_t mask) {
  set_cpu_mask(mask);
  for (const DspTableInfo* t : all_dsp_tables()) t->init(t->live, cpu_flags());
}

}  // namespace edgeav
