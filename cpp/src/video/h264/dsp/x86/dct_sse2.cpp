#include "video/h264/dsp/dct_dsp.h"

namespace edgeav {
namespace h264 {

void dct_dsp_init_sse2(DctDsp*) {}

}  // namespace h264
}  // namespace edgeav
