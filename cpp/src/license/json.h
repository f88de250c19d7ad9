// A small strict JSON reader for license payloads: objects, arrays, strings,
// integers, booleans, null. Duplicate keys, trailing bytes, fractions and
// nesting deeper than 8 are errors: a signed payload has one meaning.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace edgeav {

struct JsonValue {
  enum class Type { kNull, kBool, kInt, kString, kArray, kObject } type = Type::kNull;
  bool boolean = false;
  int64_t integer = 0;
  std::string string;
  std::vector<JsonValue> array;
  std::map<std::string, JsonValue> object;

  const JsonValue* get(const std::string& key) const {
    auto it = object.find(key);
    return it == object.end() ? nullptr : &it->second;
  }
};

bool parse_json(const std::string& text, JsonValue* out, std::string* error);

}  // namespace edgeav
