#pragma once
// Texts the core writes in English and the desktop app shows in the user's
// language (task descriptions, length units). The mark changes nothing in
// the core; the app's translation tools read it as Qt's QT_TRANSLATE_NOOP,
// and the app looks the text up under its context.

#define ATTN_TRANSLATABLE(context, text) text

namespace attn {

// The context of the built-in tasks' descriptions and length units. The marks
// spell it out ("attn::Task"): the translation tools read the text as written.
inline constexpr const char* kTaskTextContext = "attn::Task";

}  // namespace attn
