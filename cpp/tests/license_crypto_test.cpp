// Standalone test of the license crypto primitives: SHA-512 against the
// published FIPS 180 example digests and Ed25519 verification against the
// RFC 8032 section 7.1 vectors, plus the rejection rules of RFC 8032
// sections 5.1.3 and 5.1.7 (tampered data, non-canonical S, invalid points).
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "license/ed25519.h"
#include "license/sha512.h"

namespace {

int g_passed = 0;
int g_failed = 0;

void check(bool ok, const std::string& what) {
  if (ok) {
    ++g_passed;
  } else {
    ++g_failed;
    std::printf("FAIL: %s\n", what.c_str());
  }
}

std::vector<uint8_t> unhex(const char* hex) {
  std::vector<uint8_t> out;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
  };
  for (size_t i = 0; hex[i] && hex[i + 1]; i += 2) {
    out.push_back(static_cast<uint8_t>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  }
  return out;
}

std::string hex_of(const uint8_t* data, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += kDigits[data[i] >> 4];
    s += kDigits[data[i] & 15];
  }
  return s;
}

std::string sha512_hex(const std::string& text) {
  uint8_t digest[64];
  edgeav::sha512(reinterpret_cast<const uint8_t*>(text.data()), text.size(), digest);
  return hex_of(digest, 64);
}

// ------------------------------------------------------------------ SHA-512

void test_sha512() {
  check(sha512_hex("") ==
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
            "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
        "sha512(\"\")");
  check(sha512_hex("abc") ==
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        "sha512(\"abc\")");
  const std::string two_blocks =
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
      "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
  check(sha512_hex(two_blocks) ==
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
            "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
        "sha512(896-bit message)");

  const char* kMillionA =
      "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
      "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b";
  const std::string million(1000000, 'a');
  check(sha512_hex(million) == kMillionA, "sha512(1,000,000 x 'a') one-shot");

  // Incremental: odd chunk sizes straddle the 128-byte block boundaries.
  edgeav::Sha512 hash;
  const uint8_t* p = reinterpret_cast<const uint8_t*>(million.data());
  size_t done = 0;
  for (size_t chunk = 1; done < million.size(); chunk = chunk % 300 + 7) {
    const size_t n = chunk < million.size() - done ? chunk : million.size() - done;
    hash.update(p + done, n);
    done += n;
  }
  uint8_t digest[64];
  hash.finish(digest);
  check(hex_of(digest, 64) == kMillionA, "sha512(1,000,000 x 'a') incremental");

  // Every length around the padding boundaries (111, 112, 127, 128, ...):
  // byte-at-a-time must equal one-shot.
  bool all_equal = true;
  std::string msg;
  for (int len = 0; len <= 260; ++len) {
    edgeav::Sha512 h;
    for (char c : msg) {
      const uint8_t b = static_cast<uint8_t>(c);
      h.update(&b, 1);
    }
    uint8_t d[64];
    h.finish(d);
    if (hex_of(d, 64) != sha512_hex(msg)) all_equal = false;
    msg += static_cast<char>('0' + len % 10);
  }
  check(all_equal, "sha512 byte-at-a-time == one-shot for lengths 0..260");
}

// ------------------------------------------------------------------ Ed25519

struct Vector {
  const char* name;
  const char* public_key;
  const char* message;
  const char* signature;
};

// RFC 8032 section 7.1.
const Vector kVectors[] = {
    {"TEST 1",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
     "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"TEST 2",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
     "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"TEST 3",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
     "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
     "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    {"TEST 1024",
     "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
     "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98"
     "fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf73be84d8"
     "79de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
     "658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc"
     "1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4fe"
     "ba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
     "06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbef"
     "efd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7"
     "aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
     "85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2"
     "d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24"
     "554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
     "88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc"
     "2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b07"
     "07e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
     "b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51a"
     "ddd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2af58429e"
     "c96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
     "51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c"
     "42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8"
     "ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
     "f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08"
     "d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649"
     "de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
     "88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a3"
     "2ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e"
     "6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
     "b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b5"
     "0d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef1"
     "369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
     "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c"
     "0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00a0b9d0",
     "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350"
     "aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03"},
    {"TEST SHA(abc)",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
     "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"},
};

struct Decoded {
  std::vector<uint8_t> pk, msg, sig;
};

Decoded decode(const Vector& v) {
  return Decoded{unhex(v.public_key), unhex(v.message), unhex(v.signature)};
}

bool verify(const std::vector<uint8_t>& sig, const std::vector<uint8_t>& msg,
            const std::vector<uint8_t>& pk) {
  return edgeav::ed25519_verify(sig.data(), msg.empty() ? nullptr : msg.data(), msg.size(),
                                pk.data());
}

// Flips each bit of `field` in turn; returns how many flips still verified.
int accepted_flips(Decoded d, std::vector<uint8_t> Decoded::*field) {
  int accepted = 0;
  std::vector<uint8_t>& bytes = d.*field;
  for (size_t bit = 0; bit < bytes.size() * 8; ++bit) {
    bytes[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    if (verify(d.sig, d.msg, d.pk)) ++accepted;
    bytes[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  }
  return accepted;
}

// Little-endian 256-bit a += b (the caller keeps the sum below 2^256).
void add_le256(uint8_t* a, const uint8_t* b) {
  unsigned carry = 0;
  for (int i = 0; i < 32; ++i) {
    carry += static_cast<unsigned>(a[i]) + b[i];
    a[i] = static_cast<uint8_t>(carry);
    carry >>= 8;
  }
}

const char* kOrderLHex = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
// p = 2^255 - 19, little-endian.
const char* kPrimeHex = "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";

void test_ed25519_vectors() {
  for (const Vector& v : kVectors) {
    const Decoded d = decode(v);
    const std::string name = v.name;
    check(verify(d.sig, d.msg, d.pk), name + " verifies");
    check(accepted_flips(d, &Decoded::sig) == 0, name + ": every signature bit flip rejected");
    check(accepted_flips(d, &Decoded::pk) == 0, name + ": every public key bit flip rejected");
    check(accepted_flips(d, &Decoded::msg) == 0, name + ": every message bit flip rejected");

    Decoded longer = d;
    longer.msg.push_back(0);
    check(!verify(longer.sig, longer.msg, longer.pk), name + ": appended byte rejected");
  }
}

void test_non_canonical_s() {
  const std::vector<uint8_t> l = unhex(kOrderLHex);
  for (const Vector& v : kVectors) {
    Decoded d = decode(v);
    // S + L is the same scalar mod L (so [S]B is unchanged) and still fits
    // in 256 bits: it must be refused as a non-canonical encoding.
    add_le256(d.sig.data() + 32, l.data());
    check(!verify(d.sig, d.msg, d.pk), std::string(v.name) + ": S + L rejected");
  }
  Decoded d = decode(kVectors[1]);
  std::memcpy(d.sig.data() + 32, l.data(), 32);
  check(!verify(d.sig, d.msg, d.pk), "S == L rejected");
  std::memset(d.sig.data() + 32, 0xff, 32);
  check(!verify(d.sig, d.msg, d.pk), "S == 2^256 - 1 rejected");
}

void test_invalid_points() {
  const Decoded d = decode(kVectors[0]);
  std::vector<uint8_t> pk;

  pk = unhex(kPrimeHex);  // y = p, a non-canonical encoding of y = 0
  check(!verify(d.sig, d.msg, pk), "public key y == p rejected");
  pk[0] = 0xee;  // y = p + 1, non-canonical encoding of the identity's y = 1
  check(!verify(d.sig, d.msg, pk), "public key y == p + 1 rejected");
  pk.assign(32, 0xff);
  pk[31] = 0x7f;  // y = 2^255 - 1
  check(!verify(d.sig, d.msg, pk), "public key y == 2^255 - 1 rejected");

  pk.assign(32, 0);
  pk[0] = 1;
  pk[31] = 0x80;  // y = 1 gives x = 0: the sign bit may not be set
  check(!verify(d.sig, d.msg, pk), "public key x = 0 with sign bit rejected");
  pk = unhex(kPrimeHex);
  pk[0] = 0xec;
  pk[31] = 0xff;  // y = p - 1 (x = 0 again) with the sign bit
  check(!verify(d.sig, d.msg, pk), "public key (0, -1) with sign bit rejected");

  pk.assign(32, 0);
  pk[0] = 2;  // y = 2: (y^2 - 1) / (d y^2 + 1) is not a square
  check(!verify(d.sig, d.msg, pk), "public key off the curve rejected");

  // The same rules for R, with an otherwise intact signature.
  const Decoded t2 = decode(kVectors[1]);
  std::vector<uint8_t> sig = unhex(kPrimeHex);  // R = p's encoding, then the vector's S
  sig.insert(sig.end(), t2.sig.begin() + 32, t2.sig.end());
  sig[0] = 0xee;  // R = encoding of y = p + 1
  check(!verify(sig, t2.msg, t2.pk), "R with y >= p rejected");
  std::memset(sig.data(), 0, 32);
  sig[0] = 1;
  sig[31] = 0x80;
  check(!verify(sig, t2.msg, t2.pk), "R with x = 0 and sign bit rejected");
}

}  // namespace

int main() {
  test_sha512();
  test_ed25519_vectors();
  test_non_canonical_s();
  test_invalid_points();
  std::printf("license_crypto_test: %d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
