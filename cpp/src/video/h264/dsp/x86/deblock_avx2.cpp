#include "video/h264/dsp/deblock_dsp.h"

namespace edgeav {
namespace h264 {

void deblock_dsp_init_avx2(DeblockDsp*) {}

}  // namespace h264
}  // namespace edgeav
