// Reads the little-endian data files compiled into the library (filter banks,
// network weights), checking every read against the end.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace edgeav {

class ByteReader {
 public:
  ByteReader(const uint8_t* p, size_t n) : p_(p), end_(p + n) {}
  template <typename T>
  bool read(T* v, size_t count = 1) {
    const size_t bytes = sizeof(T) * count;
    if (static_cast<size_t>(end_ - p_) < bytes) return false;
    if (bytes == 0) return true;  // v may be an empty vector's null data(): memcpy must not see it
    std::memcpy(v, p_, bytes);  // the files are little-endian, as every target is
    p_ += bytes;
    return true;
  }
  bool done() const { return p_ == end_; }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

}  // namespace edgeav
