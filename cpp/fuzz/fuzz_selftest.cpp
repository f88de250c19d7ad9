// A harness with deliberate bugs, for tests/test_fuzz.py to show that
// tools/fuzz.sh fails a run on each kind of report: an input starting with
// "!A" reads past a heap buffer, "!L" leaks, "!U" overflows a signed int,
// "!T" never returns. libFuzzer finds these two-byte prefixes within seconds.
#include <cstddef>
#include <cstdint>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2 || data[0] != '!') return 0;
  switch (data[1]) {
    case 'A': {
      char* buffer = new char[size];
      std::memcpy(buffer, data, size);
      const volatile char past = buffer[size];  // one byte past the end
      (void)past;
      delete[] buffer;
      return 0;
    }
    case 'L': {
      volatile char* lost = new char[64];
      lost[0] = 1;
      return 0;
    }
    case 'U': {
      volatile int big = 0x7fffffff;
      big = big + static_cast<int>(size);  // signed overflow
      return 0;
    }
    case 'T':
      for (volatile unsigned spin = 0;; spin = spin + 1u) {
      }
    default: return 0;
  }
}
