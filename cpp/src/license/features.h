// The edition table of ../shared/PRODUCT.md: every feature, its product line
// and the lowest edition that grants it. Gating a new feature is one row here.
#pragma once
#include <cstdint>

namespace edgeav {

enum class Product : uint8_t { kVideo, kAudio, kEnhance, kCount };
enum class Edition : uint8_t { kNone, kStandard, kProfessional, kPremium };

enum class Feature : uint8_t {
  kVideoEncoder,
  kVideoTemporalLayers,
  kVideoLtr,
  kVideoHighProfile,
  kAudioAec,
  kAudioAgc,
  kAudioAns,
  kAudioMusicMode,
  kAudioVolumeEqualization,
  kAudioAiNoiseReduction,
  kAudioEncoding,
  kAudioAiCodec,
  kSrStandard,
  kEnhanceAdjust,
  kSrProfessional,
  kAiEnhancement,
  kFrameInterpolation,
  kCount,
};

struct FeatureInfo {
  Feature feature;
  const char* name;  // as in messages and the Python API
  Product product;
  Edition minimum;
};

const FeatureInfo& feature_info(Feature f);
const FeatureInfo* find_feature(const char* name);
const char* product_name(Product p);
const char* edition_name(Edition e);
bool parse_product(const char* name, Product* out);
bool parse_edition(const char* name, Edition* out);

}  // namespace edgeav
