#pragma once
// Texts the core writes in English and the desktop app shows in the user's
// language (task descriptions, stage notes, validation and data errors, run
// endings). The mark changes nothing in the core; the app's translation tools
// read it as Qt's QT_TRANSLATE_NOOP, and the app looks the text up under its
// context.

#include <string>
#include <utility>
#include <vector>

#define ATTN_TRANSLATABLE(context, text) text

namespace attn {

// The contexts the marks spell out (the translation tools read the text as
// written, so every mark repeats its context literally).
inline constexpr const char* kTaskTextContext = "attn::Task";      // task descriptions, units
inline constexpr const char* kStageTextContext = "attn::Stage";    // the inspector's stages
inline constexpr const char* kConfigTextContext = "attn::Config";  // validation messages
inline constexpr const char* kDataTextContext = "attn::Data";      // corpus and data errors
inline constexpr const char* kRunTextContext = "attn::Run";        // how a run ended
// Formulas ("Q = x W^Q + b^Q") and other libraries' messages: never translated.
inline constexpr const char* kVerbatimContext = "attn::Verbatim";

// A sentence for people with numbers or names in it, kept as its English
// template ("%1: %2 is outside the allowed range %3..%4") and the arguments,
// so that the app can translate the template and put the same arguments in.
// The command line, logs and files read english().
struct Text {
  Text() = default;
  Text(const char* in_context, const char* template_text, std::vector<std::string> values = {})
      : context(in_context), source(template_text), arguments(std::move(values)) {}

  const char* context = kVerbatimContext;
  const char* source = "";  // a string literal marked ATTN_TRANSLATABLE(context, …)
  std::vector<std::string> arguments;
  std::string location;  // "corpus.tsv:12: " put before the sentence, in every language

  std::string english() const { return location + fill_in(source, arguments); }
  bool empty() const { return source == nullptr || *source == '\0'; }

  // `text` with %1 … %9 replaced by arguments[0 … 8]; a marker without an
  // argument stays as written. Arguments are not scanned again, so a file
  // name with "%1" in it comes out as it is.
  static std::string fill_in(const std::string& text, const std::vector<std::string>& arguments);
};

// A text that is not translated (a library's own message): "%1" with it.
Text verbatim(std::string text);
bool is_verbatim(const Text& text);

// Each text's english().
std::vector<std::string> english(const std::vector<Text>& texts);

}  // namespace attn
