#include "api/dsp_tables.h"

#include "audio/aec/aec_dsp.h"
#include "audio/fft/fft_dsp.h"
#include "audio/spectral_dsp.h"
#include "base/cpu.h"
#include "convert/convert_dsp.h"
#include "convert/plane_dsp.h"
#include "enhance/adjust_dsp.h"
#include "enhance/interp_dsp.h"
#include "enhance/sr_dsp.h"
#include "nn/nn_dsp.h"
#include "pixel/pixel_dsp.h"
#include "video/h264/dsp/dct_dsp.h"
#include "video/h264/dsp/deblock_dsp.h"
#include "video/h264/dsp/mc_dsp.h"
#include "video/h264/dsp/predict_dsp.h"

namespace edgeav {

const std::vector<const DspTableInfo*>& all_dsp_tables() {
  static const std::vector<const DspTableInfo*> tables = {&convert_dsp_info(), &plane_dsp_info(), &sr_dsp_info(), &adjust_dsp_info(),
                                                                &interp_dsp_info(),
                                                                &audio::fft_dsp_info(), &audio::spectral_dsp_info(), &audio::aec_dsp_info(),
                                                                &pixel_dsp_info(), &h264::mc_dsp_info(),
                                                                &h264::dct_dsp_info(), &h264::deblock_dsp_info(),
                                                                &h264::predict_dsp_info(), &nn::nn_dsp_info()};
  return tables;
}

void apply_cpu_mask(uint32_t mask) {
  set_cpu_mask(mask);
  // Tables are never rewritten (a call in flight may be reading them); the new
  // mask's are built here, so that no frame's path has to allocate them.
  for (const DspTableInfo* t : all_dsp_tables()) t->table_for(cpu_flags());
}

}  // namespace edgeav
