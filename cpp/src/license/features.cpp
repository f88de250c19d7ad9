#include "license/features.h"

#include <cstring>

namespace edgeav {

namespace {

constexpr FeatureInfo kFeatures[] = {
    {Feature::kVideoEncoder, "video_encoder", Product::kVideo, Edition::kStandard},
    {Feature::kVideoTemporalLayers, "video_temporal_layers", Product::kVideo, Edition::kProfessional},
    {Feature::kVideoLtr, "video_ltr", Product::kVideo, Edition::kProfessional},
    {Feature::kVideoHighProfile, "video_high_profile", Product::kVideo, Edition::kProfessional},
    {Feature::kAudioAec, "aec", Product::kAudio, Edition::kStandard},
    {Feature::kAudioAgc, "agc", Product::kAudio, Edition::kStandard},
    {Feature::kAudioAns, "ans", Product::kAudio, Edition::kStandard},
    {Feature::kAudioMusicMode, "aec_music_mode", Product::kAudio, Edition::kProfessional},
    {Feature::kAudioVolumeEqualization, "volume_equalization", Product::kAudio, Edition::kProfessional},
    {Feature::kAudioAiNoiseReduction, "ai_noise_reduction", Product::kAudio, Edition::kProfessional},
    {Feature::kAudioEncoding, "audio_encoding", Product::kAudio, Edition::kPremium},
    {Feature::kAudioAiCodec, "ai_codec", Product::kAudio, Edition::kPremium},
    {Feature::kSrStandard, "super_resolution_standard", Product::kEnhance, Edition::kStandard},
    {Feature::kEnhanceAdjust, "enhancement_parameters", Product::kEnhance, Edition::kStandard},
    {Feature::kSrProfessional, "super_resolution_professional", Product::kEnhance, Edition::kProfessional},
    {Feature::kAiEnhancement, "ai_enhancement", Product::kEnhance, Edition::kProfessional},
    {Feature::kFrameInterpolation, "frame_interpolation", Product::kEnhance, Edition::kPremium},
};
static_assert(sizeof(kFeatures) / sizeof(kFeatures[0]) == static_cast<size_t>(Feature::kCount), "one row per feature");

constexpr const char* kProducts[] = {"video", "audio", "enhance"};
constexpr const char* kEditions[] = {"none", "standard", "professional", "premium"};

}  // namespace

const FeatureInfo& feature_info(Feature f) { return kFeatures[static_cast<size_t>(f)]; }

const FeatureInfo* find_feature(const char* name) {
  for (const FeatureInfo& f : kFeatures)
    if (std::strcmp(f.name, name) == 0) return &f;
  return nullptr;
}

const char* product_name(Product p) { return kProducts[static_cast<size_t>(p)]; }
const char* edition_name(Edition e) { return kEditions[static_cast<size_t>(e)]; }

bool parse_product(const char* name, Product* out) {
  for (size_t i = 0; i < static_cast<size_t>(Product::kCount); i++)
    if (std::strcmp(kProducts[i], name) == 0) return *out = static_cast<Product>(i), true;
  return false;
}

bool parse_edition(const char* name, Edition* out) {
  for (size_t i = 1; i < 4; i++)  // "none" is not an edition a license grants
    if (std::strcmp(kEditions[i], name) == 0) return *out = static_cast<Edition>(i), true;
  return false;
}

}  // namespace edgeav
