#pragma once
// Lives on the UI thread. The languages the app speaks: English, the source
// texts, and Korean (resources/translations). Qt's own texts (dialog buttons)
// come from Qt's translations where the system has them.

#include <QList>
#include <QString>

namespace attn::ui {

struct Language {
  QString code;        // "en", "ko"
  QString nativeName;  // as its speakers write it: "English", "한국어"
};

QList<Language> languages();

// The language to start in: `requested` (--lang) when given, else the one
// chosen in View → Language earlier, else the system's when the app speaks
// it, else English.
QString startupLanguage(const QString& requested);
// Remembers the choice for the next start.
void rememberLanguage(const QString& code);

// Installs the translators for `code` (removing the previous ones) and makes
// it the default locale for numbers shown to people. Widgets get a
// LanguageChange event. False, with the reason, for an unknown code.
bool installLanguage(const QString& code, QString* error = nullptr);
QString installedLanguage();

}  // namespace attn::ui
