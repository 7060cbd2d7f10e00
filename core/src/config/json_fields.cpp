#include "config/json_fields.h"

#include <limits>
#include <stdexcept>
#include <vector>

namespace attn {
namespace {

std::string type_name(const nlohmann::json& value) {
  if (value.is_number_float()) return "the number " + value.dump();
  if (value.is_number()) return "the integer " + value.dump();
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "true/false";
  if (value.is_null()) return "null";
  if (value.is_array()) return "an array";
  return "an object";
}

}  // namespace

nlohmann::json parse_json_strictly(const std::string& text) {
  // One level per open object or array, each with the keys seen so far and
  // the latest one, so a key repeated in the same object is found while
  // parsing and named with its path.
  struct Level {
    std::set<std::string> keys;
    std::string key;
  };
  std::vector<Level> levels;
  std::string duplicate;
  auto watch = [&](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        levels.emplace_back();
        break;
      case Event::object_end:
      case Event::array_end:
        if (!levels.empty()) levels.pop_back();
        break;
      case Event::key: {
        if (levels.empty()) break;
        levels.back().key = parsed.get<std::string>();
        if (!levels.back().keys.insert(levels.back().key).second && duplicate.empty()) {
          for (const auto& level : levels) {
            if (!level.key.empty()) duplicate += (duplicate.empty() ? "" : ".") + level.key;
          }
        }
        break;
      }
      case Event::value:
        break;
    }
    return true;
  };
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text, watch);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::invalid_argument(std::string("not valid JSON: ") + e.what());
  }
  if (!duplicate.empty()) {
    throw std::invalid_argument(duplicate + ": appears twice in the same object; keep one");
  }
  return document;
}

JsonFields::JsonFields(const nlohmann::json& value, std::string path)
    : value_(value), path_(std::move(path)) {
  if (!value_.is_object()) {
    const std::string name = path_.empty() ? "the document" : path_.substr(0, path_.size() - 1);
    throw std::invalid_argument(name + ": expected an object of fields, got " + type_name(value_));
  }
}

const nlohmann::json* JsonFields::find(const char* key) {
  read_.insert(key);
  const auto found = value_.find(key);
  return found == value_.end() ? nullptr : &*found;
}

template <typename T>
void JsonFields::read_integer(const char* key, T& target) {
  const nlohmann::json* value = find(key);
  if (value == nullptr) return;
  const auto low = static_cast<long double>(std::numeric_limits<T>::min());
  const auto high = static_cast<long double>(std::numeric_limits<T>::max());
  auto refuse = [&](const std::string& got) {
    throw std::invalid_argument(path_ + key + ": expected an integer from " +
                                std::to_string(std::numeric_limits<T>::min()) + " to " +
                                std::to_string(std::numeric_limits<T>::max()) + ", got " + got);
  };
  if (value->is_number_unsigned()) {
    const auto number = value->get<std::uint64_t>();
    if (static_cast<long double>(number) > high) refuse(value->dump());
    target = static_cast<T>(number);
  } else if (value->is_number_integer()) {
    const auto number = value->get<std::int64_t>();
    if (static_cast<long double>(number) < low || static_cast<long double>(number) > high)
      refuse(value->dump());
    target = static_cast<T>(number);
  } else {
    refuse(type_name(*value));
  }
}

void JsonFields::integer(const char* key, int& target) { read_integer(key, target); }
void JsonFields::integer(const char* key, std::int64_t& target) { read_integer(key, target); }
void JsonFields::integer(const char* key, std::uint64_t& target) { read_integer(key, target); }

void JsonFields::number(const char* key, double& target) {
  const nlohmann::json* value = find(key);
  if (value == nullptr) return;
  if (!value->is_number())
    throw std::invalid_argument(path_ + key + ": expected a number, got " + type_name(*value));
  target = value->get<double>();
}

void JsonFields::boolean(const char* key, bool& target) {
  const nlohmann::json* value = find(key);
  if (value == nullptr) return;
  if (!value->is_boolean())
    throw std::invalid_argument(path_ + key + ": expected true or false, got " + type_name(*value));
  target = value->get<bool>();
}

void JsonFields::text(const char* key, std::string& target) {
  const nlohmann::json* value = find(key);
  if (value == nullptr) return;
  if (!value->is_string())
    throw std::invalid_argument(path_ + key + ": expected a string, got " + type_name(*value));
  target = value->get<std::string>();
}

std::optional<JsonFields> JsonFields::object(const char* key) {
  const nlohmann::json* value = find(key);
  if (value == nullptr) return std::nullopt;
  return JsonFields(*value, path_ + key + ".");
}

void JsonFields::finish() const {
  for (auto it = value_.begin(); it != value_.end(); ++it) {
    if (read_.count(it.key()) == 0) {
      std::string known;
      for (const auto& key : read_) known += (known.empty() ? "" : ", ") + key;
      throw std::invalid_argument(path_ + it.key() + ": unknown field (expected one of: " + known +
                                  ")");
    }
  }
}

}  // namespace attn
