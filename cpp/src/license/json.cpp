#include "license/json.h"

namespace edgeav {

namespace {

class Parser {
 public:
  explicit Parser(const std::string& s) : s_(s) {}

  bool document(JsonValue* out) {
    if (!value(out, 0)) return false;
    skip_space();
    return pos_ == s_.size() || fail("trailing bytes");
  }
  const std::string& error() const { return error_; }

 private:
  bool fail(const char* what) {
    error_ = std::string(what) + " at byte " + std::to_string(pos_);
    return false;
  }
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) pos_++;
  }
  bool literal(const char* word) {
    const std::string w = word;
    if (s_.compare(pos_, w.size(), w) != 0) return fail("bad literal");
    pos_ += w.size();
    return true;
  }

  bool value(JsonValue* out, int depth) {
    if (depth > 8) return fail("nesting too deep");
    skip_space();
    if (pos_ >= s_.size()) return fail("unexpected end");
    const char c = s_[pos_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') return out->type = JsonValue::Type::kString, string(&out->string);
    if (c == 't') return out->type = JsonValue::Type::kBool, out->boolean = true, literal("true");
    if (c == 'f') return out->type = JsonValue::Type::kBool, out->boolean = false, literal("false");
    if (c == 'n') return out->type = JsonValue::Type::kNull, literal("null");
    return integer(out);
  }

  bool integer(JsonValue* out) {
    const size_t start = pos_;
    if (pos_ < s_.size() && s_[pos_] == '-') pos_++;
    const size_t digits = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') pos_++;
    const size_t n = pos_ - digits;
    if (n == 0 || n > 18 || (n > 1 && s_[digits] == '0')) return fail("bad integer");
    if (pos_ < s_.size() && (s_[pos_] == '.' || s_[pos_] == 'e' || s_[pos_] == 'E')) return fail("fractions are not accepted");
    out->type = JsonValue::Type::kInt;
    out->integer = std::stoll(s_.substr(start, pos_ - start));
    return true;
  }

  bool string(std::string* out) {
    pos_++;  // opening quote
    out->clear();
    while (pos_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[pos_++]);
      if (c == '"') return true;
      if (c < 0x20) return fail("control character in string");
      if (c != '\\') {
        out->push_back(static_cast<char>(c));
        continue;
      }
      if (pos_ >= s_.size()) break;
      const char e = s_[pos_++];
      switch (e) {
        case '"': case '\\': case '/': out->push_back(e); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          unsigned long code = 0;
          for (int i = 0; i < 4; i++, pos_++) {
            if (pos_ >= s_.size()) return fail("bad escape");
            const char h = s_[pos_];
            const int v = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                          : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (v < 0) return fail("bad escape");
            code = code * 16 + static_cast<unsigned long>(v);
          }
          if (code >= 0xD800 && code <= 0xDFFF) return fail("surrogates are not accepted");
          if (code < 0x80) {
            out->push_back(static_cast<char>(code));
          } else if (code < 0x800) {
            out->push_back(static_cast<char>(0xC0 | (code >> 6)));
            out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
          } else {
            out->push_back(static_cast<char>(0xE0 | (code >> 12)));
            out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
            out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
          }
          break;
        }
        default: return fail("bad escape");
      }
    }
    return fail("unterminated string");
  }

  bool array(JsonValue* out, int depth) {
    out->type = JsonValue::Type::kArray;
    pos_++;
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == ']') return pos_++, true;
    for (;;) {
      out->array.emplace_back();
      if (!value(&out->array.back(), depth + 1)) return false;
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') { pos_++; continue; }
      if (pos_ < s_.size() && s_[pos_] == ']') return pos_++, true;
      return fail("expected , or ]");
    }
  }

  bool object(JsonValue* out, int depth) {
    out->type = JsonValue::Type::kObject;
    pos_++;
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '}') return pos_++, true;
    for (;;) {
      skip_space();
      std::string key;
      if (pos_ >= s_.size() || s_[pos_] != '"' || !string(&key)) return error_.empty() ? fail("expected a key") : false;
      skip_space();
      if (pos_ >= s_.size() || s_[pos_++] != ':') return fail("expected :");
      JsonValue v;
      if (!value(&v, depth + 1)) return false;
      if (!out->object.emplace(key, std::move(v)).second) return fail("duplicate key");
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') { pos_++; continue; }
      if (pos_ < s_.size() && s_[pos_] == '}') return pos_++, true;
      return fail("expected , or }");
    }
  }

  const std::string& s_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

bool parse_json(const std::string& text, JsonValue* out, std::string* error) {
  Parser p(text);
  *out = JsonValue();
  if (p.document(out)) return true;
  *error = p.error();
  return false;
}

}  // namespace edgeav
