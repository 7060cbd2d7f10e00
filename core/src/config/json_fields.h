#pragma once
// Reads one JSON object's fields with their types checked: an error names the
// field's JSON path ("train.seed") and what was expected, and finish() reports
// any key that no field asked for (a misspelt "d_modle" is not ignored).

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <sstream>
#include <string>

namespace attn {

// A number as a configuration message shows it: the stream's shortest form
// ("0.1", "32"), so an integer field never reads "32.000000".
template <typename T>
std::string decimal(T value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

// Parses JSON text, refusing a key that appears twice in one object (the
// standard parser would silently keep one of them). Throws
// std::invalid_argument: "not valid JSON: …" or "<path>: appears twice".
nlohmann::json parse_json_strictly(const std::string& text);

class JsonFields {
 public:
  // `path` is the object's own path with a trailing dot ("train."), or empty
  // for the document. Throws std::invalid_argument when `value` is no object.
  JsonFields(const nlohmann::json& value, std::string path);

  // Each reads `key` when present and throws std::invalid_argument naming the
  // path when the value has another type or does not fit the target.
  void integer(const char* key, int& target);
  void integer(const char* key, std::int64_t& target);
  void integer(const char* key, std::uint64_t& target);  // also std::size_t (the same type here)
  void number(const char* key, double& target);
  void boolean(const char* key, bool& target);
  void text(const char* key, std::string& target);
  // A nested object, or nullopt when the key is absent.
  std::optional<JsonFields> object(const char* key);

  // Throws std::invalid_argument naming the first key nobody read.
  void finish() const;

 private:
  const nlohmann::json* find(const char* key);
  template <typename T>
  void read_integer(const char* key, T& target);

  const nlohmann::json& value_;
  std::string path_;
  std::set<std::string> read_;
};

}  // namespace attn
